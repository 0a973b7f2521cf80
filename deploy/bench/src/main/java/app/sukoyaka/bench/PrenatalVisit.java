package app.sukoyaka.bench;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The 妊婦健診 every benchmark bundle carries: a visit at 20 weeks with ten findings, as a clinic
 * system submits it (a FHIR transaction Bundle with the Patient, the Encounter and one Observation
 * per finding), and the rows the service makes of it.
 */
final class PrenatalVisit {
  static final String MUNICIPALITY_CODE = "131059";
  static final String HANDBOOK_SYSTEM =
      "https://sukoyaka.app/fhir/sid/boshi-techo/" + MUNICIPALITY_CODE;
  static final String SUBMISSION_SYSTEM = "https://bench.example/sid/submission";
  static final String CHECKUP_KIND = "prenatal";
  static final int GESTATIONAL_AGE_DAYS = 140;

  private static final String LOINC = "http://loinc.org";
  private static final String UCUM = "http://unitsofmeasure.org";
  private static final String ITEM = "https://sukoyaka.app/fhir/CodeSystem/checkup-item";
  private static final String DIPSTICK = "https://sukoyaka.app/fhir/CodeSystem/urine-dipstick";
  private static final String OEDEMA = "https://sukoyaka.app/fhir/CodeSystem/oedema-grade";
  private static final String PRESENCE = "https://sukoyaka.app/fhir/CodeSystem/presence";
  private static final String JP_CATEGORY = SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM;
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();

  /**
   * One finding: the code the clinic sends, the catalog item it maps to, and its value (a quantity
   * in the item's canonical unit, or an answer code).
   */
  record Finding(
      String system,
      String code,
      String itemCode,
      BigDecimal quantity,
      String unit,
      String answerSystem,
      String answerCode) {

    boolean isQuantity() {
      return quantity != null;
    }
  }

  static final List<Finding> FINDINGS =
      List.of(
          quantity(LOINC, "18185-9", "gestational-age", "140", "d"),
          quantity(LOINC, "29463-7", "body-weight", "58.2", "kg"),
          quantity(LOINC, "8480-6", "systolic-blood-pressure", "118", "mm[Hg]"),
          quantity(LOINC, "8462-4", "diastolic-blood-pressure", "72", "mm[Hg]"),
          quantity(LOINC, "11881-0", "fundal-height", "18.5", "cm"),
          quantity(ITEM, "abdominal-circumference", "abdominal-circumference", "82", "cm"),
          coded(LOINC, "20454-5", "urine-protein", DIPSTICK, "negative"),
          coded(LOINC, "25428-4", "urine-glucose", DIPSTICK, "trace"),
          coded(ITEM, "oedema", "oedema", OEDEMA, "none"),
          coded(ITEM, "fetal-heart-activity", "fetal-heart-activity", PRESENCE, "present"));

  /** Patient, Encounter and one Observation per finding. */
  static final int RESOURCES = 2 + FINDINGS.size();

  private static final JsonTemplate BUNDLE = bundleTemplate();
  private static final JsonTemplate RESPONSE = responseTemplate();
  private static final DateTimeFormatter FHIR_INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private PrenatalVisit() {}

  /** What changes from one submission to the next. */
  record Visit(String bundleId, String handbookNumber, LocalDate birthDate, LocalDate visitDate) {}

  /** The submission as JSON, with fresh fullUrls. */
  static String bundle(Visit visit) {
    Map<String, String> values = new HashMap<>();
    values.put("bundle-id", visit.bundleId());
    values.put("handbook-number", visit.handbookNumber());
    values.put("birth-date", visit.birthDate().toString());
    values.put("visit-date", visit.visitDate().toString());
    values.put("patient", UUID.randomUUID().toString());
    values.put("encounter", UUID.randomUUID().toString());
    for (int i = 0; i < FINDINGS.size(); i++) {
      values.put("observation-" + i, UUID.randomUUID().toString());
    }
    return BUNDLE.render(values);
  }

  /**
   * A transaction-response like the one the service stores with each submission: the Patient
   * matched, the Encounter and the Observations created.
   */
  static String transactionResponse(UUID submissionId, UUID personId, Instant storedAt) {
    Map<String, String> values = new HashMap<>();
    values.put("submission", submissionId.toString());
    values.put("person", personId.toString());
    values.put(
        "stored-at", FHIR_INSTANT.format(OffsetDateTime.ofInstant(storedAt, ZoneOffset.UTC)));
    for (int i = 0; i < RESOURCES - 1; i++) {
      values.put("created-" + i, UUID.randomUUID().toString());
    }
    return RESPONSE.render(values);
  }

  private static JsonTemplate bundleTemplate() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    String patientUrl = "urn:uuid:" + JsonTemplate.slot("patient");
    String encounterUrl = "urn:uuid:" + JsonTemplate.slot("encounter");
    String visitTime = JsonTemplate.slot("visit-date") + "T10:00:00+09:00";

