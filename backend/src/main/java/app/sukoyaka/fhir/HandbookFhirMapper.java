package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.family.Child;
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
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Stored handbook records as FHIR resources conforming to our profiles: the pregnant person and the
 * child as Patients, a checkup of any kind as Encounter, its findings as Observations carrying
 * their item's JP Core category (a blood-pressure reading taken as a panel comes back as the
 * panel), the EPDS answers as the QuestionnaireResponse they came in. Pure: no I/O.
 */
public final class HandbookFhirMapper {
  static final String NAME_REPRESENTATION =
      "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";
  private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  private static final Map<String, String> CLASS_DISPLAY =
      Map.of("AMB", "ambulatory", "HH", "home health", "IMP", "inpatient encounter");
  private static final String EPDS_ITEM_PREFIX = "epds-item-";
  private static final java.util.TimeZone JAPAN = java.util.TimeZone.getTimeZone("Asia/Tokyo");

  private final CheckupItemCatalog catalog;
  private final Map<String, Integer> itemOrder = new java.util.HashMap<>();

  public HandbookFhirMapper(CheckupItemCatalog catalog) {
    this.catalog = catalog;
    List<CatalogItem> items = catalog.items();
    for (int i = 0; i < items.size(); i++) {
      itemOrder.put(items.get(i).code(), i);
    }
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
    patient.setGender(gender(person.sex()));
    patient.setBirthDateElement(new DateType(person.birthDate().toString()));
    return patient;
  }

  /**
   * The child as a {@code sukoyaka-child} Patient: its handbook number, names when it has them,
   * birth order among multiples, and its mother as a reference to her Patient.
   */
  public Patient patient(Child child) {
    Patient patient = new Patient();
    patient.setId(child.id().toString());
    patient.getMeta().addProfile(SukoyakaCanonicals.CHILD_PROFILE);
    if (child.motherPersonId() != null) {
      patient.addExtension(
          SukoyakaCanonicals.MOTHER_EXTENSION, new Reference("Patient/" + child.motherPersonId()));
    }
    if (child.handbookNumber() != null) {
      patient.addIdentifier(
          new Identifier()
              .setSystem(SukoyakaCanonicals.handbookNumberSystem(child.municipalityCode()))
              .setValue(child.handbookNumber()));
    }
    if (child.familyName() != null || child.givenName() != null) {
      patient.addName(name(child.familyName(), child.givenName(), "IDE"));
    }
    if (child.familyNameKana() != null || child.givenNameKana() != null) {
      patient.addName(name(child.familyNameKana(), child.givenNameKana(), "SYL"));
    }
    patient.setGender(gender(child.sex()));
    patient.setBirthDateElement(new DateType(child.birthDate().toString()));
    if (child.multipleBirth()) {
      patient.setMultipleBirth(new IntegerType(child.birthOrder()));
    }
    return patient;
  }

