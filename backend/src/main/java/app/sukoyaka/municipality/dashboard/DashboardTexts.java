package app.sukoyaka.municipality.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** The texts of the dashboard's pages ({@code dashboard-texts.json}), in Japanese and English. */
final class DashboardTexts {
  static final String RESOURCE = "app/sukoyaka/municipality/dashboard/dashboard-texts.json";

  private final Map<String, Map<String, String>> byLanguage;

  private DashboardTexts(Map<String, Map<String, String>> byLanguage) {
    this.byLanguage = byLanguage;
  }

  static DashboardTexts load() {
    try (InputStream in = DashboardTexts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      if (!"sukoyaka-dashboard-texts/1".equals(root.path("format").asText())) {
        throw new IllegalStateException(RESOURCE + ": unknown format");
      }
      Map<String, String> ja = new HashMap<>();
      Map<String, String> en = new HashMap<>();
      root.path("texts")
          .fields()
          .forEachRemaining(
              e -> {
                String textJa = e.getValue().path("ja").asText("");
                String textEn = e.getValue().path("en").asText("");
                if (textJa.isEmpty() || textEn.isEmpty()) {
                  throw new IllegalStateException(
                      RESOURCE + ": " + e.getKey() + " needs ja and en");
                }
                ja.put(e.getKey(), textJa);
                en.put(e.getKey(), textEn);
              });
      return new DashboardTexts(
          Map.of("ja", Collections.unmodifiableMap(ja), "en", Collections.unmodifiableMap(en)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /** Every text in the language, for the templates ({@code t['nav.overview']}). */
  Map<String, String> of(String language) {
    return byLanguage.get(DashboardLanguage.supported(language));
  }

  /** One text with its {placeholders} filled. */
  String text(String key, String language, Map<String, ?> values) {
    String text = of(language).get(key);
    if (text == null) {
      throw new IllegalArgumentException("No dashboard text " + key);
    }
    for (Map.Entry<String, ?> value : values.entrySet()) {
      text = text.replace("{" + value.getKey() + "}", String.valueOf(value.getValue()));
    }
    return text;
  }
}
