package app.sukoyaka.profiles;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The FHIRPath invariants of {@code sukoyaka-checkup-encounter} and {@code
 * sukoyaka-checkup-observation} that derive from the catalog, by key. {@code ConformanceGenerator}
 * (test sources) writes these expressions into the profiles; {@link CompiledSubmissionCheck}
 * implements the same rules in Java and compares this expectation with the expressions in the
 * profiles HAPI validates with, so a profile regenerated from another catalog or edited by hand
 * disables the fast path. A change here changes the rule: {@code FastPathDifferentialTest} then
 * holds the compiled check to HAPI's verdicts on the regenerated profiles.
 */
final class GeneratedInvariants {

  static final String ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

  private final CheckupItemCatalog catalog;

  GeneratedInvariants(CheckupItemCatalog catalog) {
    this.catalog = catalog;
  }

  /** {@code sky-kind-<kind>} on the Encounter root, by key. */
  Map<String, String> encounter() {
    Map<String, String> invariants = new LinkedHashMap<>();
    for (CheckupKind kind : catalog.kinds()) {
      List<String> classes = kind.encounterClasses().stream().sorted().toList();
      String kindMatch =
          "type.coding.where(system = '"
              + SukoyakaCanonicals.CHECKUP_KIND_SYSTEM
              + "' and code = '"
              + kind.code()
              + "').exists()";
      String classCheck =
          "class.system = '"
              + ACT_CODE_SYSTEM
              + "' and "
              + (classes.size() == 1
                  ? "class.code = '" + classes.get(0) + "'"
                  : "class.code in ("
                      + classes.stream().map(c -> "'" + c + "'").collect(joining(" | "))
                      + ")");
      String textCheck = kind.municipalOwn() ? " and type.text.exists()" : "";
      invariants.put(
          "sky-kind-" + kind.code(), kindMatch + " implies (" + classCheck + textCheck + ")");
    }
    return invariants;
  }

  /**
   * The generated invariants of the Observation profile by element id ({@code Observation}, {@code
   * Observation.value[x]}, {@code Observation.component}), each by key.
   */
  Map<String, Map<String, String>> observation() {
    Map<String, Map<String, String>> byElement = new LinkedHashMap<>();
    byElement.put("Observation", observationRoot());
    Map<String, String> values = new LinkedHashMap<>();
    for (CatalogItem item : catalog.items()) {
      values.put(
          "sky-" + item.code(),
          "%resource.code.coding.where("
              + matches(item.fhirCodes())
              + ").exists() implies ("
              + valueCheck(item, "$this")
              + ")");
    }
    byElement.put("Observation.value[x]", values);
    List<CatalogItem> componentItems =
        catalog.panels().stream().flatMap(panel -> panelItems(panel).stream()).distinct().toList();
    byElement.put(
        "Observation.component",
        Map.of(
            "sky-obs-component-value",
            componentItems.stream()
                .map(
                    item ->
                        "(code.coding.where("
                            + matches(item.fhirCodes())
                            + ").exists() implies (value.empty() or ("
                            + valueCheck(item, "value")
                            + ")))")
                .collect(joining(" and "))));
    return byElement;
  }

  /**
   * The JP Core category each catalog item's and panel's Observations must carry: the item's, and
   * for a panel the category of its first component (as the generator assigns it).
   */
  String panelCategory(CatalogPanel panel) {
    return panelItems(panel).get(0).category();
  }

