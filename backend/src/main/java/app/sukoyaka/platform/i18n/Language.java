package app.sukoyaka.platform.i18n;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A language the handbook offers its families: Japanese (the legal original of every text) and the
 * languages of the largest groups of foreign residents in Japan (the reasons and the source are in
 * {@code translations/index.json}). The code is what the API, the settings and the translation data
 * use; the locale is what dates and numbers are written with.
 */
public enum Language {
  JA("ja", "日本語", Locale.JAPANESE),
  EN("en", "English", Locale.ENGLISH),
  /** Chinese in simplified characters, as read by residents from mainland China. */
  ZH("zh", "简体中文", Locale.forLanguageTag("zh-Hans-CN")),
  KO("ko", "한국어", Locale.KOREAN),
  VI("vi", "Tiếng Việt", Locale.forLanguageTag("vi-VN")),
  /** Brazilian Portuguese. */
  PT("pt", "Português (Brasil)", Locale.forLanguageTag("pt-BR")),
  /** Tagalog (Filipino). */
  TL("tl", "Tagalog", Locale.forLanguageTag("fil-PH")),
  NE("ne", "नेपाली", Locale.forLanguageTag("ne-NP"));

  private final String code;
  private final String autonym;
  private final Locale locale;

  Language(String code, String autonym, Locale locale) {
    this.code = code;
    this.autonym = autonym;
    this.locale = locale;
  }

  /** The code in the API and the data: a BCP 47 primary language subtag. */
  public String code() {
    return code;
  }

  /** The language's name in itself, as a language menu shows it. */
  public String autonym() {
    return autonym;
  }

  public Locale locale() {
    return locale;
  }

  /** The languages a translation file must give besides Japanese and English. */
  public static List<Language> translated() {
    return Arrays.stream(values()).filter(l -> l != JA && l != EN).toList();
  }

  /** Every offered code, in the order of the menu. */
  public static List<String> codes() {
    return Arrays.stream(values()).map(Language::code).toList();
  }

  public static Optional<Language> ofCode(String code) {
    // Asked for every member name of every response to a parent: a map, not a scan of values().
    return code == null ? Optional.empty() : Optional.ofNullable(BY_CODE.get(code));
  }

  private static final java.util.Map<String, Language> BY_CODE = byCode();

  private static java.util.Map<String, Language> byCode() {
    java.util.Map<String, Language> all = new java.util.HashMap<>();
    for (Language language : values()) {
      all.put(language.code, language);
    }
    return java.util.Map.copyOf(all);
  }

  /**
   * The offered language an {@code Accept-Language} header prefers most, if it names one: ranges in
   * order of their q weight; {@code *} and languages not offered are passed over. Traditional
   * Chinese (zh-TW, zh-HK, zh-Hant) is not simplified Chinese and is passed over too; Filipino
   * ({@code fil}) is read as Tagalog and European Portuguese as Portuguese.
   */
  public static Optional<Language> fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = new ArrayList<>(Locale.LanguageRange.parse(header));
    } catch (IllegalArgumentException e) {
      // A malformed header names nothing; the guardian's setting applies.
      return Optional.empty();
    }
    ranges.sort(Comparator.comparingDouble(Locale.LanguageRange::getWeight).reversed());
    for (Locale.LanguageRange range : ranges) {
      if (range.getWeight() <= 0) {
        continue;
      }
      Optional<Language> language = ofRange(range.getRange());
      if (language.isPresent()) {
        return language;
      }
    }
    return Optional.empty();
  }

  private static Optional<Language> ofRange(String range) {
    String[] subtags = range.toLowerCase(Locale.ROOT).split("-");
    String primary = subtags[0];
    if (primary.equals("zh")) {
      for (int i = 1; i < subtags.length; i++) {
        if (List.of("hant", "tw", "hk", "mo").contains(subtags[i])) {
          return Optional.empty();
        }
      }
      return Optional.of(ZH);
    }
    if (primary.equals("fil")) {
      return Optional.of(TL);
    }
    return ofCode(primary);
  }
}
