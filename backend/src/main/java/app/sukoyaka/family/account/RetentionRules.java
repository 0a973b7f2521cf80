package app.sukoyaka.family.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The retention rules of account deletion ({@code retention-rules.json}): per kind of record,
 * whether it stays with the municipality or goes with the account, why, and the legal source. Pure
 * (JDK and Jackson).
 */
public record RetentionRules(String version, List<Rule> rules) {
  static final String RESOURCE = "app/sukoyaka/family/account/retention-rules.json";

  public RetentionRules {
    rules = List.copyOf(rules);
  }

  /** One kind of record and what happens to it. */
  public record Rule(
      String kind,
      boolean keep,
      String holder,
      List<String> tables,
      String reason,
      List<String> sources) {
    public Rule {
      tables = List.copyOf(tables);
      sources = List.copyOf(sources);
    }
  }

  public static RetentionRules load() {
    try (InputStream in = RetentionRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RetentionRules parse(JsonNode root) {
    List<Rule> rules = new ArrayList<>();
    Set<String> kinds = new HashSet<>();
    for (JsonNode node : root.path("rules")) {
      String kind = node.path("kind").asText();
      String retention = node.path("retention").asText();
      if (!retention.equals("keep") && !retention.equals("delete")) {
        throw new IllegalArgumentException(kind + ": retention must be keep or delete");
      }
      if (!kinds.add(kind)) {
        throw new IllegalArgumentException("Kind listed twice: " + kind);
      }
      List<String> sources = texts(node.path("sources"));
      if (sources.isEmpty() || node.path("reason").asText().isBlank()) {
        throw new IllegalArgumentException(kind + ": every rule names its reason and source");
      }
      rules.add(
          new Rule(
              kind,
              retention.equals("keep"),
              node.path("holder").asText(),
              texts(node.path("tables")),
              node.path("reason").asText(),
              sources));
    }
    String version = root.path("version").asText();
    if (version.isBlank() || rules.isEmpty()) {
      throw new IllegalArgumentException("Retention rules need a version and rules");
    }
    return new RetentionRules(version, rules);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
