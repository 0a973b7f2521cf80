package app.sukoyaka.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ages of the infant and child checkups ({@code checkup-ages.json}): from when a child is of
 * age for each kind, and before when it still can attend. Data with its sources, not code.
 */
final class CheckupAges {
  static final String RESOURCE = "app/sukoyaka/notice/checkup-ages.json";

  /** One kind's ages. */
  record Window(String kind, AudienceQuery.Age from, AudienceQuery.Age before, String source) {}

  private final String version;
  private final Map<String, Window> windows;

  private CheckupAges(String version, Map<String, Window> windows) {
    this.version = version;
    this.windows = Collections.unmodifiableMap(windows);
  }

  static CheckupAges load() {
    try (InputStream in = CheckupAges.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + RESOURCE);
      }
      return read(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  static CheckupAges read(JsonNode root) {
    if (!"sukoyaka-checkup-ages/1".equals(root.path("format").asText())) {
      throw new IllegalStateException(RESOURCE + ": unknown format " + root.path("format"));
    }
    Map<String, Window> windows = new LinkedHashMap<>();
    for (JsonNode node : root.path("kinds")) {
      Window window =
          new Window(
              node.path("kind").asText(),
              age(node.path("from")),
              age(node.path("before")),
              node.path("source").asText());
      if (window.kind().isEmpty() || window.source().isEmpty()) {
        throw new IllegalStateException(RESOURCE + ": a kind without its name or source");
      }
      if (windows.putIfAbsent(window.kind(), window) != null) {
        throw new IllegalStateException(RESOURCE + ": " + window.kind() + " listed twice");
      }
    }
    return new CheckupAges(root.path("version").asText(), windows);
  }

  private static AudienceQuery.Age age(JsonNode node) {
    if (!node.path("months").isInt() || !node.path("days").isInt()) {
      throw new IllegalStateException(RESOURCE + ": an age needs whole months and days");
    }
    return new AudienceQuery.Age(node.get("months").asInt(), node.get("days").asInt());
  }

  String version() {
    return version;
  }

  /** The kinds, in the file's order. */
  Map<String, Window> windows() {
    return windows;
  }

  Optional<Window> window(String kind) {
    return Optional.ofNullable(windows.get(kind));
  }
}
