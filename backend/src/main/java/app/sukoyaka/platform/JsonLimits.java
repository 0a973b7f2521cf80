package app.sukoyaka.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON limits ({@link JsonLimitsConfiguration}) on every parser that reads request bodies.
 *
 * <p>The framework's JSON mapper builds its parser factory from Jackson's process-wide defaults and
 * offers no setting of its own for them, so the limits are made those defaults before that mapper
 * is built ({@link JsonLimitsInstaller}). HAPI's FHIR parser sets limits of its own (no limit on
 * string length, for attachments), so FHIR bodies are measured here first ({@link #exceeded}) with
 * a streaming read that builds nothing.
 */
@Singleton
public class JsonLimits {
  private final JsonFactory factory;

  public JsonLimits(JsonLimitsConfiguration configuration) {
    this.factory = JsonFactory.builder().streamReadConstraints(configuration.constraints()).build();
  }

  /**
   * Which limit a body exceeds, or null if none does. A body that is not JSON at all (malformed,
   * not UTF-8) is not judged here: its reader refuses it in its own words.
   */
  public String exceeded(byte[] body) {
    try (JsonParser parser = factory.createParser(body)) {
      return walk(parser);
    } catch (IOException notJson) {
      return null;
    }
  }

  /** As {@link #exceeded(byte[])}, for a body already read as text. */
  public String exceeded(String body) {
    return body == null ? null : exceeded(body.getBytes(StandardCharsets.UTF_8));
  }

  private static String walk(JsonParser parser) throws IOException {
    try {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          // The parser reads a string lazily and holds its length to the limit when it makes it
          // (member names are held as they are read).
          parser.getText();
        } else if (token.isNumeric()) {
          parser.getNumberType();
        }
      }
      return null;
    } catch (StreamConstraintsException beyond) {
      return message(beyond);
    }
  }

  /** Which limit, in words that name neither the parser nor its settings. */
  static String message(StreamConstraintsException beyond) {
    String text = String.valueOf(beyond.getOriginalMessage());
    if (text.contains("nesting depth")) {
      return "The body's objects and arrays nest more deeply than accepted.";
    }
    if (text.contains("Number value length") || text.contains("number")) {
      return "A number of the body has more digits than accepted.";
    }
    return "A string or member name of the body is longer than accepted.";
  }
}
