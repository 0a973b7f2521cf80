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
import java.util.Optional;
import java.util.function.Function;

/**
 * The checkup item catalog ({@code checkup-items.json}): the single source of the items a checkup
 * records, from which the FHIR profiles' item codes, value set and invariants are generated.
 * Immutable and safe to share between threads. Uses no HAPI type so domain code can depend on it.
 */
public final class CheckupItemCatalog {

  /** Classpath location of the catalog. */
  public static final String RESOURCE = "/app/sukoyaka/profiles/catalog/checkup-items.json";

  /** Classpath folder of the part documents the catalog header names. */
  static final String PARTS_FOLDER = "/app/sukoyaka/profiles/catalog/";

  // Exact decimals: 0.001 must stay 0.001 when it becomes a conversion factor.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** The FHIR vital-signs blood pressure panel; its components are systolic and diastolic. */
  public static final CodingRef BLOOD_PRESSURE_PANEL =
      new CodingRef(SukoyakaCanonicals.LOINC_SYSTEM, "85354-9");

  private final String version;
  private final LocalDate effectiveFrom;
  private final List<String> sources;
  private final List<String> notes;
  private final List<CatalogItem> items;
  private final List<CatalogPanel> panels;
  private final Map<String, AnswerSet> answerSets = new LinkedHashMap<>();
  private final Map<String, CheckupKind> kinds = new LinkedHashMap<>();
  private final Map<String, CatalogItem> itemsByCode = new LinkedHashMap<>();
  private final Map<CodingRef, CatalogItem> itemsByCoding = new LinkedHashMap<>();
  private final Map<CodingRef, CatalogPanel> panelsByCoding = new LinkedHashMap<>();

  private CheckupItemCatalog(
      String version,
      LocalDate effectiveFrom,
      List<String> sources,
      List<String> notes,
      List<CatalogItem> items,
      List<CatalogPanel> panels,
      List<CheckupKind> kinds,
      List<AnswerSet> answerSets) {
    this.version = version;
    this.effectiveFrom = effectiveFrom;
    this.sources = List.copyOf(sources);
    this.notes = List.copyOf(notes);
    this.items = List.copyOf(items);
    this.panels = List.copyOf(panels);
    for (CheckupKind kind : kinds) {
      if (this.kinds.putIfAbsent(kind.code(), kind) != null) {
        throw new IllegalArgumentException("Checkup kind listed twice: " + kind.code());
      }
    }
    for (AnswerSet set : answerSets) {
      if (this.answerSets.putIfAbsent(set.code(), set) != null) {
        throw new IllegalArgumentException("Answer set listed twice: " + set.code());
      }
    }
    for (CatalogItem item : items) {
      if (itemsByCode.putIfAbsent(item.code(), item) != null) {
        throw new IllegalArgumentException("Duplicate item code: " + item.code());
      }
      if (item.answerSet() != null && !this.answerSets.containsKey(item.answerSet())) {
        throw new IllegalArgumentException(
            item.code() + ": unknown answer set " + item.answerSet());
      }
      for (String kindCode : item.checkups()) {
        CheckupKind kind = this.kinds.get(kindCode);
        if (kind == null) {
          throw new IllegalArgumentException(item.code() + ": unknown checkup kind " + kindCode);
        }
        // A child's checkup never records the mother; a delivery (the mother's Encounter) does
        // record the newborn at birth.
        if (kind.subject() == Subject.CHILD && !item.isAbout(Subject.CHILD)) {
          throw new IllegalArgumentException(
              item.code() + ": a mother's item cannot belong to the child's " + kindCode);
        }
      }
      for (CodingRef coding : item.fhirCodes()) {
        // One coding naming two items would make a finding's meaning depend on lookup order.
        if (itemsByCoding.putIfAbsent(coding, item) != null) {
          throw new IllegalArgumentException("Coding " + coding + " names two items");
        }
      }
    }
    for (CatalogPanel panel : panels) {
      for (CodingRef coding : panel.fhirCodes()) {
        if (itemsByCoding.containsKey(coding)
            || panelsByCoding.putIfAbsent(coding, panel) != null) {
          throw new IllegalArgumentException("Panel coding " + coding + " is not unique");
        }
      }
      for (String component : panel.components()) {
        if (!itemsByCode.containsKey(component)) {
          throw new IllegalArgumentException(
              panel.code() + ": component " + component + " is not a catalog item");
        }
      }
    }
  }

