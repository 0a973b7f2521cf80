package app.sukoyaka.bench;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.CodingRef;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.ValueType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A 3～4か月児健康診査 as a clinic submits it: the child's Patient (with the mother extension naming her by
 * her handbook number), the Encounter, and one Observation per item the catalog lists for the kind,
 * except the three follow-up items a clinic only fills in after a referral. The items, their
 * codings, JP Core categories, units and answers come from the catalog; the values are an
 * unremarkable four-month-old's.
 */
final class InfantCheckupVisit {
  static final String CHECKUP_KIND = "infant-3-4-months";
  static final int AGE_IN_DAYS = 112;

  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBMISSION_SYSTEM = "https://bench.example/sid/submission";
  private static final String HANDBOOK_SYSTEM =
      SukoyakaCanonicals.handbookNumberSystem(PrenatalVisit.MUNICIPALITY_CODE);

  /** Values of the measured items, in their canonical units; other quantities get mid-range. */
  private static final Map<String, String> MEASUREMENTS =
      Map.of(
          "age-at-checkup", String.valueOf(AGE_IN_DAYS),
          "body-weight", "6.45",
          "body-length", "62.3",
          "head-circumference", "40.8");

  private static final List<String> AFTER_REFERRAL =
      List.of("follow-up-visit-date", "follow-up-facility", "follow-up-result");

  /** The items one submission carries. */
  static final List<CatalogItem> ITEMS =
      CATALOG.itemsOf(CHECKUP_KIND).stream()
          .filter(item -> !AFTER_REFERRAL.contains(item.code()))
          .toList();

  /** Patient, Encounter and one Observation per item. */
  static final int RESOURCES = 2 + ITEMS.size();

  private InfantCheckupVisit() {}

  /** What changes from one submission to the next. */
  record Visit(String bundleId, String handbookNumber, LocalDate visitDate) {}

  /** The submission as JSON, with fresh fullUrls. */
  static String bundle(Visit visit) {
    CheckupKind kind = CATALOG.kind(CHECKUP_KIND).orElseThrow();
    String childUrl = "urn:uuid:" + UUID.randomUUID();
    String encounterUrl = "urn:uuid:" + UUID.randomUUID();
    String visitTime = visit.visitDate() + "T10:00:00+09:00";

    ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle");
    bundle.putObject("identifier").put("system", SUBMISSION_SYSTEM).put("value", visit.bundleId());
    bundle.put("type", "transaction");
    ArrayNode entries = bundle.putArray("entry");

    ObjectNode child = JSON.createObjectNode().put("resourceType", "Patient");
    ObjectNode mother =
        child
            .putArray("extension")
            .addObject()
            .put("url", SukoyakaCanonicals.MOTHER_EXTENSION)
            .putObject("valueReference");
    mother
        .putObject("identifier")
        .put("system", HANDBOOK_SYSTEM)
        .put("value", "M" + visit.handbookNumber());
    child
        .putArray("identifier")
        .addObject()
        .put("system", HANDBOOK_SYSTEM)
        .put("value", visit.handbookNumber());
    ObjectNode name = child.putArray("name").addObject();
    name.putArray("extension")
        .addObject()
        .put("url", "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation")
        .put("valueCode", "IDE");
    name.put("use", "official").put("family", "山田").putArray("given").add("陽翔");
    child.put("gender", "male");
    child.put("birthDate", visit.visitDate().minusDays(AGE_IN_DAYS).toString());
    entry(entries, childUrl, child, "Patient")
        .put("ifNoneExist", "identifier=" + HANDBOOK_SYSTEM + "|" + visit.handbookNumber());

    ObjectNode encounter =
        JSON.createObjectNode().put("resourceType", "Encounter").put("status", "finished");
    encounter
        .putObject("class")
        .put("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode")
        .put("code", kind.encounterClasses().iterator().next());
    encounter
        .putArray("type")
        .addObject()
        .putArray("coding")
        .addObject()
        .put("system", SukoyakaCanonicals.CHECKUP_KIND_SYSTEM)
        .put("code", kind.code());
    encounter.putObject("subject").put("reference", childUrl);
    encounter.putObject("period").put("start", visitTime);
    encounter
        .putObject("serviceProvider")
        .putObject("identifier")
        .put("system", SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
        .put("value", "1312345678");
    entry(entries, encounterUrl, encounter, "Encounter");

    for (CatalogItem item : ITEMS) {
      ObjectNode observation =
          JSON.createObjectNode().put("resourceType", "Observation").put("status", "final");
      observation
          .putArray("category")
          .addObject()
          .putArray("coding")
          .addObject()
          .put("system", SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM)
          .put("code", item.category());
      CodingRef code = item.fhirCodes().get(0);
      ObjectNode concept = observation.putObject("code");
      concept.putArray("coding").addObject().put("system", code.system()).put("code", code.code());
      concept.put("text", item.label().ja());
      observation.putObject("subject").put("reference", childUrl);
      observation.putObject("encounter").put("reference", encounterUrl);
      observation.put("effectiveDateTime", visitTime);
      value(observation, item, visit.visitDate());
      entry(entries, "urn:uuid:" + UUID.randomUUID(), observation, "Observation");
    }
    try {
      return JSON.writeValueAsString(bundle);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unremarkable finding: normal answers, milestones reached, no referral. */
  private static void value(ObjectNode observation, CatalogItem item, LocalDate visitDate) {
    ValueType type = item.valueType();
    switch (type) {
      case QUANTITY -> {
        String unit = item.canonicalUnit().orElseThrow();
        PlausibleRange range = item.plausibleRange(Subject.CHILD).orElseThrow();
        BigDecimal value =
            MEASUREMENTS.containsKey(item.code())
                ? new BigDecimal(MEASUREMENTS.get(item.code()))
                : range.min().add(range.max()).divide(BigDecimal.valueOf(2), 1, RoundingMode.DOWN);
        observation
            .putObject("valueQuantity")
            .put("value", value)
            .put("unit", unit)
            .put("system", SukoyakaCanonicals.UCUM_SYSTEM)
            .put("code", unit);
      }
      case CODED -> {
        // Each answer set lists its unremarkable answer first (所見なし, 良, 母乳, 異常なし …).
        observation
            .putObject("valueCodeableConcept")
            .putArray("coding")
            .addObject()
            .put("system", item.answers().get(0).system())
            .put("code", item.answers().get(0).code());
      }
      case BOOLEAN -> observation.put("valueBoolean", !item.code().equals("follow-up-referral"));
      case STRING -> observation.put("valueString", "すこやか小児科クリニック");
      case DATE -> observation.put("valueDateTime", visitDate.toString());
      case DATETIME -> observation.put("valueDateTime", visitDate + "T10:00:00+09:00");
      case INTEGER -> observation.put("valueInteger", item.plausibleRange().min().intValueExact());
    }
  }

  private static ObjectNode entry(
      ArrayNode entries, String fullUrl, ObjectNode resource, String type) {
    ObjectNode entry = entries.addObject().put("fullUrl", fullUrl);
    entry.set("resource", resource);
    return entry.putObject("request").put("method", "POST").put("url", type);
  }
}
