package app.sukoyaka.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The push payload schemas ({@code push/notice.schema.json}, {@code push/reminder.schema.json}):
 * what the app finds in the FCM data map of a push. The backend's tests hold every push it sends to
 * them; the app's tests can read the same golden examples ({@code push/examples/}).
 */
public final class PushPayloads {

  /** Classpath location of the notice push schema (JSON Schema 2020-12). */
  public static final String NOTICE_SCHEMA = "app/sukoyaka/mobile/push/notice.schema.json";

  /** Classpath location of the reminder push schema (JSON Schema 2020-12). */
  public static final String REMINDER_SCHEMA = "app/sukoyaka/mobile/push/reminder.schema.json";

  /** Classpath folder of the golden examples, one FCM data map per file. */
  public static final String EXAMPLES = "app/sukoyaka/mobile/push/examples/";

  /** The golden examples that conform, by file name. */
  public static final List<String> EXAMPLE_FILES =
      List.of("notice.json", "reminder-child.json", "reminder-pregnancy.json");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonSchema notice;
  private final JsonSchema reminder;

  private PushPayloads(JsonSchema notice, JsonSchema reminder) {
    this.notice = notice;
    this.reminder = reminder;
  }

  /** The schemas bundled in this jar, compiled once per class loader; thread-safe. */
  public static PushPayloads load() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final PushPayloads INSTANCE = compile();
  }

  private static PushPayloads compile() {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    return new PushPayloads(
        factory.getSchema(DeepLinks.read(NOTICE_SCHEMA), InputFormat.JSON, config),
        factory.getSchema(DeepLinks.read(REMINDER_SCHEMA), InputFormat.JSON, config));
  }

  /**
   * What is wrong with an FCM data map, against the schema of the kind it names; empty when it
   * conforms.
   */
  public List<String> violations(Map<String, String> data) {
    ObjectNode node = JSON.createObjectNode();
    new java.util.TreeMap<>(data).forEach(node::put);
    return violations(node);
  }

  /**
   * What is wrong with an FCM data map given as JSON (a member that is not a string is wrong too);
   * empty when it conforms.
   */
  public List<String> violations(JsonNode data) {
    if (data == null || !data.isObject()) {
      return List.of("the push data is not an object");
    }
    String kind = data.path("kind").asText("");
    JsonSchema schema =
        switch (kind) {
          case "notice" -> notice;
          case "reminder" -> reminder;
          default -> null;
        };
    if (schema == null) {
      return List.of("kind must be notice or reminder, not '" + kind + "'");
    }
    List<String> found = new ArrayList<>();
    for (ValidationMessage message : schema.validate(data)) {
      found.add(message.getMessage());
    }
    found.sort(null);
    return found;
  }

  /** One golden example as the app receives it. */
  public static Map<String, String> example(String file) {
    try {
      JsonNode node = JSON.readTree(DeepLinks.read(EXAMPLES + file));
      Map<String, String> data = new java.util.LinkedHashMap<>();
      node.fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
      return data;
    } catch (IOException e) {
      throw new IllegalStateException("Example " + file + " is not JSON", e);
    }
  }
}
