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
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * A clinic's submission of any record kind, as a clinic system would build it: a transaction Bundle
 * with the Patients (the mother, matched by handbook number and birth date; a child, by handbook
 * number and birth order), the Encounter of the kind, and one Observation per finding named by its
 * catalog item, each with the item's JP Core category. The newborn at a delivery is a second
 * Patient naming its mother; the EPDS is a QuestionnaireResponse. {@link InfantCheckupBundle},
 * {@link DeliveryBundle} and {@link PostpartumBundle} build the usual ones.
 */
public final class RecordBundle {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  private static final String REPRESENTATION =
      "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

  /**
   * A child as a clinic names it.
   *
   * @param birthOrder its place among multiples, or 0 to leave multipleBirth out
   * @param familyName null for a newborn without a name yet, like givenName
   */
  public record ChildPatient(
      String municipalityCode,
      String handbookNumber,
      LocalDate birthDate,
      String sex,
      int birthOrder,
      String familyName,
      String givenName) {

    /** The infant of the family, as its clinic knows it. */
    public static ChildPatient of(Personas.FamilyWithInfant family) {
      return new ChildPatient(
          family.mother().municipality().code(),
          family.mother().handbookNumber(),
          family.childBirthDate(),
          "male",
          0,
          "鈴木",
          "蓮");
    }

    /** A newborn of the mother, in her handbook's numbering, not named yet. */
    public static ChildPatient newbornOf(Personas.Mother mother, LocalDate born) {
      return new ChildPatient(
          mother.municipality().code(), mother.handbookNumber(), born, "female", 0, null, null);
    }

    public ChildPatient withBirthOrder(int order) {
      return new ChildPatient(
          municipalityCode, handbookNumber, birthDate, sex, order, familyName, givenName);
    }

    public ChildPatient withHandbookNumber(String number) {
      return new ChildPatient(
          municipalityCode, number, birthDate, sex, birthOrder, familyName, givenName);
    }

    public ChildPatient named(String family, String given) {
      return new ChildPatient(
          municipalityCode, handbookNumber, birthDate, sex, birthOrder, family, given);
    }
  }

  private final Bundle bundle = new Bundle();
  private final List<Patient> patients = new ArrayList<>();
  private final List<String> patientUrls = new ArrayList<>();
  private final String encounterUrl = "urn:uuid:" + UUID.randomUUID();
  private final Encounter encounter = new Encounter();
  private final List<Resource> records = new ArrayList<>();
  private String about;

  private RecordBundle(String kind, String encounterClass, LocalDate visit) {
    bundle.setType(Bundle.BundleType.TRANSACTION);
    bundle.setIdentifier(
        new Identifier()
            .setSystem("https://clinic.example.jp/fhir/sid/submission")
            .setValue(UUID.randomUUID().toString()));
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.setClass_(new Coding(ACT_CODE, encounterClass, null));
    encounter
        .addType()
        .addCoding(
            new Coding(SukoyakaCanonicals.CHECKUP_KIND_SYSTEM, kind, CATALOG.kindLabel(kind).ja()));
    encounter.getPeriod().setStartElement(new DateTimeType(visit + "T10:00:00+09:00"));
  }

  /** A visit about the mother: 妊婦健診, delivery, 産婦健診, 産後ケア. */
  public static RecordBundle aboutMother(
      Personas.Mother mother, String kind, String encounterClass, LocalDate visit) {
    RecordBundle record = new RecordBundle(kind, encounterClass, visit);
    record.encounter.setSubject(new Reference(record.addMother(mother)));
    record.about = record.patientUrls.get(0);
    return record;
  }

  /** A visit about a child: newborn screening and visit, 乳幼児健診, a municipality's own. */
  public static RecordBundle aboutChild(
      ChildPatient child, String kind, String encounterClass, LocalDate visit) {
    RecordBundle record = new RecordBundle(kind, encounterClass, visit);
    record.encounter.setSubject(new Reference(record.addChild(child, null)));
    record.about = record.patientUrls.get(0);
    return record;
  }

  /** Adds the newborn, naming the mother (the first Patient) by reference. */
  public RecordBundle withNewborn(ChildPatient newborn) {
    addChild(newborn, patientUrls.get(0));
    return this;
  }

  /** Adds the child's mother as a second Patient, named on the child by reference. */
  public RecordBundle withMother(Personas.Mother mother) {
    String url = addMother(mother);
    patients.get(0).addExtension(SukoyakaCanonicals.MOTHER_EXTENSION, new Reference(url));
    return this;
  }

  /** Names the child's mother by the handbook number of her pregnancy. */
  public RecordBundle withMotherByHandbookNumber(Personas.Mother mother) {
    Reference reference = new Reference();
    reference.setIdentifier(
        new Identifier().setSystem(mother.handbookSystem()).setValue(mother.handbookNumber()));
    patients.get(0).addExtension(SukoyakaCanonicals.MOTHER_EXTENSION, reference);
    return this;
  }

  /** The findings that follow are about the newborn (the second Patient). */
  public RecordBundle aboutNewborn() {
    about = patientUrls.get(1);
    return this;
  }

  /**
   * The findings that follow are about the newborn added {@code order}-th (1 for the first), for a
   * multiple birth in one delivery record.
   */
  public RecordBundle aboutNewborn(int order) {
    about = patientUrls.get(order);
    return this;
  }

  /** The findings that follow are about the Encounter's subject again. */
  public RecordBundle aboutEncounterSubject() {
    about = patientUrls.get(0);
    return this;
  }

  /** Names a municipality's own checkup. */
  public RecordBundle named(String checkupName) {
    encounter.getTypeFirstRep().setText(checkupName);
    return this;
  }

