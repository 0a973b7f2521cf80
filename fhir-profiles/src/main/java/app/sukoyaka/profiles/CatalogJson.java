package app.sukoyaka.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reading the data files of this module: required members, texts and labels, lists. */
final class CatalogJson {
  private CatalogJson() {}

  /** A {@code {ja, en}} label; both required. */
  static LocalizedText label(JsonNode node) {
    return new LocalizedText(text(node, "ja"), text(node, "en"));
  }

  /** The elements mapped; an absent member (a missing node) gives an empty list. */
  static <T> List<T> list(JsonNode array, Function<JsonNode, T> mapper) {
    List<T> result = new ArrayList<>();
    array.forEach(element -> result.add(mapper.apply(element)));
    return result;
  }

  /** The elements mapped; anything but an array is refused. */
  static <T> List<T> array(JsonNode array, Function<JsonNode, T> mapper) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("expected an array");
    }
    return list(array, mapper);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
    }
    return value.asText();
  }

  static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("Missing '" + field + "'");
    }
    return value;
  }
}
