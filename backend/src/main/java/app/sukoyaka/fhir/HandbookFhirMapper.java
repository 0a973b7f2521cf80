package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CatalogPanel;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CodingRef;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Stored handbook records as FHIR resources conforming to our profiles: the pregnant person as
 * Patient, a checkup as Encounter, its findings as Observations (a blood-pressure reading taken as
 * a panel comes back as the panel). Pure: no I/O.
 */
public final class HandbookFhirMapper {
  static final String NAME_REPRESENTATION =
      "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";
  private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

  private final CheckupItemCatalog catalog;

  public HandbookFhirMapper(CheckupItemCatalog catalog) {
    this.catalog = catalog;
  }

  public Patient patient(PregnantPerson person) {
    Patient patient = new Patient();
    patient.setId(person.id().toString());
    patient.getMeta().addProfile(SukoyakaCanonicals.PREGNANT_PERSON_PROFILE);
    for (Pregnancy pregnancy : person.pregnancies()) {
      patient.addIdentifier(
          new Identifier()
              .setSystem(SukoyakaCanonicals.handbookNumberSystem(pregnancy.municipalityCode()))
              .setValue(pregnancy.handbookNumber()));
    }
    patient.addName(name(person.familyName(), person.givenName(), "IDE"));
    if (person.familyNameKana() != null && person.givenNameKana() != null) {
      patient.addName(name(person.familyNameKana(), person.givenNameKana(), "SYL"));
    }
    patient.setGender(
        switch (person.sex()) {
          case "female" -> Enumerations.AdministrativeGender.FEMALE;
          case "male" -> Enumerations.AdministrativeGender.MALE;
          case "other" -> Enumerations.AdministrativeGender.OTHER;
          default -> Enumerations.AdministrativeGender.UNKNOWN;
        });
    patient.setBirthDateElement(new DateType(person.birthDate().toString()));
    return patient;
  }

  public Encounter encounter(Checkup checkup, UUID patientId) {
    Encounter encounter = new Encounter();
    encounter.setId(checkup.id().toString());
    encounter.getMeta().addProfile(SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE);
    encounter.getMeta().setLastUpdated(java.util.Date.from(checkup.recordedAt()));
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.setClass_(new Coding(ACT_CODE, "AMB", "ambulatory"));
    encounter
        .addType()
        .addCoding(
            new Coding(
                SukoyakaCanonicals.CHECKUP_KIND_SYSTEM,
                checkup.kind(),
                catalog.kindLabel(checkup.kind()).ja()));
    encounter.setSubject(new Reference("Patient/" + patientId));
    encounter.getPeriod().setStartElement(visitDate(checkup));
    Reference provider = new Reference();
    provider.setIdentifier(
        new Identifier()
            .setSystem(SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
            .setValue(checkup.medicalInstitutionCode()));
    provider.setDisplay(checkup.facilityName());
    encounter.setServiceProvider(provider);
    return encounter;
  }

  /** One Observation per FHIR Observation the clinic sent, in catalog order. */
  public List<Observation> observations(Checkup checkup, UUID patientId) {
    Map<UUID, List<Checkup.Finding>> byObservation = new LinkedHashMap<>();
    List<String> order = catalog.items().stream().map(CatalogItem::code).toList();
    checkup.findings().stream()
        .sorted(java.util.Comparator.comparingInt(f -> order.indexOf(f.itemCode())))
        .forEach(
            finding ->
                byObservation
                    .computeIfAbsent(finding.observationId(), id -> new ArrayList<>())
                    .add(finding));
    List<Observation> observations = new ArrayList<>();
    byObservation.forEach(
        (id, findings) -> observations.add(observation(checkup, patientId, id, findings)));
    return observations;
  }

  private Observation observation(
      Checkup checkup, UUID patientId, UUID id, List<Checkup.Finding> findings) {
    Observation observation = new Observation();
    observation.setId(id.toString());
    observation.getMeta().addProfile(SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE);
    observation.getMeta().setLastUpdated(java.util.Date.from(checkup.recordedAt()));
    observation.setStatus(Observation.ObservationStatus.fromCode(findings.get(0).status()));
    observation.getMeta().setVersionId(Integer.toString(findings.get(0).version()));
    observation.setSubject(new Reference("Patient/" + patientId));
    observation.setEncounter(new Reference("Encounter/" + checkup.id()));
    observation.setEffective(visitDate(checkup));
    if (findings.size() == 1) {
      Checkup.Finding finding = findings.get(0);
      CatalogItem item = item(finding);
      observation.setCode(code(item, finding));
      observation.setValue(value(item, finding.value()));
      return observation;
    }
    CatalogPanel panel =
        catalog.panels().stream()
            .filter(
                p ->
                    p.components()
                        .containsAll(findings.stream().map(Checkup.Finding::itemCode).toList()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No panel groups " + findings));
    CodingRef panelCode = panel.fhirCodes().get(0);
    observation.setCode(
        new CodeableConcept(new Coding(panelCode.system(), panelCode.code(), panel.label().en()))
            .setText(panel.label().ja()));
    for (Checkup.Finding finding : findings) {
      CatalogItem item = item(finding);
      observation
          .addComponent()
          .setCode(code(item, finding))
          .setValue(value(item, finding.value()));
    }
    return observation;
  }

  private CatalogItem item(Checkup.Finding finding) {
    return catalog
        .byCode(finding.itemCode())
        .orElseThrow(() -> new IllegalStateException("Item not in catalog: " + finding.itemCode()));
  }

  /** The item's own coding, and the coding the clinic used when it was another one. */
  private static CodeableConcept code(CatalogItem item, Checkup.Finding finding) {
    CodeableConcept code = new CodeableConcept();
    if (finding.sourceSystem() != null
        && !SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM.equals(finding.sourceSystem())
        && item.isCodedBy(finding.sourceSystem(), finding.sourceCode())) {
      code.addCoding(new Coding(finding.sourceSystem(), finding.sourceCode(), null));
    }
    code.addCoding(
        new Coding(SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM, item.code(), item.label().ja()));
    code.setText(item.label().ja());
    return code;
  }

  private static Type value(CatalogItem item, FindingValue value) {
    if (value instanceof FindingValue.Quantity q) {
      return new Quantity()
          .setValue(q.value())
          .setUnit(q.unit())
          .setSystem(SukoyakaCanonicals.UCUM_SYSTEM)
          .setCode(q.unit());
    }
    if (value instanceof FindingValue.Coded c) {
      String display = item.answer(c.system(), c.code()).map(a -> a.label().ja()).orElse(null);
      return new CodeableConcept(new Coding(c.system(), c.code(), display));
    }
    if (value instanceof FindingValue.Flag f) {
      return new BooleanType(f.value());
    }
    if (value instanceof FindingValue.Text t) {
      return new StringType(t.value());
    }
    FindingValue.Day d = (FindingValue.Day) value;
    return new DateTimeType(Date.valueOf(d.value()), TemporalPrecisionEnum.DAY);
  }

  private static DateTimeType visitDate(Checkup checkup) {
    return new DateTimeType(checkup.visitDate().toString());
  }

  private static HumanName name(String family, String given, String representation) {
    HumanName name = new HumanName();
    name.addExtension(NAME_REPRESENTATION, new CodeType(representation));
    name.setUse(HumanName.NameUse.OFFICIAL);
    name.setFamily(family);
    name.addGiven(given);
    name.setText(family + " " + given);
    return name;
  }
}
