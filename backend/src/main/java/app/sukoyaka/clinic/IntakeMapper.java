package app.sukoyaka.clinic;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.FindingValue;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CatalogPanel;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Maps a validated clinic submission to domain values: who each Patient is (the mother by her
 * handbook number and birth date, a child by its handbook number and birth order), the checkup of
 * the Encounter and one finding per Observation (two for a blood-pressure panel, ten for the EPDS
 * response), every value in its catalog item's canonical unit. Applies the rules the profiles
 * cannot: the item belongs to this kind of checkup and to this person, the value is plausible for
 * this person, the EPDS total is the sum of the answers. Pure: no I/O.
 */
final class IntakeMapper {
  static final String GESTATIONAL_AGE_ITEM = "gestational-age";
  static final String EPDS_TOTAL_ITEM = "epds-total-score";
  static final String EPDS_ITEM_PREFIX = "epds-item-";
  static final int EPDS_ITEMS = 10;
  static final String NAME_REPRESENTATION =
      "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final CheckupItemCatalog catalog;

  IntakeMapper(CheckupItemCatalog catalog) {
    this.catalog = catalog;
  }

  MappedSubmission map(Bundle bundle) {
    List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
    Map<String, Integer> patients = new LinkedHashMap<>();
    List<Integer> encounters = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Resource resource = entries.get(i).getResource();
      if (resource instanceof Patient) {
        patients.put(entries.get(i).getFullUrl(), i);
      } else if (resource instanceof Encounter) {
        encounters.add(i);
      }
    }
    if (encounters.size() != 1) {
      throw structure(
          "A submission records one visit: exactly one Encounter; found " + encounters.size() + ".",
          "Bundle.entry");
    }
    if (patients.isEmpty()) {
      throw structure(
          "A submission must contain the Patient its Encounter is about.", "Bundle.entry");
    }
    int encounterIndex = encounters.get(0);
    Encounter encounter = (Encounter) entries.get(encounterIndex).getResource();
    String encounterUrl = entries.get(encounterIndex).getFullUrl();
    CheckupKind kind = kind(encounter, encounterIndex);
    String subjectUrl = encounter.getSubject().getReference();
    if (subjectUrl == null || !patients.containsKey(subjectUrl)) {
      throw structure(
          "The subject must reference a Patient of this Bundle by its fullUrl.",
          path(encounterIndex, "subject"));
    }

    Map<String, Subject> roles = roles(entries, patients, subjectUrl, kind, encounterIndex);
    List<MappedSubmission.SubmittedPatient> submitted = new ArrayList<>();
    for (Map.Entry<String, Integer> patient : patients.entrySet()) {
      submitted.add(
          submittedPatient(
              patient.getKey(),
              patient.getValue(),
              (Patient) entries.get(patient.getValue()).getResource(),
              roles.get(patient.getKey()),
              patient.getKey().equals(subjectUrl),
              patients.keySet()));
    }

