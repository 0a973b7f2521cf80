package app.sukoyaka.immunization.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The counting conventions of the MHLW notice, with the reference's own examples. */
class ScheduleCalendarTest {

  @Test
  void aChildBornOnApril1ReachesOneYearOnMarch31() {
    assertThat(ScheduleCalendar.ageReached(LocalDate.of(2025, 4, 1), 12))
        .isEqualTo(LocalDate.of(2026, 3, 31));
  }

  @Test
  void aChildBornOnJuly31ReachesTwoMonthsOnSeptember30() {
    assertThat(ScheduleCalendar.ageReached(LocalDate.of(2025, 7, 31), 2))
        .isEqualTo(LocalDate.of(2025, 9, 30));
  }

  @Test
  void dayIntervalsCountTheDaysInBetween() {
    LocalDate first = LocalDate.of(2026, 1, 5);
    assertThat(ScheduleCalendar.afterDays(first, 20)).isEqualTo(LocalDate.of(2026, 1, 26));
    assertThat(ScheduleCalendar.afterDays(first, 27)).isEqualTo(LocalDate.of(2026, 2, 2));
    assertThat(ScheduleCalendar.afterDays(first, 27).getDayOfWeek())
        .isEqualTo(first.getDayOfWeek());
    assertThat(ScheduleCalendar.afterDays(first, 139)).isEqualTo(first.plusDays(140));
  }

  @Test
  void aMonthIntervalWithoutTheSameDateEndsOnTheFirstOfTheNextMonth() {
    assertThat(ScheduleCalendar.afterMonths(LocalDate.of(2026, 1, 31), 1))
        .isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(ScheduleCalendar.afterMonths(LocalDate.of(2024, 1, 30), 1))
        .isEqualTo(LocalDate.of(2024, 3, 1));
    assertThat(ScheduleCalendar.afterMonths(LocalDate.of(2024, 1, 29), 1))
        .isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(ScheduleCalendar.afterMonths(LocalDate.of(2026, 3, 14), 6))
        .isEqualTo(LocalDate.of(2026, 9, 14));
  }

  @Test
  void twoAndAHalfMonthsAddHalfTheLengthOfTheMonthReached() {
    assertThat(ScheduleCalendar.afterMonthsAndAHalf(LocalDate.of(2024, 3, 1), 2))
        .isEqualTo(LocalDate.of(2024, 5, 17));
    assertThat(ScheduleCalendar.afterMonthsAndAHalf(LocalDate.of(2025, 4, 1), 2))
        .isEqualTo(LocalDate.of(2025, 6, 16));
    assertThat(ScheduleCalendar.afterMonthsAndAHalf(LocalDate.of(2025, 12, 1), 2))
        .isEqualTo(LocalDate.of(2026, 2, 15));
  }

  @Test
  void aChildBornOnApril1StartsSchoolAYearBeforeOneBornOnApril2() {
    assertThat(ScheduleCalendar.schoolEntry(LocalDate.of(2019, 4, 1)))
        .isEqualTo(LocalDate.of(2025, 4, 1));
    assertThat(ScheduleCalendar.schoolEntry(LocalDate.of(2019, 4, 2)))
        .isEqualTo(LocalDate.of(2026, 4, 1));
  }

  @Test
  void aLeapDayChildReachesItsBirthdayAgesOnFebruary28() {
    assertThat(ScheduleCalendar.ageReached(LocalDate.of(2024, 2, 29), 12))
        .isEqualTo(LocalDate.of(2025, 2, 28));
    assertThat(ScheduleCalendar.ageReached(LocalDate.of(2024, 2, 29), 48))
        .isEqualTo(LocalDate.of(2028, 2, 28));
  }

  @Test
  void twoYearsCountedFromADayEndTheDayBeforeTheSameDateTwoYearsLater() {
    assertThat(ScheduleCalendar.periodEnd(LocalDate.of(2024, 5, 10), 24))
        .isEqualTo(LocalDate.of(2026, 5, 9));
    assertThat(ScheduleCalendar.periodEnd(LocalDate.of(2023, 8, 31), 24))
        .isEqualTo(LocalDate.of(2025, 8, 30));
  }

  @Test
  void twoYearsCountedFromALeapDayEndOnFebruary28() {
    assertThat(ScheduleCalendar.periodEnd(LocalDate.of(2024, 2, 29), 24))
        .isEqualTo(LocalDate.of(2026, 2, 28));
    assertThat(ScheduleCalendar.periodEnd(LocalDate.of(2024, 3, 1), 24))
        .isEqualTo(LocalDate.of(2026, 2, 28));
  }
}
