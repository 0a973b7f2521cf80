package app.sukoyaka.phr.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The consent page's words, Japanese and English, and the version of them a guardian agrees to
 * (kept with the consent): a data file, {@code consent-page.json}, so that a municipality's
 * reviewed wording replaces ours without code.
 */
final class ConsentTexts {
  static final String RESOURCE = "/app/sukoyaka/phr/smart/consent-page.json";
  private static final ConsentTexts INSTANCE = load();

  private final String version;
  private final Map<String, Map<String, String>> texts;

  private ConsentTexts(String version, Map<String, Map<String, String>> texts) {
    this.version = version;
    this.texts = texts;
  }

  static ConsentTexts get() {
    return INSTANCE;
  }

  private static ConsentTexts load() {
    try (InputStream in = ConsentTexts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, Map<String, String>> texts = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> languages = root.path("texts").fields();
          languages.hasNext(); ) {
        Map.Entry<String, JsonNode> language = languages.next();
        Map<String, String> words = new HashMap<>();
        language
            .getValue()
            .fields()
            .forEachRemaining(e -> words.put(e.getKey(), e.getValue().asText()));
        texts.put(language.getKey(), Map.copyOf(words));
      }
      return new ConsentTexts(root.path("version").asText(), Map.copyOf(texts));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String version() {
    return version;
  }

  /** The words of a language ({@code ja} or {@code en}; Japanese for anything else). */
  Map<String, String> of(String language) {
    return texts.getOrDefault(language, texts.get("ja"));
  }

  /** The page language: the first of the app's ui_locales or the browser's we have, else ja. */
  static String language(String uiLocales, String acceptLanguage) {
    for (String candidates : new String[] {uiLocales, acceptLanguage}) {
      if (candidates == null || candidates.isBlank()) {
        continue;
      }
      for (String tag : candidates.split("[\\s,]+")) {
        String lang = tag.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (lang.startsWith("ja")) {
          return "ja";
        }
        if (lang.startsWith("en")) {
          return "en";
        }
      }
    }
    return "ja";
  }

  static String fill(String text, Map<String, String> values) {
    String result = text;
    for (Map.Entry<String, String> value : values.entrySet()) {
      result = result.replace("{" + value.getKey() + "}", value.getValue());
    }
    return result;
  }
}
