package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.CatalogJson.label;
import static app.sukoyaka.profiles.CatalogJson.list;
import static app.sukoyaka.profiles.CatalogJson.required;
import static app.sukoyaka.profiles.CatalogJson.text;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The national pre-vaccination questionnaire (予防接種予診票) as data ({@code
 * vaccination-prescreening.json}): its questions in the order of the form, each with its Japanese
 * and English text, answer type, the vaccines it is asked for, when it applies and its sources. The
 * FHIR Questionnaire {@code vaccination-prescreening} and the profile of its responses are
 * generated from it; the service checks the guardian's answers against it. Immutable and
 * thread-safe; no HAPI type, so domain code can use it.
 */
public final class PrescreeningQuestionnaire {

  /** Classpath location of the questionnaire. */
  public static final String RESOURCE =
      "/app/sukoyaka/profiles/catalog/vaccination-prescreening.json";

  private static final String FORMAT = "sukoyaka-prescreening-questionnaire/1";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** How a question is answered; the names are FHIR's Questionnaire item types. */
  public enum ItemType {
    BOOLEAN("boolean"),
    DECIMAL("decimal"),
    INTEGER("integer"),
    STRING("string"),
    DATE("date"),
    CHOICE("choice");

    private final String fhirCode;

    ItemType(String fhirCode) {
      this.fhirCode = fhirCode;
    }

    /** The code of Questionnaire.item.type. */
    public String fhirCode() {
      return fhirCode;
    }

    static ItemType fromFhirCode(String code) {
      for (ItemType type : values()) {
        if (type.fhirCode.equals(code)) {
          return type;
        }
      }
      throw new IllegalArgumentException("unknown item type " + code);
    }
  }

  /** Where a question or rule comes from. */
  public record Source(String id, String title, String location) {}

  /** A vaccine the questionnaire serves, by the routine schedule's vaccine id. */
  public record Vaccine(String id, LocalizedText name) {}

  /**
   * One answer of a choice question.
   *
   * @param system the code system of a coded answer, null for the vaccine (answered by its id)
   */
  public record Option(String system, String code, LocalizedText label) {}

  /** A shared answer list, published as a CodeSystem and ValueSet. */
  public record AnswerSet(
      String code, String system, LocalizedText title, String description, List<Option> answers) {
    public AnswerSet {
      answers = List.copyOf(answers);
    }
  }

  /** A follow-up question is asked only when the question it follows has this boolean answer. */
  public record EnableWhen(String linkId, boolean answer) {}

  /** The unit of a numeric answer (UCUM code and how it is shown). */
  public record Unit(String ucum, LocalizedText label) {}

  /** The values an answer can have at all; outside it the answer is a typo. */
  public record Range(BigDecimal min, BigDecimal max) {
    public boolean contains(BigDecimal value) {
      return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }
  }

  /**
   * One question.
   *
   * @param required must be answered whenever it is asked
   * @param repeats a choice that takes several answers
   * @param vaccines the vaccines it is asked for; empty: every vaccine (a follow-up question takes
   *     the vaccines of the question it follows)
   * @param enableWhen for a follow-up question, the answer that makes it asked; else null
   * @param options the answers of a choice
   * @param unit for a number, its unit; else null
   * @param range for a number, the values it can have; else null
   * @param fromRequest the request member that fills it ({@code vaccine}, {@code dose}), null when
   *     the guardian answers it
   * @param forecastFlag the forecast flag a yes sets ({@code hadVaricella} …), else null
   * @param effectiveTo last day it is asked, null while in force
   * @param note why it is worded or placed as it is; null when nothing needs saying
   */
  public record Item(
      String linkId,
      LocalizedText text,
      ItemType type,
      boolean required,
      boolean repeats,
      Set<String> vaccines,
      EnableWhen enableWhen,
      List<Option> options,
      String answerSet,
      Unit unit,
      Range range,
      String fromRequest,
      String forecastFlag,
      LocalDate effectiveFrom,
      LocalDate effectiveTo,
      List<String> sources,
      String note) {
    public Item {
      Objects.requireNonNull(linkId, "linkId");
      Objects.requireNonNull(type, "type");
      vaccines = Set.copyOf(vaccines);
      options = List.copyOf(options);
      sources = List.copyOf(sources);
    }

    /** Whether it is in force on that day. */
    public boolean inEffect(LocalDate date) {
      return !date.isBefore(effectiveFrom) && (effectiveTo == null || !date.isAfter(effectiveTo));
    }

    /** The option with this code, if a choice offers it. */
    public Optional<Option> option(String code) {
      return options.stream().filter(option -> option.code().equals(code)).findFirst();
    }
  }

