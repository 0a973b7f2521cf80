package app.sukoyaka.clinic;

import static app.sukoyaka.clinic.IntakeMapper.EPDS_ITEM_PREFIX;
import static app.sukoyaka.clinic.IntakeMapper.JAPAN;
import static app.sukoyaka.clinic.IntakeMapper.NAME_REPRESENTATION;
import static app.sukoyaka.clinic.IntakeMapper.blankToNull;
import static app.sukoyaka.clinic.IntakeMapper.gestationalAgeDays;
import static app.sukoyaka.clinic.IntakeMapper.invalid;
import static app.sukoyaka.clinic.IntakeMapper.isoDate;
import static app.sukoyaka.clinic.IntakeMapper.label;
import static app.sukoyaka.clinic.IntakeMapper.path;
import static app.sukoyaka.clinic.IntakeMapper.requirePlausible;
import static app.sukoyaka.clinic.IntakeMapper.requireRecordable;
import static app.sukoyaka.clinic.IntakeMapper.structure;
import static app.sukoyaka.clinic.IntakeMapper.whom;

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
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
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

/**
 * {@link IntakeMapper#map} for a submission the streaming reader read ({@link CheckupSubmission})
 * instead of HAPI's model: the same domain values from the same elements, the same rules (the item
 * belongs to this kind of checkup and to this person, the value is plausible for this person, the
 * EPDS total is the sum of the answers), each through the same code where the rule does not read
 * FHIR ({@code requireRecordable}, {@code requirePlausible}, the EPDS tally) and each method
 * mirroring the one of the same name there where it does. It is only given submissions the compiled
 * check found certainly valid, so the profiles' shape holds; a refusal throws the same {@link
 * FhirException}, which the intake answers by taking HAPI's path, so that the clinic always gets
 * HAPI's path's error. {@code StreamedIntakeDifferentialTest} holds the two mappings to the same
 * rows and the same refusals. Pure: no I/O.
 */
final class StreamedIntakeMapper {

  private final CheckupItemCatalog catalog;

  StreamedIntakeMapper(CheckupItemCatalog catalog) {
    this.catalog = catalog;
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
    IntakeMapper.Epds epds = new IntakeMapper.Epds();
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
        IntakeMapper.Person person =
            new IntakeMapper.Person(roles.get(patientUrl), kind, patientUrl.equals(subjectUrl));
        String at = path(i, "");
        List<NewCheckup.NewFinding> found = findings(observation, at, observationId, person);
        for (NewCheckup.NewFinding finding : found) {
          // The tally ignores other findings; their path is not built.
          if (IntakeMapper.Epds.concerns(finding)) {
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
        IntakeMapper.Person person =
            new IntakeMapper.Person(roles.get(patientUrl), kind, patientUrl.equals(subjectUrl));
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
    return new MappedSubmission(
        bundle.identifier().system(),
        bundle.identifier().value(),
        submitted,
        List.of(checkup),
        results);
  }

  /** IntakeMapper.roles: a streamed Patient declares no profile (meta is never read). */
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
    if (!patient.extensions(SukoyakaCanonicals.MOTHER_EXTENSION).isEmpty()
        || patient.multipleBirth() != null) {
      return Optional.of(Subject.CHILD);
    }
    return namedAsMother ? Optional.of(Subject.MOTHER) : Optional.empty();
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
    if (encounter.period() == null || encounter.period().start() == null) {
      throw structure(
          "The Encounter's period.start must be at least a full date.",
          path(index, "period.start"));
    }
    return localDate(encounter.period().start());
  }

  private List<NewCheckup.NewFinding> findings(
      Observation observation, String at, UUID observationId, IntakeMapper.Person person) {
    List<NewCheckup.NewFinding> result = new ArrayList<>();
    for (Coding coding : observation.code().coding()) {
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
    for (Coding coding : component.code().coding()) {
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
      IntakeMapper.Person person) {
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
    if (!(value instanceof CheckupSubmission.DateTimeValue date)) {
      throw invalid(item, "needs a date", path + "DateTime");
    }
    return isoDate(date.value());
  }

  private static Instant moment(CatalogItem item, Value value, String path) {
    // A date alone is below MINUTE precision; the check let only seconds and finer through.
    if (!(value instanceof CheckupSubmission.DateTimeValue moment)
        || moment.value().length() <= 10) {
      throw invalid(item, "needs a date and time of day", path + "DateTime");
    }
    return instant(moment.value());
  }

  private List<NewCheckup.NewFinding> epdsAnswers(
      EpdsResponse response, int index, UUID responseId, IntakeMapper.Person person) {
    if (response.questionnaire() == null
        || !SukoyakaCanonicals.unversioned(SukoyakaCanonicals.EPDS_QUESTIONNAIRE)
            .equals(SukoyakaCanonicals.unversioned(response.questionnaire()))) {
      throw structure(
          "Only the EPDS (" + SukoyakaCanonicals.EPDS_QUESTIONNAIRE + ") is accepted.",
          path(index, "questionnaire"));
    }
    String authored = response.authored();
    if (authored == null) {
      throw structure("The EPDS response needs its authored date.", path(index, "authored"));
    }
    Instant authoredAt =
        authored.length() == 10
            ? isoDate(authored).atStartOfDay(JAPAN).toInstant()
            : instant(authored);
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

  /** The date in Japan of a date or a moment (IntakeMapper.localDate). */
  private static LocalDate localDate(String dateTime) {
    if (dateTime.length() == 10) {
      return isoDate(dateTime);
    }
    return instant(dateTime).atZone(JAPAN).toLocalDate();
  }

  /**
   * The moment of a dateTime the check accepted ({@code yyyy-MM-ddTHH:mm:ss}, an optional fraction,
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
}
