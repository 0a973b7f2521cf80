package app.sukoyaka.phr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every action and purpose the code writes to the access log has words in the guardian's access
 * history: the calls of AccessGuard and AccessLog are read from the sources (their last two
 * arguments, literals or the class's string constants).
 */
class AccessHistoryWordsTest {
  private static final Pattern CALL =
      Pattern.compile(
          "\\b(?:guard|accessLog|log)\\s*\\.\\s*(?:require|requireAny|access|write|writeAll"
              + "|accessAll)\\s*\\(");
  private static final Pattern ARGUMENT = Pattern.compile("\"([a-z][a-z-]+)\"|\\b([A-Z_]{3,})\\b");
  private static final Pattern CONSTANT =
      Pattern.compile("static final String (\\w+) = \"([a-z-]+)\";");

  private static final Set<String> SUBJECT_TYPES =
      Set.of("child", "pregnancy", "person", "municipality");

  @Test
  void everyLoggedActionAndPurposeHasWords() throws IOException {
    AccessHistoryWords words = AccessHistoryWords.load();
    Set<String> actions = new TreeSet<>();
    Set<String> purposes = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        collect(Files.readString(file), actions, purposes);
      }
    }
    assertThat(actions).hasSizeGreaterThan(40);
    assertThat(purposes).hasSizeGreaterThan(15);
    assertThat(words.actionCodes()).containsAll(actions);
    assertThat(words.purposeCodes()).containsAll(purposes);
  }

  private static void collect(String source, Set<String> actions, Set<String> purposes) {
    Map<String, String> constants = new HashMap<>();
    Matcher constant = CONSTANT.matcher(source);
    while (constant.find()) {
      constants.put(constant.group(1), constant.group(2));
    }
    Matcher call = CALL.matcher(source);
    while (call.find()) {
      int depth = 1;
      int end = call.end();
      while (depth > 0 && end < source.length()) {
        char c = source.charAt(end++);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      }
      java.util.List<String> values = new java.util.ArrayList<>();
      Matcher argument = ARGUMENT.matcher(source.substring(call.end(), end - 1));
      while (argument.find()) {
        String value =
            argument.group(1) != null ? argument.group(1) : constants.get(argument.group(2));
        // A subject's type written in the call (new ProtectedSubject("child", …)) is no action.
        if (value != null && !SUBJECT_TYPES.contains(value)) {
          values.add(value);
        }
      }
      // The last two are the action and the purpose; a call naming fewer passes them on.
      if (values.size() >= 2) {
        actions.add(values.get(values.size() - 2));
        purposes.add(values.get(values.size() - 1));
      }
    }
  }
}
