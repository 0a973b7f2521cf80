package app.sukoyaka.growth;

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
 * unit) and every word of the chart in each language, read from {@code growth-chart.json}.
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

  private GrowthChartTexts(List<Measure> measures, Map<String, Map<String, String>> texts) {
    this.measures = measures;
    this.texts = texts;
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
      Map<String, String> label = new LinkedHashMap<>();
      node.path("label").properties().forEach(e -> label.put(e.getKey(), e.getValue().asText()));
      measures.add(
          new Measure(
              node.path("code").asText(),
              reference,
              node.path("unit").asText(),
              node.path("decimals").asInt(),
              List.copyOf(items),
              node.path("yStep").asDouble(),
              node.path("yStepWide").asDouble(),
              Map.copyOf(label),
              node.has("lastMonth") ? node.get("lastMonth").asInt() : null));
    }
    Map<String, Map<String, String>> texts = new LinkedHashMap<>();
    root.path("texts")
        .properties()
        .forEach(
            language -> {
              Map<String, String> byKey = new LinkedHashMap<>();
              language
                  .getValue()
                  .properties()
                  .forEach(e -> byKey.put(e.getKey(), e.getValue().asText()));
              texts.put(language.getKey(), Map.copyOf(byKey));
            });
    Set<String> keys = texts.get("ja").keySet();
    texts.forEach(
        (language, byKey) -> {
          if (!byKey.keySet().equals(keys)) {
            throw new IllegalStateException("growth-chart: " + language + " lacks texts of ja");
          }
          measures.forEach(
              m -> {
                if (!m.label().containsKey(language)) {
                  throw new IllegalStateException("growth-chart: no " + language + " label");
                }
              });
        });
    return new GrowthChartTexts(List.copyOf(measures), Map.copyOf(texts));
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
