package app.sukoyaka.clinic;

import app.sukoyaka.checkup.Checkup;
import app.sukoyaka.checkup.CheckupService;
import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.fhir.FhirJsonBodies;
import app.sukoyaka.fhir.HandbookFhirMapper;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.JsonLimits;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationIssue;
import app.sukoyaka.profiles.ValidationReport;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;

/**
 * A clinic corrects (FHIR update) or retracts (FHIR delete) an Observation it submitted. The
 * replaced version stays in the history; the parent's handbook shows the corrected value.
 */
@Singleton
class CorrectionService {
  private static final Set<String> CORRECTION_STATUSES = Set.of("amended", "corrected");

  private final FhirContext context;
  private final SukoyakaValidator validator;
  private final IntakeMapper mapper;
  private final HandbookFhirMapper toFhir;
  private final CheckupService checkups;
  private final FamilyService families;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  private final JsonLimits limits;

  CorrectionService(
      FhirContext context,
      SukoyakaValidator validator,
      CheckupItemCatalog catalog,
      CheckupService checkups,
      FamilyService families,
      AccessGuard guard,
      AccessLog accessLog,
      TransactionOperations<Connection> transactions,
      Clock clock,
      JsonLimits limits) {
    this.limits = limits;
    this.context = context;
    this.validator = validator;
    this.mapper = new IntakeMapper(catalog);
    this.toFhir = new HandbookFhirMapper(catalog);
    this.checkups = checkups;
    this.families = families;
    this.guard = guard;
    this.accessLog = accessLog;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * The stored record a correction applies to, once the caller may change it.
   *
   * @param encounterPatient the Patient the checkup's Encounter is about
   * @param observationPatient the Patient the Observation is about (the newborn at a delivery)
   */
  private record Target(
      UUID observationId,
      Checkup checkup,
      UUID encounterPatient,
      UUID observationPatient,
      Subject about,
      ProtectedSubject subject) {
    Checkup.Finding finding() {
      return checkup.findings().stream()
          .filter(f -> f.observationId().equals(observationId))
          .findFirst()
          .orElseThrow();
    }

    int version() {
      return finding().version();
    }
  }

  /** Stores the corrected Observation and returns it as now recorded. */
  String correct(Principal principal, String id, String body, String ifMatch) {
    Target target = target(principal, id);
    if (ifMatch != null && !ifMatch.equals("W/\"" + target.version() + "\"")) {
      throw new FhirException(
          ErrorCode.FHIR_VERSION_CONFLICT,
          FhirIssue.error(
              "conflict",
              "If-Match "
                  + ifMatch
                  + " does not name the current version W/\""
                  + target.version()
                  + "\"."));
    }
    Observation observation = parse(body);
    if (!id.equals(observation.getIdElement().getIdPart())) {
      throw new FhirException(
          ErrorCode.FHIR_ID_MISMATCH,
          FhirIssue.error("invalid", "Observation.id must be " + id + ".", "Observation.id"));
    }
    ValidationReport report = validator.validate(observation);
    if (!report.isValid()) {
      throw new FhirException(
          ErrorCode.FHIR_PROFILE_VIOLATION,
          report.errors().stream()
              .limit(50)
              .map(
                  issue ->
                      new FhirIssue(
                          issue.severity() == ValidationIssue.Severity.FATAL ? "fatal" : "error",
                          "invalid",
                          issue.message(),
                          List.of(issue.location())))
              .toList());
    }
    requireReference(
        observation.getSubject().getReference(),
        "Patient/" + target.observationPatient(),
        "subject");
    requireReference(
        observation.getEncounter().getReference(),
        "Encounter/" + target.checkup().id(),
        "encounter");
    String status = observation.getStatus() == null ? "" : observation.getStatus().toCode();
    if (!CORRECTION_STATUSES.contains(status)) {
      throw new FhirException(
          ErrorCode.FHIR_BUNDLE_STRUCTURE,
          FhirIssue.error(
              "invalid", "A correction has status amended or corrected.", "Observation.status"));
    }
    List<NewCheckup.NewFinding> findings =
        mapper.correction(
            observation, target.observationId(), target.about(), target.checkup().kind());
    Instant now = clock.instant();
    transactions.executeWrite(
        tx -> {
          checkups.correct(target.observationId(), findings, status, principal.actorId(), now);
          accessLog.write(principal, target.subject(), "correct-observation", "clinic-report");
          return null;
        });
    Checkup corrected = checkups.checkup(target.checkup().id()).orElseThrow();
    return context
        .newJsonParser()
        .encodeResourceToString(
            toFhir.observations(corrected, target.encounterPatient()).stream()
                .filter(o -> o.getIdPart().equals(id))
                .findFirst()
                .orElseThrow());
  }

  /** Retracts the Observation (entered in error); it leaves the handbook, its history stays. */
  void retract(Principal principal, String id) {
    Target target = target(principal, id);
    Instant now = clock.instant();
    transactions.executeWrite(
        tx -> {
          checkups.correct(
              target.observationId(), List.of(), "entered-in-error", principal.actorId(), now);
          accessLog.write(principal, target.subject(), "retract-observation", "clinic-report");
          return null;
        });
  }

  private Target target(Principal principal, String id) {
    if (principal.role() != Role.CLINIC) {
      throw new FhirException(
          ErrorCode.WRONG_ROLE,
          FhirIssue.error("forbidden", "Only the submitting clinic corrects its records."));
    }
    UUID observationId;
    try {
      observationId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw notFound(id);
    }
    if (checkups.isRetracted(observationId)) {
      throw new FhirException(
          ErrorCode.GONE, FhirIssue.error("deleted", "Observation/" + id + " was retracted."));
    }
    Checkup checkup = checkups.checkupOfObservation(observationId).orElseThrow(() -> notFound(id));
    Checkup.Finding finding =
        checkup.findings().stream()
            .filter(f -> f.observationId().equals(observationId))
            .findFirst()
            .orElseThrow(() -> notFound(id));
    if (!finding.isObservation()) {
      // The EPDS answers are a QuestionnaireResponse, not an Observation to correct.
      throw notFound(id);
    }
    UUID encounterPatient;
    ProtectedSubject encounterSubject;
    if (checkup.childId() != null) {
      Child child = families.child(checkup.childId()).orElseThrow();
      encounterPatient = child.id();
      encounterSubject = FamilySubjects.of(child, checkups.submittingFacilitiesOfChild(child.id()));
    } else {
      Pregnancy pregnancy = families.pregnancy(checkup.pregnancyId()).orElseThrow();
      encounterPatient = pregnancy.personId();
      encounterSubject =
          FamilySubjects.of(pregnancy, checkups.submittingFacilities(pregnancy.id()));
    }
    UUID observationPatient = encounterPatient;
    ProtectedSubject subject = encounterSubject;
    Subject about = checkup.childId() != null ? Subject.CHILD : Subject.MOTHER;
    if (finding.childId() != null) {
      // The newborn's state at birth, recorded at its mother's delivery.
      Child child = families.child(finding.childId()).orElseThrow();
      observationPatient = child.id();
      subject = FamilySubjects.of(child, checkups.submittingFacilitiesOfChild(child.id()));
      about = Subject.CHILD;
    }
    guard.require(
        principal, AccessPolicy.Action.WRITE, subject, "correct-observation", "clinic-report");
    UUID submitter = checkups.facilityOf(checkup.id()).orElseThrow();
    if (!submitter.equals(principal.facilityId())) {
      throw new FhirException(
          ErrorCode.FHIR_NOT_THE_SUBMITTER,
          FhirIssue.error("forbidden", "This Observation was submitted by another clinic."));
    }
    return new Target(observationId, checkup, encounterPatient, observationPatient, about, subject);
  }

  private Observation parse(String body) {
    FhirException.requireWithinLimits(limits, body);
    IBaseResource resource;
    try {
      resource =
          FhirJsonBodies.parse(
              context.newJsonParser().setParserErrorHandler(new StrictErrorHandler()), body);
    } catch (FhirJsonBodies.Unreadable e) {
      throw new FhirException(
          ErrorCode.FHIR_MALFORMED,
          FhirIssue.error(
              "structure", "The body is not a valid FHIR JSON resource: " + e.getMessage()));
    }
    if (!(resource instanceof Observation observation)) {
      throw new FhirException(
          ErrorCode.FHIR_WRONG_RESOURCE_TYPE,
          FhirIssue.error("structure", "PUT /fhir/Observation/{id} takes an Observation."));
    }
    return observation;
  }

  private static void requireReference(String actual, String expected, String element) {
    if (!expected.equals(actual)) {
      throw new FhirException(
          ErrorCode.FHIR_BUNDLE_STRUCTURE,
          FhirIssue.error(
              "invalid",
              "A correction keeps its " + element + ": " + expected + ".",
              "Observation." + element));
    }
  }

  private static FhirException notFound(String id) {
    return new FhirException(
        ErrorCode.NOT_FOUND, FhirIssue.error("not-found", "Observation/" + id + " is not known."));
  }
}
