package app.sukoyaka.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON text with {@code {{name}}} placeholders inside string values. The structure is built once
 * as a Jackson tree, so it is well-formed; each rendering is plain concatenation, so that building
 * thousands of bundles costs the clients next to nothing.
 */
final class JsonTemplate {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9-]+)}}");
  // Values are pasted into JSON strings unescaped, so only these characters are allowed.
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9:.+/_|-]*");

  private final List<String> literals;
  private final List<String> names;

  private JsonTemplate(List<String> literals, List<String> names) {
    this.literals = literals;
    this.names = names;
  }

  static JsonTemplate of(JsonNode tree) {
    String text;
    try {
      text = JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree could not be written", e);
    }
    List<String> literals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    int last = 0;
    while (matcher.find()) {
      literals.add(text.substring(last, matcher.start()));
      names.add(matcher.group(1));
      last = matcher.end();
    }
    literals.add(text.substring(last));
    return new JsonTemplate(List.copyOf(literals), List.copyOf(names));
  }

  /** A placeholder to put into a tree's string value. */
  static String slot(String name) {
    return "{{" + name + "}}";
  }

  String render(Map<String, String> values) {
    StringBuilder out = new StringBuilder(literals.get(0).length() * 2);
    for (int i = 0; i < names.size(); i++) {
      String value = values.get(names.get(i));
      if (value == null) {
        throw new IllegalArgumentException("No value for {{" + names.get(i) + "}}");
      }
      if (!SAFE_VALUE.matcher(value).matches()) {
        throw new IllegalArgumentException("Not safe to paste into JSON unescaped: " + value);
      }
      out.append(literals.get(i)).append(value);
    }
    return out.append(literals.get(names.size())).toString();
  }
}
