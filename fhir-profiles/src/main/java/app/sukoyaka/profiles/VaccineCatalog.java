package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.CatalogJson.array;
import static app.sukoyaka.profiles.CatalogJson.label;
import static app.sukoyaka.profiles.CatalogJson.required;
import static app.sukoyaka.profiles.CatalogJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The vaccine catalog ({@code catalog/vaccines.json}: kinds, products, series with their dose
 * labels) and the mapping for vaccinations recorded abroad ({@code
 * catalog/vaccine-codes-abroad.json}): what a vaccine coding is in Japan's routine schedule.
 * Immutable and safe to share between threads; uses no HAPI type so domain code can depend on it.
 */
public final class VaccineCatalog {

  static final String FOLDER = "/app/sukoyaka/profiles/catalog/";
  static final String CATALOG = "vaccines.json";
  static final String ABROAD = "vaccine-codes-abroad.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> ABROAD_SYSTEMS =
      Set.of(
          SukoyakaCanonicals.CVX_SYSTEM,
          SukoyakaCanonicals.SNOMED_SYSTEM,
          SukoyakaCanonicals.ATC_SYSTEM);

  private final String version;
  private final LocalDate effectiveFrom;
  private final List<String> notes;
  private final List<String> abroadNotes;
  private final Map<String, VaccineSource> sources = new LinkedHashMap<>();
  private final Map<String, VaccineSeries> series = new LinkedHashMap<>();
  private final Map<String, VaccineKind> kinds = new LinkedHashMap<>();
  private final Map<String, VaccineKind> kindsByProduct = new LinkedHashMap<>();
  private final Map<String, VaccineKind> kindsByHotCode = new LinkedHashMap<>();
  private final List<VaccineCodeAbroad> abroad;
  private final Map<CodingRef, List<VaccineCodeAbroad>> abroadByCoding = new LinkedHashMap<>();

  private VaccineCatalog(
      String version,
      LocalDate effectiveFrom,
      List<String> notes,
      List<String> abroadNotes,
      List<VaccineSource> sources,
      List<VaccineSeries> series,
      List<VaccineKind> kinds,
      List<VaccineCodeAbroad> abroad) {
    this.version = version;
    this.effectiveFrom = effectiveFrom;
    this.notes = List.copyOf(notes);
    this.abroadNotes = List.copyOf(abroadNotes);
    this.abroad = List.copyOf(abroad);
    for (VaccineSource source : sources) {
      if (this.sources.putIfAbsent(source.id(), source) != null) {
        throw new IllegalArgumentException("Source listed twice: " + source.id());
      }
    }
    for (VaccineSeries one : series) {
      if (this.series.putIfAbsent(one.id(), one) != null) {
        throw new IllegalArgumentException("Series listed twice: " + one.id());
      }
      requireSources(one.id(), one.sources());
    }
    for (VaccineKind kind : kinds) {
      if (this.kinds.putIfAbsent(kind.code(), kind) != null) {
        throw new IllegalArgumentException("Vaccine kind listed twice: " + kind.code());
      }
      requireSources(kind.code(), kind.sources());
      kind.routine().forEach(period -> requireSources(kind.code(), period.sources()));
      for (String credit : kind.credits()) {
        if (!this.series.containsKey(credit)) {
          throw new IllegalArgumentException(kind.code() + ": unknown series " + credit);
        }
      }
      for (VaccineProduct product : kind.products()) {
        // A product code names one kind, so a product coding alone identifies the vaccine.
        if (kindsByProduct.putIfAbsent(product.code(), kind) != null) {
          throw new IllegalArgumentException("Product listed twice: " + product.code());
        }
        requireSources(product.code(), List.of(product.source()));
      }
      for (String hot : kind.hotCodes()) {
        if (kindsByHotCode.putIfAbsent(hot, kind) != null) {
          throw new IllegalArgumentException("HOT code listed twice: " + hot);
        }
      }
    }
    for (VaccineCodeAbroad row : abroad) {
      String name = row.coding().toString();
      if (!ABROAD_SYSTEMS.contains(row.coding().system())) {
        throw new IllegalArgumentException(name + ": not a CVX, SNOMED CT or ATC code");
      }
      if (row.sources().isEmpty()) {
        throw new IllegalArgumentException(name + ": a row names its source");
      }
      requireSources(name, row.sources());
      if (row.kind() != null && !this.kinds.containsKey(row.kind())) {
        throw new IllegalArgumentException(name + ": unknown vaccine kind " + row.kind());
      }
      if (row.product() != null) {
        VaccineKind owner = kindsByProduct.get(row.product());
        if (owner == null || (row.kind() != null && !owner.code().equals(row.kind()))) {
          throw new IllegalArgumentException(name + ": product " + row.product() + " not of kind");
        }
      }
      for (String credit : row.credits()) {
        if (!this.series.containsKey(credit)) {
          throw new IllegalArgumentException(name + ": unknown series " + credit);
        }
      }
      if (row.credits().isEmpty() && row.kind() == null && row.note() == null) {
        throw new IllegalArgumentException(name + ": a row that counts for nothing says why");
      }
      List<VaccineCodeAbroad> same =
          abroadByCoding.computeIfAbsent(row.coding(), coding -> new ArrayList<>());
      for (VaccineCodeAbroad other : same) {
        if (other.overlaps(row)) {
          throw new IllegalArgumentException(name + ": two rows apply on the same day");
        }
      }
      same.add(row);
    }
  }

