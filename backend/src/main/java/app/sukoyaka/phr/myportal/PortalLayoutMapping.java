package app.sukoyaka.phr.myportal;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineKind;
import app.sukoyaka.profiles.ValueType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping from the portal's data layout to our records, read from {@link #RESOURCE}: which
 * layout item is which catalog item, in which unit, with which code values. Checked against the
 * item and vaccine catalogs when read, so a mapping that names an item, answer, vaccine or dose we
 * do not know stops the start-up instead of failing records later.
 */
public final class PortalLayoutMapping {
  public static final String RESOURCE = "app/sukoyaka/phr/myportal/portal-layout-mapping.json";
  public static final String FORMAT = "sukoyaka-my-portal-mapping/1";

  /** A layout item that is a measurement, in the unit the layout gives it. */
  public record Quantity(String layoutItem, String item, String unit) {}

  /** A layout item whose values are codes, with our answer code for each. */
  public record Coded(String layoutItem, String item, Map<String, String> values) {}

  /** What the layout calls a vaccine: our vaccine kind and, where the layout names it, product. */
  public record Vaccine(String kind, String product) {}

  /** The items of one kind of checkup record. */
  public record CheckupLayout(
      String kindItem,
      Map<String, String> kinds,
      String visitDateItem,
      String ageItem,
      String gestationalWeeksItem,
      String gestationalDaysItem,
      String facilityCodeItem,
      String facilityNameItem,
      List<Quantity> quantities,
      List<Coded> coded,
      String findingsItem,
      String findingNameMember,
      String findingValueMember,
      String findingTextMember,
      Map<String, String> findingItems,
      Map<String, String> findingValues) {}

  /** The items of a vaccination record. */
  public record DoseLayout(
      String vaccineItem,
      Map<String, Vaccine> vaccines,
      String doseItem,
      Map<String, Map<String, String>> doseLabels,
      String dateItem,
      String lotItem,
      String facilityCodeItem,
      String facilityNameItem,
      String routineItem,
      Map<String, Boolean> routineValues) {

    /** Our dose label for the layout's dose number of this vaccine kind, or null. */
    public String doseLabel(String kind, String number) {
      Map<String, String> labels = doseLabels.getOrDefault(kind, doseLabels.get("default"));
      return labels == null ? null : labels.get(number);
    }
  }

  private final String version;
  private final LocalDate effectiveFrom;
  private final List<String> sources;
  private final Basis basis;
  private final CheckupLayout infant;
  private final CheckupLayout prenatal;
  private final DoseLayout doses;

  private PortalLayoutMapping(
      String version,
      LocalDate effectiveFrom,
      List<String> sources,
      Basis basis,
      CheckupLayout infant,
      CheckupLayout prenatal,
      DoseLayout doses) {
    this.version = version;
    this.effectiveFrom = effectiveFrom;
    this.sources = List.copyOf(sources);
    this.basis = basis;
    this.infant = infant;
    this.prenatal = prenatal;
    this.doses = doses;
  }