    UUID checkupId = Ids.newId();
    List<NewCheckup.NewFinding> findings = new ArrayList<>();
    Map<UUID, String> findingSubjects = new HashMap<>();
    List<MappedSubmission.EntryResult> results = new ArrayList<>();
    Epds epds = new Epds();
    for (int i = 0; i < entries.size(); i++) {
      Resource resource = entries.get(i).getResource();
      String fullUrl = entries.get(i).getFullUrl();
      if (resource instanceof Patient) {
        results.add(new MappedSubmission.EntryResult("Patient", null, fullUrl));
      } else if (resource instanceof Encounter) {
        results.add(new MappedSubmission.EntryResult("Encounter", checkupId, fullUrl));
      } else if (resource instanceof Observation observation) {
        String patientUrl = subjectOf(observation.getSubject(), roles, i);
        requireEncounter(observation.getEncounter(), encounterUrl, i);
        UUID observationId = Ids.newId();
        Person person = new Person(roles.get(patientUrl), kind, patientUrl.equals(subjectUrl));
        List<NewCheckup.NewFinding> found =
            findings(observation, path(i, ""), observationId, person);
        for (NewCheckup.NewFinding finding : found) {
          epds.observed(finding, path(i, "valueInteger"));
          if (!person.isEncounterSubject()) {
            findingSubjects.put(finding.id(), patientUrl);
          }
        }
        findings.addAll(found);
        results.add(new MappedSubmission.EntryResult("Observation", observationId, fullUrl));
      } else if (resource instanceof QuestionnaireResponse response) {
        String patientUrl = subjectOf(response.getSubject(), roles, i);
        requireEncounter(response.getEncounter(), encounterUrl, i);
        if (epds.responseId != null) {
          throw structure(
              "A submission carries at most one EPDS response.", "Bundle.entry[" + i + "]");
        }
        Person person = new Person(roles.get(patientUrl), kind, patientUrl.equals(subjectUrl));
        UUID responseId = Ids.newId();
        List<NewCheckup.NewFinding> answers = epdsAnswers(response, i, responseId, person);
        epds.answered(responseId, answers, patientUrl);
        for (NewCheckup.NewFinding answer : answers) {
          if (!person.isEncounterSubject()) {
            findingSubjects.put(answer.id(), patientUrl);
          }
        }
        findings.addAll(answers);
        results.add(new MappedSubmission.EntryResult("QuestionnaireResponse", responseId, fullUrl));
      } else {
        throw structure(
            resource.fhirType() + " is not accepted in a checkup submission.",
            "Bundle.entry[" + i + "].resource");
      }
    }
    epds.total()
        .ifPresent(
            total -> {
              findings.add(total);
              if (epds.subjectUrl != null && !epds.subjectUrl.equals(subjectUrl)) {
                findingSubjects.put(total.id(), epds.subjectUrl);
              }
            });