  /** The catalog shipped on the classpath; parsed once, then shared. */
  public static CheckupItemCatalog load() {
    return Holder.INSTANCE;
  }

  /**
   * Parses a catalog: the header document and the part documents it names, resolved by {@code
   * parts}; fails on anything inconsistent rather than guessing.
   */
  static CheckupItemCatalog parse(InputStream header, Function<String, InputStream> parts) {
    try {
      JsonNode root = MAPPER.readTree(header);
      List<JsonNode> documents = new ArrayList<>();
      for (JsonNode name : required(root, "parts")) {
        try (InputStream part = parts.apply(name.asText())) {
          if (part == null) {
            throw new IllegalArgumentException("Catalog part not found: " + name.asText());
          }
          documents.add(MAPPER.readTree(part));
        }
      }
      return fromTree(root, documents);
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable checkup item catalog", e);
    }
  }

  /** Catalog version; profiles generated from it carry the same version. */
  public String version() {
    return version;
  }

  /** The date from which this catalog version applies. */
  public LocalDate effectiveFrom() {
    return effectiveFrom;
  }

  /** The official documents the items come from. */
  public List<String> sources() {
    return sources;
  }

  /** Notes on how the catalog is to be read. */
  public List<String> notes() {
    return notes;
  }

  /** All items in catalog order (the order of the handbook page). */
  public List<CatalogItem> items() {
    return items;
  }

  /** Observations that carry items as components, such as the blood pressure panel. */
  public List<CatalogPanel> panels() {
    return panels;
  }

  /** The item with our code. */
  public Optional<CatalogItem> byCode(String code) {
    return Optional.ofNullable(itemsByCode.get(code));
  }

  /**
   * The item that a coding (LOINC, MEDIS or our own) names; also resolves the component codes of a
   * panel.
   */
  public Optional<CatalogItem> byCoding(String system, String code) {
    return Optional.ofNullable(itemsByCoding.get(new CodingRef(system, code)));
  }

  /** The shared answer lists, in catalog order. */
  public List<AnswerSet> answerSets() {
    return List.copyOf(answerSets.values());
  }

  /** The answer set with this code. */
  public Optional<AnswerSet> answerSet(String code) {
    return Optional.ofNullable(answerSets.get(code));
  }

  /** The items a kind of checkup records, in catalog order. */
  public List<CatalogItem> itemsOf(String kindCode) {
    return items.stream().filter(item -> item.checkups().contains(kindCode)).toList();
  }

  /** The kinds of checkup (妊婦健診, 乳幼児健診 …), in the catalog's order. */
  public List<CheckupKind> kinds() {
    return List.copyOf(kinds.values());
  }

  public Optional<CheckupKind> kind(String code) {
    return Optional.ofNullable(kinds.get(code));
  }

  /** The kind's label, or the code itself for a kind this catalog version does not know. */
  public LocalizedText kindLabel(String code) {
    CheckupKind kind = kinds.get(code);
    return kind == null ? new LocalizedText(code, code) : kind.label();
  }

  /** The panel that a coding names. */
  public Optional<CatalogPanel> panelByCoding(String system, String code) {
    return Optional.ofNullable(panelsByCoding.get(new CodingRef(system, code)));
  }

  private static CheckupItemCatalog fromTree(JsonNode root, List<JsonNode> parts) {
    List<String> sources = new ArrayList<>(list(required(root, "source"), JsonNode::asText));
    List<AnswerSet> answerSets = new ArrayList<>();
    List<CatalogItem> items = new ArrayList<>();
    List<CatalogPanel> panels = new ArrayList<>();
    for (JsonNode part : parts) {
      sources.addAll(list(part.path("source"), JsonNode::asText));
      for (JsonNode node : part.path("answerSets")) {
        answerSets.add(answerSet(node));
      }
    }
    Map<String, AnswerSet> setsByCode = new LinkedHashMap<>();
    answerSets.forEach(set -> setsByCode.putIfAbsent(set.code(), set));
    for (JsonNode part : parts) {
      for (JsonNode node : required(part, "items")) {
        items.add(item(node, setsByCode));
      }
      for (JsonNode node : part.path("panels")) {
        panels.add(
            new CatalogPanel(
                text(node, "code"),
                label(required(node, "label")),
                list(required(node, "fhirCodes"), CheckupItemCatalog::coding),
                list(required(node, "components"), JsonNode::asText),
                text(node, "source")));
      }
    }
    return new CheckupItemCatalog(
        text(root, "version"),
        LocalDate.parse(text(root, "effectiveFrom")),
        sources.stream().distinct().toList(),
        list(root.path("notes"), JsonNode::asText),
        items,
        panels,
        list(
            required(root, "checkupKinds"),
            node ->
                new CheckupKind(
                    text(node, "code"),
                    label(required(node, "label")),
                    Subject.fromJsonName(text(node, "subject")),
                    new LinkedHashSet<>(list(required(node, "encounterClasses"), JsonNode::asText)),
                    node.path("municipalOwn").asBoolean(false),
                    node.path("endsPregnancy").asBoolean(false))),
        answerSets);
  }