    ObjectNode bundle = json.objectNode().put("resourceType", "Bundle");
    bundle
        .putObject("identifier")
        .put("system", SUBMISSION_SYSTEM)
        .put("value", JsonTemplate.slot("bundle-id"));
    bundle.put("type", "transaction");
    ArrayNode entries = bundle.putArray("entry");

    ObjectNode patient = json.objectNode().put("resourceType", "Patient");
    patient
        .putArray("identifier")
        .addObject()
        .put("system", HANDBOOK_SYSTEM)
        .put("value", JsonTemplate.slot("handbook-number"));
    patient.put("gender", "female").put("birthDate", JsonTemplate.slot("birth-date"));
    entry(entries, patientUrl, patient, "Patient")
        .put(
            "ifNoneExist",
            "identifier=" + HANDBOOK_SYSTEM + "|" + JsonTemplate.slot("handbook-number"));

    ObjectNode encounter =
        json.objectNode().put("resourceType", "Encounter").put("status", "finished");
    encounter
        .putObject("class")
        .put("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode")
        .put("code", "AMB");
    encounter
        .putArray("type")
        .addObject()
        .putArray("coding")
        .addObject()
        .put("system", "https://sukoyaka.app/fhir/CodeSystem/checkup-kind")
        .put("code", CHECKUP_KIND);
    encounter.putObject("subject").put("reference", patientUrl);
    encounter.putObject("period").put("start", visitTime);
    entry(entries, encounterUrl, encounter, "Encounter");

    for (int i = 0; i < FINDINGS.size(); i++) {
      Finding finding = FINDINGS.get(i);
      ObjectNode observation =
          json.objectNode().put("resourceType", "Observation").put("status", "final");
      // The JP Core category the profile requires of the item (sky-category-*).
      observation
          .putArray("category")
          .addObject()
          .putArray("coding")
          .addObject()
          .put("system", JP_CATEGORY)
          .put("code", CATALOG.byCode(finding.itemCode()).orElseThrow().category());
      observation
          .putObject("code")
          .putArray("coding")
          .addObject()
          .put("system", finding.system())
          .put("code", finding.code());
      observation.putObject("subject").put("reference", patientUrl);
      observation.putObject("encounter").put("reference", encounterUrl);
      observation.put("effectiveDateTime", visitTime);
      // A laboratory item names its specimen (sky-category-laboratory), as JP Core requires.
      CatalogItem item = CATALOG.byCode(finding.itemCode()).orElseThrow();
      if (item.specimen() != null) {
        observation.putObject("specimen").put("display", item.specimen().ja());
      }
      if (finding.isQuantity()) {
        observation
            .putObject("valueQuantity")
            .put("value", finding.quantity())
            .put("unit", finding.unit())
            .put("system", UCUM)
            .put("code", finding.unit());
      } else {
        observation
            .putObject("valueCodeableConcept")
            .putArray("coding")
            .addObject()
            .put("system", finding.answerSystem())
            .put("code", finding.answerCode());
      }
      entry(
          entries, "urn:uuid:" + JsonTemplate.slot("observation-" + i), observation, "Observation");
    }
    return JsonTemplate.of(bundle);
  }

  private static ObjectNode entry(
      ArrayNode entries, String fullUrl, ObjectNode resource, String type) {
    ObjectNode entry = entries.addObject().put("fullUrl", fullUrl);
    entry.set("resource", resource);
    return entry.putObject("request").put("method", "POST").put("url", type);
  }

  private static JsonTemplate responseTemplate() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    String storedAt = JsonTemplate.slot("stored-at");
    ObjectNode bundle =
        json.objectNode().put("resourceType", "Bundle").put("id", JsonTemplate.slot("submission"));
    bundle.putObject("meta").put("lastUpdated", storedAt);
    bundle.put("type", "transaction-response");
    ArrayNode entries = bundle.putArray("entry");
    entries
        .addObject()
        .putObject("response")
        .put("status", "200 OK")
        .put("location", "Patient/" + JsonTemplate.slot("person"));
    for (int i = 0; i < RESOURCES - 1; i++) {
      String type = i == 0 ? "Encounter" : "Observation";
      entries
          .addObject()
          .putObject("response")
          .put("status", "201 Created")
          .put("location", type + "/" + JsonTemplate.slot("created-" + i) + "/_history/1")
          .put("etag", "W/\"1\"")
          .put("lastModified", storedAt);
    }
    return JsonTemplate.of(bundle);
  }

  private static Finding quantity(
      String system, String code, String itemCode, String value, String ucum) {
    return new Finding(system, code, itemCode, new BigDecimal(value), ucum, null, null);
  }

  private static Finding coded(
      String system, String code, String itemCode, String answerSystem, String answerCode) {
    return new Finding(system, code, itemCode, null, null, answerSystem, answerCode);
  }
}
