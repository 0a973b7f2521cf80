package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CheckupAgesTest {
  private final CheckupAges ages = CheckupAges.load();

  @Test
  void everyKindIsAChildCheckupOfTheCatalogWithItsSourceAndAWindowThatOpensBeforeItCloses() {
    Set<String> catalog =
        CheckupItemCatalog.load().kinds().stream()
            .map(CheckupKind::code)
            .collect(Collectors.toSet());
    LocalDate born = LocalDate.of(2024, 1, 31);

    assertThat(ages.windows()).isNotEmpty();
    for (CheckupAges.Window window : ages.windows().values()) {
      assertThat(catalog).as(window.kind()).contains(window.kind());
      assertThat(window.source()).isNotBlank();
      assertThat(window.from().reachedBy(born)).isBefore(window.before().reachedBy(born));
    }
  }

  @Test
  void theStatutoryCheckupsHaveTheAgesTheLawStates() {
    assertThat(ages.window("child-18-months").orElseThrow().from())
        .isEqualTo(new AudienceQuery.Age(18, 0));
    assertThat(ages.window("child-18-months").orElseThrow().before())
        .isEqualTo(new AudienceQuery.Age(24, 0));
    assertThat(ages.window("child-3-years").orElseThrow().before())
        .isEqualTo(new AudienceQuery.Age(48, 0));
  }

  @Test
  void anAgeInMonthsEndsOnTheMonthsLastDayWhenTheDateDoesNotExist() {
    assertThat(new AudienceQuery.Age(1, 0).reachedBy(LocalDate.of(2025, 1, 31)))
        .isEqualTo(LocalDate.of(2025, 2, 28));
    assertThat(new AudienceQuery.Age(1, 2).reachedBy(LocalDate.of(2025, 4, 10)))
        .isEqualTo(LocalDate.of(2025, 5, 12));
  }

  @Test
  void theRemindersOfEveryCheckupUseItsWindowFromThisFile() {
    app.sukoyaka.notice.reminder.ReminderRules.Kind reminders =
        app.sukoyaka.notice.reminder.ReminderRules.load()
            .latest(app.sukoyaka.notice.reminder.ReminderRules.INFANT_CHECKUP);

    assertThat(reminders.checkups())
        .extracting(app.sukoyaka.notice.reminder.ReminderRules.InfantCheckup::checkupKind)
        .containsExactlyElementsOf(ages.windows().keySet());
    for (app.sukoyaka.notice.reminder.ReminderRules.InfantCheckup checkup : reminders.checkups()) {
      CheckupAges.Window window = ages.window(checkup.checkupKind()).orElseThrow();
      assertThat(new AudienceQuery.Age(checkup.fromMonths(), 0))
          .as(checkup.checkupKind())
          .isEqualTo(window.from());
      assertThat(new AudienceQuery.Age(checkup.toMonths(), 0))
          .as(checkup.checkupKind())
          .isEqualTo(window.before());
    }
  }

  @Test
  void theInfantCheckupsRunAsTheNationalFrameworkSaysFromThreeToSixAndNineToTwelveMonths() {
    assertThat(ages.window("infant-3-4-months").orElseThrow().from())
        .isEqualTo(new AudienceQuery.Age(3, 0));
    assertThat(ages.window("infant-3-4-months").orElseThrow().before())
        .isEqualTo(new AudienceQuery.Age(6, 0));
    assertThat(ages.window("infant-9-10-months").orElseThrow().before())
        .isEqualTo(new AudienceQuery.Age(12, 0));
  }
}
