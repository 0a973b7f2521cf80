package app.sukoyaka.immunization.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Properties every forecast keeps, over generated children and histories. */
class ForecastPropertiesTest {
  private static final RoutineSchedule SCHEDULE = RoutineSchedule.load();
  private static final Forecaster FORECASTER = new Forecaster(SCHEDULE);
  private static final int CHILDREN = 600;
  private static final LocalDate SWITCH = LocalDate.of(2025, 7, 25);
  private static final Set<String> LIVE_INJECTABLE = Set.of("BCG", "MR", "VAR");
  private static final Set<String> DTP_GROUP = Set.of("DPT_IPV_HIB", "DPT_IPV", "HIB");

  /**
   * Children of all ages seen between two days, and as many again born from June 2023 to March 2024
   * (who began on 四種混合 + Hib and may finish on 五種混合) seen from the switch of 2025-07-25.
   */
  private static List<ForecastRequest> children(long seed, LocalDate asOfFrom, LocalDate asOfTo) {
    SyntheticChildren generator = new SyntheticChildren(FORECASTER, seed);
    List<ForecastRequest> children = new ArrayList<>();
    long days = asOfTo.toEpochDay() - asOfFrom.toEpochDay();
    for (int i = 0; i < CHILDREN; i++) {
      LocalDate asOf = asOfFrom.plusDays(generator.random().nextInt((int) days + 1));
      children.add(generator.child(asOf.minusYears(17), asOf, asOf));
    }
    LocalDate switchFrom = asOfFrom.isAfter(SWITCH) ? asOfFrom : SWITCH;
    long switchDays = asOfTo.toEpochDay() - switchFrom.toEpochDay();
    for (int i = 0; switchDays >= 0 && i < CHILDREN / 2; i++) {
      LocalDate asOf = switchFrom.plusDays(generator.random().nextInt((int) switchDays + 1));
      children.add(
          generator.child(
              LocalDate.of(2023, 6, 1),
              LocalDate.of(2024, 3, 31),
              asOf,
              LocalDate.of(2024, 6, 1).plusDays(generator.random().nextInt(300)),
              SWITCH));
    }
    return children;
  }

  @Test
  void earliestDateNeverFollowsTheDueDateAndTheDueDateNeverFollowsTheWindowEnd() {
    for (ForecastRequest child :
        children(1, LocalDate.of(2024, 4, 1), LocalDate.of(2026, 11, 21))) {
      for (Recommendation r : FORECASTER.forecast(child).recommendations()) {
        if (r.status() == Status.COMPLETE || r.status() == Status.INELIGIBLE) {
          continue;
        }
        assertThat(r.earliestDate()).as("%s", r).isNotNull();
        if (r.dueDate() != null) {
          assertThat(r.earliestDate()).as("%s", r).isBeforeOrEqualTo(r.dueDate());
        }
        if (r.windowEnd() != null) {
          assertThat(r.earliestDate()).as("%s", r).isBeforeOrEqualTo(r.windowEnd());
          if (r.dueDate() != null) {
            assertThat(r.dueDate()).as("%s", r).isBeforeOrEqualTo(r.windowEnd());
          }
        }
      }
    }
  }

