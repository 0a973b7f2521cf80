package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * How the routine schedule counts dates (厚生労働省 事務連絡 「定期の予防接種における対象者の解釈について」, 2014-03-11, and the
 * 定期接種実施要領 as municipalities restate it). Every bound is inclusive.
 */
public final class ScheduleCalendar {
  private ScheduleCalendar() {}

  /**
   * 生後N月に至った日 / N歳に達した日 (N×12 months): the day before the same calendar date N months after birth,
   * or the last day of that month when that date does not exist (born 7/31 → 生後2月 on 9/30).
   */
  public static LocalDate ageReached(LocalDate birth, int months) {
    LocalDate same = birth.plusMonths(months);
    return same.getDayOfMonth() != birth.getDayOfMonth() ? same : same.minusDays(1);
  }

  /**
   * 「…から起算してN月を経過する日」 (the 長期療養特例's two years): the last day of a period that starts on {@code
   * start} — the day before the same date N months later, or the last day of that month when that
   * date does not exist. Counted as a person's age is.
   */
  public static LocalDate periodEnd(LocalDate start, int months) {
    return ageReached(start, months);
  }

  /** 出生N週M日後: birth + 7N + M days (ロタ). */
  public static LocalDate weeksAfterBirth(LocalDate birth, int weeks, int days) {
    return birth.plusDays(7L * weeks + days);
  }

  /** 「N日以上の間隔」: the next dose is allowed from the earlier one + N + 1 days. */
  public static LocalDate afterDays(LocalDate previous, int days) {
    return previous.plusDays(days + 1L);
  }

  /**
   * 「N月以上」: the same date N months later; when that date does not exist, the period ends on the
   * last day of that month and the dose is allowed from the 1st of the next month.
   */
  public static LocalDate afterMonths(LocalDate previous, int months) {
    LocalDate same = previous.plusMonths(months);
    return same.getDayOfMonth() != previous.getDayOfMonth() ? same.plusDays(1) : same;
  }

  /**
   * 「N月半」: N months as {@link #afterMonths}, then half the length of the month reached, rounded up
   * (28 → 14, 29 or 30 → 15, 31 → 16 days).
   */
  public static LocalDate afterMonthsAndAHalf(LocalDate previous, int months) {
    LocalDate monthsLater = afterMonths(previous, months);
    return monthsLater.plusDays((monthsLater.lengthOfMonth() + 1) / 2);
  }

  /** 小学校就学の始期: the first April 1 after the day the child reaches 6 (学校教育法17条). */
  public static LocalDate schoolEntry(LocalDate birth) {
    LocalDate six = ageReached(birth, 72);
    LocalDate april = LocalDate.of(six.getYear(), Month.APRIL, 1);
    return april.isAfter(six) ? april : april.plusYears(1);
  }

  /** April 1 of the fiscal (school) year that contains the date. */
  public static LocalDate fiscalYearStart(LocalDate date) {
    int year = date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1;
    return LocalDate.of(year, Month.APRIL, 1);
  }

  /** March 31 of the fiscal (school) year that contains the date. */
  public static LocalDate fiscalYearEnd(LocalDate date) {
    return fiscalYearStart(date).plusYears(1).minusDays(1);
  }

  static LocalDate lastDayOfMonth(LocalDate date) {
    return date.with(TemporalAdjusters.lastDayOfMonth());
  }
}
