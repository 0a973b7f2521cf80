package app.sukoyaka.municipality.figures;

import app.sukoyaka.profiles.LocalizedText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The labels of the dashboard's dimensions, measures, rates, list columns, filters and codes
 * ({@code labels.json}), in Japanese and English.
 */
public final class Labels {
  public static final String RESOURCE = "app/sukoyaka/municipality/dashboard/labels.json";

  private final Map<String, Map<String, LocalizedText>> groups;

  private Labels(Map<String, Map<String, LocalizedText>> groups) {
    this.groups = groups;
  }

  public static Labels load() {
    try (InputStream in = Labels.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      if (!"sukoyaka-dashboard-labels/1".equals(root.path("format").asText())) {
        throw new IllegalStateException(RESOURCE + ": unknown format");
      }
      Map<String, Map<String, LocalizedText>> groups = new HashMap<>();
      for (String group : new String[] {"dimensions", "measures", "rates", "columns", "filters"}) {
        groups.put(group, texts(root.path(group), group));
      }
      root.path("codes")
          .fields()
          .forEachRemaining(
              e -> groups.put("codes." + e.getKey(), texts(e.getValue(), e.getKey())));
      groups.put("formats", texts(root.path("formats"), "formats"));
      for (String dimension : FigureDefinitions.DIMENSIONS) {
        if (!groups.get("dimensions").containsKey(dimension)) {
          throw new IllegalStateException(RESOURCE + ": no label of dimension " + dimension);
        }
      }
      return new Labels(groups);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  private static Map<String, LocalizedText> texts(JsonNode node, String group) {
    Map<String, LocalizedText> texts = new HashMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              String ja = e.getValue().path("ja").asText("");
              String en = e.getValue().path("en").asText("");
              if (ja.isEmpty() || en.isEmpty()) {
                throw new IllegalStateException(
                    RESOURCE + ": " + group + "." + e.getKey() + " needs ja and en");
              }
              texts.put(e.getKey(), new LocalizedText(ja, en));
            });
    return texts;
  }

  private LocalizedText required(String group, String key) {
    LocalizedText text = groups.getOrDefault(group, Map.of()).get(key);
    if (text == null) {
      throw new IllegalStateException(RESOURCE + ": no label " + group + "." + key);
    }
    return text;
  }

  public LocalizedText dimension(String key) {
    return required("dimensions", key);
  }

  public LocalizedText measure(String key) {
    return required("measures", key);
  }

  public LocalizedText rate(String key) {
    return required("rates", key);
  }

  public LocalizedText column(String key) {
    return required("columns", key);
  }

  public LocalizedText filter(String key) {
    return required("filters", key);
  }

  /** The label of a code of a group ({@code yesNo}, {@code channel} …), if the file has one. */
  public Optional<LocalizedText> code(String group, String value) {
    return Optional.ofNullable(groups.getOrDefault("codes." + group, Map.of()).get(value));
  }

  /** The label of a code that must exist. */
  public LocalizedText requiredCode(String group, String value) {
    return code(group, value)
        .orElseThrow(
            () -> new IllegalStateException(RESOURCE + ": no label of " + group + " " + value));
  }

  /** A value written with its dimension's format ("{value}年度生まれ"), or as it is. */
  public String format(String dimension, String value, String language) {
    LocalizedText format = groups.get("formats").get(dimension);
    if (format == null) {
      return value;
    }
    return ("en".equals(language) ? format.en() : format.ja()).replace("{value}", value);
  }
}
