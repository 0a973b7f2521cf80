package app.sukoyaka.municipality.bulk;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as legacy exports write them. A mapping says which style a system uses, and a date in the
 * other style is refused (a column of 和暦 dates that suddenly holds a western one is more likely a
 * shifted column than a real date):
 *
 * <ul>
 *   <li>{@link Style#WESTERN}: {@code 2025-04-03}, {@code 2025/4/3}, {@code 2025.4.3}, {@code
 *       20250403}, {@code 2025年4月3日};
 *   <li>{@link Style#WAREKI} (和暦): the era as kanji, its first kanji or its letter (令和, 令, R; 平成,
 *       平, H; 昭和, 昭, S; 大正, 大, T; 明治, 明, M), the year (元 for the first) and the day separated by
 *       年月日, dots, slashes or hyphens ({@code 令和5年4月3日}, {@code R5.4.3}, {@code R05/04/03}, {@code
 *       令和元年5月1日}), or packed as the era letter and six digits ({@code R050403}).
 * </ul>
 *
 * A day outside its era (令和元年4月30日: 令和 began on 1 May 2019) or a day that does not exist (2月30日) is
 * refused. Cells are read in {@link Cells#normal} form (full-width digits allowed). Pure.
 */
final class JapaneseDates {
  /** How a system writes its dates. */
  enum Style {
    WESTERN("western"),
    WAREKI("wareki");

    private final String code;

    Style(String code) {
      this.code = code;
    }

    String code() {
      return code;
    }

    static Optional<Style> of(String code) {
      for (Style style : values()) {
        if (style.code.equals(code)) {
          return Optional.of(style);
        }
      }
      return Optional.empty();
    }
  }

  private static final Map<String, JapaneseEra> ERAS =
      Map.ofEntries(
          Map.entry("令和", JapaneseEra.REIWA),
          Map.entry("令", JapaneseEra.REIWA),
          Map.entry("R", JapaneseEra.REIWA),
          Map.entry("平成", JapaneseEra.HEISEI),
          Map.entry("平", JapaneseEra.HEISEI),
          Map.entry("H", JapaneseEra.HEISEI),
          Map.entry("昭和", JapaneseEra.SHOWA),
          Map.entry("昭", JapaneseEra.SHOWA),
          Map.entry("S", JapaneseEra.SHOWA),
          Map.entry("大正", JapaneseEra.TAISHO),
          Map.entry("大", JapaneseEra.TAISHO),
          Map.entry("T", JapaneseEra.TAISHO),
          Map.entry("明治", JapaneseEra.MEIJI),
          Map.entry("明", JapaneseEra.MEIJI),
          Map.entry("M", JapaneseEra.MEIJI));

  private static final Pattern WESTERN_SEPARATED =
      Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
  private static final Pattern WESTERN_PACKED = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
  private static final Pattern WAREKI_SEPARATED =
      Pattern.compile(
          "(令和|平成|昭和|大正|明治|令|平|昭|大|明|[RHSTMrhstm])\\s*(元|\\d{1,2})\\s*[-/.年]\\s*"
              + "(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
  private static final Pattern WAREKI_PACKED =
      Pattern.compile("([RHSTMrhstm])(\\d{2})(\\d{2})(\\d{2})");

  private JapaneseDates() {}

  /** The date, or why it is not one, in Japanese and English. */
  record Parsed(LocalDate date, String problemJa, String problemEn) {
    boolean ok() {
      return date != null;
    }
  }

  static Parsed parse(String cell, Style style) {
    String text = Cells.normal(cell);
    return style == Style.WESTERN ? western(text) : wareki(text);
  }

  private static Parsed western(String text) {
    Matcher m = WESTERN_SEPARATED.matcher(text);
    if (!m.matches()) {
      m = WESTERN_PACKED.matcher(text);
    }
    if (!m.matches()) {
      return problem(
          "西暦の日付（例: 2025-04-03, 2025/4/3, 20250403）ではありません",
          "not a western date (such as 2025-04-03, 2025/4/3 or 20250403)");
    }
    try {
      return new Parsed(
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3))),
          null,
          null);
    } catch (DateTimeException e) {
      return problem("存在しない日付です", "no such day");
    }
  }

  private static Parsed wareki(String text) {
    Matcher m = WAREKI_SEPARATED.matcher(text);
    if (!m.matches()) {
      m = WAREKI_PACKED.matcher(text);
    }
    if (!m.matches()) {
      return problem(
          "和暦の日付（例: 令和5年4月3日, R5.4.3, R050403）ではありません",
          "not a Japanese-era date (such as 令和5年4月3日, R5.4.3 or R050403)");
    }
    JapaneseEra era = ERAS.get(m.group(1).toUpperCase(java.util.Locale.ROOT));
    int year = m.group(2).equals("元") ? 1 : Integer.parseInt(m.group(2));
    int month = Integer.parseInt(m.group(3));
    int day = Integer.parseInt(m.group(4));
    try {
      return new Parsed(LocalDate.from(JapaneseDate.of(era, year, month, day)), null, null);
    } catch (DateTimeException e) {
      return problem(
          "その元号に存在しない日付です（元号の始まりと終わりを確認してください）",
          "no such day in that era (check when the era began and ended)");
    }
  }

  private static Parsed problem(String ja, String en) {
    return new Parsed(null, ja, en);
  }
}
