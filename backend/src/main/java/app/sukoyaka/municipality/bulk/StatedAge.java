package app.sukoyaka.municipality.bulk;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The child's age at a checkup as the legacy system wrote it (健診受診時月齢): {@code 3か月15日}, {@code
 * 3ヶ月}, {@code 1歳6か月12日}, {@code 3歳}, or months and days in columns of their own. It is checked
 * against the birth date and the visit date rather than trusted: a stated age that the dates do not
 * give means the row names another child or another day. Pure.
 *
 * @param days null when the system gave whole months only
 */
record StatedAge(int years, int months, Integer days) {
  private static final Pattern TEXT =
      Pattern.compile(
          "(?:(\\d{1,2})\\s*(?:歳|才))?\\s*(?:(\\d{1,3})\\s*(?:か|カ|ヶ|ケ|ヵ|箇|ヵ)?\\s*月)?\\s*"
              + "(?:(\\d{1,3})\\s*日)?");

  /** How far the dates may be from the stated age, for systems that count month ends apart. */
  static final int TOLERANCE_DAYS = 1;

  /** The age a cell states, if it is one. */
  static Optional<StatedAge> parse(String cell) {
    String text = Cells.normal(cell);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = TEXT.matcher(text);
    if (!m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
      return Optional.empty();
    }
    int years = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    int months = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    Integer days = m.group(3) == null ? null : Integer.valueOf(m.group(3));
    if (months > 11 && years > 0) {
      return Optional.empty();
    }
    return Optional.of(new StatedAge(years, months, days));
  }

  /** Months (and days) from columns of their own; the days may be blank. */
  static Optional<StatedAge> ofColumns(String monthsCell, String daysCell) {
    String months = Cells.normal(monthsCell);
    String days = Cells.normal(daysCell);
    if (!months.matches("\\d{1,3}") || !(days.isEmpty() || days.matches("\\d{1,3}"))) {
      return Optional.empty();
    }
    return Optional.of(
        new StatedAge(0, Integer.parseInt(months), days.isEmpty() ? null : Integer.valueOf(days)));
  }

  /** Whether a child born on {@code birth} is this age on {@code visit}. */
  boolean fits(LocalDate birth, LocalDate visit) {
    LocalDate from = birth.plusYears(years).plusMonths(months);
    if (days != null) {
      LocalDate expected = from.plusDays(days);
      return Math.abs(ChronoUnit.DAYS.between(expected, visit)) <= TOLERANCE_DAYS;
    }
    LocalDate until = birth.plusYears(years).plusMonths(months + 1L);
    return !visit.isBefore(from.minusDays(TOLERANCE_DAYS))
        && visit.isBefore(until.plusDays(TOLERANCE_DAYS));
  }

  /** As the file might have written it, for messages. */
  String text() {
    return (years > 0 ? years + "歳" : "")
        + (months > 0 || years == 0 ? months + "か月" : "")
        + (days == null ? "" : days + "日");
  }
}
