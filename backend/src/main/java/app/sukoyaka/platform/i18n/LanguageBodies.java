package app.sukoyaka.platform.i18n;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The JSON of {@code /api/v1/me/language} (api-spec: MyLanguage, MyLanguageUpdate). */
final class LanguageBodies {
  private LanguageBodies() {}

  /**
   * One offered language.
   *
   * @param reviewed whether native speakers have reviewed every translation into it (Japanese, the
   *     original, and English, authored with the data, are)
   */
  @Serdeable
  record OfferedLanguage(String code, String name, boolean reviewed) {}

  /**
   * @param calendarChosen false while the calendar is the language's default
   * @param updatedAt null while the guardian never stored a setting
   */
  @Serdeable
  record MyLanguage(
      String language,
      String calendar,
      boolean calendarChosen,
      List<OfferedLanguage> languages,
      List<String> calendars,
      @Nullable Instant updatedAt) {}

  @Serdeable
  record MyLanguageUpdate(@Nullable String language, @Nullable String calendar) {}

  static MyLanguage of(GuardianLanguages.Setting setting, Translations translations) {
    Reader reader = setting.reader();
    return new MyLanguage(
        reader.language().code(),
        reader.calendar().code(),
        reader.calendarChosen(),
        Arrays.stream(Language.values())
            .map(l -> new OfferedLanguage(l.code(), l.autonym(), reviewed(l, translations)))
            .toList(),
        Arrays.stream(CalendarSystem.values()).map(CalendarSystem::code).toList(),
        setting.updatedAt());
  }

  private static boolean reviewed(Language language, Translations translations) {
    if (language == Language.JA || language == Language.EN) {
      return true;
    }
    return translations.files().stream()
        .allMatch(
            file -> file.review().containsKey(language) && file.review().get(language).reviewed());
  }
}
