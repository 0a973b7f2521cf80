package app.sukoyaka.growth;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;

/**
 * The age a measurement is compared at: chronological, or corrected for a baby born before 37 weeks
 * until 24 months of chronological age (age minus the weeks born early, counted from 40 weeks), as
 * the handbook's growth curves and neonatal follow-up do.
 *
 * @param days age in days on the day of the measurement (negative before term for a corrected age)
 * @param completedMonths whole months of age (corrected ages: counted from the corrected birth day)
 * @param corrected whether the age is corrected for prematurity
 */
public record GrowthAge(long days, int completedMonths, boolean corrected) {
  static final int TERM_DAYS = 280;
  static final int PRETERM_BELOW_DAYS = 37 * 7;
  static final int CORRECTED_UNTIL_MONTHS = 24;

  /**
   * @param gestationalAgeAtBirthDays weeks × 7 + days at birth, or null when not recorded (then the
   *     age is chronological)
   */
  public static GrowthAge of(LocalDate birth, Integer gestationalAgeAtBirthDays, LocalDate on) {
    if (on.isBefore(birth)) {
      throw new IllegalArgumentException("measured before birth");
    }
    boolean preterm =
        gestationalAgeAtBirthDays != null && gestationalAgeAtBirthDays < PRETERM_BELOW_DAYS;
    if (preterm && Period.between(birth, on).toTotalMonths() < CORRECTED_UNTIL_MONTHS) {
      LocalDate correctedBirth = birth.plusDays(TERM_DAYS - gestationalAgeAtBirthDays);
      long days = ChronoUnit.DAYS.between(correctedBirth, on);
      int months = days < 0 ? 0 : (int) Period.between(correctedBirth, on).toTotalMonths();
      return new GrowthAge(days, months, true);
    }
    return new GrowthAge(
        ChronoUnit.DAYS.between(birth, on), (int) Period.between(birth, on).toTotalMonths(), false);
  }
}
