package app.sukoyaka.testing;

import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * A clinic's 妊婦健診 submission as a clinic system would build it: a transaction Bundle with the
 * Patient (matched by handbook number), the Encounter and one Observation per finding.
 */
public final class PrenatalBundle {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final String LOINC = "http://loinc.org";
  private static final String ITEM = SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM;

  private final Bundle bundle = new Bundle();
  private final String patientUrl = "urn:uuid:" + UUID.randomUUID();
  private final String encounterUrl = "urn:uuid:" + UUID.randomUUID();
  private final Patient patient = new Patient();
  private final Encounter encounter = new Encounter();
  private final List<Observation> observations = new ArrayList<>();

  private PrenatalBundle(Personas.Mother mother, LocalDate visit) {
    bundle.setType(Bundle.BundleType.TRANSACTION);
    bundle.setIdentifier(
        new Identifier()
            .setSystem("https://clinic.example.jp/fhir/sid/submission")
            .setValue(UUID.randomUUID().toString()));
    patient.addIdentifier().setSystem(mother.handbookSystem()).setValue(mother.handbookNumber());
    patient.setBirthDateElement(new DateType(mother.birthDate().toString()));
    patient.setGender(Enumerations.AdministrativeGender.FEMALE);
    patient.addName().setFamily("鈴木").addGiven("優子");
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.setClass_(
        new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
    encounter
        .addType()
        .addCoding(new Coding(SukoyakaCanonicals.CHECKUP_KIND_SYSTEM, "prenatal", "妊婦健康診査"));
    encounter.setSubject(new Reference(patientUrl));
    encounter.getPeriod().setStartElement(new DateTimeType(visit + "T10:00:00+09:00"));
  }

  /** A full visit at 20 weeks with every item of the catalog. */
  public static PrenatalBundle fullVisit(Personas.Mother mother, LocalDate visit) {
    return new PrenatalBundle(mother, visit)
        .quantity(LOINC, "18185-9", "140", "d")
        .quantity(LOINC, "29463-7", "58.2", "kg")
        .quantity(LOINC, "8480-6", "118", "mm[Hg]")
        .quantity(LOINC, "8462-4", "72", "mm[Hg]")
        .quantity(LOINC, "11881-0", "18.5", "cm")
        .quantity(ITEM, "abdominal-circumference", "82", "cm")
        .coded(LOINC, "20454-5", SukoyakaCanonicals.URINE_DIPSTICK_SYSTEM, "negative")
        .coded(LOINC, "25428-4", SukoyakaCanonicals.URINE_DIPSTICK_SYSTEM, "trace")
        .coded(ITEM, "oedema", SukoyakaCanonicals.OEDEMA_GRADE_SYSTEM, "none")
        .coded(ITEM, "fetal-heart-activity", SukoyakaCanonicals.PRESENCE_SYSTEM, "present");
  }

  public static PrenatalBundle visit(Personas.Mother mother, LocalDate visit) {
    return new PrenatalBundle(mother, visit);
  }

  public PrenatalBundle quantity(String system, String code, String value, String ucum) {
    Observation observation = observation(system, code);
    observation.setValue(
        new Quantity()
            .setValue(new BigDecimal(value))
            .setSystem("http://unitsofmeasure.org")
            .setCode(ucum)
            .setUnit(ucum));
    return this;
  }

  public PrenatalBundle coded(String system, String code, String answerSystem, String answer) {
    observation(system, code).setValue(new CodeableConcept(new Coding(answerSystem, answer, null)));
    return this;
  }

  /** An Observation with a code but no value and no reason for its absence. */
  public PrenatalBundle withoutValue(String system, String code) {
    observation(system, code);
    return this;
  }

  public PrenatalBundle identifier(String value) {
    bundle.getIdentifier().setValue(value);
    return this;
  }

  public PrenatalBundle edit(Consumer<Bundle> change) {
    json();
    change.accept(bundle);
    return this;
  }

  public String identifierValue() {
    return bundle.getIdentifier().getValue();
  }

  private Observation observation(String system, String code) {
    Observation observation = new Observation();
    observation.setStatus(Observation.ObservationStatus.FINAL);
    // Every Observation carries its item's JP Core category; an unknown code gets none.
    CATALOG
        .byCoding(system, code)
        .map(CatalogItem::category)
        .or(
            () ->
                CATALOG
                    .panelByCoding(system, code)
                    .flatMap(p -> CATALOG.byCode(p.components().get(0)))
                    .map(CatalogItem::category))
        .ifPresent(
            category ->
                observation
                    .addCategory()
                    .addCoding(
                        new Coding(
                            SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM, category, null)));
    CATALOG
        .byCoding(system, code)
        .filter(item -> item.specimen() != null)
        .ifPresent(
            item -> observation.setSpecimen(new Reference().setDisplay(item.specimen().ja())));
    observation.getCode().addCoding(new Coding(system, code, null));
    observation.setSubject(new Reference(patientUrl));
    observation.setEncounter(new Reference(encounterUrl));
    observation.setEffective(encounter.getPeriod().getStartElement().copy());
    observations.add(observation);
    return observation;
  }

  public String json() {
    if (bundle.getEntry().isEmpty()) {
      SubmissionEntries.patient(bundle, patientUrl, patient);
      SubmissionEntries.post(bundle, encounterUrl, encounter);
      for (Observation observation : observations) {
        SubmissionEntries.post(bundle, null, observation);
      }
    }
    return FHIR.newJsonParser().encodeResourceToString(bundle);
  }
}
