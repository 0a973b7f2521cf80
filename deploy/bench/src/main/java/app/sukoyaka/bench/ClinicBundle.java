package app.sukoyaka.bench;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CodingRef;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A clinic's checkup submission of any record kind, as a clinic system builds it: a FHIR
 * transaction Bundle with the Patients (the mother, matched by handbook number and birth date; a
 * child, by handbook number and birth date, naming its mother), the Encounter of the kind, and one
 * Observation per finding, coded with the catalog item's first coding and carrying its JP Core
 * category (and specimen, for a laboratory item). The newborn at a delivery is a second Patient
 * naming the mother by reference. Built as a Jackson tree, without HAPI.
 */
final class ClinicBundle {
  static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  static final String SUBMISSION_SYSTEM = "https://bench.example/sid/submission";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  private static final String REPRESENTATION =
      "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

  /** A pregnant person (or mother) as her clinic names her: her pregnancy's handbook number. */
  record MotherPatient(
      String municipalityCode,
      String handbookNumber,
      LocalDate birthDate,
      String familyName,
      String givenName) {}

  /**
   * A child as its clinic names it.
   *
   * @param motherHandbookNumber the handbook number of the pregnancy the child was born of, naming
   *     the mother on the child; null to leave the mother out (a newborn names her by reference)
   * @param familyName null for a child without a name yet, like givenName
   */
  record ChildPatient(
      String municipalityCode,
      String handbookNumber,
      LocalDate birthDate,
      String sex,
      String familyName,
      String givenName,
      String motherHandbookNumber) {}

  private final ObjectNode bundle = JSON.createObjectNode();
  private final ArrayNode entries;
  private final List<String> patientUrls = new ArrayList<>();
  private final String encounterUrl = "urn:uuid:" + UUID.randomUUID();
  private final ObjectNode encounter;
  private final List<ObjectNode> observations = new ArrayList<>();
  private final String visitTime;
  private String about;

  private ClinicBundle(String bundleId, String kind, String encounterClass, LocalDate visit) {
    bundle.put("resourceType", "Bundle");
    bundle.putObject("identifier").put("system", SUBMISSION_SYSTEM).put("value", bundleId);
    bundle.put("type", "transaction");
    entries = bundle.putArray("entry");
    visitTime = visit + "T10:00:00+09:00";
    encounter = JSON.createObjectNode().put("resourceType", "Encounter").put("status", "finished");
    encounter.putObject("class").put("system", ACT_CODE).put("code", encounterClass);
    encounter
        .putArray("type")
        .addObject()
        .putArray("coding")
        .addObject()
        .put("system", SukoyakaCanonicals.CHECKUP_KIND_SYSTEM)
        .put("code", kind);
    encounter.putObject("period").put("start", visitTime);
  }

  /** A visit about the mother: 妊婦健診, the delivery, 産婦健診. */
  static ClinicBundle aboutMother(
      String bundleId, String kind, String encounterClass, LocalDate visit, MotherPatient mother) {
    ClinicBundle record = new ClinicBundle(bundleId, kind, encounterClass, visit);
    record.about = record.addMother(mother);
    record.encounter.putObject("subject").put("reference", record.about);
    return record;
  }

  /** A visit about a child: 乳幼児健診, a municipality's own checkup. */
  static ClinicBundle aboutChild(
      String bundleId, String kind, String encounterClass, LocalDate visit, ChildPatient child) {
    ClinicBundle record = new ClinicBundle(bundleId, kind, encounterClass, visit);
    record.about = record.addChild(child, null);
    record.encounter.putObject("subject").put("reference", record.about);
    return record;
  }

  /** Adds the newborn, naming the mother (the first Patient) by reference. */
  ClinicBundle withNewborn(ChildPatient newborn) {
    addChild(newborn, patientUrls.get(0));
    return this;
  }

  /** The findings that follow are about the newborn (the second Patient). */
  ClinicBundle aboutNewborn() {
    about = patientUrls.get(1);
    return this;
  }

  /** The findings that follow are about the Encounter's subject again. */
  ClinicBundle aboutEncounterSubject() {
    about = patientUrls.get(0);
    return this;
  }

  /** Names a municipality's own checkup (the Encounter's type text). */
  ClinicBundle named(String checkupName) {
    ((ObjectNode) encounter.get("type").get(0)).put("text", checkupName);
    return this;
  }

  /** The facility that held the visit, by its 医療機関コード. */
  ClinicBundle heldBy(String medicalInstitutionCode) {
    encounter
        .putObject("serviceProvider")
        .putObject("identifier")
        .put("system", SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
        .put("value", medicalInstitutionCode);
    return this;
  }

  ClinicBundle quantity(String item, BigDecimal value, String ucum) {
    observation(item)
        .putObject("valueQuantity")
        .put("value", value)
        .put("unit", ucum)
        .put("system", SukoyakaCanonicals.UCUM_SYSTEM)
        .put("code", ucum);
    return this;
  }

  ClinicBundle quantity(String item, String value, String ucum) {
    return quantity(item, new BigDecimal(value), ucum);
  }

  /** An answer of the item's answer set. */
  ClinicBundle coded(String item, String answer) {
    CatalogItem catalogItem = item(item);
    String system =
        catalogItem.answers().stream()
            .filter(a -> a.code().equals(answer))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(item + " has no answer " + answer))
            .system();
    observation(item)
        .putObject("valueCodeableConcept")
        .putArray("coding")
        .addObject()
        .put("system", system)
        .put("code", answer);
    return this;
  }