  @Test
  void aDoseGivenOnItsEarliestDateIsAcceptedAsARoutineDose() {
    // From April 2026 on, so that no rule version changes between asOf and the earliest date.
    int checked = 0;
    for (ForecastRequest child :
        children(2, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 11, 21))) {
      for (Recommendation r : FORECASTER.forecast(child).recommendations()) {
        if (r.status() == Status.COMPLETE || r.status() == Status.INELIGIBLE) {
          continue;
        }
        LocalDate day = r.earliestDate();
        LocalDate asOf = day.isAfter(child.asOf()) ? day : child.asOf();
        List<GivenDose> history = new ArrayList<>(child.history());
        history.add(new GivenDose(r.vaccine(), r.dose(), day, r.product()));
        Forecast after;
        try {
          after =
              FORECASTER.forecast(
                  new ForecastRequest(
                      child.birthDate(),
                      asOf,
                      child.sex(),
                      history,
                      child.flags(),
                      child.longTermIllness()));
        } catch (ForecastInputException e) {
          throw new AssertionError(r + " " + child + " " + e.errors(), e);
        }
        Recommendation given =
            after.recommendations().stream()
                .filter(x -> x.vaccine().equals(r.vaccine()) && x.dose().equals(r.dose()))
                .findFirst()
                .orElseThrow();
        assertThat(given.status()).as("%s then %s", r, given).isEqualTo(Status.COMPLETE);
        assertThat(given.notes())
            .as("%s then %s", r, given)
            .noneMatch(
                n ->
                    n.severity() == Note.Severity.WARNING
                            && n.text().en().contains("before the earliest")
                        || n.text().en().contains("outside the routine window"));
        if (!day.isBefore(child.asOf())) {
          Forecast onThatDay =
              FORECASTER.forecast(
                  new ForecastRequest(
                      child.birthDate(),
                      day,
                      child.sex(),
                      child.history(),
                      child.flags(),
                      child.longTermIllness()));
          Recommendation same =
              onThatDay.recommendations().stream()
                  .filter(x -> x.vaccine().equals(r.vaccine()) && x.dose().equals(r.dose()))
                  .findFirst()
                  .orElseThrow();
          assertThat(same.status())
              .as("%s on %s", same, day)
              .isIn(Status.DUE, Status.OVERDUE, Status.NOT_YET);
          if (same.status() == Status.NOT_YET) {
            assertThat(same.recommendedFrom()).as("%s", same).isAfter(day);
          }
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(CHILDREN / 2);
  }

  @Test
  void aVaccinesForecastDoesNotChangeWhenUnrelatedHistoryIsAdded() {
    for (ForecastRequest child :
        children(3, LocalDate.of(2020, 10, 1), LocalDate.of(2026, 11, 21))) {
      Forecast full = FORECASTER.forecast(child);
      Set<String> vaccines =
          full.recommendations().stream().map(Recommendation::vaccine).collect(Collectors.toSet());
      for (String vaccine : vaccines) {
        List<GivenDose> related =
            child.history().stream().filter(d -> related(vaccine, d.vaccine())).toList();
        Forecast alone =
            FORECASTER.forecast(
                new ForecastRequest(
                    child.birthDate(),
                    child.asOf(),
                    child.sex(),
                    related,
                    child.flags(),
                    child.longTermIllness()));
        assertThat(only(alone, vaccine)).as(vaccine).isEqualTo(only(full, vaccine));
      }
    }
  }

  private static boolean related(String vaccine, String other) {
    return vaccine.equals(other)
        || LIVE_INJECTABLE.contains(vaccine) && LIVE_INJECTABLE.contains(other)
        || DTP_GROUP.contains(vaccine) && DTP_GROUP.contains(other);
  }

  private static List<Recommendation> only(Forecast forecast, String vaccine) {
    return forecast.recommendations().stream().filter(r -> r.vaccine().equals(vaccine)).toList();
  }

  @Test
  void pentavalentIsNeverOpenTogetherWithHibOrQuadrivalent() {
    int switched = 0;
    for (ForecastRequest child :
        children(5, LocalDate.of(2024, 4, 1), LocalDate.of(2026, 11, 21))) {
      List<Recommendation> forecast = FORECASTER.forecast(child).recommendations();
      Set<String> open =
          forecast.stream()
              .filter(r -> r.status() == Status.DUE || r.status() == Status.OVERDUE)
              .map(Recommendation::vaccine)
              .collect(Collectors.toSet());
      if (open.contains("DPT_IPV_HIB")) {
        assertThat(open).as("%s", child).doesNotContain("HIB", "DPT_IPV");
      }
      boolean older =
          child.history().stream()
              .anyMatch(d -> d.vaccine().equals("HIB") || d.vaccine().equals("DPT_IPV"));
      boolean next =
          forecast.stream()
              .anyMatch(
                  r ->
                      r.vaccine().equals("DPT_IPV_HIB")
                          && r.status() != Status.COMPLETE
                          && r.status() != Status.INELIGIBLE);
      if (older && next) {
        switched++;
      }
    }
    assertThat(switched).isGreaterThan(CHILDREN / 40);
  }

  @Test
  void someGeneratedChildrenAreCertifiedForTheLongTermIllnessMeasure() {
    List<ForecastRequest> children =
        children(6, LocalDate.of(2024, 4, 1), LocalDate.of(2026, 11, 21));
    long certified = children.stream().filter(c -> c.longTermIllness() != null).count();
    assertThat(certified).isBetween(5L, (long) CHILDREN / 8);
    long measured =
        children.stream()
            .filter(c -> c.longTermIllness() != null)
            .flatMap(c -> FORECASTER.forecast(c).recommendations().stream())
            .filter(r -> r.source().rule().startsWith("long-term-illness/"))
            .count();
    assertThat(measured).isPositive();
  }

  @Test
  void generatedHistoriesAreRealistic() {
    List<ForecastRequest> children =
        children(4, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 11, 21));
    double doses = children.stream().mapToInt(c -> c.history().size()).average().orElse(0);
    assertThat(doses).isBetween(8.0, 40.0);
  }
}