    MappedSubmission.DraftCheckup checkup =
        new MappedSubmission.DraftCheckup(
            checkupId,
            kind.code(),
            encounter.getClass_().getCode(),
            kind.municipalOwn() ? encounter.getTypeFirstRep().getText() : null,
            visitDate(encounter, encounterIndex),
            gestationalAgeDays(findings),
            findings,
            findingSubjects);
    Identifier identifier = bundle.getIdentifier();
    return new MappedSubmission(
        identifier.getSystem(), identifier.getValue(), submitted, List.of(checkup), results);
  }

  /**
   * Whom each Patient is: the Encounter's subject is whom its kind is about; another Patient is the
   * newborn at a mother's delivery, or the mother a child names. A Patient that declares itself the
   * other (by profile, the mother extension or a birth order; or by being named as a mother) is a
   * mismatch.
   */
  private static Map<String, Subject> roles(
      List<Bundle.BundleEntryComponent> entries,
      Map<String, Integer> patients,
      String subjectUrl,
      CheckupKind kind,
      int encounterIndex) {
    Set<String> namedMothers = new java.util.HashSet<>();
    for (Integer index : patients.values()) {
      Extension mother =
          ((Patient) entries.get(index).getResource())
              .getExtensionByUrl(SukoyakaCanonicals.MOTHER_EXTENSION);
      if (mother != null && mother.getValue() instanceof Reference reference) {
        if (reference.getReference() != null) {
          namedMothers.add(reference.getReference());
        }
      }
    }
    Subject other = kind.subject() == Subject.MOTHER ? Subject.CHILD : Subject.MOTHER;
    Optional<Subject> subjectDeclared =
        declaredRole(
            (Patient) entries.get(patients.get(subjectUrl)).getResource(),
            namedMothers.contains(subjectUrl));
    if (subjectDeclared.isPresent() && subjectDeclared.get() != kind.subject()) {
      throw new FhirException(
          ErrorCode.FHIR_ENCOUNTER_SUBJECT_MISMATCH,
          FhirIssue.error(
              "business-rule",
              label(kind.label())
                  + " is about "
                  + whom(kind.subject())
                  + ", but the Encounter's subject is "
                  + whom(subjectDeclared.get())
                  + ".",
              path(encounterIndex, "subject")));
    }
    Map<String, Subject> roles = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> patient : patients.entrySet()) {
      if (patient.getKey().equals(subjectUrl)) {
        roles.put(patient.getKey(), kind.subject());
        continue;
      }
      Optional<Subject> declared =
          declaredRole(
              (Patient) entries.get(patient.getValue()).getResource(),
              namedMothers.contains(patient.getKey()));
      if (declared.isPresent() && declared.get() != other) {
        throw structure(
            "Besides the Encounter's subject ("
                + whom(kind.subject())
                + "), a submission of "
                + label(kind.label())
                + " may carry only "
                + whom(other)
                + "; this Patient is "
                + whom(declared.get())
                + ".",
            "Bundle.entry[" + patient.getValue() + "].resource");
      }
      roles.put(patient.getKey(), other);
    }
    return roles;
  }

  private static Optional<Subject> declaredRole(Patient patient, boolean namedAsMother) {
    boolean child =
        patient.getMeta().getProfile().stream()
                .anyMatch(
                    p ->
                        SukoyakaCanonicals.unversioned(p.getValue())
                            .equals(
                                SukoyakaCanonicals.unversioned(SukoyakaCanonicals.CHILD_PROFILE)))
            || patient.hasExtension(SukoyakaCanonicals.MOTHER_EXTENSION)
            || patient.hasMultipleBirth();
    if (child) {
      return Optional.of(Subject.CHILD);
    }
    boolean mother =
        namedAsMother
            || patient.getMeta().getProfile().stream()
                .anyMatch(
                    p ->
                        SukoyakaCanonicals.unversioned(p.getValue())
                            .equals(
                                SukoyakaCanonicals.unversioned(
                                    SukoyakaCanonicals.PREGNANT_PERSON_PROFILE)));
    return mother ? Optional.of(Subject.MOTHER) : Optional.empty();
  }

  private MappedSubmission.SubmittedPatient submittedPatient(
      String fullUrl,
      int index,
      Patient patient,
      Subject role,
      boolean encounterSubject,
      Set<String> bundlePatients) {
    List<String[]> handbooks = new ArrayList<>();
    for (Identifier identifier : patient.getIdentifier()) {
      Optional<String> municipality =
          SukoyakaCanonicals.parseHandbookNumberSystem(identifier.getSystem());
      if (municipality.isPresent() && identifier.hasValue()) {
        handbooks.add(new String[] {municipality.get(), identifier.getValue()});
      }
    }
    if (handbooks.size() != 1) {
      throw structure(
          "The Patient must carry exactly one handbook number (the "
              + (role == Subject.MOTHER ? "pregnancy" : "child's handbook")
              + " this record belongs to); found "
              + handbooks.size()
              + ".",
          path(index, "identifier"));
    }
    if (!patient.hasBirthDate()
        || patient.getBirthDateElement().getPrecision() != TemporalPrecisionEnum.DAY) {
      throw structure("The Patient's birthDate must be a full date.", path(index, "birthDate"));
    }
    LocalDate birthDate = isoDate(patient.getBirthDateElement().getValueAsString());
    MappedSubmission.PatientKey key =
        new MappedSubmission.PatientKey(index, handbooks.get(0)[0], handbooks.get(0)[1], birthDate);
    if (role == Subject.MOTHER) {
      return MappedSubmission.SubmittedPatient.mother(fullUrl, encounterSubject, key);
    }
    // The submission profile accepts a Patient valid as the mother or as the child; a Patient
    // taken as the child must also meet sukoyaka-child, which the mother's profile does not ask.
    if (!patient.hasGender()) {
      throw structure(
          "A child's Patient carries its sex (gender), as sukoyaka-child requires.",
          path(index, "gender"));
    }
    if (patient.getExtensionsByUrl(SukoyakaCanonicals.MOTHER_EXTENSION).size() > 1) {
      throw structure(
          "A child's Patient names its mother at most once (sukoyaka-mother).",
          path(index, "extension"));
    }
    int birthOrder = 1;
    if (patient.getMultipleBirth() instanceof IntegerType order) {
      birthOrder = order.getValue();
      if (birthOrder < 1 || birthOrder > 8) {
        throw structure("A birth order lies between 1 and 8.", path(index, "multipleBirthInteger"));
      }
    }
    String[] kanji = name(patient, false);
    String[] kana = name(patient, true);
    return new MappedSubmission.SubmittedPatient(
        fullUrl,
        Subject.CHILD,
        encounterSubject,
        key,
        birthOrder,
        sex(patient),
        kanji[0],
        kanji[1],
        kana[0],
        kana[1],
        motherOf(patient, bundlePatients));
  }

  /** The first name in kanji (IDE or unmarked) or in kana (SYL): family and given. */
  private static String[] name(Patient patient, boolean kana) {
    for (HumanName name : patient.getName()) {
      Extension representation = name.getExtensionByUrl(NAME_REPRESENTATION);
      String code = representation == null ? null : representation.getValue().primitiveValue();
      if (kana == "SYL".equals(code)) {
        String given = name.getGiven().isEmpty() ? null : name.getGivenAsSingleString();
        return new String[] {blankToNull(name.getFamily()), blankToNull(given)};
      }
    }
    return new String[] {null, null};
  }

  private static String sex(Patient patient) {
    if (!patient.hasGender()) {
      return "unknown";
    }
    return switch (patient.getGender()) {
      case FEMALE -> "female";
      case MALE -> "male";
      default -> "unknown";
    };
  }

  private static MappedSubmission.MotherRef motherOf(Patient patient, Set<String> bundlePatients) {
    Extension extension = patient.getExtensionByUrl(SukoyakaCanonicals.MOTHER_EXTENSION);
    if (extension == null || !(extension.getValue() instanceof Reference reference)) {
      return null;
    }
    if (reference.getReference() != null && bundlePatients.contains(reference.getReference())) {
      return new MappedSubmission.MotherRef(reference.getReference(), null, null);
    }
    Identifier identifier = reference.getIdentifier();
    Optional<String> municipality =
        SukoyakaCanonicals.parseHandbookNumberSystem(identifier.getSystem());
    if (municipality.isPresent() && identifier.hasValue()) {
      return new MappedSubmission.MotherRef(null, municipality.get(), identifier.getValue());
    }
    // A reference to a Patient outside the Bundle does not identify a handbook here.
    return null;
  }

  private CheckupKind kind(Encounter encounter, int index) {
    for (CodeableConcept type : encounter.getType()) {
      for (Coding coding : type.getCoding()) {
        if (SukoyakaCanonicals.CHECKUP_KIND_SYSTEM.equals(coding.getSystem())) {
          CheckupKind kind =
              catalog
                  .kind(coding.getCode())
                  .orElseThrow(
                      () ->
                          structure(
                              "No checkup kind " + coding.getCode() + " is known.",
                              path(index, "type")));
          String encounterClass = encounter.getClass_().getCode();
          if (!kind.encounterClasses().contains(encounterClass)) {
            throw structure(
                label(kind.label()) + " is an encounter of class " + kind.encounterClasses() + ".",
                path(index, "class"));
          }
          return kind;
        }
      }
    }
    throw structure("The Encounter must name its checkup kind.", path(index, "type"));
  }

  private static LocalDate visitDate(Encounter encounter, int index) {
    DateTimeType start = encounter.getPeriod().getStartElement();
    if (start.getValue() == null
        || start.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
      throw structure(
          "The Encounter's period.start must be at least a full date.",
          path(index, "period.start"));
    }
    return localDate(start);
  }

  static Integer gestationalAgeDays(List<NewCheckup.NewFinding> findings) {
    for (NewCheckup.NewFinding finding : findings) {
      if (GESTATIONAL_AGE_ITEM.equals(finding.itemCode())
          && finding.value() instanceof FindingValue.Quantity q) {
        return q.value().setScale(0, RoundingMode.HALF_UP).intValueExact();
      }
    }
    return null;
  }

  /**
   * The findings of one Observation sent on its own (a clinic's correction), with paths from {@code
   * Observation}: held to the same rules as at intake for the person and kind of checkup it was
   * recorded for.
   */
  List<NewCheckup.NewFinding> correction(
      Observation observation, UUID observationId, Subject about, String kindCode) {
    CheckupKind kind =
        catalog
            .kind(kindCode)
            .orElseThrow(() -> new IllegalStateException("Stored kind unknown: " + kindCode));
    return findings(
        observation,
        "Observation.",
        observationId,
        new Person(about, kind, about == kind.subject()));
  }

  /** Whom an Observation is about, at which kind of checkup. */
  record Person(Subject role, CheckupKind kind, boolean isEncounterSubject) {}

  private List<NewCheckup.NewFinding> findings(
      Observation observation, String at, UUID observationId, Person person) {
    List<NewCheckup.NewFinding> result = new ArrayList<>();
    for (Coding coding : observation.getCode().getCoding()) {
      Optional<CatalogItem> item = catalog.byCoding(coding.getSystem(), coding.getCode());
      if (item.isPresent()) {
        requireRecordable(item.get(), person, at);
        if (observation.hasValue()) {
          result.add(
              finding(
                  item.get(), observation.getValue(), at + "value", observationId, coding, person));
        }
        return result;
      }
      Optional<CatalogPanel> panel = catalog.panelByCoding(coding.getSystem(), coding.getCode());
      if (panel.isPresent()) {
        for (int c = 0; c < observation.getComponent().size(); c++) {
          Observation.ObservationComponentComponent component = observation.getComponent().get(c);
          CatalogItem componentItem = componentItem(component, at, c);
          requireRecordable(componentItem, person, at);
          if (component.hasValue()) {
            result.add(
                finding(
                    componentItem,
                    component.getValue(),
                    at + "component[" + c + "].value",
                    observationId,
                    component.getCode().getCodingFirstRep(),
                    person));
          }
        }
        return result;
      }
    }
    throw new FhirException(
        ErrorCode.FHIR_PROFILE_VIOLATION,
        FhirIssue.error("code-invalid", "No catalog item has this code.", at + "code"));
  }

  /**
   * The item is about this person and recorded at this kind of checkup. Only a mother's encounter
   * that records the newborn (the delivery) has findings about another person, and only of items
   * that are about the child alone.
   */
  static void requireRecordable(CatalogItem item, Person person, String at) {
    if (!item.isAbout(person.role())) {
      throw new FhirException(
          ErrorCode.FHIR_ITEM_WRONG_SUBJECT,
          FhirIssue.error(
              "business-rule",
              label(item.label())
                  + " is recorded about "
                  + whom(item.subjects().iterator().next())
                  + ", not about "
                  + whom(person.role())
                  + ".",
              at + "subject"));
    }
    CheckupKind kind = person.kind();
    if (!item.checkups().contains(kind.code())) {
      throw new FhirException(
          ErrorCode.FHIR_ITEM_NOT_AT_THIS_CHECKUP,
          FhirIssue.error(
              "business-rule",
              label(item.label()) + " is not recorded at " + label(kind.label()) + ".",
              at + "code"));
    }
    if (!person.isEncounterSubject() && !item.subjects().equals(Set.of(person.role()))) {
      throw new FhirException(
          ErrorCode.FHIR_ITEM_WRONG_SUBJECT,
          FhirIssue.error(
              "business-rule",
              "At "
                  + label(kind.label())
                  + ", "
                  + label(item.label())
                  + " is recorded about "
                  + whom(kind.subject())
                  + ", the Encounter's subject.",
              at + "subject"));
    }
  }

  private CatalogItem componentItem(
      Observation.ObservationComponentComponent component, String at, int c) {
    for (Coding coding : component.getCode().getCoding()) {
      Optional<CatalogItem> item = catalog.byCoding(coding.getSystem(), coding.getCode());
      if (item.isPresent()) {
        return item.get();
      }
    }
    throw new FhirException(
        ErrorCode.FHIR_PROFILE_VIOLATION,
        FhirIssue.error(
            "code-invalid",
            "No catalog item has this component code.",
            at + "component[" + c + "].code"));
  }

  private static NewCheckup.NewFinding finding(
      CatalogItem item, Type value, String path, UUID observationId, Coding source, Person person) {
    FindingValue mapped =
        switch (item.valueType()) {
          case QUANTITY -> quantity(item, value, path, person.role());
          case CODED -> coded(item, value, path);
          case BOOLEAN -> new FindingValue.Flag(value.castToBoolean(value).booleanValue());
          case STRING -> new FindingValue.Text(value.primitiveValue());
          case DATE -> new FindingValue.Day(day(item, value, path));
          case INTEGER -> new FindingValue.WholeNumber(integer(item, value, path, person.role()));
          case DATETIME -> new FindingValue.Moment(moment(item, value, path));
        };
    return new NewCheckup.NewFinding(
        Ids.newId(), observationId, item.code(), mapped, source.getSystem(), source.getCode());
  }

  private static FindingValue quantity(CatalogItem item, Type value, String path, Subject about) {
    if (!(value instanceof Quantity quantity) || !quantity.hasValue()) {
      throw invalid(item, "needs a quantity", path);
    }
    String unit = quantity.getCode();
    BigDecimal canonical =
        item.toCanonical(quantity.getValue(), unit)
            .orElseThrow(
                () ->
                    invalid(
                        item,
                        "cannot be given in "
                            + unit
                            + "; use "
                            + String.join(", ", item.units().stream().map(u -> u.ucum()).toList()),
                        path + "Quantity.code"));
    requirePlausible(
        item,
        about,
        canonical,
        quantity.getValue().toPlainString() + " " + unit,
        path + "Quantity.value");
    return new FindingValue.Quantity(canonical, item.canonicalUnit().orElseThrow());
  }

  private static int integer(CatalogItem item, Type value, String path, Subject about) {
    if (!(value instanceof IntegerType number) || number.getValue() == null) {
      throw invalid(item, "needs a whole number", path + "Integer");
    }
    requirePlausible(
        item,
        about,
        BigDecimal.valueOf(number.getValue()),
        number.getValue().toString(),
        path + "Integer");
    return number.getValue();
  }

  /** Within the range that holds for this person: a 90 kg infant is a typo, not a finding. */
  static void requirePlausible(
      CatalogItem item, Subject about, BigDecimal canonical, String given, String path) {
    PlausibleRange range =
        item.plausibleRange(about)
            .orElseThrow(() -> new IllegalStateException(item.code() + " has no range"));
    if (!range.contains(canonical)) {
      throw new FhirException(
          ErrorCode.FHIR_IMPLAUSIBLE_VALUE,
          FhirIssue.error(
              "value",
              label(item.label())
                  + " of "
                  + given
                  + " is outside the plausible range "
                  + range.min().toPlainString()
                  + "–"
                  + range.max().toPlainString()
                  + item.canonicalUnit().map(u -> " " + u).orElse("")
                  + (item.subjects().size() > 1 ? " for " + whom(about) : "")
                  + ".",
              path));
    }
  }

  private static FindingValue coded(CatalogItem item, Type value, String path) {
    if (value instanceof CodeableConcept concept) {
      for (Coding coding : concept.getCoding()) {
        if (item.answer(coding.getSystem(), coding.getCode()).isPresent()) {
          return new FindingValue.Coded(
              coding.getSystem(), coding.getCode(), blankToNull(concept.getText()));
        }
      }
    }
    throw invalid(item, "needs one of its answer codes", path + "CodeableConcept");
  }

  private static LocalDate day(CatalogItem item, Type value, String path) {
    if (!(value instanceof DateTimeType date) || date.getValue() == null) {
      throw invalid(item, "needs a date", path + "DateTime");
    }
    return isoDate(date.getValueAsString());
  }

  private static Instant moment(CatalogItem item, Type value, String path) {
    if (!(value instanceof DateTimeType moment)
        || moment.getValue() == null
        || moment.getPrecision().ordinal() < TemporalPrecisionEnum.MINUTE.ordinal()) {
      throw invalid(item, "needs a date and time of day", path + "DateTime");
    }
    return moment.getValue().toInstant();
  }

  /** The ten EPDS answers, as the findings epds-item-1 … epds-item-10 of the response. */
  private List<NewCheckup.NewFinding> epdsAnswers(
      QuestionnaireResponse response, int index, UUID responseId, Person person) {
    if (!SukoyakaCanonicals.unversioned(SukoyakaCanonicals.EPDS_QUESTIONNAIRE)
        .equals(SukoyakaCanonicals.unversioned(response.getQuestionnaire()))) {
      throw structure(
          "Only the EPDS (" + SukoyakaCanonicals.EPDS_QUESTIONNAIRE + ") is accepted.",
          path(index, "questionnaire"));
    }
    DateTimeType authored = response.getAuthoredElement();
    if (authored.getValue() == null) {
      throw structure("The EPDS response needs its authored date.", path(index, "authored"));
    }
    Instant authoredAt =
        authored.getPrecision().ordinal() < TemporalPrecisionEnum.MINUTE.ordinal()
            ? localDate(authored).atStartOfDay(JAPAN).toInstant()
            : authored.getValue().toInstant();
    List<NewCheckup.NewFinding> answers = new ArrayList<>();
    for (int j = 0; j < response.getItem().size(); j++) {
      QuestionnaireResponse.QuestionnaireResponseItemComponent item = response.getItem().get(j);
      String at = path(index, "item[" + j + "].");
      CatalogItem catalogItem =
          catalog
              .byCode(EPDS_ITEM_PREFIX + item.getLinkId())
              .orElseThrow(
                  () ->
                      structure(
                          "No EPDS item has linkId " + item.getLinkId() + ".", at + "linkId"));
      requireRecordable(catalogItem, person, path(index, ""));
      Type value = item.getAnswerFirstRep().getValue();
      int score = integer(catalogItem, value, at + "answer[0].value", person.role());
      answers.add(
          new NewCheckup.NewFinding(
              Ids.newId(),
              responseId,
              catalogItem.code(),
              new FindingValue.WholeNumber(score),
              SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
              catalogItem.code(),
              null,
              Checkup.QUESTIONNAIRE_RESPONSE,
              authoredAt));
    }
    return answers;
  }

  /**
   * The EPDS of a submission: its answers (from the response, or from all ten item Observations)
   * and the total, which must be their sum; a response without a total gets the computed one.
   */
  static final class Epds {
    private UUID responseId;
    private String subjectUrl;
    private final Map<String, Integer> answers = new HashMap<>();
    private NewCheckup.NewFinding total;
    private String totalPath;
    private String itemPath;

    /** Whether {@link #observed} counts the finding (the EPDS total or one of its items). */
    static boolean concerns(NewCheckup.NewFinding finding) {
      return EPDS_TOTAL_ITEM.equals(finding.itemCode())
          || finding.itemCode().startsWith(EPDS_ITEM_PREFIX);
    }

    /** Whether an EPDS response was answered already. */
    boolean hasResponse() {
      return responseId != null;
    }

    /** Whom the EPDS response is about (its Patient's fullUrl), if there is one. */
    String subjectUrl() {
      return subjectUrl;
    }

    void observed(NewCheckup.NewFinding finding, String path) {
      if (EPDS_TOTAL_ITEM.equals(finding.itemCode())) {
        total = finding;
        totalPath = path;
      } else if (finding.itemCode().startsWith(EPDS_ITEM_PREFIX)) {
        itemPath = itemPath == null ? path : itemPath;
        answers.put(finding.itemCode(), ((FindingValue.WholeNumber) finding.value()).value());
      }
    }

    void answered(UUID id, List<NewCheckup.NewFinding> findings, String patientUrl) {
      if (itemPath != null) {
        throw twice();
      }
      responseId = id;
      subjectUrl = patientUrl;
      answers.clear();
      findings.forEach(
          f -> answers.put(f.itemCode(), ((FindingValue.WholeNumber) f.value()).value()));
    }

    private FhirException twice() {
      return structure(
          "The EPDS answers come once: in the QuestionnaireResponse, not also as Observations.",
          itemPath);
    }

    /** The computed total to add, if the response came without one; checks a total sent. */
    Optional<NewCheckup.NewFinding> total() {
      if (responseId != null && itemPath != null) {
        throw twice();
      }
      if (answers.size() < EPDS_ITEMS) {
        return Optional.empty();
      }
      int sum = answers.values().stream().mapToInt(Integer::intValue).sum();
      if (total != null) {
        int sent = ((FindingValue.WholeNumber) total.value()).value();
        if (sent != sum) {
          throw new FhirException(
              ErrorCode.FHIR_EPDS_TOTAL_MISMATCH,
              FhirIssue.error(
                  "business-rule",
                  "EPDS total score (EPDS 合計点) "
                      + sent
                      + " is not the sum of the ten answers, "
                      + sum
                      + ".",
                  totalPath));
        }
        return Optional.empty();
      }
      if (responseId == null) {
        return Optional.empty();
      }
      return Optional.of(
          new NewCheckup.NewFinding(
              Ids.newId(),
              Ids.newId(),
              EPDS_TOTAL_ITEM,
              new FindingValue.WholeNumber(sum),
              SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
              EPDS_TOTAL_ITEM));
    }
  }

  private static String subjectOf(Reference reference, Map<String, Subject> roles, int index) {
    String url = reference == null ? null : reference.getReference();
    if (url == null || !roles.containsKey(url)) {
      throw structure(
          "The subject must reference a Patient of this Bundle by its fullUrl.",
          path(index, "subject"));
    }
    return url;
  }

  private static void requireEncounter(Reference reference, String encounterUrl, int index) {
    if (reference == null || !encounterUrl.equals(reference.getReference())) {
      throw structure(
          "The encounter must reference the Encounter of this Bundle by its fullUrl.",
          path(index, "encounter"));
    }
  }

  /** The date in Japan of a date or a moment. */
  private static LocalDate localDate(DateTimeType value) {
    if (value.getPrecision() == TemporalPrecisionEnum.DAY) {
      return isoDate(value.getValueAsString());
    }
    return value.getValue().toInstant().atZone(JAPAN).toLocalDate();
  }

  /**
   * The day of a validated FHIR date or dateTime (it starts yyyy-MM-dd). {@code LocalDate.parse}
   * goes through a formatter and cost a tenth of the mapping.
   */
  static LocalDate isoDate(String text) {
    return LocalDate.of(
        Integer.parseInt(text, 0, 4, 10),
        Integer.parseInt(text, 5, 7, 10),
        Integer.parseInt(text, 8, 10, 10));
  }

  static FhirException invalid(CatalogItem item, String problem, String path) {
    return new FhirException(
        ErrorCode.FHIR_PROFILE_VIOLATION,
        FhirIssue.error("invalid", label(item.label()) + " " + problem + ".", path));
  }

  static String label(LocalizedText text) {
    return text.en() + " (" + text.ja() + ")";
  }

  static String whom(Subject subject) {
    return subject == Subject.MOTHER ? "the mother (母)" : "the child (子)";
  }

  static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  static String path(int index, String element) {
    return "Bundle.entry[" + index + "].resource." + element;
  }

  static FhirException structure(String message, String path) {
    return new FhirException(
        ErrorCode.FHIR_BUNDLE_STRUCTURE, FhirIssue.error("structure", message, path));
  }
}
