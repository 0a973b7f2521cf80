package app.sukoyaka.municipality.figures;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.StringJoiner;

/**
 * SQL fragments that the figures and the lists behind them share, so that a figure's cell and its
 * drill-down select the same people: a child's birth cohort and area, the weeks of a pregnancy and
 * its last 妊婦健診, the follow-up rules of a checkup.
 */
public final class FigureSql {
  public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private FigureSql() {}

  /** The fiscal year (年度, April to March) of a date, as an integer: 2025-03-31 → 2024. */
  public static String cohort(String date) {
    return "(extract(year FROM " + date + " - interval '3 months'))::int";
  }

  /** The fiscal year of a day, as {@link #cohort} counts it. */
  public static int cohortOf(LocalDate day) {
    return day.minusMonths(3).getYear();
  }

  /**
   * The area of a child's guardian's address (the mother's first), '' when none of its guardians
   * has one.
   */
  public static String area(String childId) {
    return "coalesce((SELECT ap.area_code FROM guardianship ag JOIN person ap ON ap.id = ag.person_id"
        + " WHERE ag.child_id = "
        + childId
        + " AND ap.area_code IS NOT NULL ORDER BY (ag.relationship <> 'mother'), ap.id LIMIT 1),"
        + " '')";
  }

  /** The day a person born on {@code date} reaches {@code months} months (and days). */
  public static String ageReached(String date, String months, String days) {
    return "(" + date + " + make_interval(months => " + months + ", days => " + days + "))::date";
  }

  /** The month of a date as 'YYYY-MM'. */
  public static String month(String date) {
    return "to_char(" + date + ", 'YYYY-MM')";
  }

  /** The day in Japan of an instant. */
  public static String japanDay(String instant) {
    return "(" + instant + " AT TIME ZONE 'Asia/Tokyo')::date";
  }

  /** The first day of the trend: the month {@code months - 1} before today's. */
  public static LocalDate trendStart(LocalDate today, int months) {
    return YearMonth.from(today).minusMonths(months - 1L).atDay(1);
  }

  /** The oldest cohort of a figure that shows {@code years} cohorts up to today's. */
  public static int firstCohort(LocalDate today, int years) {
    return cohortOf(today) - years + 1;
  }

  /**
   * A pregnancy {@code p}'s days since its last 妊婦健診 up to {@code ?} (the day), or since its
   * handbook was issued before the first one: binds the day twice.
   */
  public static String prenatalSince() {
    return "coalesce((SELECT max(pe.visit_date) FROM checkup_encounter pe WHERE pe.pregnancy_id = p.id"
        + " AND pe.kind = 'prenatal' AND pe.visit_date <= ?), p.handbook_issued_on,"
        + " (p.created_at AT TIME ZONE 'Asia/Tokyo')::date)";
  }

  /** A pregnancy {@code p}'s week on the day {@code ?}, from its expected delivery day. */
  public static String pregnancyWeek() {
    return "floor((280 - (p.expected_delivery_date - ?::date)) / 7.0)::int";
  }

  /** The week bands of the prenatal gaps as a VALUES list (band, from_week, to_week, max_days). */
  public static String prenatalBands(List<FigureDefinitions.PrenatalGap> gaps) {
    StringJoiner values = new StringJoiner(", ", "(VALUES ", ")");
    for (FigureDefinitions.PrenatalGap gap : gaps) {
      values.add(
          "('"
              + gap.band().replace("'", "''")
              + "', "
              + gap.fromWeek()
              + ", "
              + gap.toWeek()
              + ", "
              + gap.maxDays()
              + ")");
    }
    return values + " AS b(band, from_week, to_week, max_days)";
  }
}
