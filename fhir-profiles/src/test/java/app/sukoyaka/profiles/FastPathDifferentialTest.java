package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.CompiledSubmissionCheck.Verdict;
import app.sukoyaka.profiles.SubmissionGenerator.Case;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The submission fast path ({@link CompiledSubmissionCheck}) is sound: whenever it accepts a
 * Bundle, HAPI's FhirInstanceValidator with the full support chain reports no error, and {@link
 * SukoyakaValidator#validateSubmission} gives the same verdict and the same error locations as HAPI
 * alone. Checked on every example under r4/ and on seeded random submissions with and without
 * mutations ({@code -Dsukoyaka.fastpath.cases=N -Dsukoyaka.fastpath.seed=S} to explore further).
 */
class FastPathDifferentialTest {

  private static final Logger LOG = LoggerFactory.getLogger(FastPathDifferentialTest.class);

  private static final long SEED = Long.getLong("sukoyaka.fastpath.seed", 20_261_120L);
  private static final int CASES = Integer.getInteger("sukoyaka.fastpath.cases", 2_000);

  /** Share of the generated unmutated submissions HAPI accepts that must take the fast path. */
  private static final double MIN_FAST_SHARE = 0.95;

  private static SukoyakaValidator validator;
  private static ExecutorService threads;

  @BeforeAll
  static void buildAndWarmUpValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
    validator.warmUp();
    threads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  /** One case's three answers: the fast path's, HAPI's alone, and validateSubmission's. */
  private record Outcome(
      Case example, Verdict fast, ValidationReport hapi, ValidationReport served) {

    boolean unsound() {
      return fast == Verdict.ACCEPT && !hapi.isValid();
    }

    boolean differs() {
      return served.isValid() != hapi.isValid()
          || !errorLocations(served).equals(errorLocations(hapi));
    }

    String describe() {
      return example.name()
          + ": fast "
          + fast
          + ", HAPI errors "
          + hapi.errors().stream().map(issue -> issue.location() + " " + issue.messageId()).toList()
          + ", validateSubmission errors "
          + errorLocations(served)
          + "\n"
          + FHIR.newJsonParser().encodeResourceToString(example.bundle());
    }
  }