  private final String version;
  private final LocalDate effectiveFrom;
  private final LocalizedText title;
  private final List<String> notes;
  private final Map<String, Source> sources;
  private final List<Vaccine> vaccines;
  private final List<AnswerSet> answerSets;
  private final List<Item> items;
  private final Map<String, Item> itemsByLinkId = new LinkedHashMap<>();
  private final Map<String, Vaccine> vaccinesById = new LinkedHashMap<>();

  private PrescreeningQuestionnaire(
      String version,
      LocalDate effectiveFrom,
      LocalizedText title,
      List<String> notes,
      Map<String, Source> sources,
      List<Vaccine> vaccines,
      List<AnswerSet> answerSets,
      List<Item> items) {
    this.version = version;
    this.effectiveFrom = effectiveFrom;
    this.title = title;
    this.notes = List.copyOf(notes);
    this.sources = Map.copyOf(sources);
    this.vaccines = List.copyOf(vaccines);
    this.answerSets = List.copyOf(answerSets);
    this.items = List.copyOf(items);
    vaccines.forEach(
        vaccine -> {
          if (vaccinesById.putIfAbsent(vaccine.id(), vaccine) != null) {
            throw new IllegalArgumentException("Vaccine listed twice: " + vaccine.id());
          }
        });
    for (Item item : items) {
      if (itemsByLinkId.containsKey(item.linkId())) {
        throw new IllegalArgumentException("linkId used twice: " + item.linkId());
      }
      for (String vaccine : item.vaccines()) {
        if (!vaccinesById.containsKey(vaccine)) {
          throw new IllegalArgumentException(item.linkId() + ": unknown vaccine " + vaccine);
        }
      }
      for (String source : item.sources()) {
        if (!sources.containsKey(source)) {
          throw new IllegalArgumentException(item.linkId() + ": unknown source " + source);
        }
      }
      if (item.enableWhen() != null) {
        // A follow-up follows an earlier yes/no question, so the form reads top to bottom.
        Item followed = itemsByLinkId.get(item.enableWhen().linkId());
        if (followed == null || followed.type() != ItemType.BOOLEAN) {
          throw new IllegalArgumentException(
              item.linkId() + ": follows no earlier yes/no question " + item.enableWhen());
        }
        if (!item.vaccines().isEmpty()) {
          throw new IllegalArgumentException(
              item.linkId() + ": a follow-up is asked for the vaccines of the question it follows");
        }
      }
      if (item.type() == ItemType.CHOICE && item.options().isEmpty()) {
        throw new IllegalArgumentException(item.linkId() + ": a choice without answers");
      }
      if (item.type() != ItemType.CHOICE && (!item.options().isEmpty() || item.repeats())) {
        throw new IllegalArgumentException(item.linkId() + ": answers listed for a non-choice");
      }
      boolean numeric = item.type() == ItemType.DECIMAL || item.type() == ItemType.INTEGER;
      if (numeric != (item.range() != null) || numeric != (item.unit() != null)) {
        throw new IllegalArgumentException(
            item.linkId() + ": numbers, and only they, need a range");
      }
      if (item.forecastFlag() != null && item.type() != ItemType.BOOLEAN) {
        throw new IllegalArgumentException(item.linkId() + ": only a yes/no sets a flag");
      }
      itemsByLinkId.put(item.linkId(), item);
    }
  }

  /** The questionnaire shipped on the classpath; parsed once, then shared. */
  public static PrescreeningQuestionnaire load() {
    return Holder.INSTANCE;
  }