  private void requireSources(String what, List<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(what + ": no source");
    }
    for (String id : ids) {
      if (!sources.containsKey(id)) {
        throw new IllegalArgumentException(what + ": unknown source " + id);
      }
    }
  }

  /** The catalog shipped on the class path; parsed once, then shared. */
  public static VaccineCatalog load() {
    return Holder.INSTANCE;
  }

  /** Parses a catalog and its mapping for records from abroad; fails on anything inconsistent. */
  static VaccineCatalog parse(InputStream catalog, InputStream abroad) {
    try {
      return fromTree(MAPPER.readTree(catalog), MAPPER.readTree(abroad));
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable vaccine catalog", e);
    }
  }

  public String version() {
    return version;
  }

  public LocalDate effectiveFrom() {
    return effectiveFrom;
  }

  /** How the catalog is to be read (HOT codes, routine periods, credits). */
  public List<String> notes() {
    return notes;
  }

  /** How the mapping for records from abroad is to be read. */
  public List<String> abroadNotes() {
    return abroadNotes;
  }

  /** Every source the catalog and the mapping cite, both files' together. */
  public List<VaccineSource> sources() {
    return List.copyOf(sources.values());
  }

  public Optional<VaccineSource> source(String id) {
    return Optional.ofNullable(sources.get(id));
  }

  /** The routine schedule's series, in the forecaster's order. */
  public List<VaccineSeries> series() {
    return List.copyOf(series.values());
  }

  public Optional<VaccineSeries> series(String id) {
    return Optional.ofNullable(series.get(id));
  }

  /** Every kind, routine ones first. */
  public List<VaccineKind> kinds() {
    return List.copyOf(kinds.values());
  }

  public Optional<VaccineKind> kind(String code) {
    return Optional.ofNullable(kinds.get(code));
  }

  /** The kind a product code belongs to. */
  public Optional<VaccineKind> kindOfProduct(String product) {
    return Optional.ofNullable(kindsByProduct.get(product));
  }

  /** Every row of the mapping for records from abroad, in file order. */
  public List<VaccineCodeAbroad> abroad() {
    return abroad;
  }

  /** The mapping row for a foreign code on the day of the dose, if any. */
  public Optional<VaccineCodeAbroad> abroad(String system, String code, LocalDate date) {
    if (system == null || code == null) {
      return Optional.empty();
    }
    return abroadByCoding.getOrDefault(new CodingRef(system, code), List.of()).stream()
        .filter(row -> row.appliesOn(date))
        .findFirst();
  }

  /** The dose labels of every series, each once, in series order. */
  public Set<String> allDoseLabels() {
    Set<String> labels = new LinkedHashSet<>();
    series.values().forEach(one -> labels.addAll(one.doseLabels()));
    return labels;
  }

  /** The dose labels a record of this kind may carry: its series'; null for a kind without. */
  public Set<String> doseLabels(VaccineKind kind) {
    if (kind.credits().isEmpty()) {
      return null;
    }
    Set<String> labels = new LinkedHashSet<>();
    kind.credits().forEach(credit -> labels.addAll(series.get(credit).doseLabels()));
    return labels;
  }

  /**
   * What the codings of a vaccine are on the day of the dose: our vaccine-kind or product coding
   * (or a HOT code the catalog lists) first, then a foreign code of the mapping. Empty when none is
   * known; the record is then kept with its coding as sent and counts for nothing.
   */
  public Optional<VaccineIdentity> identify(List<CodingRef> codings, LocalDate date) {
    VaccineKind kind = null;
    String product = null;
    CodingRef matched = null;
    for (CodingRef coding : codings) {
      if (SukoyakaCanonicals.VACCINE_KIND_SYSTEM.equals(coding.system())
          && kinds.containsKey(coding.code())) {
        kind = kind == null ? kinds.get(coding.code()) : kind;
        matched = matched == null ? coding : matched;
      } else if (SukoyakaCanonicals.VACCINE_PRODUCT_SYSTEM.equals(coding.system())
          && kindsByProduct.containsKey(coding.code())) {
        product = coding.code();
        kind = kind == null ? kindsByProduct.get(coding.code()) : kind;
        matched = matched == null ? coding : matched;
      } else if (SukoyakaCanonicals.HOT9_SYSTEM.equals(coding.system())
          && kindsByHotCode.containsKey(coding.code())) {
        kind = kind == null ? kindsByHotCode.get(coding.code()) : kind;
        matched = matched == null ? coding : matched;
      }
    }
    if (kind != null) {
      if (product != null && kind.product(product).isEmpty()) {
        // A product of another kind than the one named: which one was given is not certain.
        return Optional.empty();
      }
      return Optional.of(new VaccineIdentity(matched, kind, product, kind.credits(), null));
    }
    for (CodingRef coding : codings) {
      Optional<VaccineCodeAbroad> row = abroad(coding.system(), coding.code(), date);
      if (row.isPresent()) {
        VaccineCodeAbroad found = row.get();
        return Optional.of(
            new VaccineIdentity(
                coding,
                found.kind() == null ? null : kinds.get(found.kind()),
                found.product(),
                found.credits(),
                found));
      }
    }
    return Optional.empty();
  }

  private static VaccineCatalog fromTree(JsonNode catalog, JsonNode abroad) {
    List<VaccineSource> sources = new ArrayList<>();
    for (JsonNode document : List.of(catalog, abroad)) {
      for (JsonNode node : required(document, "sources")) {
        sources.add(
            new VaccineSource(text(node, "id"), text(node, "title"), text(node, "location")));
      }
    }
    List<VaccineSeries> series = new ArrayList<>();
    for (JsonNode node : required(catalog, "series")) {
      series.add(
          new VaccineSeries(
              text(node, "id"),
              label(required(node, "label")),
              array(required(node, "doseLabels"), JsonNode::asText),
              array(required(node, "sources"), JsonNode::asText)));
    }
    List<VaccineKind> kinds = new ArrayList<>();
    for (JsonNode node : required(catalog, "kinds")) {
      String code = text(node, "code");
      try {
        kinds.add(
            new VaccineKind(
                code,
                label(required(node, "label")),
                new LinkedHashSet<>(
                    array(
                        required(node, "recipients"),
                        value -> Subject.fromJsonName(value.asText()))),
                array(required(node, "routine"), VaccineCatalog::routinePeriod),
                array(required(node, "credits"), JsonNode::asText),
                array(
                    required(node, "products"),
                    product ->
                        new VaccineProduct(
                            text(product, "code"),
                            label(required(product, "label")),
                            text(product, "source"))),
                array(required(node, "hotCodes"), JsonNode::asText),
                node.has("note") ? label(node.get("note")) : null,
                array(required(node, "sources"), JsonNode::asText)));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "Invalid vaccine kind " + code + ": " + e.getMessage(), e);
      }
    }
    List<VaccineCodeAbroad> rows = new ArrayList<>();
    for (JsonNode node : required(abroad, "codes")) {
      String name = text(node, "system") + "|" + text(node, "code");
      try {
        JsonNode effective = required(node, "effective");
        rows.add(
            new VaccineCodeAbroad(
                new CodingRef(text(node, "system"), text(node, "code")),
                text(node, "display"),
                node.hasNonNull("kind") ? text(node, "kind") : null,
                node.hasNonNull("product") ? text(node, "product") : null,
                array(required(node, "credits"), JsonNode::asText),
                node.has("note") ? label(node.get("note")) : null,
                LocalDate.parse(text(effective, "from")),
                effective.hasNonNull("to") ? LocalDate.parse(text(effective, "to")) : null,
                array(required(node, "sources"), JsonNode::asText)));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("Invalid row " + name + ": " + e.getMessage(), e);
      }
    }
    return new VaccineCatalog(
        text(catalog, "version"),
        LocalDate.parse(text(catalog, "effectiveFrom")),
        array(required(catalog, "notes"), JsonNode::asText),
        array(required(abroad, "notes"), JsonNode::asText),
        sources,
        series,
        kinds,
        rows);
  }

  private static RoutinePeriod routinePeriod(JsonNode node) {
    return new RoutinePeriod(
        LocalDate.parse(text(node, "from")),
        node.hasNonNull("to") ? LocalDate.parse(text(node, "to")) : null,
        Subject.fromJsonName(text(node, "recipient")),
        node.hasNonNull("sex") ? text(node, "sex") : null,
        node.has("note") ? label(node.get("note")) : null,
        array(required(node, "sources"), JsonNode::asText));
  }

  private static final class Holder {
    private static final VaccineCatalog INSTANCE = loadFromClasspath();

    private static VaccineCatalog loadFromClasspath() {
      try (InputStream catalog = VaccineCatalog.class.getResourceAsStream(FOLDER + CATALOG);
          InputStream abroad = VaccineCatalog.class.getResourceAsStream(FOLDER + ABROAD)) {
        if (catalog == null || abroad == null) {
          throw new IllegalStateException("Vaccine catalog not on the class path: " + FOLDER);
        }
        return parse(catalog, abroad);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
