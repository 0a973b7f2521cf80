package app.sukoyaka.phr.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The versioned consent texts the app shows before a guardian agrees (consent-texts.json, Japanese
 * and English, with the day each version took effect). A consent records the version in force when
 * it was given; a text once used is never edited, a change is a new version.
 */
@Singleton
public class ConsentTexts {
  static final String RESOURCE = "app/sukoyaka/phr/consent/consent-texts.json";

  /** One version of one kind's text. */
  public record Text(
      String kind,
      String version,
      LocalDate effectiveFrom,
      boolean legacy,
      String titleJa,
      String titleEn,
      String textJa,
      String textEn) {}

  private final List<Text> texts;

  public ConsentTexts() {
    this(load());
  }

  ConsentTexts(List<Text> texts) {
    this.texts = List.copyOf(texts);
  }

  static List<Text> load() {
    try (InputStream in = ConsentTexts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Text> parse(JsonNode root) {
    List<Text> texts = new ArrayList<>();
    for (JsonNode t : root.path("texts")) {
      Text text =
          new Text(
              required(t, "kind"),
              required(t, "version"),
              LocalDate.parse(required(t, "effectiveFrom")),
              t.path("legacy").asBoolean(false),
              required(t.path("title"), "ja"),
              required(t.path("title"), "en"),
              required(t.path("text"), "ja"),
              required(t.path("text"), "en"));
      if (texts.stream()
          .anyMatch(o -> o.kind().equals(text.kind()) && o.version().equals(text.version()))) {
        throw new IllegalStateException("Two texts " + text.kind() + " " + text.version());
      }
      texts.add(text);
    }
    return texts;
  }

  private static String required(JsonNode node, String field) {
    String value = node.path(field).asText("");
    if (value.isBlank()) {
      throw new IllegalStateException("consent text without " + field + ": " + node);
    }
    return value;
  }

  /** Every version of every kind. */
  public List<Text> all() {
    return texts;
  }

  /** The version of the kind's text in force on that day: the one a consent given then records. */
  public Text current(String kind, LocalDate day) {
    return texts.stream()
        .filter(t -> t.kind().equals(kind) && !t.legacy() && !t.effectiveFrom().isAfter(day))
        .max(Comparator.comparing(Text::effectiveFrom))
        .orElseThrow(() -> new IllegalStateException("No consent text of " + kind + " on " + day));
  }

  /** One version of a kind's text. */
  public Optional<Text> find(String kind, String version) {
    return texts.stream()
        .filter(t -> t.kind().equals(kind) && t.version().equals(version))
        .findFirst();
  }
}
