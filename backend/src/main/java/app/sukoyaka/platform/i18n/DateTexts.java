package app.sukoyaka.platform.i18n;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Dates as the texts the server makes write them: 令和7年5月1日 (with 元年 for an era's first year, as
 * Japanese forms write it) or 2025年5月1日 in Japanese, the reader's own long date in other languages,
 * followed by the Japanese era year when the reader asked for the Japanese calendar, so that a
 * parent can match the date on a Japanese paper form. Built on {@link JapaneseDate}, whose eras
 * follow the Imperial calendar (Heisei ends on 2019-04-30, Reiwa begins on 2019-05-01).
 */
public final class DateTexts {
  private static final Map<Language, DateTimeFormatter> LONG = new EnumMap<>(Language.class);

  static {
    for (Language language : Language.values()) {
      LONG.put(
          language,
          DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(language.locale()));
    }
  }

  private DateTexts() {}

  /** The date for this reader. */
  public static String format(LocalDate date, Reader reader) {
    return format(date, reader.language(), reader.calendar());
  }

  public static String format(LocalDate date, Language language, CalendarSystem calendar) {
    if (language == Language.JA) {
      return calendar == CalendarSystem.JAPANESE && hasEra(date)
          ? era(date)
          : date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }
    String gregorian = LONG.get(language).format(date);
    return calendar == CalendarSystem.JAPANESE && hasEra(date)
        ? gregorian + " (" + eraYear(date) + ")"
        : gregorian;
  }

  /** 令和7年5月1日; 令和元年5月1日 in the first year of an era. */
  public static String era(LocalDate date) {
    return eraYear(date) + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
  }

  /** 令和7年, 令和元年. */
  public static String eraYear(LocalDate date) {
    JapaneseDate japanese = JapaneseDate.from(date);
    JapaneseEra era = japanese.getEra();
    int year = japanese.get(ChronoField.YEAR_OF_ERA);
    return era.getDisplayName(TextStyle.FULL, Locale.JAPANESE)
        + (year == 1 ? "元" : Integer.toString(year))
        + "年";
  }

  /** The Japanese calendar of java.time starts with Meiji 6 (1873-01-01). */
  private static boolean hasEra(LocalDate date) {
    try {
      JapaneseDate.from(date);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
