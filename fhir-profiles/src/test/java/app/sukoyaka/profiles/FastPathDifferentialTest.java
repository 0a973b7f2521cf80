package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.CompiledSubmissionCheck.Verdict;
import app.sukoyaka.profiles.SubmissionGenerator.Case;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The submission fast path ({@link CompiledSubmissionCheck}) is sound: whenever it accepts a
 * Bundle, HAPI's FhirInstanceValidator with the full support chain reports no error, and {@link
 * SukoyakaValidator#validateSubmission} gives the same verdict and the same error locations as HAPI
 * alone. Checked on every example under r4/ and on seeded random submissions of every checkup kind
 * with and without mutations ({@code -Dsukoyaka.fastpath.cases=N -Dsukoyaka.fastpath.seed=S} to
 * explore further), and the fast path disables itself when the definitions change under it.
 *
 * <p>Sized for CI. Each Observation now carries some 160 invariants for HAPI to evaluate: warm and
 * alone HAPI needs 6–7 ms per entry (a 3～4か月 checkup of 29 resources about 200 ms, see
 * ValidationBenchmark); here, JIT warm-up included and two threads sharing two cores, about 30 ms
 * per entry. The generated submissions are therefore small (mutated ones about seven entries, a
 * kind's full page only unmutated and one time in four), and the default 400 of them take about a
 * minute, the whole class about a minute and a half.
 */
class FastPathDifferentialTest {

  private static final Logger LOG = LoggerFactory.getLogger(FastPathDifferentialTest.class);

  private static final long SEED = Long.getLong("sukoyaka.fastpath.seed", 20_261_120L);
  private static final int CASES = Integer.getInteger("sukoyaka.fastpath.cases", 400);

  /** Share of the generated unmutated submissions HAPI accepts that must take the fast path. */
  private static final double MIN_FAST_SHARE = 0.97;

  /**
   * An unsure verdict hands the Bundle to the same HAPI call the test makes, so validateSubmission
   * is run again only on every this-many-th generated case the fast path leaves to HAPI (and on
   * every accepted case and every example).
   */
  private static final int SERVED_SAMPLE = 10;

  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();
  private static final String PROFILES = "/app/sukoyaka/profiles/";

  private static SukoyakaValidator validator;
  private static ExecutorService threads;
  private static IValidationSupport core;

  @BeforeAll
  static void buildAndWarmUpValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
    validator.warmUp();
    threads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
    core = new DefaultProfileValidationSupport(FHIR);
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  /** One case's answers: the fast path's, HAPI's alone, and validateSubmission's if it was run. */
  private record Outcome(
      Case example, Verdict fast, ValidationReport hapi, ValidationReport served, long hapiNanos) {

    boolean unsound() {
      return fast == Verdict.ACCEPT && !hapi.isValid();
    }

    boolean differs() {
      return served != null
          && (served.isValid() != hapi.isValid()
              || !errorLocations(served).equals(errorLocations(hapi)));
    }

    String describe() {
      String json;
      try {
        json = FHIR.newJsonParser().encodeResourceToString(example.bundle());
      } catch (DataFormatException e) {
        json = "(not writable as JSON: " + e.getMessage() + ")";
      }
      return example.name()
          + ": fast "
          + fast
          + ", HAPI errors "
          + hapi.errors().stream().map(issue -> issue.location() + " " + issue.messageId()).toList()
          + ", validateSubmission errors "
          + (served == null ? "(not run)" : errorLocations(served))
          + "\n"
          + json;
    }
  }

  private static Set<String> errorLocations(ValidationReport report) {
    return report.errors().stream()
        .map(ValidationIssue::location)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Outcome run(Case example, boolean serve) {
    Bundle bundle = example.bundle();
    Verdict fast = validator.fastPath().check(bundle);
    long start = System.nanoTime();
    ValidationReport hapi = validator.validateWithHapi(bundle);
    long hapiNanos = System.nanoTime() - start;
    ValidationReport served =
        serve || fast == Verdict.ACCEPT ? validator.validateSubmission(bundle) : null;
    return new Outcome(example, fast, hapi, served, hapiNanos);
  }

  private static List<Outcome> runAll(List<Case> cases, Function<Integer, Boolean> serve) {
    List<Future<Outcome>> futures = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case example = cases.get(i);
      boolean served = serve.apply(i);
      futures.add(threads.submit(() -> run(example, served)));
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

  /** The examples' outcomes, computed once for the tests that need them. */
  private static synchronized List<Outcome> exampleOutcomes() {
    if (exampleOutcomes == null) {
      exampleOutcomes = runAll(SubmissionExamples.cases(), i -> true);
    }
    return exampleOutcomes;
  }

  private static List<Outcome> exampleOutcomes;

  @Test
  void everyExampleGetsHapisVerdictAndErrorLocationsThroughTheFastPath() {
    List<Outcome> outcomes = exampleOutcomes();

    assertThat(outcomes.size()).as("examples").isGreaterThan(40);
    assertSoundAndEquivalent(outcomes);
  }

  @Test
  void everyValidExampleTakesTheFastPath() {
    // Vaccination submissions are HAPI's alone (VaccinationSubmissionProfileTest holds the fast
    // path to "not sure" for them); this is about checkups.
    List<Outcome> valid =
        exampleOutcomes().stream()
            .filter(o -> o.example().name().contains("/valid-"))
            .filter(o -> !o.example().name().startsWith("r4/sukoyaka-vaccination-submission/"))
            .toList();

    assertThat(valid.size()).as("valid examples").isGreaterThan(15);
    assertThat(valid.stream().filter(o -> !o.hapi().isValid()).map(o -> o.example().name()))
        .as("valid examples HAPI rejects")
        .isEmpty();
    assertThat(valid.stream().filter(o -> o.fast() != Verdict.ACCEPT).map(o -> o.example().name()))
        .as("valid examples the fast path leaves to HAPI")
        .isEmpty();
  }

  @Test
  void
      generatedSubmissionsOfEveryKindGetHapisVerdictAndErrorLocationsAndValidOnesTakeTheFastPath() {
    SubmissionGenerator generator = new SubmissionGenerator(CATALOG);
    List<CheckupKind> kinds = CATALOG.kinds();
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      // Two in five stay as generated, the kinds in turn; the rest carry one to three mutations,
      // the first of them each kind of mutation in turn. Every other case goes through JSON, as a
      // clinic's request body does.
      long seed = SEED + i;
      Case generated =
          i % 5 < 2
              ? generator.plain(seed, kinds.get((i / 5 * 2 + i % 5) % kinds.size()))
              : generator.mutated(seed, i / 5 * 3 + i % 5 - 2);
      cases.add(i % 2 == 0 ? generated : throughJson(generated));
    }

    long start = System.nanoTime();
    List<Outcome> outcomes = runAll(cases, i -> i % SERVED_SAMPLE == 0);
    long seconds = (System.nanoTime() - start) / 1_000_000_000;

    assertSoundAndEquivalent(outcomes);
    List<Outcome> plain = outcomes.stream().filter(o -> !o.example().mutated()).toList();
    List<Outcome> plainValid = plain.stream().filter(o -> o.hapi().isValid()).toList();
    long plainFast = plainValid.stream().filter(o -> o.fast() == Verdict.ACCEPT).count();
    List<Outcome> mutated = outcomes.stream().filter(o -> o.example().mutated()).toList();
    long mutatedValid = mutated.stream().filter(o -> o.hapi().isValid()).count();
    long mutatedFast = mutated.stream().filter(o -> o.fast() == Verdict.ACCEPT).count();
    int entries = cases.stream().mapToInt(c -> c.bundle().getEntry().size()).sum();
    double hapiMillis = outcomes.stream().mapToLong(Outcome::hapiNanos).sum() / 1e6;
    LOG.info(
        "Fast path differential: {} cases with {} entries (seed {}, {} kinds of mutation) in {} s"
            + " on {} threads; HAPI {} ms per bundle, {} ms per entry on average. Unmutated: {},"
            + " HAPI valid {}, fast ACCEPT {}. Mutated: {}, HAPI valid {}, HAPI invalid {}, fast"
            + " ACCEPT {}. ACCEPT with HAPI errors: 0; validateSubmission differing from HAPI: 0.",
        outcomes.size(),
        entries,
        SEED,
        generator.mutationCount(),
        seconds,
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        Math.round(hapiMillis / outcomes.size()),
        String.format(Locale.ROOT, "%.1f", hapiMillis / entries),
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
    assertThat(
            mutated.stream()
                .flatMap(o -> o.example().mutations().stream())
                .collect(Collectors.toSet()))
        .as("kinds of mutation applied")
        .containsAll(generator.mutationNames());
    assertEveryKindAndShapeTakesTheFastPath(outcomes);
    assertTheMutationsHitEveryNewRule(mutated);
  }

  /** What accepted submissions must have carried between them. */
  private static void assertEveryKindAndShapeTakesTheFastPath(List<Outcome> outcomes) {
    Map<String, Integer> accepted = new TreeMap<>();
    for (Outcome outcome : outcomes) {
      if (outcome.fast() == Verdict.ACCEPT) {
        shapes(outcome.example().bundle()).forEach(shape -> accepted.merge(shape, 1, Integer::sum));
      }
    }
    LOG.info("Shapes of the submissions the fast path accepted: {}", accepted);
    List<String> expected = new ArrayList<>();
    CATALOG.kinds().forEach(kind -> expected.add("kind " + kind.code()));
    CATALOG.kinds().stream()
        .flatMap(
            kind -> kind.encounterClasses().stream().map(c -> "class " + kind.code() + " " + c))
        .forEach(expected::add);
    expected.addAll(
        List.of(
            "value Quantity",
            "value CodeableConcept",
            "value boolean",
            "value string",
            "value date",
            "value dateTime with time",
            "dataAbsentReason",
            "panel",
            "two Patients",
            "child",
            "mother by reference",
            "mother by identifier",
            "birth order",
            "municipal checkup named",
            "JP Core category with a display",
            "EPDS response"));
    assertThat(accepted.keySet()).as("shapes the fast path accepted").containsAll(expected);
  }

  private static List<String> shapes(Bundle bundle) {
    List<String> shapes = new ArrayList<>();
    List<Patient> patients = new ArrayList<>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Resource resource = entry.getResource();
      if (resource instanceof Patient patient) {
        patients.add(patient);
        for (Extension mother : patient.getExtension()) {
          Reference reference = (Reference) mother.getValue();
          shapes.add("child");
          shapes.add(reference.hasReference() ? "mother by reference" : "mother by identifier");
        }
        if (patient.hasMultipleBirth()) {
          shapes.add("birth order");
        }
      } else if (resource instanceof Encounter encounter) {
        String kind = encounter.getTypeFirstRep().getCodingFirstRep().getCode();
        shapes.add("kind " + kind);
        shapes.add("class " + kind + " " + encounter.getClass_().getCode());
        if (CATALOG.kind(kind).orElseThrow().municipalOwn()) {
          shapes.add("municipal checkup named");
        }
      } else if (resource instanceof Observation observation) {
        if (observation.hasComponent()) {
          shapes.add("panel");
        } else if (observation.hasDataAbsentReason()) {
          shapes.add("dataAbsentReason");
        } else if (observation.hasValueDateTimeType()) {
          shapes.add(
              observation.getValueDateTimeType().getValueAsString().length() > 10
                  ? "value dateTime with time"
                  : "value date");
        } else {
          shapes.add("value " + observation.getValue().fhirType());
        }
        observation.getCategory().stream()
            .flatMap(c -> c.getCoding().stream())
            .filter(c -> c.getSystem().equals(SukoyakaCanonicals.JP_OBSERVATION_CATEGORY_SYSTEM))
            .filter(c -> c.hasDisplay())
            .forEach(c -> shapes.add("JP Core category with a display"));
      } else if (resource instanceof QuestionnaireResponse) {
        shapes.add("EPDS response");
      }
    }
    if (patients.size() == 2) {
      shapes.add("two Patients");
    }
    return shapes;
  }

  /**
   * Between them the mutated submissions break every rule that came with the other record kinds. (A
   * child without gender, with birth order 9 or with two mother extensions breaks none: HAPI
   * accepts such a Patient as a pregnant person.)
   */
  private static void assertTheMutationsHitEveryNewRule(List<Outcome> mutated) {
    Set<String> failed =
        mutated.stream()
            .flatMap(o -> o.hapi().errors().stream())
            .map(ValidationIssue::messageId)
            .filter(Objects::nonNull)
            .map(id -> id.substring(id.indexOf('#') + 1))
            .collect(Collectors.toCollection(TreeSet::new));
    Map<String, Predicate<String>> rules = new LinkedHashMap<>();
    rules.put("a JP Core category (sky-category-*)", id -> id.startsWith("sky-category-"));
    rules.put("a class for the kind (sky-kind-*)", id -> id.startsWith("sky-kind-"));
    CATALOG.kinds().stream()
        .filter(CheckupKind::municipalOwn)
        .forEach(
            kind ->
                rules.put("sky-kind-" + kind.code(), id -> id.equals("sky-kind-" + kind.code())));
    rules.put("the class value set", id -> id.equals("Terminology_TX_NoValid_12"));
    CATALOG.items().stream()
        .filter(item -> item.valueType() == ValueType.DATETIME)
        .forEach(item -> rules.put("sky-" + item.code(), id -> id.equals("sky-" + item.code())));
    CATALOG.items().stream()
        .filter(item -> item.valueType() == ValueType.INTEGER)
        .findFirst()
        .ifPresent(
            item ->
                rules.put(
                    "an integer out of range (sky-<integer item>)",
                    id ->
                        CATALOG.items().stream()
                            .filter(other -> other.valueType() == ValueType.INTEGER)
                            .anyMatch(other -> id.equals("sky-" + other.code()))));
    rules.put(
        "a laboratory finding's specimen (sky-category-laboratory)",
        id -> id.equals("sky-category-laboratory"));
    rules.put("sky-mother-1", id -> id.equals("sky-mother-1"));
    rules.put("sky-epds-1", id -> id.equals("sky-epds-1"));
    rules.put("sky-epds-2", id -> id.equals("sky-epds-2"));
    LOG.info("Rules the mutated submissions broke: {}", failed);
    assertThat(
            rules.entrySet().stream()
                .filter(rule -> failed.stream().noneMatch(rule.getValue()))
                .map(Map.Entry::getKey))
        .as("rules no mutated submission broke")
        .isEmpty();
  }

  /**
   * Integer items (Apgar, birth order, EPDS scores, caries counts …) cannot carry a value while
   * {@code Observation.value[x]} of the shipped profile lacks integer. With a profile that allows
   * it, integers within the item's range take the fast path and out of range ones do not, as HAPI
   * says.
   */
  @Test
  void integerItemsTakeTheFastPathOnceTheProfileAllowsIntegers() {
    IValidationSupport definitions =
        chain(
            conformance(
                Map.of(
                    "sukoyaka-checkup-observation",
                    profile ->
                        element(profile, "Observation.value[x]").addType().setCode("integer"))));
    CompiledSubmissionCheck check = CompiledSubmissionCheck.compile(CATALOG, definitions);
    Function<Bundle, ValidationReport> hapi = hapi(definitions);
    SubmissionGenerator generator = new SubmissionGenerator(CATALOG);
    List<String> names = generator.mutationNames();
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      String mutation =
          List.of(
                  "integer value on a bound",
                  "integer value out of range",
                  "integer item as a Quantity")
              .get(i % 3);
      cases.add(throughJson(generator.mutated(SEED + 7 * i, names.indexOf(mutation))));
    }

    List<Outcome> outcomes = new ArrayList<>();
    for (Case example : cases) {
      Verdict fast = check.check(example.bundle());
      outcomes.add(new Outcome(example, fast, hapi.apply(example.bundle()), null, 0));
    }

    assertThat(check.isEnabled()).isTrue();
    assertSoundAndEquivalent(outcomes);
    assertThat(
            outcomes.stream()
                .filter(o -> o.fast() == Verdict.ACCEPT)
                .filter(o -> shapes(o.example().bundle()).contains("value integer")))
        .as("accepted submissions with an integer value")
        .isNotEmpty();
    assertThat(
            outcomes.stream()
                .filter(o -> o.example().mutations().contains("integer value on a bound"))
                .filter(o -> o.example().mutations().size() == 1)
                .filter(o -> o.hapi().isValid())
                .allMatch(o -> o.fast() == Verdict.ACCEPT))
        .as("valid submissions with an integer on a bound all take the fast path")
        .isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // The self-guard

  @Test
  void theUnchangedDefinitionsAssembledHereCompileToAnEnabledFastPath() {
    assertThat(CompiledSubmissionCheck.compile(CATALOG, chain(conformance(Map.of()))).isEnabled())
        .isTrue();
  }

  static Stream<Arguments> changesTheFastPathWasNotWrittenFor() {
    Map<String, Consumer<StructureDefinition>> none = Map.of();
    return Stream.of(
        Arguments.of(
            "a later version makes a note mandatory",
            Map.of(
                "sukoyaka-checkup-observation",
                (Consumer<StructureDefinition>)
                    profile -> {
                      ElementDefinition note =
                          new ElementDefinition().setPath("Observation.note").setMin(1);
                      note.setId("Observation.note");
                      profile.getDifferential().addElement(note);
                    }),
            CATALOG),
        Arguments.of(
            "the birth order may only go up to 4",
            Map.of(
                "sukoyaka-child",
                (Consumer<StructureDefinition>)
                    profile ->
                        element(profile, "Patient.multipleBirth[x]")
                            .getConstraintFirstRep()
                            .setExpression("$this is integer implies ($this >= 1 and $this <= 4)")),
            CATALOG),
        Arguments.of(
            "a delivery is edited to be ambulatory in the profile only",
            Map.of(
                "sukoyaka-checkup-encounter",
                (Consumer<StructureDefinition>)
                    profile ->
                        profile.getDifferential().getElementFirstRep().getConstraint().stream()
                            .filter(c -> c.getKey().equals("sky-kind-delivery"))
                            .forEach(
                                c -> c.setExpression(c.getExpression().replace("'IMP'", "'AMB'")))),
            CATALOG),
        Arguments.of(
            "a body weight bound is edited in the profile only",
            Map.of(
                "sukoyaka-checkup-observation",
                (Consumer<StructureDefinition>)
                    profile ->
                        element(profile, "Observation.value[x]").getConstraint().stream()
                            .filter(c -> c.getKey().equals("sky-body-weight"))
                            .forEach(
                                c ->
                                    c.setExpression(
                                        c.getExpression()
                                            .replace("value <= 250)", "value <= 25)")))),
            CATALOG),
        Arguments.of(
            "the catalog lets deliveries be ambulatory, the profiles were not regenerated",
            none,
            catalogWith(
                root ->
                    root.path("checkupKinds")
                        .forEach(
                            kind -> {
                              if (kind.path("code").asText().equals("delivery")) {
                                ((ArrayNode) kind.path("encounterClasses")).add("AMB");
                              }
                            }))),
        Arguments.of(
            "the submission's entries must come in slice order",
            Map.of(
                "sukoyaka-clinic-submission",
                (Consumer<StructureDefinition>)
                    profile -> element(profile, "Bundle.entry").getSlicing().setOrdered(true)),
            CATALOG),
        Arguments.of(
            "the child profile constrains JP Core's patient instead of the core one",
            Map.of(
                "sukoyaka-child",
                (Consumer<StructureDefinition>)
                    profile ->
                        profile.setBaseDefinition(
                            "http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient")),
            CATALOG),
        Arguments.of(
            "the mother extension also allows an Identifier",
            Map.of(
                "sukoyaka-mother",
                (Consumer<StructureDefinition>)
                    profile ->
                        element(profile, "Extension.value[x]").addType().setCode("Identifier")),
            CATALOG),
        Arguments.of(
            "an EPDS answer may also be a decimal",
            Map.of(
                "sukoyaka-epds-response",
                (Consumer<StructureDefinition>)
                    profile ->
                        element(profile, "QuestionnaireResponse.item.answer.value[x]")
                            .addType()
                            .setCode("decimal")),
            CATALOG),
        Arguments.of(
            "an EPDS answer must be above 0 as well",
            Map.of(
                "sukoyaka-epds-response",
                (Consumer<StructureDefinition>)
                    profile ->
                        profile.getDifferential().getElementFirstRep().getConstraint().stream()
                            .filter(c -> c.getKey().equals("sky-epds-2"))
                            .forEach(
                                c ->
                                    c.setExpression(
                                        c.getExpression()
                                            .replace(
                                                "answer.value >= 0",
                                                "answer.value > 0 and answer.value >= 0")))),
            CATALOG),
        Arguments.of(
            "Observation.value[x] allows a Range",
            Map.of(
                "sukoyaka-checkup-observation",
                (Consumer<StructureDefinition>)
                    profile -> element(profile, "Observation.value[x]").addType().setCode("Range")),
            CATALOG));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changesTheFastPathWasNotWrittenFor")
  void aDefinitionTheFastPathWasNotWrittenForDisablesIt(
      String change,
      Map<String, Consumer<StructureDefinition>> profiles,
      CheckupItemCatalog catalog) {
    CompiledSubmissionCheck check =
        CompiledSubmissionCheck.compile(catalog, chain(conformance(profiles)));

    assertThat(check.isEnabled()).as(change).isFalse();
    assertThat(
            check.check(
                ProfileAssertions.example(
                    "sukoyaka-clinic-submission", "valid-prenatal-checkup.json", Bundle.class)))
        .isEqualTo(Verdict.UNSURE);
  }

  @Test
  void aValidatorThatResolvesTheEpdsQuestionnaireDisablesIt() {
    Questionnaire epds =
        FHIR.newJsonParser()
            .parseResource(
                Questionnaire.class,
                classpathText(PROFILES + "conformance/Questionnaire-epds.json"));
    IValidationSupport questionnaires =
        new IValidationSupport() {
          @Override
          public ca.uhn.fhir.context.FhirContext getFhirContext() {
            return FHIR;
          }

          @Override
          @SuppressWarnings("unchecked")
          public <T extends IBaseResource> T fetchResource(Class<T> type, String uri) {
            return type == Questionnaire.class && uri.startsWith(epds.getUrl()) ? (T) epds : null;
          }
        };

    CompiledSubmissionCheck check =
        CompiledSubmissionCheck.compile(
            CATALOG, new ValidationSupportChain(questionnaires, chain(conformance(Map.of()))));

    assertThat(check.isEnabled()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // Definitions assembled here, as SukoyakaValidator assembles them, with changes

  /** The conformance resources of the module, each named StructureDefinition changed as given. */
  private static PrePopulatedValidationSupport conformance(
      Map<String, Consumer<StructureDefinition>> changes) {
    PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(FHIR);
    ObjectMapper json = new ObjectMapper();
    for (String folder : List.of("conformance/", "conformance/external/")) {
      try {
        for (JsonNode file :
            json.readTree(classpathText(PROFILES + folder + ".index.json")).path("files")) {
          String type = file.path("resourceType").asText();
          if (!Set.of("StructureDefinition", "CodeSystem", "ValueSet").contains(type)) {
            continue;
          }
          IBaseResource resource =
              FHIR.newJsonParser()
                  .parseResource(classpathText(PROFILES + folder + file.path("filename").asText()));
          if (resource instanceof StructureDefinition profile
              && changes.containsKey(profile.getIdPart())) {
            changes.get(profile.getIdPart()).accept(profile);
          }
          support.addResource(resource);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return support;
  }

  private static ValidationSupportChain chain(IValidationSupport sukoyaka) {
    return new ValidationSupportChain(
        core,
        sukoyaka,
        new CommonCodeSystemsTerminologyService(FHIR),
        new InMemoryTerminologyServerValidationSupport(FHIR),
        new SnapshotGeneratingValidationSupport(FHIR));
  }

  /** HAPI's instance validator on these definitions, configured as SukoyakaValidator's. */
  private static Function<Bundle, ValidationReport> hapi(IValidationSupport definitions) {
    FhirInstanceValidator module = new FhirInstanceValidator(definitions);
    module.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
    FhirValidator hapi = FHIR.newValidator();
    hapi.registerValidatorModule(module);
    return bundle -> {
      ValidationResult result =
          hapi.validateWithResult(
              bundle,
              new ValidationOptions().addProfile(SukoyakaCanonicals.CLINIC_SUBMISSION_PROFILE));
      List<ValidationIssue> issues = new ArrayList<>();
      for (SingleValidationMessage message : result.getMessages()) {
        ValidationIssue.Severity severity =
            switch (message.getSeverity()) {
              case ERROR -> ValidationIssue.Severity.ERROR;
              case FATAL -> ValidationIssue.Severity.FATAL;
              case WARNING -> ValidationIssue.Severity.WARNING;
              case INFORMATION -> ValidationIssue.Severity.INFORMATION;
            };
        issues.add(
            new ValidationIssue(
                severity,
                SukoyakaValidator.location(message.getLocationString()),
                message.getMessage(),
                Objects.requireNonNullElse(message.getMessageId(), "")));
      }
      return new ValidationReport(issues);
    };
  }

  private static ElementDefinition element(StructureDefinition profile, String id) {
    return profile.getDifferential().getElement().stream()
        .filter(e -> id.equals(e.getId()))
        .findFirst()
        .orElseThrow();
  }

  /** The shipped catalog with its header document changed. */
  private static CheckupItemCatalog catalogWith(Consumer<ObjectNode> change) {
    try {
      ObjectMapper json = new ObjectMapper();
      ObjectNode root = (ObjectNode) json.readTree(classpathText(CheckupItemCatalog.RESOURCE));
      change.accept(root);
      return CheckupItemCatalog.parse(
          new ByteArrayInputStream(json.writeValueAsBytes(root)),
          part ->
              FastPathDifferentialTest.class.getResourceAsStream(
                  CheckupItemCatalog.PARTS_FOLDER + part));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private static String classpathText(String path) {
    try (InputStream in = FastPathDifferentialTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
