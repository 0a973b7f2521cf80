package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.immunization.schedule.Status;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AudienceSqlTest {
  private static final UUID CITY = UUID.randomUUID();
  private static final LocalDate TODAY = LocalDate.of(2026, 5, 1);
  private final CheckupAges ages = CheckupAges.load();

  private static long placeholders(String sql) {
    return sql.chars().filter(c -> c == '?').count();
  }

  @Test
  void everyCombinationBindsAsManyParametersAsItHasPlaceholders() {
    AudienceQuery.AgeRange age =
        new AudienceQuery.AgeRange(new AudienceQuery.Age(3, 0), new AudienceQuery.Age(6, 0));
    AudienceQuery.WeekRange weeks = new AudienceQuery.WeekRange(20, 30);
    AudienceQuery.VaccineCriterion vaccine =
        new AudienceQuery.VaccineCriterion(Set.of("MR"), Set.of(Status.DUE));
    AudienceQuery.CheckupCriterion checkup =
        new AudienceQuery.CheckupCriterion("child-18-months", false);
    for (int mask = 0; mask < 32; mask++) {
      AudienceQuery query =
          new AudienceQuery(
              (mask & 1) != 0 ? age : null,
              (mask & 2) != 0 ? weeks : null,
              (mask & 4) != 0 ? vaccine : null,
              (mask & 8) != 0 ? checkup : null,
              (mask & 16) != 0 ? List.of("A01") : List.of());
      AudienceSql.Compiled compiled =
          AudienceSql.deliveries(CITY, TODAY, query, Set.of(), ages, false);
      assertThat(compiled.parameters())
          .as("mask " + mask)
          .hasSize((int) placeholders(compiled.sql()));
      assertThat(compiled.sql()).contains("deliveries AS (");
    }
  }

  @Test
  void pregnancyWeeksBecomeARangeOfExpectedDeliveryDates() {
    AudienceQuery query =
        new AudienceQuery(null, new AudienceQuery.WeekRange(20, 20), null, null, List.of());

    List<Object> parameters =
        AudienceSql.deliveries(CITY, TODAY, query, null, ages, false).parameters();

    // Week 20 today: 140 to 146 days of gestation, so 134 to 140 days before term.
    assertThat(parameters).contains(TODAY.plusDays(134), TODAY.plusDays(140));
  }
}