  public RecordBundle quantity(String item, String value, String ucum) {
    return value(
        item,
        new Quantity()
            .setValue(new BigDecimal(value))
            .setSystem(SukoyakaCanonicals.UCUM_SYSTEM)
            .setCode(ucum)
            .setUnit(ucum));
  }

  /** An answer of the item's answer set. */
  public RecordBundle coded(String item, String answer) {
    return coded(item, answer, null);
  }

  /** An answer with what the clinic wrote with it (所見あり: …). */
  public RecordBundle coded(String item, String answer, String text) {
    String system = item(item).answers().get(0).system();
    CodeableConcept concept = new CodeableConcept(new Coding(system, answer, null));
    if (text != null) {
      concept.setText(text);
    }
    return value(item, concept);
  }

  public RecordBundle flag(String item, boolean value) {
    return value(item, new org.hl7.fhir.r4.model.BooleanType(value));
  }

  public RecordBundle text(String item, String value) {
    return value(item, new StringType(value));
  }

  public RecordBundle date(String item, LocalDate value) {
    return value(item, new DateTimeType(value.toString()));
  }

  public RecordBundle integer(String item, int value) {
    return value(item, new IntegerType(value));
  }

  /** A moment such as the time of birth, e.g. {@code 2026-11-18T05:42:00+09:00}. */
  public RecordBundle datetime(String item, String value) {
    return value(item, new DateTimeType(value));
  }

  /** An Observation of the item with this value, about the current subject. */
  public RecordBundle value(String item, Type value) {
    observation(item).setValue(value);
    return this;
  }

  /** The mother's EPDS answers, items 1 to 10, as a QuestionnaireResponse. */
  public RecordBundle epds(int... answers) {
    QuestionnaireResponse response = new QuestionnaireResponse();
    response.setQuestionnaire(SukoyakaCanonicals.EPDS_QUESTIONNAIRE);
    response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    response.setSubject(new Reference(about));
    response.setEncounter(new Reference(encounterUrl));
    response.setAuthoredElement(encounter.getPeriod().getStartElement().copy());
    for (int i = 0; i < answers.length; i++) {
      response
          .addItem()
          .setLinkId(Integer.toString(i + 1))
          .addAnswer()
          .setValue(new IntegerType(answers[i]));
    }
    records.add(response);
    return this;
  }

  public RecordBundle identifier(String value) {
    bundle.getIdentifier().setValue(value);
    return this;
  }

  /** Changes the Bundle as built, for the cases a clinic gets wrong. */
  public RecordBundle edit(Consumer<Bundle> change) {
    build();
    change.accept(bundle);
    return this;
  }

  public String identifierValue() {
    return bundle.getIdentifier().getValue();
  }

  public Bundle bundle() {
    build();
    return bundle;
  }

  public String json() {
    return FHIR.newJsonParser().encodeResourceToString(bundle());
  }

  private Observation observation(String itemCode) {
    CatalogItem item = item(itemCode);
    Observation observation = new Observation();
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation
        .addCategory()
        .addCoding(
            new Coding(SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM, item.category(), null));
    if (item.specimen() != null) {
      observation.setSpecimen(new Reference().setDisplay(item.specimen().ja()));
    }
    observation
        .getCode()
        .addCoding(new Coding(SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM, item.code(), null));
    observation.setSubject(new Reference(about));
    observation.setEncounter(new Reference(encounterUrl));
    observation.setEffective(encounter.getPeriod().getStartElement().copy());
    records.add(observation);
    return observation;
  }

  private static CatalogItem item(String code) {
    return CATALOG.byCode(code).orElseThrow(() -> new IllegalArgumentException(code));
  }

  private String addMother(Personas.Mother mother) {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(mother.handbookSystem()).setValue(mother.handbookNumber());
    patient.setBirthDateElement(new DateType(mother.birthDate().toString()));
    patient.setGender(Enumerations.AdministrativeGender.FEMALE);
    patient.addName(name("鈴木", "優子", "IDE"));
    return add(patient);
  }

  private String addChild(ChildPatient child, String motherUrl) {
    Patient patient = new Patient();
    if (motherUrl != null) {
      patient.addExtension(SukoyakaCanonicals.MOTHER_EXTENSION, new Reference(motherUrl));
    }
    patient
        .addIdentifier()
        .setSystem(SukoyakaCanonicals.handbookNumberSystem(child.municipalityCode()))
        .setValue(child.handbookNumber());
    patient.setBirthDateElement(new DateType(child.birthDate().toString()));
    patient.setGender(Enumerations.AdministrativeGender.fromCode(child.sex()));
    if (child.familyName() != null) {
      patient.addName(name(child.familyName(), child.givenName(), "IDE"));
    }
    if (child.birthOrder() > 0) {
      patient.setMultipleBirth(new IntegerType(child.birthOrder()));
    }
    return add(patient);
  }

  private String add(Patient patient) {
    String url = "urn:uuid:" + UUID.randomUUID();
    patients.add(patient);
    patientUrls.add(url);
    return url;
  }

  private static HumanName name(String family, String given, String representation) {
    HumanName name = new HumanName();
    name.addExtension(REPRESENTATION, new CodeType(representation));
    name.setUse(HumanName.NameUse.OFFICIAL);
    name.setFamily(family);
    if (given != null) {
      name.addGiven(given);
    }
    return name;
  }

  private void build() {
    if (!bundle.getEntry().isEmpty()) {
      return;
    }
    for (int i = 0; i < patients.size(); i++) {
      SubmissionEntries.patient(bundle, patientUrls.get(i), patients.get(i));
    }
    SubmissionEntries.post(bundle, encounterUrl, encounter);
    for (Resource record : records) {
      SubmissionEntries.post(bundle, null, record);
    }
  }
}