  /** The first answer of the item's answer set: each set lists its unremarkable answer first. */
  ClinicBundle unremarkable(String item) {
    return coded(item, item(item).answers().get(0).code());
  }

  ClinicBundle flag(String item, boolean value) {
    observation(item).put("valueBoolean", value);
    return this;
  }

  ClinicBundle integer(String item, int value) {
    observation(item).put("valueInteger", value);
    return this;
  }

  ClinicBundle text(String item, String value) {
    observation(item).put("valueString", value);
    return this;
  }

  ClinicBundle date(String item, LocalDate value) {
    observation(item).put("valueDateTime", value.toString());
    return this;
  }

  /** A moment such as the time of birth, e.g. {@code 2026-11-18T05:42:00+09:00}. */
  ClinicBundle datetime(String item, String value) {
    observation(item).put("valueDateTime", value);
    return this;
  }

  /** Patients, the Encounter and the Observations. */
  int resources() {
    return patientUrls.size() + 1 + observations.size();
  }

  String json() {
    ObjectNode copy = bundle.deepCopy();
    ArrayNode all = (ArrayNode) copy.get("entry");
    entry(all, encounterUrl, encounter, "Encounter");
    for (ObjectNode observation : observations) {
      entry(all, "urn:uuid:" + UUID.randomUUID(), observation, "Observation");
    }
    try {
      return JSON.writeValueAsString(copy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static CatalogItem item(String code) {
    return CATALOG.byCode(code).orElseThrow(() -> new IllegalArgumentException(code));
  }

  private ObjectNode observation(String itemCode) {
    CatalogItem item = item(itemCode);
    ObjectNode observation =
        JSON.createObjectNode().put("resourceType", "Observation").put("status", "final");
    // The JP Core category the profile requires of the item (sky-category-*).
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
    observation.putObject("subject").put("reference", about);
    observation.putObject("encounter").put("reference", encounterUrl);
    observation.put("effectiveDateTime", visitTime);
    // A laboratory item names its specimen (sky-category-laboratory), as JP Core requires.
    if (item.specimen() != null) {
      observation.putObject("specimen").put("display", item.specimen().ja());
    }
    observations.add(observation);
    return observation;
  }

  private String addMother(MotherPatient mother) {
    String system = SukoyakaCanonicals.handbookNumberSystem(mother.municipalityCode());
    ObjectNode patient = JSON.createObjectNode().put("resourceType", "Patient");
    patient
        .putArray("identifier")
        .addObject()
        .put("system", system)
        .put("value", mother.handbookNumber());
    name(patient, mother.familyName(), mother.givenName());
    patient.put("gender", "female").put("birthDate", mother.birthDate().toString());
    return addPatient(patient, system, mother.handbookNumber());
  }

  private String addChild(ChildPatient child, String motherUrl) {
    String system = SukoyakaCanonicals.handbookNumberSystem(child.municipalityCode());
    ObjectNode patient = JSON.createObjectNode().put("resourceType", "Patient");
    if (motherUrl != null || child.motherHandbookNumber() != null) {
      ObjectNode reference =
          patient
              .putArray("extension")
              .addObject()
              .put("url", SukoyakaCanonicals.MOTHER_EXTENSION)
              .putObject("valueReference");
      if (motherUrl != null) {
        reference.put("reference", motherUrl);
      } else {
        reference
            .putObject("identifier")
            .put("system", system)
            .put("value", child.motherHandbookNumber());
      }
    }
    patient
        .putArray("identifier")
        .addObject()
        .put("system", system)
        .put("value", child.handbookNumber());
    if (child.familyName() != null) {
      name(patient, child.familyName(), child.givenName());
    }
    patient.put("gender", child.sex()).put("birthDate", child.birthDate().toString());
    return addPatient(patient, system, child.handbookNumber());
  }

  private static void name(ObjectNode patient, String family, String given) {
    ObjectNode name = patient.putArray("name").addObject();
    name.putArray("extension").addObject().put("url", REPRESENTATION).put("valueCode", "IDE");
    name.put("use", "official").put("family", family);
    if (given != null) {
      name.putArray("given").add(given);
    }
  }

  private String addPatient(ObjectNode patient, String system, String handbookNumber) {
    String url = "urn:uuid:" + UUID.randomUUID();
    patientUrls.add(url);
    entry(entries, url, patient, "Patient")
        .put("ifNoneExist", "identifier=" + system + "|" + handbookNumber);
    return url;
  }

  private static ObjectNode entry(
      ArrayNode entries, String fullUrl, ObjectNode resource, String type) {
    ObjectNode entry = entries.addObject().put("fullUrl", fullUrl);
    entry.set("resource", resource);
    return entry.putObject("request").put("method", "POST").put("url", type);
  }
}
