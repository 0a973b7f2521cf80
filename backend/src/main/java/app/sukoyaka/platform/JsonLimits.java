package app.sukoyaka.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
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
    Fault fault = fault(body);
    return fault != null && fault.code() == ErrorCode.REQUEST_JSON_LIMIT ? fault.detail() : null;
  }

  /** As {@link #exceeded(byte[])}, for a body already read as text. */
  public String exceeded(String body) {
    return body == null ? null : exceeded(body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What no endpoint may read from a JSON body, or null: a limit exceeded, a text that is not
   * Unicode (a lone UTF-16 surrogate, which JSON's escapes can carry and the database driver would
   * store as "?"), or more than the one JSON value a body is (the framework's reader stops after
   * the first). Trailing whitespace is allowed. A body that is not JSON at all is left to its
   * reader, as above.
   */
  public Fault fault(byte[] body) {
    try (JsonParser parser = factory.createParser(body)) {
      return walk(parser);
    } catch (IOException notJson) {
      return null;
    }
  }

  /** As {@link #fault(byte[])}, for a body already read as text. */
  public Fault fault(String body) {
    return body == null ? null : fault(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Why a body is refused: the code of the answer and its detail, in the caller's words. */
  public record Fault(ErrorCode code, String detail) {}

  public static final String NOT_UNICODE =
      "A text of the body is not valid Unicode: it holds half of a surrogate pair (an escape such"
          + " as \\ud800 without its partner).";
  static final String TRAILING = "The body holds more after the end of its JSON value.";

  private static Fault walk(JsonParser parser) throws IOException {
    try {
      int depth = 0;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          // The parser reads a string lazily and holds its length to the limit when it makes it
          // (member names are held as they are read).
          if (!isUnicode(parser.getText())) {
            return new Fault(ErrorCode.REQUEST_TEXT_NOT_UNICODE, NOT_UNICODE);
          }
        } else if (token == JsonToken.FIELD_NAME) {
          // Jackson itself refuses a name with half a pair as malformed; checked all the same.
          if (!isUnicode(parser.currentName())) {
            return new Fault(ErrorCode.REQUEST_TEXT_NOT_UNICODE, NOT_UNICODE);
          }
        } else if (token.isNumeric()) {
          parser.getNumberType();
        } else if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
        if (depth == 0) {
          // The one value of the body is complete: only whitespace may follow.
          try {
            return parser.nextToken() == null
                ? null
                : new Fault(ErrorCode.REQUEST_MALFORMED_JSON, TRAILING);
          } catch (JsonParseException garbage) {
            return new Fault(ErrorCode.REQUEST_MALFORMED_JSON, TRAILING);
          }
        }
      }
      return null;
    } catch (StreamConstraintsException beyond) {
      return new Fault(ErrorCode.REQUEST_JSON_LIMIT, message(beyond));
    }
  }

  /** Whether a text holds no lone UTF-16 surrogate. */
  static boolean isUnicode(char[] text, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = text[i];
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= end || !Character.isLowSurrogate(text[i + 1])) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a text holds no lone UTF-16 surrogate. */
  public static boolean isUnicode(String text) {
    return text == null || isUnicode(text.toCharArray(), 0, text.length());
  }

  /** Whether every text and member name of a JSON tree is Unicode, as above. */
  public static boolean isUnicode(com.fasterxml.jackson.databind.JsonNode tree) {
    if (tree.isTextual()) {
      return isUnicode(tree.textValue());
    }
    for (var fields = tree.fields(); fields.hasNext(); ) {
      var field = fields.next();
      if (!isUnicode(field.getKey()) || !isUnicode(field.getValue())) {
        return false;
      }
    }
    if (tree.isArray()) {
      for (com.fasterxml.jackson.databind.JsonNode element : tree) {
        if (!isUnicode(element)) {
          return false;
        }
      }
    }
    return true;
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