  private Map<String, String> observationRoot() {
    Map<String, String> invariants = new LinkedHashMap<>();
    String anyPanel = "code.coding.where(" + matches(panelCodings()) + ").exists()";
    invariants.put("sky-obs-value", "value.exists() or dataAbsentReason.exists() or " + anyPanel);
    invariants.put(
        "sky-obs-one-item",
        "("
            + Stream.concat(
                    catalog.items().stream().map(CatalogItem::fhirCodes),
                    catalog.panels().stream().map(CatalogPanel::fhirCodes))
                .map(codings -> "iif(code.coding.where(" + matches(codings) + ").exists(), 1, 0)")
                .collect(joining(" + "))
            + ") <= 1");
    invariants.put("sky-obs-components", "component.exists() implies " + anyPanel);
    Map<String, List<CodingRef>> byCategory = new TreeMap<>();
    for (CatalogItem item : catalog.items()) {
      byCategory.computeIfAbsent(item.category(), c -> new ArrayList<>()).addAll(item.fhirCodes());
    }
    for (CatalogPanel panel : catalog.panels()) {
      byCategory.get(panelCategory(panel)).addAll(panel.fhirCodes());
    }
    byCategory.forEach(
        (category, codings) ->
            invariants.put(
                "sky-category-" + category,
                "code.coding.where("
                    + matches(codings)
                    + ").exists() implies category.coding.where(system = '"
                    + SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM
                    + "' and code = '"
                    + category
                    + "').exists()"
                    + (category.equals("laboratory") ? " and specimen.exists()" : "")));
    for (CatalogPanel panel : catalog.panels()) {
      List<CatalogItem> items = panelItems(panel);
      String isComponentItem =
          "code.coding.where("
              + matches(items.stream().flatMap(item -> item.fhirCodes().stream()).toList())
              + ").exists()";
      String eachOnce =
          items.stream()
              .map(
                  item ->
                      "component.where(code.coding.where("
                          + matches(item.fhirCodes())
                          + ").exists()).count() = 1")
              .collect(joining(" and "));
      invariants.put(
          "sky-" + panel.code(),
          "code.coding.where("
              + matches(panel.fhirCodes())
              + ").exists() implies (value.empty() and component.all("
              + isComponentItem
              + " and (value.exists() or dataAbsentReason.exists())) and "
              + eachOnce
              + ")");
    }
    return invariants;
  }

  private List<CatalogItem> panelItems(CatalogPanel panel) {
    return panel.components().stream().map(code -> catalog.byCode(code).orElseThrow()).toList();
  }

  private List<CodingRef> panelCodings() {
    return catalog.panels().stream().flatMap(panel -> panel.fhirCodes().stream()).toList();
  }

  private static String valueCheck(CatalogItem item, String value) {
    String prefix = value.equals("$this") ? "" : value + ".";
    return switch (item.valueType()) {
      case QUANTITY ->
          value
              + " is Quantity and "
              + prefix
              + "system = '"
              + SukoyakaCanonicals.UCUM_SYSTEM
              + "' and ("
              + item.units().stream()
                  .map(
                      unit ->
                          "("
                              + prefix
                              + "code = '"
                              + unit.ucum()
                              + "' and "
                              + prefix
                              + "value >= "
                              + plain(inUnit(item.plausibleRange().min(), unit))
                              + " and "
                              + prefix
                              + "value <= "
                              + plain(inUnit(item.plausibleRange().max(), unit))
                              + ")")
                  .collect(joining(" or "))
              + ")";
      case CODED ->
          value
              + " is CodeableConcept and "
              + prefix
              + "coding.where("
              + matches(item.answers().stream().map(AnswerCode::coding).toList())
              + ").exists()";
      case BOOLEAN -> value + " is boolean";
      case STRING -> value + " is string";
      case DATE -> value + " is dateTime";
      case INTEGER ->
          value
              + " is integer and "
              + value
              + " >= "
              + plain(item.plausibleRange().min())
              + " and "
              + value
              + " <= "
              + plain(item.plausibleRange().max());
      case DATETIME -> value + " is dateTime and " + value + ".toString().contains('T')";
    };
  }

  /** A bound of the canonical range expressed in another unit, as the invariant states it. */
  static BigDecimal inUnit(BigDecimal canonicalBound, UnitConversion unit) {
    return new BigDecimal(plain(canonicalBound.divide(unit.factor(), MathContext.DECIMAL64)));
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /** A FHIRPath filter on Coding that holds for exactly these codings. */
  private static String matches(List<CodingRef> codings) {
    Map<String, List<String>> bySystem =
        codings.stream()
            .collect(
                groupingBy(
                    CodingRef::system, LinkedHashMap::new, mapping(CodingRef::code, toList())));
    return bySystem.entrySet().stream()
        .map(
            entry ->
                "(system = '"
                    + entry.getKey()
                    + "' and "
                    + (entry.getValue().size() == 1
                        ? "code = '" + entry.getValue().get(0) + "'"
                        : entry.getValue().size() <= 3
                            ? "code in ("
                                + entry.getValue().stream()
                                    .map(code -> "'" + code + "'")
                                    .collect(joining(" | "))
                                + ")"
                            : "'|"
                                + String.join("|", entry.getValue())
                                + "|'.contains('|' + code + '|')")
                    + ")")
        .collect(joining(" or "));
  }
}
