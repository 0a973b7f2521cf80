package app.sukoyaka.platform.i18n;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The translations of every parent-facing text, as data ({@code translations/index.json} and the
 * files it names, beside this class), keyed by the Japanese text: the Japanese is the legal
 * original and every data file of the service already carries it, so a text is translated wherever
 * it is shown by adding one row to a translation file, without touching the code that shows it.
 *
 * <p>A row whose Japanese has placeholders ({@code {vaccine}の{dose}}) is also a template: a text
 * the server composed from it ("BCGの1回目") is matched against the template, and each value in the
 * placeholders is translated in turn (or kept as it is: a number, a product name, a clinic's free
 * text), a date ({@code 2025-05-01}) written for the reader ({@link DateTexts}). A whole text that
 * is a date is written for the reader too. Immutable and safe to share between threads.
 */
public final class Translations {
  /** Classpath folder of the index and the translation files. */
  public static final String FOLDER = "/app/sukoyaka/platform/i18n/translations/";

  static final String INDEX_FORMAT = "sukoyaka-translations-index/1";
  static final String FILE_FORMAT = "sukoyaka-translations/1";
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)\\}");
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final int MAX_DEPTH = 3;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What one translation file covers: a data resource and the members that are not shown to
   * parents, each a member name anywhere ({@code specimen}) or a path from the root ({@code
   * /title}; arrays are passed through).
   */
  public record Coverage(String resource, Set<String> skip) {}

  /** The state of one language in one file: machine-authored until a native speaker reviewed it. */
  public record Review(boolean reviewed, LocalDate date, String by) {}

  /** One file: what it covers, its review state per language, its rows (Japanese → language). */
  public record TranslationFile(
      String name,
      String title,
      List<Coverage> covers,
      Map<Language, Review> review,
      List<Map<Language, String>> rows) {}

  private final List<TranslationFile> files;
  private final Map<Language, Map<String, String>> exact = new EnumMap<>(Language.class);
  private final List<Template> templates = new ArrayList<>();

  private Translations(List<TranslationFile> files) {
    this.files = List.copyOf(files);
    for (Language language : Language.values()) {
      exact.put(language, new HashMap<>());
    }
    Map<String, Map<Language, String>> byJapanese = new LinkedHashMap<>();
    for (TranslationFile file : files) {
      for (Map<Language, String> row : file.rows()) {
        String ja = row.get(Language.JA);
        Map<Language, String> merged =
            byJapanese.computeIfAbsent(ja, k -> new EnumMap<>(Language.class));
        for (Map.Entry<Language, String> entry : row.entrySet()) {
          String before = merged.putIfAbsent(entry.getKey(), entry.getValue());
          if (before != null && !before.equals(entry.getValue())) {
            throw new IllegalArgumentException(
                file.name()
                    + ": "
                    + ja
                    + " is translated twice into "
                    + entry.getKey().code()
                    + " differently");
          }
        }
      }
    }
    for (Map.Entry<String, Map<Language, String>> entry : byJapanese.entrySet()) {
      entry.getValue().forEach((language, text) -> exact.get(language).put(entry.getKey(), text));
      if (PLACEHOLDER.matcher(entry.getKey()).find()) {
        Template template = Template.of(entry.getKey(), entry.getValue());
        // A bare "{checkup}" would match every text: it is filled, never matched.
        if (template.literalLength() > 0) {
          templates.add(template);
        }
      }
    }
    // The most specific template first: the one with the most literal text.
    templates.sort(Comparator.comparingInt(Template::literalLength).reversed());
  }

  /** The translations shipped on the classpath; parsed once, then shared. */
  public static Translations load() {
    return Holder.INSTANCE;
  }

  /** Parses an index and the files it names, resolved by {@code files}; fails on any mistake. */
  static Translations parse(InputStream index, Function<String, InputStream> files) {
    try {
      JsonNode root = MAPPER.readTree(index);
      if (!INDEX_FORMAT.equals(root.path("format").asText())) {
        throw new IllegalArgumentException("Not a translation index: " + root.path("format"));
      }
      List<TranslationFile> parsed = new ArrayList<>();
      for (JsonNode name : root.path("files")) {
        try (InputStream file = files.apply(name.asText())) {
          if (file == null) {
            throw new IllegalArgumentException("Translation file not found: " + name.asText());
          }
          parsed.add(file(name.asText(), MAPPER.readTree(file)));
        }
      }
      return new Translations(parsed);
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable translations", e);
    }
  }

  /** Every file, in the order of the index. */
  public List<TranslationFile> files() {
    return files;
  }

  /** The row's text in that language for exactly this Japanese, if a file gives one. */
  public Optional<String> exact(Language language, String ja) {
    return Optional.ofNullable(exact.get(language).get(ja));
  }

  /**
   * The Japanese text written for the reader: in their language when a row or a template gives it,
   * its dates written with their calendar. Empty when no translation is known (for Japanese, the
   * text itself with its dates written for the reader).
   */
  public Optional<String> translate(String ja, Reader reader) {
    // The same labels come again in every response: matched against the rows and templates once.
    return translated.get(
        new Translated(ja, reader),
        key -> {
          Optional<String> text = render(ja, reader, 0);
          return reader.language() == Language.JA && text.isEmpty() ? Optional.of(ja) : text;
        });
  }

  /** A text for a reader, the key of what {@link #translate} found. */
  private record Translated(String ja, Reader reader) {}

  private final Cache<Translated, Optional<String>> translated =
      Caffeine.newBuilder().maximumSize(50_000).build();

  private Optional<String> render(String ja, Reader reader, int depth) {
    if (ISO_DATE.matcher(ja).matches()) {
      Optional<LocalDate> date = date(ja);
      if (date.isPresent()) {
        return Optional.of(DateTexts.format(date.get(), reader));
      }
    }
    String found = exact.get(reader.language()).get(ja);
    if (found != null) {
      return Optional.of(found);
    }
    if (depth >= MAX_DEPTH) {
      return Optional.empty();
    }
    for (Template template : templates) {
      Optional<String> filled = template.fill(ja, reader, depth, this);
      if (filled.isPresent()) {
        return filled;
      }
    }
    return Optional.empty();
  }

  private static Optional<LocalDate> date(String text) {
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The placeholder names of a text, in order of first appearance. */
  public static Set<String> placeholders(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** A row with placeholders, compiled to match the texts composed from it. */
  private record Template(
      String ja,
      Pattern pattern,
      List<String> names,
      String prefix,
      String suffix,
      boolean literalHasWords,
      int literalLength,
      Map<Language, String> translations) {

    static Template of(String ja, Map<Language, String> translations) {
      StringBuilder regex = new StringBuilder("^");
      List<String> names = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      Matcher matcher = PLACEHOLDER.matcher(ja);
      int at = 0;
      String prefix = null;
      String last = "";
      while (matcher.find()) {
        String text = ja.substring(at, matcher.start());
        if (prefix == null) {
          prefix = text;
        }
        literal.append(text);
        regex.append(Pattern.quote(text));
        String name = matcher.group(1);
        if (names.contains(name)) {
          regex.append("\\k<").append(name).append('>');
        } else {
          names.add(name);
          regex.append("(?<").append(name).append(">.+?)");
        }
        at = matcher.end();
      }
      last = ja.substring(at);
      literal.append(last);
      regex.append(Pattern.quote(last)).append('$');
      boolean words = literal.codePoints().anyMatch(Character::isLetter);
      return new Template(
          ja,
          Pattern.compile(regex.toString(), Pattern.DOTALL),
          List.copyOf(names),
          prefix == null ? "" : prefix,
          last,
          words,
          literal.length(),
          Map.copyOf(translations));
    }

    /**
     * The text composed from this template, written for the reader; empty when the text was not
     * composed from it, or when nothing of it would be translated (a template of punctuation alone
     * whose values are all unknown).
     */
    Optional<String> fill(String text, Reader reader, int depth, Translations all) {
      if (!text.startsWith(prefix) || !text.endsWith(suffix) || text.length() < literalLength) {
        return Optional.empty();
      }
      String target = reader.language() == Language.JA ? ja : translations.get(reader.language());
      if (target == null) {
        return Optional.empty();
      }
      Matcher matcher = pattern.matcher(text);
      if (!matcher.matches()) {
        return Optional.empty();
      }
      boolean translatedValue = false;
      Map<String, String> values = new HashMap<>();
      for (String name : names) {
        String value = matcher.group(name);
        Optional<String> rendered = all.render(value, reader, depth + 1);
        if (rendered.isPresent() && !rendered.get().equals(value)) {
          translatedValue = true;
        }
        values.put(name, rendered.orElse(value));
      }
      if (!literalHasWords && !translatedValue) {
        return Optional.empty();
      }
      StringBuilder out = new StringBuilder();
      Matcher slots = PLACEHOLDER.matcher(target);
      while (slots.find()) {
        String value = values.get(slots.group(1));
        slots.appendReplacement(
            out, Matcher.quoteReplacement(value == null ? slots.group() : value));
      }
      slots.appendTail(out);
      return Optional.of(out.toString());
    }
  }

  private static TranslationFile file(String name, JsonNode root) {
    if (!FILE_FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException(name + ": not a translation file");
    }
    List<Coverage> covers = new ArrayList<>();
    for (JsonNode node : root.path("covers")) {
      Set<String> skip = new LinkedHashSet<>();
      node.path("skip").forEach(s -> skip.add(s.asText()));
      covers.add(new Coverage(required(node, "resource", name), Set.copyOf(skip)));
    }
    Map<Language, Review> review = new EnumMap<>(Language.class);
    root.path("languages")
        .fields()
        .forEachRemaining(
            entry -> {
              Language language =
                  Language.ofCode(entry.getKey())
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  name + ": language not offered: " + entry.getKey()));
              JsonNode node = entry.getValue();
              if (!node.path("reviewed").isBoolean()) {
                throw new IllegalArgumentException(
                    name + ": " + entry.getKey() + " must say whether it was reviewed");
              }
              review.put(
                  language,
                  new Review(
                      node.path("reviewed").booleanValue(),
                      LocalDate.parse(required(node, "date", name)),
                      required(node, "by", name)));
            });
    List<Map<Language, String>> rows = new ArrayList<>();
    for (JsonNode node : root.path("texts")) {
      Map<Language, String> row = new EnumMap<>(Language.class);
      node.fields()
          .forEachRemaining(
              entry -> {
                Language language =
                    Language.ofCode(entry.getKey())
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    name + ": language not offered: " + entry.getKey()));
                row.put(language, entry.getValue().asText());
              });
      if (!row.containsKey(Language.JA) || row.get(Language.JA).isBlank()) {
        throw new IllegalArgumentException(name + ": a row without Japanese: " + node);
      }
      rows.add(row);
    }
    return new TranslationFile(name, root.path("title").asText(name), covers, review, rows);
  }

  private static String required(JsonNode node, String member, String file) {
    JsonNode value = node.path(member);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(file + ": " + member + " is required");
    }
    return value.asText();
  }

  private static final class Holder {
    static final Translations INSTANCE = fromClasspath();

    private static Translations fromClasspath() {
      try (InputStream index = Translations.class.getResourceAsStream(FOLDER + "index.json")) {
        if (index == null) {
          throw new IllegalStateException("No translation index at " + FOLDER + "index.json");
        }
        return parse(index, name -> Translations.class.getResourceAsStream(FOLDER + name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
