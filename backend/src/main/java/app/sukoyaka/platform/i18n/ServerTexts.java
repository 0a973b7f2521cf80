package app.sukoyaka.platform.i18n;

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
 * The texts the service writes for parents that belong to no other data file ({@code
 * server-texts.json} beside this class): yes and no, units and quantities, record sources and
 * states, the consent question, the notice push. Code asks for them by key and fills their
 * placeholders; their translations are rows of {@code translations/server-texts.json}, like every
 * other data file's. Read once; immutable.
 */
public final class ServerTexts {
  static final String RESOURCE = "/app/sukoyaka/platform/i18n/server-texts.json";
  private static final String FORMAT = "sukoyaka-server-texts/2";
  private static final ServerTexts LOADED = load();

  /** A text in Japanese and English. */
  public record Text(String ja, String en) {
    /** The text with {@code {name}} replaced by the value in both languages. */
    public Text fill(String name, String value) {
      String placeholder = "{" + name + "}";
      return new Text(ja.replace(placeholder, value), en.replace(placeholder, value));
    }

    /** The text with {@code {name}} replaced by the value, language by language. */
    public Text fill(String name, Text value) {
      String placeholder = "{" + name + "}";
      return new Text(ja.replace(placeholder, value.ja()), en.replace(placeholder, value.en()));
    }
  }

  /**
   * How a unit reads.
   *
   * @param quantity the template of a quantity in the unit, with {@code {value}}
   */
  public record Unit(Text unit, Text quantity) {
    /** The quantity as shown: the number, as given, in this unit. */
    public Text of(String value) {
      return quantity.fill("value", value);
    }
  }

  private final Map<String, Text> texts;
  private final Map<String, Unit> units;

  private ServerTexts(Map<String, Text> texts, Map<String, Unit> units) {
    this.texts = Collections.unmodifiableMap(texts);
    this.units = Collections.unmodifiableMap(units);
  }

  /** The texts shipped with the service. */
  public static ServerTexts get() {
    return LOADED;
  }

  private static ServerTexts load() {
    try (InputStream in = ServerTexts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + RESOURCE);
      }
      return read(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  static ServerTexts read(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalStateException(RESOURCE + ": unknown format " + root.path("format"));
    }
    Map<String, Text> texts = new LinkedHashMap<>();
    root.path("texts").fields().forEachRemaining(e -> texts.put(e.getKey(), text(e.getValue())));
    Map<String, Unit> units = new LinkedHashMap<>();
    root.path("units")
        .fields()
        .forEachRemaining(
            e -> {
              Unit unit =
                  new Unit(text(e.getValue().path("unit")), text(e.getValue().path("quantity")));
              if (!unit.quantity().ja().contains("{value}")
                  || !unit.quantity().en().contains("{value}")) {
                throw new IllegalStateException(
                    RESOURCE + ": the quantity of " + e.getKey() + " has no {value}");
              }
              units.put(e.getKey(), unit);
            });
    return new ServerTexts(texts, units);
  }

  private static Text text(JsonNode node) {
    String ja = node.path("ja").asText("");
    String en = node.path("en").asText("");
    if (ja.isBlank() || en.isBlank()) {
      throw new IllegalStateException(RESOURCE + ": a text without its Japanese or English");
    }
    return new Text(ja, en);
  }

  /** The text of that key; a key the file does not have is a mistake in the code. */
  public Text text(String key) {
    Text text = texts.get(key);
    if (text == null) {
      throw new IllegalArgumentException(RESOURCE + " has no text " + key);
    }
    return text;
  }

  /** How a UCUM unit reads, when the file says. */
  public Optional<Unit> unit(String ucum) {
    return Optional.ofNullable(units.get(ucum));
  }

  /** Every text by key, for the tests. */
  Map<String, Text> texts() {
    return texts;
  }
}
