package app.sukoyaka.family.prenatal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standard 14 visits of 告示第226号 and their dates from the expected delivery date. */
class PrenatalCheckupPlanTest {
  private final PrenatalCheckupPlan plan = PrenatalCheckupPlan.load();

  @Test
  void fourteenVisitsEveryFourWeeksTo23ThenEveryTwoTo35ThenWeekly() {
    List<PrenatalCheckupPlan.Visit> visits = plan.visits();

    assertThat(visits).hasSize(14);
    assertThat(visits.stream().map(PrenatalCheckupPlan.Visit::fromWeek))
        .containsExactly(8, 12, 16, 20, 24, 26, 28, 30, 32, 34, 36, 37, 38, 39);
    for (PrenatalCheckupPlan.Visit visit : visits) {
      int span = visit.toWeek() - visit.fromWeek() + 1;
      int expected = visit.fromWeek() <= 23 ? 4 : visit.fromWeek() <= 35 ? 2 : 1;
      assertThat(span).as("visit " + visit.number()).isEqualTo(expected);
      assertThat(visit.covers()).contains("basic");
    }
  }

  @Test
  void theTestsOfTheKokujiFallInThePeriodsItNames() {
    List<PrenatalCheckupPlan.Visit> visits = plan.visits();
    assertThat(
            visits.stream().filter(v -> v.covers().contains("ultrasound")).map(v -> v.fromWeek()))
        .containsExactly(8, 20, 28, 36);
    // GBS between weeks 33 and 37, HTLV-1 by week 30.
    assertThat(visits.stream().filter(v -> v.covers().contains("gbs")))
        .singleElement()
        .matches(v -> v.fromWeek() >= 33 && v.toWeek() <= 37);
    assertThat(visits.stream().filter(v -> v.covers().contains("htlv1")))
        .singleElement()
        .matches(v -> v.toWeek() <= 30);
    assertThat(plan.cover("blood-early").ja()).contains("風疹");
  }

  @Test
  void datesCountFromTheExpectedDeliveryDateAs40Weeks() {
    LocalDate due = LocalDate.of(2027, 6, 20);

    List<PrenatalCheckupPlan.PlannedVisit> planned = plan.plan(due);

    // Week 0 day 0 = due - 280 days = 2026-09-13; week 8 day 0 = 2026-11-08.
    assertThat(planned.get(0).from()).isEqualTo(LocalDate.of(2026, 11, 8));
    assertThat(planned.get(0).to()).isEqualTo(LocalDate.of(2026, 12, 5));
    assertThat(planned.get(13).from()).isEqualTo(due.minusDays(7));
    assertThat(planned.get(13).to()).isEqualTo(due.minusDays(1));
  }
}
