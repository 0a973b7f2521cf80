package app.sukoyaka.phr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The access log's actions and purposes in the guardian's words (access-history-words.json). An
 * action or purpose without words is shown as its code, so a new one is never hidden.
 */
final class AccessHistoryWords {
  static final String RESOURCE = "app/sukoyaka/phr/access-history-words.json";

  /** An action in words and the kind of record it touches. */
  record Action(String record, String ja, String en) {}

  record Purpose(String ja, String en) {}

  private final Map<String, Action> actions;
  private final Map<String, Purpose> purposes;

  private AccessHistoryWords(Map<String, Action> actions, Map<String, Purpose> purposes) {
    this.actions = Map.copyOf(actions);
    this.purposes = Map.copyOf(purposes);
  }

  static AccessHistoryWords load() {
    try (InputStream in = AccessHistoryWords.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, Action> actions = new HashMap<>();
      root.path("actions")
          .fields()
          .forEachRemaining(
              e ->
                  actions.put(
                      e.getKey(),
                      new Action(
                          e.getValue().path("record").asText(),
                          e.getValue().path("ja").asText(),
                          e.getValue().path("en").asText())));
      Map<String, Purpose> purposes = new HashMap<>();
      root.path("purposes")
          .fields()
          .forEachRemaining(
              e ->
                  purposes.put(
                      e.getKey(),
                      new Purpose(
                          e.getValue().path("ja").asText(), e.getValue().path("en").asText())));
      return new AccessHistoryWords(actions, purposes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Action action(String code) {
    Action action = actions.get(code);
    if (action == null) {
      // A family of codes, such as set-work-item-status-{list}.
      action =
          actions.entrySet().stream()
              .filter(e -> e.getKey().endsWith("-") && code.startsWith(e.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    return action != null ? action : new Action("other", code, code);
  }

  Purpose purpose(String code) {
    Purpose purpose = purposes.get(code);
    return purpose != null ? purpose : new Purpose(code, code);
  }

  Set<String> actionCodes() {
    return actions.keySet();
  }

  Set<String> purposeCodes() {
    return purposes.keySet();
  }
}