  /** The bundled mapping, checked against the catalogs. */
  public static PortalLayoutMapping load(CheckupItemCatalog catalog, VaccineCatalog vaccines) {
    try (InputStream in =
        PortalLayoutMapping.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      return read(new ObjectMapper().readTree(in), catalog, vaccines);
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE + " cannot be read", e);
    }
  }

  /** A mapping from its JSON, checked against the catalogs; every problem is named at once. */
  public static PortalLayoutMapping read(
      JsonNode root, CheckupItemCatalog catalog, VaccineCatalog vaccines) {
    List<String> problems = new ArrayList<>();
    if (!FORMAT.equals(root.path("format").asText())) {
      problems.add("format must be " + FORMAT);
    }
    String version = root.path("version").asText("");
    if (version.isBlank()) {
      problems.add("version is missing");
    }
    LocalDate effectiveFrom = null;
    try {
      effectiveFrom = LocalDate.parse(root.path("effectiveFrom").asText());
    } catch (RuntimeException e) {
      problems.add("effectiveFrom is not a date");
    }
    List<String> sources = new ArrayList<>();
    root.path("sources").forEach(s -> sources.add(s.path("title").asText()));
    if (sources.isEmpty()) {
      problems.add("sources are missing: a mapping names where its layout comes from");
    }
    // The official layout is not public: the file must say what it follows until it is, and what
    // to change when it is published.
    JsonNode basisNode = root.path("basis");
    Basis basis =
        new Basis(
            basisNode.path("officialLayoutPublished").asBoolean(false),
            basisNode.path("en").asText(""),
            basisNode.path("ja").asText(""),
            new ArrayList<>());
    basisNode.path("whenPublished").forEach(step -> basis.whenPublished().add(step.asText()));
    if (!basisNode.path("officialLayoutPublished").isBoolean()
        || basis.en().isBlank()
        || basis.ja().isBlank()) {
      problems.add(
          "basis must say whether the official layout is published and, in ja and en, what the"
              + " mapping follows");
    } else if (!basis.officialLayoutPublished()
        && (basis.whenPublished().isEmpty() || !version.endsWith("-provisional"))) {
      problems.add(
          "a mapping made before the official layout is published says what to change when it"
              + " is (basis.whenPublished) and has a -provisional version");
    }
    JsonNode infantNode = root.path("infantCheckup");
    JsonNode findings = infantNode.path("findings");
    JsonNode judgements = infantNode.path("judgements");
    List<Coded> infantCoded = new ArrayList<>();
    Map<String, String> judgementValues = strings(judgements.path("values"));
    strings(judgements.path("items"))
        .forEach(
            (layoutItem, item) -> infantCoded.add(new Coded(layoutItem, item, judgementValues)));
    CheckupLayout infant =
        new CheckupLayout(
            text(infantNode, "kindItem", problems),
            strings(infantNode.path("kinds")),
            text(infantNode, "visitDateItem", problems),
            infantNode.path("ageItem").asText(null),
            null,
            null,
            infantNode.path("facilityCodeItem").asText(null),
            text(infantNode, "facilityNameItem", problems),
            quantities(infantNode.path("quantities")),
            infantCoded,
            text(findings, "layoutItem", problems),
            text(findings, "nameMember", problems),
            text(findings, "valueMember", problems),
            findings.path("textMember").asText(null),
            strings(findings.path("items")),
            strings(findings.path("values")));
    JsonNode prenatalNode = root.path("prenatalCheckup");
    List<Coded> prenatalCoded = new ArrayList<>();
    prenatalNode
        .path("coded")
        .forEach(
            c ->
                prenatalCoded.add(
                    new Coded(
                        c.path("layoutItem").asText(),
                        c.path("item").asText(),
                        strings(c.path("values")))));
    CheckupLayout prenatal =
        new CheckupLayout(
            null,
            Map.of(),
            text(prenatalNode, "visitDateItem", problems),
            null,
            prenatalNode.path("gestationalWeeksItem").asText(null),
            prenatalNode.path("gestationalDaysItem").asText(null),
            prenatalNode.path("facilityCodeItem").asText(null),
            text(prenatalNode, "facilityNameItem", problems),
            quantities(prenatalNode.path("quantities")),
            prenatalCoded,
            null,
            null,
            null,
            null,
            Map.of(),
            Map.of());
    JsonNode doseNode = root.path("immunization");
    Map<String, Vaccine> vaccineCodes = new LinkedHashMap<>();
    doseNode
        .path("vaccines")
        .fields()
        .forEachRemaining(
            e ->
                vaccineCodes.put(
                    e.getKey(),
                    new Vaccine(
                        e.getValue().path("kind").asText(),
                        e.getValue().path("product").asText(null))));
    Map<String, Map<String, String>> doseLabels = new LinkedHashMap<>();
    doseNode
        .path("doseLabels")
        .fields()
        .forEachRemaining(e -> doseLabels.put(e.getKey(), strings(e.getValue())));
    Map<String, Boolean> routineValues = new LinkedHashMap<>();
    doseNode
        .path("routineValues")
        .fields()
        .forEachRemaining(e -> routineValues.put(e.getKey(), e.getValue().asBoolean()));
    DoseLayout doses =
        new DoseLayout(
            text(doseNode, "vaccineItem", problems),
            vaccineCodes,
            text(doseNode, "doseItem", problems),
            doseLabels,
            text(doseNode, "dateItem", problems),
            doseNode.path("lotItem").asText(null),
            doseNode.path("facilityCodeItem").asText(null),
            text(doseNode, "facilityNameItem", problems),
            doseNode.path("routineItem").asText(null),
            routineValues);

    check(infant, catalog, problems, "infantCheckup");
    check(prenatal, catalog, problems, "prenatalCheckup");
    for (Map.Entry<String, String> kind : infant.kinds().entrySet()) {
      if (catalog.kind(kind.getValue()).isEmpty()) {
        problems.add(
            "infantCheckup.kinds." + kind.getKey() + ": no checkup kind " + kind.getValue());
      }
    }
    for (Map.Entry<String, Vaccine> vaccine : vaccineCodes.entrySet()) {
      VaccineKind kind = vaccines.kind(vaccine.getValue().kind()).orElse(null);
      if (kind == null) {
        problems.add(
            "immunization.vaccines."
                + vaccine.getKey()
                + ": no vaccine kind "
                + vaccine.getValue());
      } else if (vaccine.getValue().product() != null
          && kind.product(vaccine.getValue().product()).isEmpty()) {
        problems.add(
            "immunization.vaccines."
                + vaccine.getKey()
                + ": "
                + kind.code()
                + " has no product "
                + vaccine.getValue().product());
      }
    }
    if (!doseLabels.containsKey("default")) {
      problems.add("immunization.doseLabels.default is missing");
    }
    for (Map.Entry<String, Map<String, String>> labels : doseLabels.entrySet()) {
      if (labels.getKey().equals("default")) {
        continue;
      }
      VaccineKind kind = vaccines.kind(labels.getKey()).orElse(null);
      if (kind == null) {
        problems.add("immunization.doseLabels: no vaccine kind " + labels.getKey());
        continue;
      }
      for (String label : labels.getValue().values()) {
        if (!vaccines.doseLabels(kind).contains(label)) {
          problems.add(
              "immunization.doseLabels." + labels.getKey() + ": " + label + " is not a dose of it");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(RESOURCE + ": " + String.join("; ", problems));
    }
    return new PortalLayoutMapping(version, effectiveFrom, sources, basis, infant, prenatal, doses);
  }

  private static void check(
      CheckupLayout layout, CheckupItemCatalog catalog, List<String> problems, String where) {
    for (Quantity quantity : layout.quantities()) {
      CatalogItem item = catalog.byCode(quantity.item()).orElse(null);
      if (item == null || item.valueType() != ValueType.QUANTITY) {
        problems.add(
            where + ": " + quantity.layoutItem() + " is no quantity item " + quantity.item());
      } else if (item.toCanonical(java.math.BigDecimal.ONE, quantity.unit()).isEmpty()) {
        problems.add(where + ": " + quantity.item() + " takes no unit " + quantity.unit());
      }
    }
    for (Coded coded : layout.coded()) {
      checkCoded(catalog, problems, where, coded.layoutItem(), coded.item(), coded.values());
    }
    for (Map.Entry<String, String> finding : layout.findingItems().entrySet()) {
      checkCoded(
          catalog, problems, where, finding.getKey(), finding.getValue(), layout.findingValues());
    }
  }

  private static void checkCoded(
      CheckupItemCatalog catalog,
      List<String> problems,
      String where,
      String layoutItem,
      String itemCode,
      Map<String, String> values) {
    CatalogItem item = catalog.byCode(itemCode).orElse(null);
    if (item == null || item.valueType() != ValueType.CODED) {
      problems.add(where + ": " + layoutItem + " is no coded item " + itemCode);
      return;
    }
    for (String answer : values.values()) {
      if (item.answers().stream().noneMatch(a -> a.code().equals(answer))) {
        problems.add(where + ": " + itemCode + " has no answer " + answer);
      }
    }
  }

  private static String text(JsonNode node, String field, List<String> problems) {
    String value = node.path(field).asText("");
    if (value.isBlank()) {
      problems.add(field + " is missing");
      return null;
    }
    return value;
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      map.put(field.getKey(), field.getValue().asText());
    }
    return map;
  }

  private static List<Quantity> quantities(JsonNode node) {
    List<Quantity> list = new ArrayList<>();
    node.forEach(
        q ->
            list.add(
                new Quantity(
                    q.path("layoutItem").asText(),
                    q.path("item").asText(),
                    q.path("unit").asText())));
    return list;
  }

  public String version() {
    return version;
  }

  public LocalDate effectiveFrom() {
    return effectiveFrom;
  }

  public List<String> sources() {
    return sources;
  }

  /** What the mapping follows while the official layout is not published, and what to change. */
  public Basis basis() {
    return basis;
  }

  /**
   * What the mapping's item names and code values follow.
   *
   * @param officialLayoutPublished false while they follow the seeds' standard items and the
   *     simulator
   * @param whenPublished the steps to take when the official layout is published to us
   */
  public record Basis(
      boolean officialLayoutPublished, String en, String ja, List<String> whenPublished) {}

  public CheckupLayout infantCheckup() {
    return infant;
  }

  public CheckupLayout prenatalCheckup() {
    return prenatal;
  }

  public DoseLayout immunization() {
    return doses;
  }
}