  private static Set<String> errorLocations(ValidationReport report) {
    return report.errors().stream()
        .map(ValidationIssue::location)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Outcome run(Case example) {
    Bundle bundle = example.bundle();
    Verdict fast = validator.fastPath().check(bundle);
    return new Outcome(
        example, fast, validator.validateWithHapi(bundle), validator.validateSubmission(bundle));
  }

  private static List<Outcome> runAll(List<Case> cases) {
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Case example : cases) {
      futures.add(threads.submit(() -> run(example)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> future : futures) {
      try {
        outcomes.add(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    return outcomes;
  }

  private static void assertSoundAndEquivalent(List<Outcome> outcomes) {
    assertThat(outcomes.stream().filter(Outcome::unsound).map(Outcome::describe))
        .as("cases the fast path accepts although HAPI reports errors")
        .isEmpty();
    assertThat(outcomes.stream().filter(Outcome::differs).map(Outcome::describe))
        .as("cases where validateSubmission and HAPI disagree on verdict or error locations")
        .isEmpty();
  }

  @Test
  void theShippedDefinitionsCompileToAnEnabledFastPath() {
    assertThat(validator.fastPath().isEnabled()).isTrue();
  }

  @Test
  void everyExampleGetsHapisVerdictAndErrorLocationsThroughTheFastPath() {
    List<Outcome> outcomes = runAll(examples());

    assertThat(outcomes.size()).as("examples").isGreaterThan(30);
    assertSoundAndEquivalent(outcomes);
  }

  @Test
  void everyValidExampleTakesTheFastPath() {
    List<Outcome> valid =
        runAll(examples().stream().filter(c -> c.name().contains("/valid-")).toList());

    assertThat(valid.size()).as("valid examples").isGreaterThan(10);
    assertThat(valid.stream().filter(o -> !o.hapi().isValid()).map(o -> o.example().name()))
        .as("valid examples HAPI rejects")
        .isEmpty();
    assertThat(valid.stream().filter(o -> o.fast() != Verdict.ACCEPT).map(o -> o.example().name()))
        .as("valid examples the fast path leaves to HAPI")
        .isEmpty();
  }

  @Test
  void generatedSubmissionsGetHapisVerdictAndErrorLocationsAndValidOnesTakeTheFastPath() {
    SubmissionGenerator generator = new SubmissionGenerator(CheckupItemCatalog.load());
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      // Two in five stay as generated; the rest carry one to three mutations. Every other case
      // goes through JSON, as a clinic's request body does.
      long seed = SEED + i;
      Case generated = i % 5 < 2 ? generator.plain(seed) : generator.mutated(seed);
      cases.add(i % 2 == 0 ? generated : throughJson(generated));
    }

    List<Outcome> outcomes = runAll(cases);

    assertSoundAndEquivalent(outcomes);
    List<Outcome> plain = outcomes.stream().filter(o -> !o.example().mutated()).toList();
    List<Outcome> plainValid = plain.stream().filter(o -> o.hapi().isValid()).toList();
    long plainFast = plainValid.stream().filter(o -> o.fast() == Verdict.ACCEPT).count();
    List<Outcome> mutated = outcomes.stream().filter(o -> o.example().mutated()).toList();
    long mutatedValid = mutated.stream().filter(o -> o.hapi().isValid()).count();
    long mutatedFast = mutated.stream().filter(o -> o.fast() == Verdict.ACCEPT).count();
    LOG.info(
        "Fast path differential: {} cases (seed {}, {} kinds of mutation). Unmutated: {}, HAPI"
            + " valid {}, fast ACCEPT {}. Mutated: {}, HAPI valid {}, HAPI invalid {}, fast ACCEPT"
            + " {}. ACCEPT with HAPI errors: 0; validateSubmission differing from HAPI: 0.",
        outcomes.size(),
        SEED,
        generator.mutationCount(),
        plain.size(),
        plainValid.size(),
        plainFast,
        mutated.size(),
        mutatedValid,
        mutated.size() - mutatedValid,
        mutatedFast);
    plainValid.stream()
        .filter(o -> o.fast() != Verdict.ACCEPT)
        .limit(3)
        .forEach(o -> LOG.info("Valid but left to HAPI: {}", o.describe()));

    assertThat(plainValid.size()).as("generated submissions HAPI accepts").isGreaterThan(CASES / 5);
    assertThat((double) plainFast / plainValid.size())
        .as("share of valid generated submissions on the fast path")
        .isGreaterThanOrEqualTo(MIN_FAST_SHARE);
    assertThat(mutated.size() - mutatedValid)
        .as("mutated submissions HAPI rejects")
        .isGreaterThan(mutated.size() / 2);
  }

  @Test
  void aProfileRuleTheFastPathWasNotWrittenForDisablesIt() {
    PrePopulatedValidationSupport changed = new PrePopulatedValidationSupport(FHIR);
    for (String id :
        List.of(
            "sukoyaka-clinic-submission",
            "sukoyaka-pregnant-person",
            "sukoyaka-checkup-encounter",
            "sukoyaka-checkup-observation")) {
      StructureDefinition profile =
          FHIR.newJsonParser()
              .parseResource(
                  StructureDefinition.class,
                  classpathText(
                      "/app/sukoyaka/profiles/conformance/StructureDefinition-" + id + ".json"));
      if (id.equals("sukoyaka-checkup-observation")) {
        // Say a later version made a note mandatory: the fast path does not know that rule.
        ElementDefinition note = new ElementDefinition().setPath("Observation.note").setMin(1);
        note.setId("Observation.note");
        profile.getDifferential().addElement(note);
      }
      changed.addStructureDefinition(profile);
    }
    ValidationSupportChain definitions =
        new ValidationSupportChain(changed, new DefaultProfileValidationSupport(FHIR));

    CompiledSubmissionCheck check =
        CompiledSubmissionCheck.compile(CheckupItemCatalog.load(), definitions);

    assertThat(check.isEnabled()).isFalse();
    assertThat(
            check.check(
                ProfileAssertions.example(
                    "sukoyaka-clinic-submission", "valid-prenatal-checkup.json", Bundle.class)))
        .isEqualTo(Verdict.UNSURE);
  }

  /**
   * The case as HAPI's parser gives it back from JSON: references linked to their entries, ids set
   * from fullUrls. A mutation JSON cannot carry (HAPI refuses to write or read it) stays in memory.
   */
  private static Case throughJson(Case generated) {
    try {
      String json = FHIR.newJsonParser().encodeResourceToString(generated.bundle());
      Bundle parsed = FHIR.newJsonParser().parseResource(Bundle.class, json);
      return new Case(
          generated.name() + " via JSON", generated.seed(), generated.mutations(), parsed);
    } catch (DataFormatException e) {
      return generated;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Examples: submissions as they are; single resources placed into the valid submission

  private static List<Case> examples() {
    Path root;
    try {
      root = Path.of(FastPathDifferentialTest.class.getResource("/r4").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(path -> path.toString().endsWith(".json"))
          .sorted()
          .map(path -> exampleCase(root, path))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Case exampleCase(Path root, Path file) {
    String name = root.relativize(file).toString().replace('\\', '/');
    Resource resource;
    try {
      resource =
          (Resource)
              FHIR.newJsonParser().parseResource(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Bundle bundle =
        resource instanceof Bundle submission ? submission : placeIntoSubmission(resource);
    return new Case("r4/" + name, 0, List.of(), bundle);
  }

  /**
   * The valid submission with the example in place of its Patient or Encounter, or added as one
   * more Observation; references to "Patient/…" and "Encounter/…" point to the Bundle's entries.
   * Returned as parsed from JSON, like a clinic's request body.
   */
  private static Bundle placeIntoSubmission(Resource resource) {
    Bundle bundle =
        ProfileAssertions.example(
            "sukoyaka-clinic-submission", "valid-prenatal-checkup.json", Bundle.class);
    String patientUrl = bundle.getEntry().get(0).getFullUrl();
    String encounterUrl = bundle.getEntry().get(1).getFullUrl();
    if (resource instanceof Patient) {
      bundle.getEntry().get(0).setResource(resource);
    } else if (resource instanceof Encounter encounter) {
      retarget(encounter.getSubject(), patientUrl);
      bundle.getEntry().get(1).setResource(encounter);
    } else if (resource instanceof Observation observation) {
      retarget(observation.getSubject(), patientUrl);
      retarget(observation.getEncounter(), encounterUrl);
      Bundle.BundleEntryComponent entry =
          bundle
              .addEntry()
              .setFullUrl("urn:uuid:6f1c9a2e-3b4d-4e5f-8a7b-9c0d1e2f3a4b")
              .setResource(observation);
      entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    } else {
      throw new IllegalArgumentException("No place for a " + resource.fhirType());
    }
    return FHIR.newJsonParser()
        .parseResource(Bundle.class, FHIR.newJsonParser().encodeResourceToString(bundle));
  }

  private static void retarget(Reference reference, String fullUrl) {
    if (reference.hasReference()) {
      reference.setReference(fullUrl);
    }
  }

  private static String classpathText(String path) {
    try (InputStream in = FastPathDifferentialTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
