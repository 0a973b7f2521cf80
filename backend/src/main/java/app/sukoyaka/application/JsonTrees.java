package app.sukoyaka.application;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson trees (how the form is read and stored) as Micronaut's trees (how bodies are written).
 */
final class JsonTrees {
  private JsonTrees() {}

  static io.micronaut.json.tree.JsonNode of(com.fasterxml.jackson.databind.JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return io.micronaut.json.tree.JsonNode.nullNode();
    }
    if (node.isObject()) {
      Map<String, io.micronaut.json.tree.JsonNode> members = new LinkedHashMap<>();
      node.properties().forEach(e -> members.put(e.getKey(), of(e.getValue())));
      return io.micronaut.json.tree.JsonNode.createObjectNode(members);
    }
    if (node.isArray()) {
      List<io.micronaut.json.tree.JsonNode> items = new ArrayList<>();
      node.forEach(item -> items.add(of(item)));
      return io.micronaut.json.tree.JsonNode.createArrayNode(items);
    }
    if (node.isBoolean()) {
      return io.micronaut.json.tree.JsonNode.createBooleanNode(node.asBoolean());
    }
    if (node.isIntegralNumber()) {
      return io.micronaut.json.tree.JsonNode.createNumberNode(node.asLong());
    }
    if (node.isNumber()) {
      return io.micronaut.json.tree.JsonNode.createNumberNode(node.decimalValue());
    }
    return io.micronaut.json.tree.JsonNode.createStringNode(node.asText());
  }
}
