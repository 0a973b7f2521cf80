package app.sukoyaka.clinic;

import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.fhir.FhirIssue;
import app.sukoyaka.fhir.FhirJsonBodies;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.JsonLimits;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.SubmissionRead;
import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationIssue;
import app.sukoyaka.profiles.ValidationReport;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import app.sukoyaka.security.SystemScope;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a clinic's submission from raw JSON to stored rows: parse, replay a retry, validate against
 * the profiles, map, match the patients, apply the access policy, store. A checkup (an Encounter
 * with its findings) and vaccinations (Immunizations of one person) go the same way.
 *
 * <p>A checkup is first read in one streaming pass into our own types, checked and mapped from
 * those ({@link SukoyakaValidator#readCertainlyValid}, {@link IntakeMapper}); whenever that path is
 * not sure (anything it does not read, anything the compiled check or the intake's rules would not
 * let through), the same bytes take HAPI's path: parsed into HAPI's model, validated, mapped, as
 * before. Refusals, and their OperationOutcomes, therefore always come from HAPI's path.
 */
@Singleton
class IntakeService {
  private static final HexFormat HEX = HexFormat.of();
  private static final MessageDigest SHA_256 = sha256Digest();

  /** Scopes a clinic token needs to submit checkups (SMART v2 system scopes). */
  static final Set<String> REQUIRED_SCOPES = Set.of("system/Encounter.c", "system/Observation.c");

  /** Scopes a clinic token needs to submit vaccinations. */
  static final Set<String> VACCINATION_SCOPES = Set.of("system/Immunization.c");

  private static final int MAX_REPORTED_ISSUES = 50;

  private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);

  private final FhirContext context;
  private final SukoyakaValidator validator;
  private final IntakeMapper mapper;
  private final IntakePaths paths;
  private final PatientMatcher matcher;
  private final AccessGuard guard;
  private final SystemScope systemScope;
  private final SubmissionStore store;
  private final Clock clock;
  private final Semaphore validations;
  private final VaccinationIntake vaccinations;

  private final JsonLimits limits;

  IntakeService(
      FhirContext context,
      SukoyakaValidator validator,
      CheckupItemCatalog catalog,
      PatientMatcher matcher,
      AccessGuard guard,
      SubmissionStore store,
      Clock clock,
      IntakeConfiguration configuration,
      VaccinationIntake vaccinations,
      IntakePaths paths,
      JsonLimits limits,
      SystemScope systemScope) {
    this.limits = limits;
    this.systemScope = systemScope;
    this.validations = new Semaphore(configuration.permits(), true);
    this.vaccinations = vaccinations;
    this.context = context;
    this.validator = validator;
    this.mapper = new IntakeMapper(catalog);
    this.paths = paths;
    this.matcher = matcher;
    this.guard = guard;
    this.store = store;
    this.clock = clock;
  }

  /** Stores the submission (or finds it stored already) and returns the response Bundle. */
  String submit(Principal principal, byte[] body) {
    if (principal.role() != Role.CLINIC) {
      throw new FhirException(
          ErrorCode.WRONG_ROLE,
          FhirIssue.error("forbidden", "Only clinic systems submit checkups."));
    }
    FhirException.requireWithinLimits(limits, body);
    Streamed streamed = stream(body);
    if (streamed.mapped() != null) {
      paths.streamed();
      requireScopes(principal, REQUIRED_SCOPES);
      return storeCheckup(principal, streamed.mapped(), body, sha256(body));
    }
    paths.fellBack(streamed.fallback());

    Bundle bundle = parse(context, body);
    boolean vaccination =
        SukoyakaCanonicals.VACCINATION_SUBMISSION_PROFILE.equals(
            SukoyakaValidator.submissionProfile(bundle));
    requireScopes(principal, vaccination ? VACCINATION_SCOPES : REQUIRED_SCOPES);
    // The submission is kept as the clinic sent it, and a retry is recognised by the same bytes:
    // re-encoding the parsed Bundle for that cost as much as parsing it.
    byte[] payload = body;
    String sha256 = sha256(payload);
    String system = bundle.getIdentifier().getSystem();
    String value = bundle.getIdentifier().getValue();
    if (vaccination) {
      return submitVaccinations(principal, bundle, payload, sha256, system, value);
    }

    // A retry of a Bundle stored before gets the stored response (or a conflict), whatever would
    // refuse the Bundle now. Retries are rare, so the stored submission is looked up only when the
    // Bundle is refused; an accepted one meets it on the unique key when it is stored.
    MappedSubmission mapped;
    try {
      ValidationReport report = validate(bundle);
      if (!report.isValid()) {
        throw new FhirException(ErrorCode.FHIR_PROFILE_VIOLATION, issues(report));
      }
      mapped = mapper.map(bundle);
    } catch (RuntimeException refused) {
      return storedResponse(principal, system, value, sha256).orElseThrow(() -> refused);
    }
    return storeCheckup(principal, mapped, payload, sha256);
  }

  private void requireScopes(Principal principal, Set<String> scopes) {
    if (!principal.scopes().containsAll(scopes)) {
      throw new FhirException(
          ErrorCode.FORBIDDEN,
          FhirIssue.error(
              "forbidden", "The access token lacks the scopes " + String.join(" ", scopes) + "."));
    }
  }

  /**
   * A checkup read and mapped (by either path): its patients matched, the access policy applied,
   * stored once with the raw Bundle, whole or not at all.
   */
  private String storeCheckup(
      Principal principal, MappedSubmission mapped, byte[] payload, String sha256) {
    String system = mapped.identifierSystem();
    String value = mapped.identifierValue();
    PatientMatcher.Matched matched;
    try {
      // The patients are found wherever they are (a child who moved, a municipality the clinic
      // does not serve) so that the access policy can say why it refuses; what is then stored
      // is stored in the clinic's own scope.
      matched = systemScope.get(() -> matcher.match(mapped, principal));
    } catch (RuntimeException refused) {
      return storedResponse(principal, system, value, sha256).orElseThrow(() -> refused);
    }
    for (ProtectedSubject subject : matched.subjects()) {
      if (!guard.permits(principal, AccessPolicy.Action.WRITE, subject)) {
        Optional<String> stored = storedResponse(principal, system, value, sha256);
        if (stored.isPresent()) {
          return stored.get();
        }
      }
      // Logs the refusal and throws.
      guard.require(
          principal, AccessPolicy.Action.WRITE, subject, "submit-checkup", "clinic-report");
    }

    Instant now = clock.instant();
    UUID submissionId = Ids.newId();
    List<NewCheckup> checkups = matched.checkups(mapped, principal.facilityId());
    String response =
        TransactionResponses.json(
            submissionId, mapped, matched.patientIds(), matched.created(), now);
    return store.storeOnce(
        new SubmissionStore.Submission(
            submissionId,
            principal.subject(),
            principal.facilityId(),
            matched.municipalityId(),
            mapped.identifierSystem(),
            mapped.identifierValue(),
            sha256,
            payload,
            response,
            now,
            checkups,
            matched.newChildren()),
        principal,
        matched.subjects());
  }

  /**
   * Vaccinations of one person: validated (by HAPI: the fast path covers checkups), matched and
   * held to the vaccination rules, then stored with the raw Bundle, whole or not at all.
   */
  private String submitVaccinations(
      Principal principal,
      Bundle bundle,
      byte[] payload,
      String sha256,
      String system,
      String value) {
    VaccinationIntake.Prepared prepared;
    try {
      ValidationReport report = validate(bundle);
      if (!report.isValid()) {
        throw new FhirException(ErrorCode.FHIR_PROFILE_VIOLATION, issues(report));
      }
      prepared = systemScope.get(() -> vaccinations.prepare(bundle, principal));
    } catch (RuntimeException refused) {
      return storedResponse(principal, system, value, sha256).orElseThrow(() -> refused);
    }
    if (!guard.permits(
        principal, AccessPolicy.Action.WRITE, prepared.subject(), "submit-immunization")) {
      Optional<String> stored = storedResponse(principal, system, value, sha256);
      if (stored.isPresent()) {
        return stored.get();
      }
      // Logs the refusal and throws.
      guard.require(
          principal,
          AccessPolicy.Action.WRITE,
          prepared.subject(),
          "submit-immunization",
          "clinic-report");
    }
    Instant now = clock.instant();
    UUID submissionId = Ids.newId();
    VaccinationIntakeMapper.Mapped mapped = prepared.mapped();
    String response =
        TransactionResponses.json(
            submissionId,
            new MappedSubmission(
                mapped.identifierSystem(),
                mapped.identifierValue(),
                List.of(),
                List.of(),
                mapped.entries()),
            java.util.Map.of(mapped.person().fullUrl(), prepared.patientId()),
            Set.of(),
            now);
    return store.storeVaccinationsOnce(
        new SubmissionStore.Submission(
            submissionId,
            principal.subject(),
            principal.facilityId(),
            prepared.municipalityId(),
            mapped.identifierSystem(),
            mapped.identifierValue(),
            sha256,
            payload,
            response,
            now,
            List.of(),
            List.of()),
        prepared.records(submissionId, principal, now),
        prepared.payloads(),
        principal,
        prepared.subject());
  }

  /**
   * Reads, checks and maps a checkup submission without storing or matching anything (and without
   * counting it): what the start-up warm-up runs so that the first clinics meet compiled code, not
   * the interpreter.
   *
   * @return whether the streaming path took it
   */
  boolean rehearse(byte[] body) {
    return stream(body).mapped() != null;
  }

  /** What the streaming path made of a submission: the mapped checkup, or why HAPI's path. */
  record Streamed(MappedSubmission mapped, SubmissionRead.Fallback fallback) {}

  /**
   * The streaming path: read and checked by {@link SukoyakaValidator#readCertainlyValid}, mapped by
   * {@link IntakeMapper}. A refusal by the intake's rules is not answered here: HAPI's path meets
   * the same rule and gives the clinic its error.
   */
  Streamed stream(byte[] body) {
    SubmissionRead read = validator.readCertainlyValid(body);
    if (!read.certainlyValid()) {
      return new Streamed(null, read.fallback());
    }
    try {
      return new Streamed(mapper.map(read.submission()), null);
    } catch (FhirException refused) {
      return new Streamed(null, SubmissionRead.Fallback.REFUSED_BY_INTAKE_RULES);
    } catch (RuntimeException unexpected) {
      // A mapping fault of this path only: HAPI's path still decides correctly.
      LOG.warn("The streamed mapping failed; the submission takes HAPI's path", unexpected);
      return new Streamed(null, SubmissionRead.Fallback.REFUSED_BY_INTAKE_RULES);
    }
  }

  /**
   * The response to a retry: what was stored under this Bundle.identifier from this client, or a
   * conflict if that was another Bundle; empty if nothing was.
   */
  private Optional<String> storedResponse(
      Principal principal, String system, String value, String sha256) {
    if (system == null || value == null) {
      return Optional.empty();
    }
    // The clinic's own earlier answer, even for a municipality it no longer serves.
    return systemScope
        .get(() -> store.find(principal.subject(), system, value))
        .map(stored -> SubmissionStore.replay(stored, sha256, value));
  }

  private ValidationReport validate(Bundle bundle) {
    if (validator.isCertainlyValid(bundle)) {
      // The compiled fast path needs no rationing; only HAPI's validations queue.
      return new ValidationReport(List.of());
    }
    try {
      validations.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FhirException(
          ErrorCode.SERVICE_UNAVAILABLE, FhirIssue.error("transient", "The service is stopping."));
    }
    try {
      // The fast path has already said it is unsure: go straight to HAPI.
      return validator.validateWithHapi(bundle);
    } finally {
      validations.release();
    }
  }

  /**
   * HAPI's path's reading of a request body: strict UTF-8, strict parser, a Bundle or a refusal.
   */
  static Bundle parse(FhirContext context, byte[] body) {
    IParser parser = context.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    IBaseResource resource;
    // Malformed UTF-8 is refused here rather than replaced: the bytes are stored as they came.
    CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      resource =
          FhirJsonBodies.parse(
              parser, new InputStreamReader(new ByteArrayInputStream(body), strict));
    } catch (FhirJsonBodies.Unreadable e) {
      throw new FhirException(
          ErrorCode.FHIR_MALFORMED,
          FhirIssue.error(
              "structure", "The body is not a valid FHIR JSON resource: " + e.getMessage()));
    }
    if (!(resource instanceof Bundle bundle)) {
      throw new FhirException(
          ErrorCode.FHIR_NOT_A_BUNDLE,
          FhirIssue.error(
              "structure",
              "POST /fhir takes a transaction Bundle; got " + resource.fhirType() + "."));
    }
    return bundle;
  }

  private static List<FhirIssue> issues(ValidationReport report) {
    List<FhirIssue> issues = new ArrayList<>();
    for (ValidationIssue issue : report.errors()) {
      if (issues.size() == MAX_REPORTED_ISSUES) {
        break;
      }
      issues.add(
          new FhirIssue(
              issue.severity() == ValidationIssue.Severity.FATAL ? "fatal" : "error",
              "invalid",
              issue.message(),
              List.of(issue.location())));
    }
    return issues;
  }

  static String sha256(byte[] bytes) {
    try {
      // A clone of a digest made once: looking the algorithm up among the providers cost as much
      // as hashing a usual submission.
      MessageDigest digest = (MessageDigest) SHA_256.clone();
      return HEX.formatHex(digest.digest(bytes));
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("The JDK's SHA-256 cannot be cloned", e);
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