  public Encounter encounter(Checkup checkup, UUID patientId) {
    Encounter encounter = new Encounter();
    encounter.setId(checkup.id().toString());
    encounter.getMeta().addProfile(SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE);
    encounter.getMeta().setLastUpdated(java.util.Date.from(checkup.recordedAt()));
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.setClass_(
        new Coding(
            ACT_CODE,
            checkup.encounterClass(),
            CLASS_DISPLAY.getOrDefault(checkup.encounterClass(), null)));
    CodeableConcept type =
        encounter
            .addType()
            .addCoding(
                new Coding(
                    SukoyakaCanonicals.CHECKUP_KIND_SYSTEM,
                    checkup.kind(),
                    catalog.kindLabel(checkup.kind()).ja()));
    if (checkup.kindName() != null) {
      // A municipality's own checkup is named in the type's text.
      type.setText(checkup.kindName());
    }
    encounter.setSubject(new Reference("Patient/" + patientId));
    encounter.getPeriod().setStartElement(visitDate(checkup));
    Reference provider = new Reference();
    if (checkup.medicalInstitutionCode() != null) {
      provider.setIdentifier(
          new Identifier()
              .setSystem(SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
              .setValue(checkup.medicalInstitutionCode()));
    }
    // A checkup the municipality held itself (集団健診) is named by its place alone.
    provider.setDisplay(checkup.facilityName());
    encounter.setServiceProvider(provider);
    return encounter;
  }

  /**
   * One Observation per FHIR Observation the clinic sent, in catalog order; each is about the
   * encounter's subject ({@code patientId}), or about the newborn its finding names.
   */
  public List<Observation> observations(Checkup checkup, UUID patientId) {
    Map<UUID, List<Checkup.Finding>> byObservation = new LinkedHashMap<>();
    checkup.findings().stream()
        .filter(Checkup.Finding::isObservation)
        .sorted(java.util.Comparator.comparingInt(f -> order(f.itemCode())))
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
    UUID about = findings.get(0).childId() == null ? patientId : findings.get(0).childId();
    observation.setSubject(new Reference("Patient/" + about));
    observation.setEncounter(new Reference("Encounter/" + checkup.id()));
    observation.setEffective(visitDate(checkup));
    CatalogItem firstItem = item(findings.get(0));
    observation
        .addCategory()
        .addCoding(
            new Coding(
                SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM, firstItem.category(), null));
    // JP Core's lab-result profile requires the specimen; the catalog names it per item.
    if (firstItem.specimen() != null) {
      observation.setSpecimen(new Reference().setDisplay(firstItem.specimen().ja()));
    }
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

  /**
   * The EPDS answers of the checkup as the {@code sukoyaka-epds-response} QuestionnaireResponse
   * they were sent as: items 1–10 with their integer scores.
   */
  public List<QuestionnaireResponse> questionnaireResponses(Checkup checkup, UUID patientId) {
    Map<UUID, List<Checkup.Finding>> byResponse = new LinkedHashMap<>();
    checkup.findings().stream()
        .filter(f -> !f.isObservation())
        .sorted(java.util.Comparator.comparingInt(f -> order(f.itemCode())))
        .forEach(
            f -> byResponse.computeIfAbsent(f.observationId(), id -> new ArrayList<>()).add(f));
    List<QuestionnaireResponse> responses = new ArrayList<>();
    byResponse.forEach(
        (id, answers) -> {
          Checkup.Finding first = answers.get(0);
          QuestionnaireResponse response = new QuestionnaireResponse();
          response.setId(id.toString());
          response.getMeta().addProfile(SukoyakaCanonicals.EPDS_RESPONSE_PROFILE);
          response.getMeta().setLastUpdated(java.util.Date.from(checkup.recordedAt()));
          response.getMeta().setVersionId(Integer.toString(first.version()));
          response.setQuestionnaire(SukoyakaCanonicals.EPDS_QUESTIONNAIRE);
          response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
          UUID about = first.childId() == null ? patientId : first.childId();
          response.setSubject(new Reference("Patient/" + about));
          response.setEncounter(new Reference("Encounter/" + checkup.id()));
          response.setAuthoredElement(moment(first.authoredAt()));
          for (Checkup.Finding answer : answers) {
            CatalogItem item = item(answer);
            response
                .addItem()
                .setLinkId(item.code().substring(EPDS_ITEM_PREFIX.length()))
                .setText(item.label().ja())
                .addAnswer()
                .setValue(value(item, answer.value()));
          }
          responses.add(response);
        });
    return responses;
  }

  private int order(String itemCode) {
    return itemOrder.getOrDefault(itemCode, Integer.MAX_VALUE);
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
      CodeableConcept concept = new CodeableConcept(new Coding(c.system(), c.code(), display));
      // What was found, in the clinic's words (所見あり: …).
      return c.text() == null ? concept : concept.setText(c.text());
    }
    if (value instanceof FindingValue.WholeNumber n) {
      return new IntegerType(n.value());
    }
    if (value instanceof FindingValue.Moment m) {
      return moment(m.value());
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

  /** A moment as a dateTime to the second, in Japan's offset. */
  private static DateTimeType moment(java.time.Instant instant) {
    return new DateTimeType(java.util.Date.from(instant), TemporalPrecisionEnum.SECOND, JAPAN);
  }

  private static Enumerations.AdministrativeGender gender(String sex) {
    return switch (sex) {
      case "female" -> Enumerations.AdministrativeGender.FEMALE;
      case "male" -> Enumerations.AdministrativeGender.MALE;
      case "other" -> Enumerations.AdministrativeGender.OTHER;
      default -> Enumerations.AdministrativeGender.UNKNOWN;
    };
  }

  private static DateTimeType visitDate(Checkup checkup) {
    return new DateTimeType(checkup.visitDate().toString());
  }

  private static HumanName name(String family, String given, String representation) {
    HumanName name = new HumanName();
    name.addExtension(NAME_REPRESENTATION, new CodeType(representation));
    name.setUse(HumanName.NameUse.OFFICIAL);
    if (family != null) {
      name.setFamily(family);
    }
    if (given != null) {
      name.addGiven(given);
    }
    name.setText(family == null ? given : given == null ? family : family + " " + given);
    return name;
  }
}
