package app.sukoyaka.checkup.handbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The texts of the handbook's home, timeline and record details ({@code handbook-texts.json}): how
 * much attention each judgement-like answer needs, what the family does next and the source it
 * rests on; the labels of record kinds, sources, follow-up states and next-step statuses; the
 * templates of titles. Data, not code: part of the parent-facing text that is translated.
 */
public final class HandbookTexts {
  static final String RESOURCE = "app/sukoyaka/checkup/handbook/handbook-texts.json";
  static final String FORMAT = "sukoyaka-handbook-texts/1";

  /** How much attention an answer needs, from none to seeing a clinic. */
  public enum Level {
    OK("ok"),
    INFO("info"),
    ATTENTION("attention"),
    ACTION("action");

    private final String code;

    Level(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    static Level of(String code) {
      for (Level level : values()) {
        if (level.code.equals(code)) {
          return level;
        }
      }
      throw new IllegalStateException(RESOURCE + ": unknown level " + code);
    }
  }

  /** A text in Japanese and English. */
  public record Text(String ja, String en) {
    /** The text with {@code {name}} replaced by the value, language by language. */
    public Text fill(String name, Text value) {
      String placeholder = "{" + name + "}";
      return new Text(ja.replace(placeholder, value.ja()), en.replace(placeholder, value.en()));
    }
  }

  /** A law, notice or guide a text rests on; location is null where only the title is known. */
  public record Source(String id, String title, String location) {}

  /** What an answer calls for. */
  public record Guidance(Level level, Text nextStep, Source source) {}

  private final String version;
  private final Map<String, Source> sources;
  private final Map<String, Map<String, Guidance>> guidance;
  private final Map<Level, Text> levels;
  private final Map<String, String> recordKindOfCheckup;
  private final Map<String, Text> recordKinds;
  private final Map<String, Text> recordSources;
  private final Map<String, Text> followUpStates;
  private final Map<String, Text> nextStepStatuses;
  private final Map<String, Text> templates;

