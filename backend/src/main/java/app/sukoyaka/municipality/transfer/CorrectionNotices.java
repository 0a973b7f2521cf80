package app.sukoyaka.municipality.transfer;

import app.sukoyaka.platform.i18n.DateTexts;
import app.sukoyaka.platform.i18n.Language;
import app.sukoyaka.platform.i18n.Reader;
import app.sukoyaka.platform.i18n.Translations;
import app.sukoyaka.profiles.LocalizedText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The texts of the notice that tells a child's guardians a record was corrected, as data
 * (correction-notice.json, Japanese and English) and in every other offered language through the
 * translations: the Japanese composed from its template, then translated as a whole, the vaccine or
 * checkup and the day written for each reader. Pure once loaded.
 */
final class CorrectionNotices {
  static final String RESOURCE = "/app/sukoyaka/municipality/transfer/correction-notice.json";

  private final JsonNode texts;
  private final Translations translations;

  private CorrectionNotices(JsonNode texts, Translations translations) {
    this.texts = texts;
    this.translations = translations;
  }

  static CorrectionNotices load() {
    try (InputStream in = CorrectionNotices.class.getResourceAsStream(RESOURCE)) {
      JsonNode root = new ObjectMapper().readTree(in);
      if (!"sukoyaka-correction-notice/1".equals(root.path("format").asText())) {
        throw new IllegalStateException("Not the correction notice texts: " + RESOURCE);
      }
      return new CorrectionNotices(root.path("texts"), Translations.load());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A notice: its title and text, each by language code. */
  record Texts(Map<String, String> title, Map<String, String> body) {}

  /**
   * The notice of a corrected or withdrawn vaccination or checkup.
   *
   * @param key immunization-correct, immunization-retract, observation-correct or
   *     observation-retract
   * @param what the vaccine or the kind of checkup
   * @param date the day of the dose or the visit
   */
  Texts notice(String key, LocalizedText what, LocalDate date) {
    JsonNode template = texts.path(key);
    if (template.isMissingNode()) {
      throw new IllegalArgumentException("No correction notice text " + key);
    }
    String placeholder = key.startsWith("immunization") ? "{vaccine}" : "{checkup}";
    String ja =
        template
            .path("ja")
            .asText()
            .replace(placeholder, what.ja())
            .replace("{date}", date.toString());
    String en =
        template
            .path("en")
            .asText()
            .replace(placeholder, what.en())
            .replace("{date}", DateTexts.format(date, Reader.of(Language.EN)));
    String titleJa = texts.path("title").path("ja").asText();
    Map<String, String> title = new LinkedHashMap<>();
    Map<String, String> body = new LinkedHashMap<>();
    title.put("ja", titleJa);
    body.put("ja", translations.translate(ja, Reader.JAPANESE).orElse(ja));
    title.put("en", texts.path("title").path("en").asText());
    body.put("en", en);
    for (Language language : Language.translated()) {
      Reader reader = Reader.of(language);
      translations.translate(titleJa, reader).ifPresent(t -> title.put(language.code(), t));
      translations.translate(ja, reader).ifPresent(t -> body.put(language.code(), t));
    }
    return new Texts(title, body);
  }
}
