package app.sukoyaka.notice;

import app.sukoyaka.immunization.schedule.Status;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Whom a notice goes to: criteria over the municipality's own families, all of which must hold
 * (AND). Child criteria select children, whose guardians receive the notice; the pregnancy
 * criterion selects active pregnancies, whose pregnant person receives it; areas select recipients
 * by the area of their address. With neither child nor pregnancy criteria, every guardian of a
 * child and every pregnant person of the municipality is selected.
 *
 * @param childAge null when any age
 * @param pregnancyWeeks null when pregnancies are not a criterion
 * @param vaccine null when vaccinations are not a criterion
 * @param checkupNotAttended null when checkups are not a criterion
 * @param areas empty when any area (or none)
 */
record AudienceQuery(
    AgeRange childAge,
    WeekRange pregnancyWeeks,
    VaccineCriterion vaccine,
    CheckupCriterion checkupNotAttended,
    List<String> areas) {

  AudienceQuery {
    areas = List.copyOf(areas);
  }

  /** Whether children are selected by anything. */
  boolean selectsChildren() {
    return childAge != null || vaccine != null || checkupNotAttended != null;
  }

  /** An age in calendar months and days after birth. */
  record Age(int months, int days) {
    /** The day a child born on {@code birthDate} reaches this age. */
    LocalDate reachedBy(LocalDate birthDate) {
      return birthDate.plusMonths(months).plusDays(days);
    }
  }

  /** Children at least {@code from} old and younger than {@code under}; either may be null. */
  record AgeRange(Age from, Age under) {}

  /** Pregnancies in these completed weeks of gestation (妊娠週数), both inclusive. */
  record WeekRange(int from, int to) {}

  /**
   * Children for whom a vaccine is at one of these statuses today by the forecaster.
   *
   * @param vaccines the forecaster's vaccine ids; empty means any vaccine
   * @param statuses due and/or overdue
   */
  record VaccineCriterion(Set<String> vaccines, Set<Status> statuses) {
    VaccineCriterion {
      vaccines = Set.copyOf(vaccines);
      statuses = Set.copyOf(statuses);
    }
  }

  /**
   * Children of the age of a checkup kind with no encounter of that kind recorded.
   *
   * @param includeWindowClosed also children past the age the checkup is held at
   */
  record CheckupCriterion(String kind, boolean includeWindowClosed) {}
}
