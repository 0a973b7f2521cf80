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
import app.sukoyaka.profiles.CheckupSubmission;
import app.sukoyaka.profiles.CheckupSubmission.CodeableConcept;
import app.sukoyaka.profiles.CheckupSubmission.Coding;
import app.sukoyaka.profiles.CheckupSubmission.Encounter;
import app.sukoyaka.profiles.CheckupSubmission.EpdsResponse;
import app.sukoyaka.profiles.CheckupSubmission.Extension;
import app.sukoyaka.profiles.CheckupSubmission.HumanName;
import app.sukoyaka.profiles.CheckupSubmission.Identifier;
import app.sukoyaka.profiles.CheckupSubmission.Observation;
import app.sukoyaka.profiles.CheckupSubmission.Patient;
import app.sukoyaka.profiles.CheckupSubmission.Reference;
import app.sukoyaka.profiles.CheckupSubmission.Value;
import app.sukoyaka.profiles.HapiReading;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.profiles.PlausibleRange;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Maps a validated clinic submission to domain values: who each Patient is (the mother by her
 * handbook number and birth date, a child by its handbook number and birth order), the checkup of
 * the Encounter and one finding per Observation (two for a blood-pressure panel, ten for the EPDS
 * response), every value in its catalog item's canonical unit. Applies the rules the profiles
 * cannot: the item belongs to this kind of checkup and to this person, the value is plausible for
 * this person, the EPDS total is the sum of the answers. Pure: no I/O.
 *
 * <p>It maps a {@link CheckupSubmission}: what the streaming reader read, or what HAPI's path
 * parsed and validated ({@link HapiReading}). Both paths therefore meet the same rules in the same
 * code; the streaming path only ever gives it submissions the compiled check found certainly valid,
 * and answers any refusal by taking HAPI's path, so that a clinic's error always comes from HAPI's
 * path with its validation. Dates and moments are read by position: {@code LocalDate.parse} and
 * {@code OffsetDateTime.parse} go through formatters and cost as much as the rest of the mapping.
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

  /** A submission HAPI's path parsed and validated. */
  MappedSubmission map(Bundle bundle) {
    return map(HapiReading.of(bundle));
  }

  MappedSubmission map(CheckupSubmission bundle) {
    List<CheckupSubmission.Entry> entries = bundle.entries();
    Map<String, Integer> patients = new LinkedHashMap<>();
    List<Integer> encounters = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      CheckupSubmission.Resource resource = entries.get(i).resource();
      if (resource instanceof Patient) {
        patients.put(entries.get(i).fullUrl(), i);
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
    Encounter encounter = (Encounter) entries.get(encounterIndex).resource();
    String encounterUrl = entries.get(encounterIndex).fullUrl();
    CheckupKind kind = kind(encounter, encounterIndex);
    String subjectUrl = encounter.subject() == null ? null : encounter.subject().reference();
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
              (Patient) entries.get(patient.getValue()).resource(),
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
      CheckupSubmission.Resource resource = entries.get(i).resource();
      String fullUrl = entries.get(i).fullUrl();
      if (resource instanceof Patient) {
        results.add(new MappedSubmission.EntryResult("Patient", null, fullUrl));
      } else if (resource instanceof Encounter) {
        results.add(new MappedSubmission.EntryResult("Encounter", checkupId, fullUrl));
      } else if (resource instanceof Observation observation) {
        String patientUrl = subjectOf(observation.subject(), roles, i);
        requireEncounter(observation.encounter(), encounterUrl, i);
        UUID observationId = Ids.newId();
        Person person = new Person(roles.get(patientUrl), kind, patientUrl.equals(subjectUrl));
        String at = path(i, "");
        List<NewCheckup.NewFinding> found = findings(observation, at, observationId, person);
        for (NewCheckup.NewFinding finding : found) {
          // The tally ignores other findings; their path is not built.
          if (Epds.concerns(finding)) {
            epds.observed(finding, at + "valueInteger");
          }
          if (!person.isEncounterSubject()) {
            findingSubjects.put(finding.id(), patientUrl);
          }
        }
        findings.addAll(found);
        results.add(new MappedSubmission.EntryResult("Observation", observationId, fullUrl));
      } else if (resource instanceof EpdsResponse response) {
        String patientUrl = subjectOf(response.subject(), roles, i);
        requireEncounter(response.encounter(), encounterUrl, i);
        if (epds.hasResponse()) {
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
            resource.resourceType() + " is not accepted in a checkup submission.",
            "Bundle.entry[" + i + "].resource");
      }
    }
    epds.total()
        .ifPresent(
            total -> {
              findings.add(total);
              if (epds.subjectUrl() != null && !epds.subjectUrl().equals(subjectUrl)) {
                findingSubjects.put(total.id(), epds.subjectUrl());
              }
            });

    MappedSubmission.DraftCheckup checkup =
        new MappedSubmission.DraftCheckup(
            checkupId,
            kind.code(),
            encounter.encounterClass().code(),
            kind.municipalOwn() ? encounter.type().get(0).text() : null,
            visitDate(encounter, encounterIndex),
            gestationalAgeDays(findings),
            findings,
            findingSubjects);
    Identifier identifier = bundle.identifier();
    return new MappedSubmission(
        identifier == null ? null : identifier.system(),
        identifier == null ? null : identifier.value(),
        submitted,
        List.of(checkup),
        results);
  }

  /**
   * Whom each Patient is: the Encounter's subject is whom its kind is about; another Patient is the
   * newborn at a mother's delivery, or the mother a child names. A Patient that declares itself the
   * other (by profile, the mother extension or a birth order; or by being named as a mother) is a
   * mismatch.
   */
  private static Map<String, Subject> roles(
      List<CheckupSubmission.Entry> entries,
      Map<String, Integer> patients,
      String subjectUrl,
      CheckupKind kind,
      int encounterIndex) {
    Set<String> namedMothers = new HashSet<>();
    for (Integer index : patients.values()) {
      for (Extension mother :
          ((Patient) entries.get(index).resource())
              .extensions(SukoyakaCanonicals.MOTHER_EXTENSION)) {
        if (mother.valueReference() != null && mother.valueReference().reference() != null) {
          namedMothers.add(mother.valueReference().reference());
        }
      }
    }
    Subject other = kind.subject() == Subject.MOTHER ? Subject.CHILD : Subject.MOTHER;
    Optional<Subject> subjectDeclared =
        declaredRole(
            (Patient) entries.get(patients.get(subjectUrl)).resource(),
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
              (Patient) entries.get(patient.getValue()).resource(),
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
    if (declares(patient, SukoyakaCanonicals.CHILD_PROFILE)
        || !patient.extensions(SukoyakaCanonicals.MOTHER_EXTENSION).isEmpty()
        || patient.multipleBirth() != null) {
      return Optional.of(Subject.CHILD);
    }
    return namedAsMother || declares(patient, SukoyakaCanonicals.PREGNANT_PERSON_PROFILE)
        ? Optional.of(Subject.MOTHER)
        : Optional.empty();
  }

  private static boolean declares(Patient patient, String profile) {
    String wanted = SukoyakaCanonicals.unversioned(profile);
    for (String declared : patient.profile()) {
      if (SukoyakaCanonicals.unversioned(declared).equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  private MappedSubmission.SubmittedPatient submittedPatient(
      String fullUrl,
      int index,
      Patient patient,
      Subject role,
      boolean encounterSubject,
      Set<String> bundlePatients) {
    List<String[]> handbooks = new ArrayList<>();
    for (Identifier identifier : patient.identifier()) {
      Optional<String> municipality =
          identifier.system() == null
              ? Optional.empty()
              : SukoyakaCanonicals.parseHandbookNumberSystem(identifier.system());
      if (municipality.isPresent() && identifier.value() != null) {
        handbooks.add(new String[] {municipality.get(), identifier.value()});
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
    // A full date (the check accepted nothing else): DAY precision.
    if (patient.birthDate() == null || patient.birthDate().length() != 10) {
      throw structure("The Patient's birthDate must be a full date.", path(index, "birthDate"));
    }
    LocalDate birthDate = isoDate(patient.birthDate());
    MappedSubmission.PatientKey key =
        new MappedSubmission.PatientKey(index, handbooks.get(0)[0], handbooks.get(0)[1], birthDate);
    if (role == Subject.MOTHER) {
      return MappedSubmission.SubmittedPatient.mother(fullUrl, encounterSubject, key);
    }
    if (patient.gender() == null) {
      throw structure(
          "A child's Patient carries its sex (gender), as sukoyaka-child requires.",
          path(index, "gender"));
    }
    if (patient.extensions(SukoyakaCanonicals.MOTHER_EXTENSION).size() > 1) {
      throw structure(
          "A child's Patient names its mother at most once (sukoyaka-mother).",
          path(index, "extension"));
    }
    int birthOrder = 1;
    if (patient.multipleBirth() instanceof CheckupSubmission.IntegerValue order) {
      birthOrder = order.value();
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

  private static String[] name(Patient patient, boolean kana) {
    for (HumanName name : patient.name()) {
      String code = null;
      for (Extension extension : name.extension()) {
        if (NAME_REPRESENTATION.equals(extension.url())) {
          code = extension.valueCode();
        }
      }
      if (kana == "SYL".equals(code)) {
        String given = name.given().isEmpty() ? null : name.givenAsSingleString();
        return new String[] {blankToNull(name.family()), blankToNull(given)};
      }
    }
    return new String[] {null, null};
  }

  private static String sex(Patient patient) {
    if (patient.gender() == null) {
      return "unknown";
    }
    return switch (patient.gender()) {
      case "female" -> "female";
      case "male" -> "male";
      default -> "unknown";
    };
  }

  private static MappedSubmission.MotherRef motherOf(Patient patient, Set<String> bundlePatients) {
    List<Extension> extensions = patient.extensions(SukoyakaCanonicals.MOTHER_EXTENSION);
    if (extensions.isEmpty() || extensions.get(0).valueReference() == null) {
      return null;
    }
    Reference reference = extensions.get(0).valueReference();
    if (reference.reference() != null && bundlePatients.contains(reference.reference())) {
      return new MappedSubmission.MotherRef(reference.reference(), null, null);
    }
    Identifier identifier = reference.identifier();
    Optional<String> municipality =
        identifier == null || identifier.system() == null
            ? Optional.empty()
            : SukoyakaCanonicals.parseHandbookNumberSystem(identifier.system());
    if (municipality.isPresent() && identifier.value() != null) {
      return new MappedSubmission.MotherRef(null, municipality.get(), identifier.value());
    }
    return null;
  }

  private CheckupKind kind(Encounter encounter, int index) {
    for (CodeableConcept type : encounter.type()) {
      for (Coding coding : type.coding()) {
        if (SukoyakaCanonicals.CHECKUP_KIND_SYSTEM.equals(coding.system())) {
          CheckupKind kind =
              catalog
                  .kind(coding.code())
                  .orElseThrow(
                      () ->
                          structure(
                              "No checkup kind " + coding.code() + " is known.",
                              path(index, "type")));
          String encounterClass = encounter.encounterClass().code();
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
    if (encounter.period() == null
        || encounter.period().start() == null
        || encounter.period().start().length() < 10) {
      throw structure(
          "The Encounter's period.start must be at least a full date.",
          path(index, "period.start"));
    }
    try {
      return localDate(encounter.period().start());
    } catch (DateTimeException unreadable) {
      throw structure(
          "The Encounter's period.start must be at least a full date.",
          path(index, "period.start"));
    }
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
      org.hl7.fhir.r4.model.Observation observation,
      UUID observationId,
      Subject about,
      String kindCode) {
    CheckupKind kind =
        catalog
            .kind(kindCode)
            .orElseThrow(() -> new IllegalStateException("Stored kind unknown: " + kindCode));
    return findings(
        HapiReading.observation(observation),
        "Observation.",
        observationId,
        new Person(about, kind, about == kind.subject()));
  }

  /** Whom an Observation is about, at which kind of checkup. */
  record Person(Subject role, CheckupKind kind, boolean isEncounterSubject) {}

  private List<NewCheckup.NewFinding> findings(
      Observation observation, String at, UUID observationId, Person person) {
    List<NewCheckup.NewFinding> result = new ArrayList<>();
    List<Coding> codings = observation.code() == null ? List.of() : observation.code().coding();
    for (Coding coding : codings) {
      Optional<CatalogItem> item = catalog.byCoding(coding.system(), coding.code());
      if (item.isPresent()) {
        requireRecordable(item.get(), person, at);
        if (observation.value() != null) {
          result.add(
              finding(
                  item.get(), observation.value(), at + "value", observationId, coding, person));
        }
        return result;
      }
      Optional<CatalogPanel> panel = catalog.panelByCoding(coding.system(), coding.code());
      if (panel.isPresent()) {
        for (int c = 0; c < observation.component().size(); c++) {
          CheckupSubmission.Component component = observation.component().get(c);
          CatalogItem componentItem = componentItem(component, at, c);
          requireRecordable(componentItem, person, at);
          if (component.value() != null) {
            result.add(
                finding(
                    componentItem,
                    component.value(),
                    at + "component[" + c + "].value",
                    observationId,
                    component.code().coding().get(0),
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

  private CatalogItem componentItem(CheckupSubmission.Component component, String at, int c) {
    List<Coding> codings = component.code() == null ? List.of() : component.code().coding();
    for (Coding coding : codings) {
      Optional<CatalogItem> item = catalog.byCoding(coding.system(), coding.code());
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
      CatalogItem item,
      Value value,
      String path,
      UUID observationId,
      Coding source,
      Person person) {
    FindingValue mapped =
        switch (item.valueType()) {
          case QUANTITY -> quantity(item, value, path, person.role());
          case CODED -> coded(item, value, path);
          case BOOLEAN -> new FindingValue.Flag(flag(item, value, path));
          case STRING -> new FindingValue.Text(text(item, value, path));
          case DATE -> new FindingValue.Day(day(item, value, path));
          case INTEGER -> new FindingValue.WholeNumber(integer(item, value, path, person.role()));
          case DATETIME -> new FindingValue.Moment(moment(item, value, path));
        };
    return new NewCheckup.NewFinding(
        Ids.newId(), observationId, item.code(), mapped, source.system(), source.code());
  }

  private static FindingValue quantity(CatalogItem item, Value value, String path, Subject about) {
    if (!(value instanceof CheckupSubmission.Quantity quantity) || quantity.value() == null) {
      throw invalid(item, "needs a quantity", path);
    }
    String unit = quantity.code();
    // The value with the digits the clinic wrote (58.20 stays 58.20), as HAPI's model holds it.
    BigDecimal given = quantity.value();
    BigDecimal canonical =
        item.toCanonical(given, unit)
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
        item, about, canonical, given.toPlainString() + " " + unit, path + "Quantity.value");
    return new FindingValue.Quantity(canonical, item.canonicalUnit().orElseThrow());
  }

  private static int integer(CatalogItem item, Value value, String path, Subject about) {
    if (!(value instanceof CheckupSubmission.IntegerValue number)) {
      throw invalid(item, "needs a whole number", path + "Integer");
    }
    requirePlausible(
        item,
        about,
        BigDecimal.valueOf(number.value()),
        Integer.toString(number.value()),
        path + "Integer");
    return number.value();
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

  private static FindingValue coded(CatalogItem item, Value value, String path) {
    if (value instanceof CodeableConcept concept) {
      for (Coding coding : concept.coding()) {
        if (item.answer(coding.system(), coding.code()).isPresent()) {
          return new FindingValue.Coded(
              coding.system(), coding.code(), blankToNull(concept.text()));
        }
      }
    }
    throw invalid(item, "needs one of its answer codes", path + "CodeableConcept");
  }

  /** HAPI's castToBoolean, which refuses anything but a boolean. */
  private static boolean flag(CatalogItem item, Value value, String path) {
    if (!(value instanceof CheckupSubmission.BooleanValue flag)) {
      throw invalid(item, "needs a boolean", path + "Boolean");
    }
    return flag.value();
  }

  /** HAPI's primitiveValue of a string. */
  private static String text(CatalogItem item, Value value, String path) {
    if (!(value instanceof CheckupSubmission.StringValue text)) {
      throw invalid(item, "needs a text", path + "String");
    }
    return text.value();
  }

  private static LocalDate day(CatalogItem item, Value value, String path) {
    if (!(value instanceof CheckupSubmission.DateTimeValue date) || date.value().length() < 10) {
      throw invalid(item, "needs a date", path + "DateTime");
    }
    return isoDate(date.value());
  }

  private static Instant moment(CatalogItem item, Value value, String path) {
    // A date alone is below MINUTE precision; FHIR's dateTime has seconds whenever it has a time.
    if (!(value instanceof CheckupSubmission.DateTimeValue moment)
        || moment.value().length() <= 10) {
      throw invalid(item, "needs a date and time of day", path + "DateTime");
    }
    try {
      return instant(moment.value());
    } catch (DateTimeException unreadable) {
      throw invalid(item, "needs a date and time of day", path + "DateTime");
    }
  }

  private List<NewCheckup.NewFinding> epdsAnswers(
      EpdsResponse response, int index, UUID responseId, Person person) {
    if (response.questionnaire() == null
        || !SukoyakaCanonicals.unversioned(SukoyakaCanonicals.EPDS_QUESTIONNAIRE)
            .equals(SukoyakaCanonicals.unversioned(response.questionnaire()))) {
      throw structure(
          "Only the EPDS (" + SukoyakaCanonicals.EPDS_QUESTIONNAIRE + ") is accepted.",
          path(index, "questionnaire"));
    }
    String authored = response.authored();
    if (authored == null || authored.length() < 10) {
      throw structure(
          "The EPDS response needs its authored date, at least a full date.",
          path(index, "authored"));
    }
    Instant authoredAt;
    try {
      authoredAt =
          authored.length() == 10
              ? isoDate(authored).atStartOfDay(JAPAN).toInstant()
              : instant(authored);
    } catch (DateTimeException unreadable) {
      throw structure(
          "The EPDS response needs its authored date, at least a full date.",
          path(index, "authored"));
    }
    List<NewCheckup.NewFinding> answers = new ArrayList<>();
    for (int j = 0; j < response.item().size(); j++) {
      CheckupSubmission.Item item = response.item().get(j);
      String at = path(index, "item[" + j + "].");
      CatalogItem catalogItem =
          catalog
              .byCode(EPDS_ITEM_PREFIX + item.linkId())
              .orElseThrow(
                  () -> structure("No EPDS item has linkId " + item.linkId() + ".", at + "linkId"));
      requireRecordable(catalogItem, person, path(index, ""));
      Value value = item.answer().isEmpty() ? null : item.answer().get(0);
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
    String url = reference == null ? null : reference.reference();
    if (url == null || !roles.containsKey(url)) {
      throw structure(
          "The subject must reference a Patient of this Bundle by its fullUrl.",
          path(index, "subject"));
    }
    return url;
  }

  private static void requireEncounter(Reference reference, String encounterUrl, int index) {
    if (reference == null || !encounterUrl.equals(reference.reference())) {
      throw structure(
          "The encounter must reference the Encounter of this Bundle by its fullUrl.",
          path(index, "encounter"));
    }
  }

  /** The date in Japan of a date or a moment. */
  private static LocalDate localDate(String dateTime) {
    if (dateTime.length() == 10) {
      return isoDate(dateTime);
    }
    return instant(dateTime).atZone(JAPAN).toLocalDate();
  }

  /**
   * The moment of a valid dateTime with a time ({@code yyyy-MM-ddTHH:mm:ss}, an optional fraction,
   * {@code Z} or {@code ±hh:mm}), to the millisecond as HAPI's {@code getValue()} holds it: further
   * digits of the second are dropped, not rounded. Read by position: {@code OffsetDateTime.parse}
   * goes through a formatter and cost as much as the rest of the mapping.
   */
  static Instant instant(String dateTime) {
    int at = 19;
    int millis = 0;
    if (dateTime.charAt(at) == '.') {
      at++;
      for (int digit = 0; digit < 3; digit++) {
        millis *= 10;
        if (isDigit(dateTime.charAt(at))) {
          millis += dateTime.charAt(at) - '0';
          at++;
        }
      }
      while (isDigit(dateTime.charAt(at))) {
        at++;
      }
    }
    int offsetSeconds = 0;
    if (dateTime.charAt(at) != 'Z') {
      int hours = Integer.parseInt(dateTime, at + 1, at + 3, 10);
      int minutes = Integer.parseInt(dateTime, at + 4, at + 6, 10);
      offsetSeconds = (dateTime.charAt(at) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    }
    LocalDateTime local =
        LocalDateTime.of(
            Integer.parseInt(dateTime, 0, 4, 10),
            Integer.parseInt(dateTime, 5, 7, 10),
            Integer.parseInt(dateTime, 8, 10, 10),
            Integer.parseInt(dateTime, 11, 13, 10),
            Integer.parseInt(dateTime, 14, 16, 10),
            Integer.parseInt(dateTime, 17, 19, 10));
    return local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds)).plusMillis(millis);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
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
