package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;

/**
 * One date the schedule names, as the data file writes it: an age, an interval after a dose, a
 * calendar date, a school or fiscal year boundary. Resolves to null when it refers to a dose that
 * has not been given.
 */
interface DateRule {

  LocalDate resolve(DoseContext context);

  /**
   * Ages and calendar dates decide {@code not_yet}; intervals after a dose decide {@code too_soon}.
   */
  boolean isInterval();

  /** 生後N月に至った日. */
  record AgeMonths(int months) implements DateRule {
    @Override
    public LocalDate resolve(DoseContext context) {
      return ScheduleCalendar.ageReached(context.birth(), months);
    }

    @Override
    public boolean isInterval() {
      return false;
    }
  }

  /** 出生N週M日後. */
  record AgeWeeks(int weeks, int days) implements DateRule {
    @Override
    public LocalDate resolve(DoseContext context) {
      return ScheduleCalendar.weeksAfterBirth(context.birth(), weeks, days);
    }

    @Override
    public boolean isInterval() {
      return false;
    }
  }

  /** The first or last day of the fiscal year in which an age is reached. */
  record FiscalYearAtAge(int months, boolean end) implements DateRule {
    @Override
    public LocalDate resolve(DoseContext context) {
      LocalDate reached = ScheduleCalendar.ageReached(context.birth(), months);
      return end
          ? ScheduleCalendar.fiscalYearEnd(reached)
          : ScheduleCalendar.fiscalYearStart(reached);
    }

    @Override
    public boolean isInterval() {
      return false;
    }
  }

  /** 小学校就学の始期, shifted by whole years and days. */
  record SchoolEntry(int years, int days) implements DateRule {
    @Override
    public LocalDate resolve(DoseContext context) {
      return ScheduleCalendar.schoolEntry(context.birth()).plusYears(years).plusDays(days);
    }

    @Override
    public boolean isInterval() {
      return false;
    }
  }

  /**
   * The day the special circumstances of the 長期療養特例 ended, or the last day of a period counted from
   * it (「起算してN月を経過する日」: the day before the same date N months later, or the last day of that month
   * when that date does not exist). Null when the request certifies no such day.
   */
  record IllnessEnded(int periodMonths) implements DateRule {
    @Override
    public LocalDate resolve(DoseContext context) {
      LocalDate ended = context.illnessEnded();
      if (ended == null || periodMonths == 0) {
        return ended;
      }
      return ScheduleCalendar.periodEnd(ended, periodMonths);
    }

    @Override
    public boolean isInterval() {
      return false;
    }
  }

  /** A calendar date. */
  record OnDate(LocalDate date) implements DateRule {
    @Override
    public LocalDate resolve(DoseContext context) {
      return date;
    }

    @Override
    public boolean isInterval() {
      return false;
    }
  }

  /**
   * An interval after a dose of the same series: {@code dose} is a label or {@code previous} (the
   * latest dose given before this one in the series).
   */
  record AfterDose(String dose, int days, int months, boolean halfMonth) implements DateRule {
    static final String PREVIOUS = "previous";

    @Override
    public LocalDate resolve(DoseContext context) {
      LocalDate from = PREVIOUS.equals(dose) ? context.previous() : context.given(dose);
      if (from == null) {
        return null;
      }
      if (months > 0) {
        return halfMonth
            ? ScheduleCalendar.afterMonthsAndAHalf(from, months)
            : ScheduleCalendar.afterMonths(from, months);
      }
      return ScheduleCalendar.afterDays(from, days);
    }

    @Override
    public boolean isInterval() {
      return true;
    }
  }
}