  private HandbookTexts(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalStateException(RESOURCE + ": unknown format " + root.path("format"));
    }
    version = root.path("version").asText();
    Map<String, Source> readSources = new LinkedHashMap<>();
    root.path("sources")
        .fields()
        .forEachRemaining(
            e ->
                readSources.put(
                    e.getKey(),
                    new Source(
                        e.getKey(),
                        required(e.getValue(), "title"),
                        e.getValue().hasNonNull("location")
                            ? e.getValue().get("location").asText()
                            : null)));
    sources = Collections.unmodifiableMap(readSources);
    Map<String, Map<String, Guidance>> readGuidance = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> sets = root.path("guidance").fields();
        sets.hasNext(); ) {
      Map.Entry<String, JsonNode> set = sets.next();
      Map<String, Guidance> answers = new LinkedHashMap<>();
      set.getValue()
          .fields()
          .forEachRemaining(
              answer -> {
                String sourceId = required(answer.getValue(), "source");
                Source source = readSources.get(sourceId);
                if (source == null) {
                  throw new IllegalStateException(
                      RESOURCE
                          + ": "
                          + set.getKey()
                          + "/"
                          + answer.getKey()
                          + " cites "
                          + sourceId
                          + ", which is not among the sources");
                }
                answers.put(
                    answer.getKey(),
                    new Guidance(
                        Level.of(required(answer.getValue(), "level")),
                        text(answer.getValue().path("nextStep")),
                        source));
              });
      readGuidance.put(set.getKey(), Collections.unmodifiableMap(answers));
    }
    guidance = Collections.unmodifiableMap(readGuidance);
    Map<Level, Text> readLevels = new HashMap<>();
    for (Level level : Level.values()) {
      readLevels.put(level, text(root.path("levels").path(level.code())));
    }
    levels = Collections.unmodifiableMap(readLevels);
    Map<String, String> kindOfCheckup = new HashMap<>();
    Map<String, Text> kinds = new LinkedHashMap<>();
    root.path("recordKinds")
        .fields()
        .forEachRemaining(
            e -> {
              kinds.put(e.getKey(), text(e.getValue().path("label")));
              for (JsonNode checkupKind : e.getValue().path("checkupKinds")) {
                if (kindOfCheckup.put(checkupKind.asText(), e.getKey()) != null) {
                  throw new IllegalStateException(
                      RESOURCE + ": checkup kind " + checkupKind.asText() + " listed twice");
                }
              }
            });
    recordKindOfCheckup = Collections.unmodifiableMap(kindOfCheckup);
    recordKinds = Collections.unmodifiableMap(kinds);
    recordSources = texts(root.path("recordSources"));
    followUpStates = texts(root.path("followUpStates"));
    nextStepStatuses = texts(root.path("nextStepStatuses"));
    templates = texts(root.path("templates"));
  }

  /** The texts shipped with the service. */
  public static HandbookTexts load() {
    try (InputStream in = HandbookTexts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + RESOURCE);
      }
      return read(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  static HandbookTexts read(JsonNode root) {
    return new HandbookTexts(root);
  }

  public String version() {
    return version;
  }

  public Map<String, Source> sources() {
    return sources;
  }

  /** The answer sets with guidance, each with its answers' guidance by code. */
  public Map<String, Map<String, Guidance>> guidance() {
    return guidance;
  }

  /** What the answer of that answer set calls for, if the file gives guidance for it. */
  public Optional<Guidance> guidance(String answerSet, String code) {
    return Optional.ofNullable(guidance.getOrDefault(answerSet, Map.of()).get(code));
  }

  public Text level(Level level) {
    return levels.get(level);
  }

  /** What the timeline calls a record of that checkup kind: checkup, screening, delivery … */
  public Optional<String> recordKindOf(String checkupKind) {
    return Optional.ofNullable(recordKindOfCheckup.get(checkupKind));
  }

  /** The checkup kinds the file sorts into record kinds. */
  public java.util.Set<String> sortedCheckupKinds() {
    return recordKindOfCheckup.keySet();
  }

  public Map<String, Text> recordKinds() {
    return recordKinds;
  }

  public Text recordKind(String kind) {
    return labelled(recordKinds, "recordKinds", kind);
  }

  public Text recordSource(String source) {
    return labelled(recordSources, "recordSources", source);
  }

  public Text followUpState(String state) {
    return labelled(followUpStates, "followUpStates", state);
  }

  public Text nextStepStatus(String status) {
    return labelled(nextStepStatuses, "nextStepStatuses", status);
  }

  public Text template(String name) {
    return labelled(templates, "templates", name);
  }

  /** The members every section must have, for the test of the file. */
  static List<String> requiredLabels() {
    return List.of(
        "recordSources:clinic",
        "recordSources:municipality",
        "recordSources:parent",
        "followUpStates:open",
        "followUpStates:closed",
        "nextStepStatuses:overdue",
        "nextStepStatuses:due",
        "nextStepStatuses:upcoming",
        "templates:vaccination",
        "templates:infant-checkup",
        "templates:follow-up",
        "templates:own-record-value");
  }

  /** The label named {@code section:key}, for the test of the file. */
  Optional<Text> label(String sectionAndKey) {
    String[] parts = sectionAndKey.split(":", 2);
    Map<String, Text> section =
        switch (parts[0]) {
          case "recordSources" -> recordSources;
          case "followUpStates" -> followUpStates;
          case "nextStepStatuses" -> nextStepStatuses;
          case "templates" -> templates;
          default -> Map.of();
        };
    return Optional.ofNullable(section.get(parts[1]));
  }

  private static Text labelled(Map<String, Text> section, String name, String key) {
    Text text = section.get(key);
    if (text == null) {
      throw new IllegalArgumentException(RESOURCE + ": no " + name + " entry " + key);
    }
    return text;
  }

  private static Map<String, Text> texts(JsonNode node) {
    Map<String, Text> result = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> result.put(e.getKey(), text(e.getValue())));
    return Collections.unmodifiableMap(result);
  }

  private static Text text(JsonNode node) {
    return new Text(required(node, "ja"), required(node, "en"));
  }

  private static String required(JsonNode node, String member) {
    String value = node.path(member).asText("");
    if (value.isBlank()) {
      throw new IllegalStateException(RESOURCE + ": a text or entry without its " + member);
    }
    return value;
  }
}
