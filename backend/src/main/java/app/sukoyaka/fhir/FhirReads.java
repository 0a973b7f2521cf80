package app.sukoyaka.fhir;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.PregnantPerson;
import app.sukoyaka.immunization.Facility;
import app.sukoyaka.immunization.ImmunizationHistory;
import app.sukoyaka.immunization.ImmunizationRecord;
import app.sukoyaka.immunization.ImmunizationRecords;
import app.sukoyaka.immunization.StoredImmunization;
import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.CatalogItem;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.SecurityConfiguration;
import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads and searches of the handbook as FHIR, each decided by the access policy and written to the
 * access log. A Patient is a mother (her records are those of her pregnancies) or a child (its own
 * checkups and its state at birth, recorded at its mother's delivery). A resource belongs to the
 * Patient it is about: the newborn's findings at a delivery are the child's, the delivery Encounter
 * is the mother's. Resources are built from the stored rows by {@link HandbookFhirMapper}.
 */
@Singleton
class FhirReads {
  private final FamilyService families;
  private final CheckupService checkups;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final HandbookFhirMapper mapper;
  private final CheckupItemCatalog catalog;
  private final FhirContext context;
  private final String base;
  private final MunicipalityRepository municipalities;
  private final java.time.Clock clock;
  private final ImmunizationHistory immunizationHistory;
  private final ImmunizationRecords immunizationRecords;
  private final ImmunizationResources immunizationResources;

  private final app.sukoyaka.municipality.transfer.RecordOrigins origins;

  FhirReads(
      FamilyService families,
      CheckupService checkups,
      AccessGuard guard,
      AccessLog accessLog,
      CheckupItemCatalog catalog,
      FhirContext context,
      SecurityConfiguration security,
      MunicipalityRepository municipalities,
      java.time.Clock clock,
      ImmunizationHistory immunizationHistory,
      ImmunizationRecords immunizationRecords,
      VaccineCatalog vaccines,
      app.sukoyaka.municipality.transfer.RecordOrigins origins) {
    this.origins = origins;
    this.immunizationHistory = immunizationHistory;
    this.immunizationRecords = immunizationRecords;
    this.immunizationResources = new ImmunizationResources(vaccines);
    this.municipalities = municipalities;
    this.clock = clock;
    this.families = families;
    this.checkups = checkups;
    this.guard = guard;
    this.accessLog = accessLog;
    this.catalog = catalog;
    this.mapper = new HandbookFhirMapper(catalog);
    this.context = context;
    this.base = security.issuer().replaceAll("/+$", "") + "/fhir";
  }

  /** A Patient of the handbook: a mother with her pregnancies, or a child. */
  private record PatientRecord(PregnantPerson mother, Child child) {
    UUID id() {
      return mother != null ? mother.id() : child.id();
    }

    UUID municipalityId() {
      return mother != null ? mother.municipalityId() : child.municipalityId();
    }
  }

  String patient(Principal principal, String id) {
    PatientRecord patient = patientRecord(id).orElseThrow(() -> notFound("Patient", id));
    List<ProtectedSubject> readable = readable(principal, patient, "read-patient");
    readable.forEach(s -> accessLog.access(principal, s, "read-patient", "fhir-read", true));
    return encode(resource(patient));
  }

  String encounter(Principal principal, String id) {
    Checkup checkup =
        uuid(id).flatMap(checkups::checkup).orElseThrow(() -> notFound("Encounter", id));
    authorise(principal, encounterSubject(checkup), "read-encounter");
    return encode(mapper.encounter(checkup, encounterPatient(checkup, null)));
  }

  String observation(Principal principal, String id) {
    Checkup.Finding finding = finding(id, "Observation", true);
    Checkup checkup = checkups.checkupOfObservation(finding.observationId()).orElseThrow();
    authorise(principal, subjectOf(checkup, finding), "read-observation");
    return encode(
        mapper.observations(checkup, encounterPatient(checkup, null)).stream()
            .filter(o -> o.getIdPart().equals(finding.observationId().toString()))
            .findFirst()
            .orElseThrow(() -> notFound("Observation", id)));
  }

  String questionnaireResponse(Principal principal, String id) {
    Checkup.Finding finding = finding(id, "QuestionnaireResponse", false);
    Checkup checkup = checkups.checkupOfObservation(finding.observationId()).orElseThrow();
    authorise(principal, subjectOf(checkup, finding), "read-questionnaire-response");
    return encode(
        mapper.questionnaireResponses(checkup, encounterPatient(checkup, null)).stream()
            .filter(r -> r.getIdPart().equals(finding.observationId().toString()))
            .findFirst()
            .orElseThrow(() -> notFound("QuestionnaireResponse", id)));
  }

  /**
   * {@code Patient/{id}/$everything}: the patient and every record about them the caller may read,
   * as a searchset; {@code _count}/{@code _offset} page it.
   */
  String everything(Principal principal, String id, Map<String, List<String>> query) {
    PatientRecord patient = patientRecord(id).orElseThrow(() -> notFound("Patient", id));
    Map<String, List<String>> withPatient = new java.util.LinkedHashMap<>(query);
    withPatient.put("patient", List.of(id));
    SearchParameters parameters = SearchParameters.parse(withPatient);
    List<Resource> resources = new ArrayList<>();
    resources.add(resource(patient));
    Readable readable = readableRecords(principal, patient, "read-everything", true);
    for (Checkup checkup : readable.checkups()) {
      if (!matchesDates(parameters, checkup)) {
        continue;
      }
      UUID encounterPatient = encounterPatient(checkup, patient);
      if (encounterPatient.equals(patient.id())) {
        resources.add(mapper.encounter(checkup, encounterPatient));
      }
      resources.addAll(about(patient, mapper.observations(checkup, encounterPatient)));
      resources.addAll(about(patient, mapper.questionnaireResponses(checkup, encounterPatient)));
    }
    resources.addAll(immunizations(patient, readable.immunizations(), parameters));
    return encode(searchset("Patient/" + id + "/$everything", parameters, resources));
  }

  /** {@code Patient/{id}/$summary}: the handbook as a document another system can import. */
  String summary(Principal principal, String id) {
    PatientRecord patient = patientRecord(id).orElseThrow(() -> notFound("Patient", id));
    List<Encounter> encounters = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    List<QuestionnaireResponse> questionnaires = new ArrayList<>();
    Readable readable = readableRecords(principal, patient, "read-summary-document", true);
    for (Checkup checkup : readable.checkups()) {
      UUID encounterPatient = encounterPatient(checkup, patient);
      if (encounterPatient.equals(patient.id())) {
        encounters.add(mapper.encounter(checkup, encounterPatient));
      }
      observations.addAll(about(patient, mapper.observations(checkup, encounterPatient)));
      questionnaires.addAll(
          about(patient, mapper.questionnaireResponses(checkup, encounterPatient)));
    }
    return encode(
        SummaryDocuments.document(
            base,
            resource(patient),
            SummaryDocuments.sections(
                catalog,
                encounters,
                observations,
                questionnaires,
                immunizations(patient, readable.immunizations(), null)),
            municipalities.findById(patient.municipalityId()).map(m -> m.nameJa()).orElse(""),
            clock.instant()));
  }

  String searchEncounters(Principal principal, Map<String, List<String>> query) {
    SearchParameters parameters = SearchParameters.parse(query);
    List<Resource> matches = new ArrayList<>();
    Optional<PatientRecord> patient = parameters.patientId().flatMap(this::patientRecordOf);
    for (Checkup checkup : readableCheckups(principal, patient, "search-encounter")) {
      UUID encounterPatient = encounterPatient(checkup, patient.orElseThrow());
      if (encounterPatient.equals(patient.get().id()) && matchesDates(parameters, checkup)) {
        matches.add(mapper.encounter(checkup, encounterPatient));
      }
    }
    return encode(searchset("Encounter", parameters, matches));
  }

  String searchObservations(Principal principal, Map<String, List<String>> query) {
    SearchParameters parameters = SearchParameters.parse(query);
    List<Resource> matches = new ArrayList<>();
    Optional<PatientRecord> patient = parameters.patientId().flatMap(this::patientRecordOf);
    for (Checkup checkup : readableCheckups(principal, patient, "search-observation")) {
      if (!matchesDates(parameters, checkup)) {
        continue;
      }
      UUID encounterPatient = encounterPatient(checkup, patient.orElseThrow());
      for (Observation observation :
          about(patient.get(), mapper.observations(checkup, encounterPatient))) {
        if (matchesCode(parameters, checkup, observation)) {
          matches.add(observation);
        }
      }
    }
    return encode(searchset("Observation", parameters, matches));
  }

  String searchQuestionnaireResponses(Principal principal, Map<String, List<String>> query) {
    SearchParameters parameters = SearchParameters.parse(query);
    List<Resource> matches = new ArrayList<>();
    Optional<PatientRecord> patient = parameters.patientId().flatMap(this::patientRecordOf);
    for (Checkup checkup : readableCheckups(principal, patient, "search-questionnaire-response")) {
      if (matchesDates(parameters, checkup)) {
        UUID encounterPatient = encounterPatient(checkup, patient.orElseThrow());
        matches.addAll(
            about(patient.get(), mapper.questionnaireResponses(checkup, encounterPatient)));
      }
    }
    return encode(searchset("QuestionnaireResponse", parameters, matches));
  }

  // --- Immunization ---------------------------------------------------------------------------

  /** {@code Immunization/{id}}: a vaccination record of any source; 410 once retracted. */
  String immunization(Principal principal, String id) {
    StoredImmunization stored =
        uuid(id).flatMap(immunizationHistory::find).orElseThrow(() -> notFound("Immunization", id));
    if (stored.retracted()) {
      throw new FhirException(
          ErrorCode.GONE,
          FhirIssue.error("deleted", "Immunization/" + id + " was retracted by its clinic."));
    }
    authorise(principal, immunizationRecords.subjectOf(stored.record()), "read-immunization");
    return encode(immunizationResource(stored, patientOf(stored.record())));
  }

  /** {@code Immunization?patient=…}: the patient's vaccinations, newest first. */
  String searchImmunizations(Principal principal, Map<String, List<String>> query) {
    SearchParameters parameters = SearchParameters.parse(query);
    Optional<PatientRecord> patient = parameters.patientId().flatMap(this::patientRecordOf);
    List<Resource> matches = new ArrayList<>();
    if (patient.isPresent()) {
      Readable readable = readableRecords(principal, patient.get(), "search-immunization", true);
      matches.addAll(immunizations(patient.get(), readable.immunizations(), parameters));
    }
    return encode(searchset("Immunization", parameters, matches));
  }

  /** The vaccinations as Immunizations about the patient, those the dates select. */
  private List<Immunization> immunizations(
      PatientRecord patient, List<StoredImmunization> stored, SearchParameters parameters) {
    List<Immunization> result = new ArrayList<>();
    java.util.Set<UUID> facilityIds = new java.util.HashSet<>();
    stored.forEach(
        s -> {
          if (s.record().facilityId() != null) {
            facilityIds.add(s.record().facilityId());
          }
        });
    Map<UUID, Facility> facilities = immunizationHistory.facilities(facilityIds);
    for (StoredImmunization record : stored) {
      if (parameters != null
          && !(parameters.dates().stream().allMatch(p -> p.test(record.record().occurrenceDate()))
              && parameters.lastUpdated().stream()
                  .allMatch(p -> p.test(record.record().updatedAt())))) {
        continue;
      }
      result.add(
          immunizationResources.resource(
              record, patient.id(), facilities.get(record.record().facilityId())));
    }
    return result;
  }

  private Immunization immunizationResource(StoredImmunization stored, UUID patientId) {
    UUID facilityId = stored.record().facilityId();
    Facility facility =
        facilityId == null
            ? null
            : immunizationHistory.facilities(List.of(facilityId)).get(facilityId);
    return immunizationResources.resource(stored, patientId, facility);
  }

  /** The Patient a record is about: the child, or the pregnant person of the pregnancy. */
  private UUID patientOf(ImmunizationRecord record) {
    if (record.childId() != null) {
      return record.childId();
    }
    return families
        .pregnancy(record.pregnancyId())
        .map(Pregnancy::personId)
        .orElseThrow(() -> new IllegalStateException("Record without pregnancy " + record.id()));
  }

  private Optional<PatientRecord> patientRecord(String id) {
    return uuid(id).flatMap(this::patientRecordOf);
  }

  private Optional<PatientRecord> patientRecordOf(UUID id) {
    Optional<PregnantPerson> mother = families.pregnantPerson(id);
    if (mother.isPresent()) {
      return Optional.of(new PatientRecord(mother.get(), null));
    }
    return families.child(id).map(child -> new PatientRecord(null, child));
  }

  private Patient resource(PatientRecord patient) {
    return patient.mother() != null
        ? mapper.patient(patient.mother())
        : mapper.patient(patient.child());
  }

  /** Only the resources about this patient (not the newborn's at the mother's delivery). */
  private static <T extends Resource> List<T> about(PatientRecord patient, List<T> resources) {
    String reference = "Patient/" + patient.id();
    List<T> result = new ArrayList<>();
    for (T resource : resources) {
      String subject =
          resource instanceof Observation o
              ? o.getSubject().getReference()
              : ((QuestionnaireResponse) resource).getSubject().getReference();
      if (reference.equals(subject)) {
        result.add(resource);
      }
    }
    return result;
  }

  /** The patient's checkups the principal may read, newest visit first. */
  private List<Checkup> readableCheckups(
      Principal principal, Optional<PatientRecord> patient, String action) {
    return patient.isEmpty() ? List.of() : readableCheckups(principal, patient.get(), action);
  }

  private List<Checkup> readableCheckups(
      Principal principal, PatientRecord patient, String action) {
    return readableRecords(principal, patient, action, false).checkups();
  }

  /** The checkups and, when asked, the vaccinations of the patient the principal may read. */
  private record Readable(List<Checkup> checkups, List<StoredImmunization> immunizations) {}

  private Readable readableRecords(
      Principal principal, PatientRecord patient, String action, boolean withImmunizations) {
    List<ProtectedSubject> readable = readable(principal, patient, action);
    List<Checkup> found = new ArrayList<>();
    List<StoredImmunization> vaccinations = new ArrayList<>();
    for (ProtectedSubject subject : readable) {
      accessLog.access(principal, subject, action, "fhir-search", true);
      found.addAll(
          patient.child() != null
              ? checkups.forChild(subject.id())
              : checkups.forPregnancy(subject.id()));
      if (withImmunizations) {
        vaccinations.addAll(
            patient.child() != null
                ? immunizationHistory.storedOfChild(subject.id())
                : immunizationHistory.storedOfPregnancy(subject.id()));
      }
    }
    found.sort(
        Comparator.comparing(Checkup::visitDate).thenComparing(Checkup::recordedAt).reversed());
    vaccinations.sort(
        Comparator.comparing((StoredImmunization v) -> v.record().occurrenceDate())
            .thenComparing(v -> v.record().recordedAt())
            .reversed());
    return new Readable(found, vaccinations);
  }

  /** The pregnancies (of a mother) or the child the principal may read; denied when none. */
  private List<ProtectedSubject> readable(
      Principal principal, PatientRecord patient, String action) {
    List<ProtectedSubject> subjects;
    if (patient.child() != null) {
      subjects = List.of(childSubject(patient.child()));
    } else {
      subjects =
          patient.mother().pregnancies().stream().map(immunizationRecords::subjectOf).toList();
    }
    if (subjects.isEmpty()) {
      throw notFound("Patient", patient.id().toString());
    }
    return guard.requireAny(principal, AccessPolicy.Action.READ, subjects, action, "fhir-read");
  }

  /** The child as the policy sees it: the facilities of its checkups and vaccinations. */
  private ProtectedSubject childSubject(Child child) {
    return immunizationRecords.subjectOf(child);
  }

  /** Whose record the checkup's Encounter is: the pregnancy's, or the child's. */
  private ProtectedSubject encounterSubject(Checkup checkup) {
    if (checkup.childId() != null) {
      return childSubject(families.child(checkup.childId()).orElseThrow());
    }
    return immunizationRecords.subjectOf(pregnancyOf(checkup));
  }

  /** Whose record a finding is: the newborn's it names, else its Encounter's subject's. */
  private ProtectedSubject subjectOf(Checkup checkup, Checkup.Finding finding) {
    if (finding.childId() != null) {
      return childSubject(families.child(finding.childId()).orElseThrow());
    }
    return encounterSubject(checkup);
  }

  /** The Patient id of the checkup's Encounter subject (the mother's person, or the child). */
  private UUID encounterPatient(Checkup checkup, PatientRecord known) {
    if (checkup.childId() != null) {
      return checkup.childId();
    }
    if (known != null && known.mother() != null) {
      return known.mother().id();
    }
    if (known != null
        && known.child() != null
        && checkup.pregnancyId().equals(known.child().pregnancyId())
        && known.child().motherPersonId() != null) {
      return known.child().motherPersonId();
    }
    return pregnancyOf(checkup).personId();
  }

  /** The current finding of that resource, if it is of the wanted kind; 410 when retracted. */
  private Checkup.Finding finding(String id, String type, boolean observation) {
    UUID resourceId = uuid(id).orElseThrow(() -> notFound(type, id));
    if (checkups.isRetracted(resourceId)) {
      throw new FhirException(
          ErrorCode.GONE,
          FhirIssue.error("deleted", type + "/" + id + " was retracted by its clinic."));
    }
    return checkups
        .checkupOfObservation(resourceId)
        .flatMap(
            c ->
                c.findings().stream()
                    .filter(f -> f.observationId().equals(resourceId))
                    .filter(f -> f.isObservation() == observation)
                    .findFirst())
        .orElseThrow(() -> notFound(type, id));
  }

  private void authorise(Principal principal, ProtectedSubject subject, String action) {
    guard.require(principal, AccessPolicy.Action.READ, subject, action, "fhir-read");
    accessLog.access(principal, subject, action, "fhir-read", true);
  }

  private Pregnancy pregnancyOf(Checkup checkup) {
    return families
        .pregnancy(checkup.pregnancyId())
        .orElseThrow(() -> new IllegalStateException("Checkup without pregnancy " + checkup.id()));
  }

  private static boolean matchesDates(SearchParameters parameters, Checkup checkup) {
    return parameters.dates().stream().allMatch(p -> p.test(checkup.visitDate()))
        && parameters.lastUpdated().stream().allMatch(p -> p.test(checkup.recordedAt()));
  }

  /** A code matches an item by any of its codings, or the panel by its own. */
  private boolean matchesCode(
      SearchParameters parameters, Checkup checkup, Observation observation) {
    if (parameters.codes().isEmpty()) {
      return true;
    }
    List<String> items =
        checkup.findings().stream()
            .filter(f -> f.observationId().toString().equals(observation.getIdPart()))
            .map(Checkup.Finding::itemCode)
            .toList();
    for (SearchParameters.Code code : parameters.codes()) {
      for (String itemCode : items) {
        CatalogItem item = catalog.byCode(itemCode).orElseThrow();
        boolean byItem =
            item.fhirCodes().stream()
                .anyMatch(
                    c ->
                        c.code().equals(code.code())
                            && (code.system() == null || c.system().equals(code.system())));
        if (byItem) {
          return true;
        }
      }
      boolean byPanel =
          observation.getCode().getCoding().stream()
              .anyMatch(
                  c ->
                      code.code().equals(c.getCode())
                          && (code.system() == null || code.system().equals(c.getSystem())));
      if (byPanel) {
        return true;
      }
    }
    return false;
  }

  private Bundle searchset(String type, SearchParameters parameters, List<Resource> matches) {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.SEARCHSET);
    bundle.setTotal(matches.size());
    bundle.addLink().setRelation("self").setUrl(link(type, parameters, parameters.offset()));
    int end = Math.min(matches.size(), parameters.offset() + parameters.count());
    if (end < matches.size()) {
      bundle.addLink().setRelation("next").setUrl(link(type, parameters, end));
    }
    for (Resource resource : matches.subList(Math.min(parameters.offset(), matches.size()), end)) {
      bundle
          .addEntry()
          .setFullUrl(base + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
          .setResource(resource)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    return bundle;
  }

  private String link(String type, SearchParameters parameters, int offset) {
    String query =
        parameters.applied().entrySet().stream()
            // An operation on one patient names her in its path, not in a parameter.
            .filter(e -> !(type.startsWith("Patient/") && e.getKey().equals("patient")))
            .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + encode(v)))
            .collect(Collectors.joining("&"));
    return base + "/" + type + "?" + query + "&_count=" + parameters.count() + "&_offset=" + offset;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private String encode(Resource resource) {
    // A record taken over from another Sukoyaka says where it came from, wherever it is read.
    RecordOriginResources.mark(origins, List.of(resource));
    if (!(resource instanceof Bundle) && !resource.getMeta().hasVersionId()) {
      resource.getMeta().setVersionId("1");
    }
    return context.newJsonParser().encodeResourceToString(resource);
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static FhirException notFound(String type, String id) {
    return new FhirException(
        ErrorCode.NOT_FOUND, FhirIssue.error("not-found", type + "/" + id + " is not known."));
  }
}