  private static AnswerSet answerSet(JsonNode node) {
    String code = text(node, "code");
    try {
      String system = text(node, "system");
      return new AnswerSet(
          code,
          system,
          label(required(node, "title")),
          text(node, "description"),
          required(node, "provisional").booleanValue(),
          text(node, "source"),
          list(
              required(node, "answers"),
              answer ->
                  new AnswerCode(
                      system,
                      text(answer, "code"),
                      label(required(answer, "label")),
                      answer.has("explanation") ? label(answer.get("explanation")) : null)));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("Invalid answer set " + code + ": " + e.getMessage(), e);
    }
  }

  private static CatalogItem item(JsonNode node, Map<String, AnswerSet> answerSets) {
    String code = text(node, "code");
    try {
      List<Subject> subjects =
          list(required(node, "subjects"), value -> Subject.fromJsonName(value.asText()));
      Map<Subject, PlausibleRange> ranges = new LinkedHashMap<>();
      JsonNode range = node.path("plausibleRange");
      if (range.has("min")) {
        subjects.forEach(subject -> ranges.put(subject, range(range)));
      } else {
        range
            .fields()
            .forEachRemaining(
                field -> ranges.put(Subject.fromJsonName(field.getKey()), range(field.getValue())));
      }
      String answerSet = node.hasNonNull("answerSet") ? text(node, "answerSet") : null;
      List<AnswerCode> answers = List.of();
      if (answerSet != null) {
        AnswerSet set = answerSets.get(answerSet);
        if (set == null) {
          throw new IllegalArgumentException("unknown answer set " + answerSet);
        }
        answers = set.answers();
      }
      List<Recorder> recorders =
          node.has("recordedBy")
              ? list(node.get("recordedBy"), value -> Recorder.fromJsonName(value.asText()))
              : List.of(Recorder.CLINIC);
      return new CatalogItem(
          code,
          label(required(node, "label")),
          ValueType.fromJsonName(text(node, "valueType")),
          list(
              node.path("units"),
              unit -> new UnitConversion(text(unit, "ucum"), decimal(unit, "factor"))),
          answers,
          ranges,
          new LinkedHashSet<>(list(required(node, "checkups"), JsonNode::asText)),
          required(node, "mandatoryDigitisation").booleanValue(),
          list(required(node, "fhirCodes"), CheckupItemCatalog::coding),
          text(node, "source"),
          new LinkedHashSet<>(subjects),
          text(node, "category"),
          new LinkedHashSet<>(recorders),
          answerSet,
          node.has("specimen") ? label(node.get("specimen")) : null);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("Invalid catalog item " + code + ": " + e.getMessage(), e);
    }
  }

  private static PlausibleRange range(JsonNode node) {
    return new PlausibleRange(decimal(node, "min"), decimal(node, "max"));
  }

  private static CodingRef coding(JsonNode node) {
    return new CodingRef(text(node, "system"), text(node, "code"));
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    return required(node, field).decimalValue();
  }

  private static final class Holder {
    private static final CheckupItemCatalog INSTANCE = loadFromClasspath();

    private static CheckupItemCatalog loadFromClasspath() {
      try (InputStream in = CheckupItemCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("Catalog not on the classpath: " + RESOURCE);
        }
        return parse(in, part -> CheckupItemCatalog.class.getResourceAsStream(PARTS_FOLDER + part));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