  /** Parses a questionnaire document; fails on anything inconsistent rather than guessing. */
  public static PrescreeningQuestionnaire parse(InputStream in) {
    try {
      return fromTree(MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable pre-vaccination questionnaire", e);
    }
  }

  /** Version of this data; a change in the national form is a new version. */
  public String version() {
    return version;
  }

  public LocalDate effectiveFrom() {
    return effectiveFrom;
  }

  public LocalizedText title() {
    return title;
  }

  public List<String> notes() {
    return notes;
  }

  /** Sources by id. */
  public Map<String, Source> sources() {
    return sources;
  }

  /** The vaccines it serves, in the order a form lists them. */
  public List<Vaccine> vaccines() {
    return vaccines;
  }

  public Optional<Vaccine> vaccine(String id) {
    return Optional.ofNullable(vaccinesById.get(id));
  }

  public List<AnswerSet> answerSets() {
    return answerSets;
  }

  /** Every question in the order of the form. */
  public List<Item> items() {
    return items;
  }

  public Optional<Item> item(String linkId) {
    return Optional.ofNullable(itemsByLinkId.get(linkId));
  }

  /**
   * The questions of the form for a vaccine on a day, in order: those for every vaccine and those
   * for this one, in force that day, with their follow-ups (which are asked only after a yes).
   */
  public List<Item> itemsFor(String vaccine, LocalDate date) {
    List<Item> asked = new ArrayList<>();
    Set<String> askedIds = new LinkedHashSet<>();
    for (Item item : items) {
      boolean applies =
          item.enableWhen() == null
              ? item.vaccines().isEmpty() || item.vaccines().contains(vaccine)
              : askedIds.contains(item.enableWhen().linkId());
      if (applies && item.inEffect(date)) {
        asked.add(item);
        askedIds.add(item.linkId());
      }
    }
    return asked;
  }

  /** The vaccines a question is asked for: its own, or those of the question it follows. */
  public Set<String> vaccinesOf(Item item) {
    Item root = item;
    while (root.enableWhen() != null) {
      root = itemsByLinkId.get(root.enableWhen().linkId());
    }
    return root.vaccines();
  }

  private static PrescreeningQuestionnaire fromTree(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("Not a " + FORMAT + " document");
    }
    Map<String, Source> sources = new LinkedHashMap<>();
    root.path("sources")
        .fields()
        .forEachRemaining(
            field ->
                sources.put(
                    field.getKey(),
                    new Source(
                        field.getKey(),
                        text(field.getValue(), "title"),
                        text(field.getValue(), "location"))));
    List<Vaccine> vaccines =
        list(
            required(root, "vaccines"),
            node -> new Vaccine(text(node, "id"), label(required(node, "name"))));
    Map<String, AnswerSet> answerSets = new LinkedHashMap<>();
    for (JsonNode node : root.path("answerSets")) {
      String code = text(node, "code");
      String system = SukoyakaCanonicals.BASE_URL + "/CodeSystem/" + code;
      answerSets.put(
          code,
          new AnswerSet(
              code,
              system,
              label(required(node, "title")),
              text(node, "description"),
              list(
                  required(node, "answers"),
                  answer ->
                      new Option(system, text(answer, "code"), label(required(answer, "label"))))));
    }
    List<Option> vaccineOptions =
        vaccines.stream().map(v -> new Option(null, v.id(), v.name())).toList();
    List<Item> items = new ArrayList<>();
    for (JsonNode node : required(root, "items")) {
      String linkId = text(node, "linkId");
      try {
        items.add(item(node, answerSets, vaccineOptions));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("Invalid item " + linkId + ": " + e.getMessage(), e);
      }
    }
    return new PrescreeningQuestionnaire(
        text(root, "version"),
        LocalDate.parse(text(root, "effectiveFrom")),
        label(required(root, "title")),
        list(root.path("notes"), JsonNode::asText),
        sources,
        vaccines,
        List.copyOf(answerSets.values()),
        items);
  }

  private static Item item(
      JsonNode node, Map<String, AnswerSet> answerSets, List<Option> vaccineOptions) {
    ItemType type = ItemType.fromFhirCode(text(node, "type"));
    List<Option> options = List.of();
    String answerSet = null;
    if (node.has("answerSet")) {
      answerSet = text(node, "answerSet");
      AnswerSet set = answerSets.get(answerSet);
      if (set == null) {
        throw new IllegalArgumentException("unknown answer set " + answerSet);
      }
      options = set.answers();
    } else if (node.has("answerOptions")) {
      if (!"vaccines".equals(text(node, "answerOptions"))) {
        throw new IllegalArgumentException("answerOptions names no known list");
      }
      // The vaccine is answered by its id, a string; FHIR offers the ids as string options.
      options = vaccineOptions;
    }
    JsonNode when = node.get("enableWhen");
    JsonNode unit = node.get("unit");
    JsonNode range = node.get("range");
    JsonNode effective = required(node, "effective");
    return new Item(
        text(node, "linkId"),
        label(required(node, "text")),
        type,
        required(node, "required").booleanValue(),
        node.path("repeats").asBoolean(false),
        new LinkedHashSet<>(list(node.path("vaccines"), JsonNode::asText)),
        when == null
            ? null
            : new EnableWhen(text(when, "linkId"), required(when, "answer").booleanValue()),
        options,
        answerSet,
        unit == null
            ? null
            : new Unit(text(unit, "ucum"), new LocalizedText(text(unit, "ja"), text(unit, "en"))),
        range == null
            ? null
            : new Range(
                required(range, "min").decimalValue(), required(range, "max").decimalValue()),
        node.hasNonNull("fromRequest") ? text(node, "fromRequest") : null,
        node.hasNonNull("forecastFlag") ? text(node, "forecastFlag") : null,
        LocalDate.parse(text(effective, "from")),
        effective.hasNonNull("to") ? LocalDate.parse(text(effective, "to")) : null,
        list(required(node, "sources"), JsonNode::asText),
        node.hasNonNull("note") ? text(node, "note") : null);
  }

  private static final class Holder {
    private static final PrescreeningQuestionnaire INSTANCE = loadFromClasspath();

    private static PrescreeningQuestionnaire loadFromClasspath() {
      try (InputStream in = PrescreeningQuestionnaire.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("Questionnaire not on the classpath: " + RESOURCE);
        }
        return parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
