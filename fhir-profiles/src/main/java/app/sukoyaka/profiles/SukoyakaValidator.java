package app.sukoyaka.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates clinic submissions against the Sukoyaka profiles, fully offline. Building it loads the
 * conformance resources and the validation support chain once (about a second); the first
 * validation then generates snapshots and expansions (several seconds), which {@link #warmUp()}
 * pays at start-up. One instance is thread-safe and meant to be shared by all request threads.
 *
 * <p>Submissions first meet a fast path compiled from the same definitions ({@link
 * CompiledSubmissionCheck}): an ordinary, certainly valid submission is accepted in well under a
 * millisecond; anything else goes to HAPI's instance validator (tens of milliseconds).
 */
public final class SukoyakaValidator {

  private static final Logger LOG = LoggerFactory.getLogger(SukoyakaValidator.class);

  private static final String PROFILES = "/app/sukoyaka/profiles/";

  /** The bundled example checkup submission (classpath), valid and on the fast path. */
  public static final String WARM_UP_EXAMPLE =
      PROFILES + "examples/prenatal-checkup-submission.json";

  private static final String WARM_UP_VACCINATIONS =
      PROFILES + "examples/vaccination-submission.json";

  /** Resource types whose definitions the validator uses; NamingSystems it never consults. */
  private static final Set<String> LOADED_TYPES =
      Set.of("StructureDefinition", "CodeSystem", "ValueSet", "Questionnaire");

  /** Our profile for each resource type a submission may carry. */
  private static final Map<String, String> PROFILE_BY_TYPE =
      Map.of(
          "Bundle", SukoyakaCanonicals.CLINIC_SUBMISSION_PROFILE,
          "Patient", SukoyakaCanonicals.PREGNANT_PERSON_PROFILE,
          "Encounter", SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE,
          "Observation", SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE,
          "QuestionnaireResponse", SukoyakaCanonicals.EPDS_RESPONSE_PROFILE,
          "Immunization", SukoyakaCanonicals.IMMUNIZATION_PROFILE);

  /** What the fast path answers for a submission it finds certainly valid. */
  private static final ValidationReport NO_ISSUES = new ValidationReport(List.of());

  private static final Pattern RESOURCE_COMMENT = Pattern.compile("/\\*[^*]*\\*/");
  private static final Pattern OF_TYPE = Pattern.compile("\\.ofType\\((\\w)(\\w*)\\)");

  private final FhirContext context;
  private final FhirValidator validator;
  private final CompiledSubmissionCheck fastPath;
  private final StreamedSubmissionCheck streamedPath;
  private final CoreDefinitions reachableCore;
  private final Supplier<FhirValidator> withAllCore;
  private volatile FhirValidator withAllCoreValidator;

  private SukoyakaValidator(
      FhirContext context,
      FhirValidator validator,
      CompiledSubmissionCheck fastPath,
      CoreDefinitions reachableCore,
      Supplier<FhirValidator> withAllCore) {
    this.context = context;
    this.reachableCore = reachableCore;
    this.withAllCore = withAllCore;
    this.validator = validator;
    this.fastPath = fastPath;
    this.streamedPath = new StreamedSubmissionCheck(fastPath);
  }

  /**
   * Builds the validator for an R4 context: core definitions, the Sukoyaka conformance resources
   * and the offline fragments of LOINC and MEDIS, UCUM and the other common code systems, in-memory
   * terminology and snapshot generation, behind the chain's own cache.
   */
  public static SukoyakaValidator create(FhirContext context) {
    return create(context, true);
  }

  /**
   * As {@link #create(FhirContext)}; with {@code reachableCoreOnly} false, HAPI's support with all
   * core definitions instead of {@link CoreDefinitions} (for tests that compare the two).
   */
  static SukoyakaValidator create(FhirContext context, boolean reachableCoreOnly) {
    Objects.requireNonNull(context, "context");
    if (context.getVersion().getVersion() != FhirVersionEnum.R4) {
      throw new IllegalArgumentException(
          "Sukoyaka profiles are FHIR R4, not " + context.getVersion().getVersion());
    }
    PrePopulatedValidationSupport sukoyaka = new PrePopulatedValidationSupport(context);
    IParser parser = context.newJsonParser();
    int loaded =
        load(parser, "conformance/", sukoyaka) + load(parser, "conformance/external/", sukoyaka);
    CoreDefinitions reachableCore =
        reachableCoreOnly
            ? CoreDefinitions.reachableFrom(context, sukoyaka.fetchAllConformanceResources())
            : null;
    ValidationSupportChain chain =
        chain(
            context,
            reachableCore != null ? reachableCore : new DefaultProfileValidationSupport(context),
            sukoyaka);
    FhirValidator validator = hapiValidator(context, chain);
    Supplier<FhirValidator> withAllCore =
        reachableCore == null
            ? () -> validator
            : () ->
                hapiValidator(
                    context,
                    chain(context, new DefaultProfileValidationSupport(context), sukoyaka));
    CompiledSubmissionCheck fastPath =
        CompiledSubmissionCheck.compile(CheckupItemCatalog.load(), chain);
    LOG.info(
        "Sukoyaka validator built with {} conformance resources, submission fast path {}",
        loaded,
        fastPath.isEnabled() ? "enabled" : "disabled");
    return new SukoyakaValidator(context, validator, fastPath, reachableCore, withAllCore);
  }

  // CachingValidationSupport is deprecated in HAPI 8: the chain caches lookups, expansions and
  // code validations itself, which is what it configures here.
  private static ValidationSupportChain chain(
      FhirContext context, IValidationSupport core, PrePopulatedValidationSupport sukoyaka) {
    return new ValidationSupportChain(
        ValidationSupportChain.CacheConfiguration.defaultValues(),
        core,
        sukoyaka,
        new CommonCodeSystemsTerminologyService(context),
        new InMemoryTerminologyServerValidationSupport(context),
        new SnapshotGeneratingValidationSupport(context));
  }

  private static FhirValidator hapiValidator(FhirContext context, ValidationSupportChain chain) {
    FhirInstanceValidator module = new FhirInstanceValidator(chain);
    // Narrative and similar best-practice hints are noise to a clinic system sending data.
    module.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
    FhirValidator validator = context.newValidator();
    validator.registerValidatorModule(module);
    return validator;
  }

  /**
   * The validator for this resource: the one on the kept core definitions when every resource in it
   * (entries, contained) is of a type they cover, else the one with all core definitions, built on
   * first use (tests validating our other output, a submission carrying another resource type).
   */
  private FhirValidator validatorFor(IBaseResource resource) {
    if (reachableCore == null || coveredTypes(resource)) {
      return validator;
    }
    FhirValidator full = withAllCoreValidator;
    if (full == null) {
      synchronized (this) {
        full = withAllCoreValidator;
        if (full == null) {
          LOG.warn(
              "A {} needs FHIR core definitions beyond those kept for our profiles; building a"
                  + " validator with all of them (about 150 MB more heap)",
              resource.fhirType());
          full = withAllCore.get();
          withAllCoreValidator = full;
        }
      }
    }
    return full;
  }

  private boolean coveredTypes(IBaseResource resource) {
    Set<String> covered = reachableCore.resourceTypes();
    if (!covered.contains(resource.fhirType())) {
      return false;
    }
    for (IBaseResource embedded : context.newTerser().getAllEmbeddedResources(resource, true)) {
      if (!covered.contains(embedded.fhirType())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Validates the bundled example submissions (a checkup and vaccinations) once with HAPI, so that
   * snapshot generation, value set expansion and class loading happen now rather than on the first
   * clinic request the fast path leaves to HAPI, and checks that the fast path accepts the checkup.
   *
   * @throws IllegalStateException if the example does not validate, i.e. the profiles are broken
   */
  public void warmUp() {
    long start = System.nanoTime();
    Bundle example = readClasspath(context.newJsonParser(), WARM_UP_EXAMPLE, Bundle.class);
    ValidationReport report = validateWithHapi(example);
    if (!report.isValid()) {
      throw new IllegalStateException("Bundled example submission is invalid: " + report.errors());
    }
    if (fastPath.check(example) != CompiledSubmissionCheck.Verdict.ACCEPT) {
      // Still correct, only slow: every submission would pay HAPI's cost.
      LOG.warn("The submission fast path does not accept the bundled example submission");
    } else if (!readCertainlyValid(readClasspathBytes(WARM_UP_EXAMPLE)).certainlyValid()) {
      // Also correct, only slower: every submission would be parsed into HAPI's model.
      LOG.warn("The streaming reader does not accept the bundled example submission");
    }
    // Vaccination submissions always go to HAPI: their profiles' snapshots are built now too.
    Bundle vaccinations =
        readClasspath(context.newJsonParser(), WARM_UP_VACCINATIONS, Bundle.class);
    ValidationReport vaccinationReport = validateWithHapi(vaccinations);
    if (!vaccinationReport.isValid()) {
      throw new IllegalStateException(
          "Bundled example vaccination submission is invalid: " + vaccinationReport.errors());
    }
    LOG.info("Sukoyaka validator warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Validates a clinic's transaction Bundle against {@code sukoyaka-clinic-submission}, or a
   * vaccination submission against {@code sukoyaka-vaccination-submission} (always by HAPI: the
   * fast path covers checkups and answers unsure for anything with an Immunization). The profile
   * slices the entries by resource type and names our profile for each, so every Patient, Encounter
   * and Observation is validated against its Sukoyaka profile in the same pass, whether or not it
   * declares {@code meta.profile}. Locations start at {@code Bundle}.
   *
   * <p>A submission the fast path ({@link CompiledSubmissionCheck}) finds certainly valid gets a
   * report without issues, and without the warnings and information messages HAPI might have added;
   * only errors decide whether a submission is accepted. Every other submission is validated by
   * HAPI exactly as without the fast path, so invalid submissions get the same errors at the same
   * locations.
   */
  public ValidationReport validateSubmission(Bundle bundle) {
    Objects.requireNonNull(bundle, "bundle");
    if (fastPath.check(bundle) == CompiledSubmissionCheck.Verdict.ACCEPT) {
      return NO_ISSUES;
    }
    return validateWithHapi(bundle);
  }

  /**
   * Whether the fast path alone finds the submission certainly valid, in well under a millisecond;
   * when false, {@link #validateSubmission} will run HAPI's validator. Lets a caller ration only
   * the expensive validations.
   */
  public boolean isCertainlyValid(Bundle bundle) {
    Objects.requireNonNull(bundle, "bundle");
    return fastPath.check(bundle) == CompiledSubmissionCheck.Verdict.ACCEPT;
  }

  /**
   * Reads a clinic's submission from its bytes (UTF-8 JSON) in one streaming pass into {@link
   * CheckupSubmission} and applies the compiled submission check to it, in a few tens of
   * microseconds, without HAPI's model. Returns the submission when it is certainly valid (HAPI
   * would report no error: the same verdict as {@link #isCertainlyValid} on HAPI's reading of the
   * same bytes); otherwise the reason the caller must take HAPI's path: parse the same bytes with
   * HAPI and call {@link #validateSubmission}, which decides and names the errors. Never throws.
   */
  public SubmissionRead readCertainlyValid(byte[] json) {
    Objects.requireNonNull(json, "json");
    if (!fastPath.isEnabled()) {
      return SubmissionRead.fallback(SubmissionRead.Fallback.DISABLED);
    }
    CheckupSubmission submission;
    try {
      submission = SubmissionReader.read(json);
    } catch (SubmissionReader.Unsure unsure) {
      return SubmissionRead.fallback(unsure.reason());
    } catch (RuntimeException e) {
      // Not foreseen by the reader (Jackson's own limits, say): HAPI's path decides.
      LOG.debug("The streaming reader gave up on a submission", e);
      return SubmissionRead.fallback(SubmissionRead.Fallback.MALFORMED_JSON);
    }
    return streamedPath.accepts(submission)
        ? SubmissionRead.accepted(submission)
        : SubmissionRead.fallback(SubmissionRead.Fallback.NOT_CERTAIN);
  }

  /**
   * The submission validated by HAPI alone, as {@link #validateSubmission} does when unsure; public
   * for benchmarks that put both paths side by side.
   */
  public ValidationReport validateWithHapi(Bundle bundle) {
    return validate(bundle, submissionProfile(bundle));
  }

  /**
   * The profile a clinic's transaction is held to: {@code sukoyaka-vaccination-submission} when it
   * carries an Immunization, else {@code sukoyaka-clinic-submission} (a checkup). A Bundle that
   * mixes both is held to the vaccination profile, whose closed slicing then refuses the checkup.
   */
  public static String submissionProfile(Bundle bundle) {
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      if (entry.getResource() != null && "Immunization".equals(entry.getResource().fhirType())) {
        return SukoyakaCanonicals.VACCINATION_SUBMISSION_PROFILE;
      }
    }
    return SukoyakaCanonicals.CLINIC_SUBMISSION_PROFILE;
  }

  /** The fast path in front of HAPI, for tests and measurements. */
  /**
   * Whether a request outside the core definitions our profiles reach made the validator load all
   * of them ({@link CoreDefinitions}).
   */
  boolean loadedAllCoreDefinitions() {
    return reachableCore == null
        || reachableCore.loadedEverything()
        || withAllCoreValidator != null;
  }

  CompiledSubmissionCheck fastPath() {
    return fastPath;
  }

  /**
   * Validates one resource against the Sukoyaka profile for its type (Patient, Encounter,
   * Observation, or Bundle as a submission). Locations start at the resource type.
   *
   * @throws IllegalArgumentException for a type no Sukoyaka profile covers
   */
  public ValidationReport validate(Resource resource) {
    Objects.requireNonNull(resource, "resource");
    String type = resource.fhirType();
    String profile = PROFILE_BY_TYPE.get(type);
    if (profile == null) {
      throw new IllegalArgumentException("No Sukoyaka profile for " + type);
    }
    return validate(resource, profile);
  }

  /**
   * Validates one resource against one of our profiles (such as {@link
   * SukoyakaCanonicals#CHILD_PROFILE} for a Patient that is a child).
   */
  public ValidationReport validate(IBaseResource resource, String profile) {
    ValidationResult result =
        validatorFor(resource)
            .validateWithResult(resource, new ValidationOptions().addProfile(profile));
    List<ValidationIssue> issues = new ArrayList<>();
    for (SingleValidationMessage message : result.getMessages()) {
      issues.add(
          new ValidationIssue(
              severity(message),
              location(message.getLocationString()),
              message.getMessage(),
              message.getMessageId()));
    }
    return new ValidationReport(issues);
  }

  private static ValidationIssue.Severity severity(SingleValidationMessage message) {
    return switch (message.getSeverity()) {
      case INFORMATION -> ValidationIssue.Severity.INFORMATION;
      case WARNING -> ValidationIssue.Severity.WARNING;
      case ERROR -> ValidationIssue.Severity.ERROR;
      case FATAL -> ValidationIssue.Severity.FATAL;
    };
  }

  /**
   * Turns HAPI's location ({@code Bundle.entry[2].resource/*Observation/null*}{@code
   * /.value.ofType(Quantity)}) into a plain FHIRPath-like path ({@code
   * Bundle.entry[2].resource.valueQuantity}).
   */
  static String location(String hapiLocation) {
    if (hapiLocation == null) {
      return "";
    }
    String path = RESOURCE_COMMENT.matcher(hapiLocation).replaceAll("");
    Matcher ofType = OF_TYPE.matcher(path);
    StringBuilder result = new StringBuilder();
    while (ofType.find()) {
      ofType.appendReplacement(
          result, Matcher.quoteReplacement(ofType.group(1).toUpperCase() + ofType.group(2)));
    }
    ofType.appendTail(result);
    return result.toString();
  }

  private static int load(IParser parser, String folder, PrePopulatedValidationSupport target) {
    JsonNode index;
    try {
      // The FHIR package index (index-version 1) lists the folder: class path folders cannot be
      // listed portably once packed in a jar.
      index = new ObjectMapper().readTree(readClasspathText(PROFILES + folder + ".index.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int count = 0;
    for (JsonNode file : index.path("files")) {
      if (LOADED_TYPES.contains(file.path("resourceType").asText())) {
        String path = PROFILES + folder + file.path("filename").asText();
        target.addResource(parser.parseResource(readClasspathText(path)));
        count++;
      }
    }
    if (count == 0) {
      throw new IllegalStateException("No conformance resources listed in " + folder);
    }
    return count;
  }

  private static <T extends IBaseResource> T readClasspath(
      IParser parser, String path, Class<T> type) {
    return parser.parseResource(type, readClasspathText(path));
  }

  private static String readClasspathText(String path) {
    return new String(readClasspathBytes(path), StandardCharsets.UTF_8);
  }

  private static byte[] readClasspathBytes(String path) {
    try (InputStream in = SukoyakaValidator.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
