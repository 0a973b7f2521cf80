package app.sukoyaka.growth;

import app.sukoyaka.platform.i18n.Language;
import app.sukoyaka.platform.i18n.Translations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The growth measures the API and the chart know (which catalog items are plotted as what, in which
 * unit) and every word of the chart in each offered language: Japanese and English as {@code
 * growth-chart.json} writes them, the other languages the translations of its Japanese ({@link
 * Translations}, {@code translations/growth.json}), so the chart speaks every language the rest of
 * the handbook does and a new language needs rows, not code.
 */
public final class GrowthChartTexts {
  static final String RESOURCE = "/app/sukoyaka/growth/growth-chart.json";

  /**
   * A measure of the chart.
   *
   * @param code the API's name: weight, height, head
   * @param items catalog items plotted as this measure (clinic findings and parents' records)
   * @param lastMonth the last month the reference has values to draw, or null for all
   */
  public record Measure(
      String code,
      GrowthMeasure reference,
      String unit,
      int decimals,
      List<String> items,
      double yStep,
      double yStepWide,
      Map<String, String> label,
      Integer lastMonth) {}

  private final List<Measure> measures;
  private final Map<String, Map<String, String>> texts;
  private final Translations translations;

  private GrowthChartTexts(
      List<Measure> measures, Map<String, Map<String, String>> texts, Translations translations) {
    this.measures = measures;
    this.texts = texts;
    this.translations = translations;
  }

  public static GrowthChartTexts load() {
    try (InputStream in = GrowthChartTexts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      return read(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GrowthChartTexts read(JsonNode root) {
    return read(root, Translations.load());
  }

  /**
   * Reads the measures and texts; a language other than Japanese and English takes the translation
   * of each Japanese text. Fails when a text or label lacks a language offered.
   */
  static GrowthChartTexts read(JsonNode root, Translations translations) {
    List<Measure> measures = new ArrayList<>();
    for (JsonNode node : root.path("measures")) {
      GrowthMeasure reference = null;
      for (GrowthMeasure m : GrowthMeasure.values()) {
        if (m.code().equals(node.path("reference").asText())) {
          reference = m;
        }
      }
      if (reference == null || !reference.unit().equals(node.path("unit").asText())) {
        throw new IllegalStateException("growth-chart: measure " + node + " has no reference");
      }
      List<String> items = new ArrayList<>();
      node.path("items").forEach(i -> items.add(i.asText()));
      measures.add(
          new Measure(
              node.path("code").asText(),
              reference,
              node.path("unit").asText(),
              node.path("decimals").asInt(),
              List.copyOf(items),
              node.path("yStep").asDouble(),
              node.path("yStepWide").asDouble(),
              Map.copyOf(
                  inEveryLanguage(
                      node.path("label"), "label of " + node.path("code"), translations)),
              node.has("lastMonth") ? node.get("lastMonth").asInt() : null));
    }
    Map<String, Map<String, String>> byLanguage = new LinkedHashMap<>();
    for (Language language : Language.values()) {
      byLanguage.put(language.code(), new LinkedHashMap<>());
    }
    root.path("texts")
        .properties()
        .forEach(
            text ->
                inEveryLanguage(text.getValue(), text.getKey(), translations)
                    .forEach(
                        (language, value) -> byLanguage.get(language).put(text.getKey(), value)));
    Map<String, Map<String, String>> texts = new LinkedHashMap<>();
    byLanguage.forEach((language, byKey) -> texts.put(language, Map.copyOf(byKey)));
    return new GrowthChartTexts(List.copyOf(measures), Map.copyOf(texts), translations);
  }

  /** A {@code {ja, en}} text of the file in every offered language, by code. */
  private static Map<String, String> inEveryLanguage(
      JsonNode text, String what, Translations translations) {
    String ja = text.path("ja").asText(null);
    String en = text.path("en").asText(null);
    if (ja == null || en == null) {
      throw new IllegalStateException("growth-chart: " + what + " needs ja and en");
    }
    Map<String, String> out = new LinkedHashMap<>();
    out.put(Language.JA.code(), ja);
    out.put(Language.EN.code(), en);
    for (Language language : Language.translated()) {
      out.put(
          language.code(),
          translations
              .exact(language, ja)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "growth-chart: " + what + " 「" + ja + "」 has no " + language.code())));
    }
    return out;
  }

  /**
   * A text of the data (a reference's attribution) in that language: the data's own Japanese or
   * English, else the translation of its Japanese, else its English.
   */
  public String translated(String language, String ja, String en) {
    if (Language.JA.code().equals(language)) {
      return ja;
    }
    if (Language.EN.code().equals(language)) {
      return en;
    }
    return Language.ofCode(language).flatMap(l -> translations.exact(l, ja)).orElse(en);
  }

  public List<Measure> measures() {
    return measures;
  }

  public Optional<Measure> measure(String code) {
    return measures.stream().filter(m -> m.code().equals(code)).findFirst();
  }

  /** The measure a catalog item is plotted as, if any. */
  public Optional<Measure> measureOfItem(String item) {
    return measures.stream().filter(m -> m.items().contains(item)).findFirst();
  }

  /** The codes of the languages the chart is drawn in: every offered language. */
  public Set<String> languages() {
    return texts.keySet();
  }

  /** The text with its {placeholders} filled in. */
  public String text(String language, String key, Map<String, String> values) {
    String text = texts.get(language).get(key);
    if (text == null) {
      throw new IllegalArgumentException("growth-chart: no text " + key);
    }
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("{" + value.getKey() + "}", value.getValue());
    }
    return text;
  }

  public String text(String language, String key) {
    return text(language, key, Map.of());
  }
}
