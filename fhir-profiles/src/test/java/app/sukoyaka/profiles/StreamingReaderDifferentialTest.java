package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.JsonMutations.Expect;
import app.sukoyaka.profiles.JsonMutations.JsonCase;
import app.sukoyaka.profiles.SubmissionExamples.Example;
import app.sukoyaka.profiles.SubmissionGenerator.Case;
import app.sukoyaka.profiles.SubmissionRead.Fallback;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming reader and its check ({@link SukoyakaValidator#readCertainlyValid}) against HAPI's
 * path on the same bytes: HAPI's strict parser as the intake runs it, the compiled check on HAPI's
 * model, and HAPI's instance validator. Whenever the streaming path accepts, HAPI parses the bytes,
 * the compiled check accepts HAPI's model, HAPI's validator reports no error (on a sample: the
 * compiled check is held to it by {@link FastPathDifferentialTest}), and HAPI read exactly what the
 * reader read, element for element and digit for digit ({@link HapiReading}). Whatever it does not
 * accept goes to HAPI's path unchanged, so the verdicts and error locations are HAPI's by
 * construction.
 *
 * <p>On every example under r4/ (the files' own bytes), on generated submissions of every checkup
 * kind with and without the generator's mutations (as HAPI writes them, compact or pretty), and on
 * JSON-level mutations of valid submissions ({@link JsonMutations}: key order, escapes, numbers
 * like 1e2, 1.0, -0 and big decimals, byte order marks, malformed UTF-8, duplicate keys, nulls and
 * empty values, deep nesting, elements and extensions the reader does not read). {@code
 * -Dsukoyaka.streaming.cases=N -Dsukoyaka.streaming.seed=S} explore further.
 */
class StreamingReaderDifferentialTest {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingReaderDifferentialTest.class);

  private static final long SEED = Long.getLong("sukoyaka.streaming.seed", 20_261_201L);
  private static final int CASES = Integer.getInteger("sukoyaka.streaming.cases", 400);

  /** JSON mutations applied to this many valid submissions each. */
  private static final int BASES_PER_JSON_MUTATION = 6;

  /**
   * HAPI's validator (tens of milliseconds per entry) runs on every this-many-th accepted example,
   * every second that many generated submissions, and one of each neutral JSON mutation.
   */
  private static final int HAPI_SAMPLE = 4;

  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();

  private static SukoyakaValidator validator;
  private static ExecutorService threads;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
    validator.warmUp();
    threads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  /** One submission's bytes, what it is, and what the streaming path must do with it. */
  private record Input(
      String name, byte[] json, boolean realistic, Expect expect, Fallback reason, boolean hapi) {}

  /** Both readings of one input. */
  private record Outcome(
      Input input,
      SubmissionRead streamed,
      Bundle parsed,
      String parseError,
      boolean compiled,
      ValidationReport hapi) {

    boolean accepted() {
      return streamed.certainlyValid();
    }

    String describe() {
      return input.name()
          + ": streamed "
          + (accepted() ? "ACCEPT" : streamed.fallback())
          + ", HAPI parse "
          + (parsed != null ? "ok" : parseError)
          + ", compiled check "
          + (compiled ? "ACCEPT" : "UNSURE")
          + (hapi == null ? "" : ", HAPI errors " + hapi.errors())
          + "\n"
          + new String(input.json(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theStreamingPathAcceptsOnlyWhatHapiAcceptsReadsItAsHapiDoesAndTakesRealisticInput() {
    List<Input> inputs = new ArrayList<>();
    List<byte[]> validBases = new ArrayList<>();
    List<Example> examples = SubmissionExamples.examples();
    for (int e = 0; e < examples.size(); e++) {
      Example example = examples.get(e);
      inputs.add(
          new Input(
              example.name(), example.json(), true, Expect.EITHER, null, e % HAPI_SAMPLE == 0));
      // JSON mutations start from submissions that stream, so that what they change is the
      // first thing the reader meets.
      if (example.name().startsWith("r4/sukoyaka-clinic-submission/valid-")
          && validator.readCertainlyValid(example.json()).certainlyValid()) {
        validBases.add(example.json());
      }
    }
    SubmissionGenerator generator = new SubmissionGenerator(CATALOG);
    List<CheckupKind> kinds = CATALOG.kinds();
    for (int i = 0; i < CASES; i++) {
      long seed = SEED + i;
      boolean plain = i % 2 == 0;
      Case generated =
          plain
              ? generator.plain(seed, kinds.get((i / 2) % kinds.size()))
              : generator.mutated(seed, i / 2);
      byte[] json = hapiJson(generated.bundle(), i % 4 < 2);
      if (json == null) {
        continue;
      }
      inputs.add(
          new Input(
              generated.name() + (generated.mutated() ? " " + generated.mutations() : ""),
              json,
              plain,
              Expect.EITHER,
              null,
              i % (2 * HAPI_SAMPLE) == 0));
      if (plain && validBases.size() < 40 && validator.readCertainlyValid(json).certainlyValid()) {
        validBases.add(json);
      }
    }
    JsonMutations mutations = new JsonMutations();
    Random random = new Random(SEED);
    for (int m = 0; m < mutations.count(); m++) {
      for (int b = 0; b < BASES_PER_JSON_MUTATION; b++) {
        byte[] base = validBases.get(random.nextInt(validBases.size()));
        JsonCase mutated = mutations.apply(base, m, random);
        if (mutated == null) {
          continue;
        }
        inputs.add(
            new Input(
                "JSON: " + mutated.name(),
                mutated.json(),
                false,
                mutated.expect(),
                mutated.reason(),
                b == 0 && mutated.expect() != Expect.FALLBACK));
        if (mutated.expect() == Expect.NEUTRAL) {
          // The original must stream when the mutation is neutral: checked below.
          inputs.add(
              new Input(
                  "JSON base of: " + mutated.name(), base, false, Expect.EITHER, null, false));
        }
      }
    }

    List<Outcome> outcomes = runAll(inputs);

    List<Outcome> accepted = outcomes.stream().filter(Outcome::accepted).toList();
    assertThat(
            accepted.stream()
                .filter(o -> o.parsed() == null || !o.compiled())
                .map(Outcome::describe))
        .as("accepted by the streaming path, but HAPI cannot parse it or the check is not sure")
        .isEmpty();
    assertThat(
            accepted.stream()
                .filter(o -> !HapiReading.of(o.parsed()).equals(o.streamed().submission()))
                .map(
                    o ->
                        o.describe()
                            + "\nHAPI read: "
                            + HapiReading.of(o.parsed())
                            + "\nstreamed: "
                            + o.streamed().submission()))
        .as("accepted, but HAPI read something else")
        .isEmpty();
    assertThat(
            accepted.stream()
                .filter(o -> o.hapi() != null && !o.hapi().isValid())
                .map(Outcome::describe))
        .as("accepted, but HAPI's validator reports errors")
        .isEmpty();
    assertThat(accepted.stream().filter(o -> o.hapi() != null).count())
        .as("accepted submissions HAPI's validator checked")
        .isGreaterThan(10);

    assertThat(
            outcomes.stream()
                .filter(o -> o.input().expect() == Expect.FALLBACK)
                .filter(
                    o ->
                        o.accepted()
                            || (o.input().reason() != null
                                && o.streamed().fallback() != o.input().reason()))
                .map(o -> "expected " + o.input().reason() + ": " + o.describe()))
        .as("JSON the reader must leave to HAPI, for the reason given")
        .isEmpty();
    Set<String> acceptedBases =
        outcomes.stream()
            .filter(o -> o.input().name().startsWith("JSON base of: ") && o.accepted())
            .map(o -> new String(o.input().json(), StandardCharsets.UTF_8))
            .collect(Collectors.toSet());
    assertThat(
            outcomes.stream()
                .filter(o -> o.input().expect() == Expect.NEUTRAL && !o.accepted())
                .filter(o -> o.parsed() != null && o.compiled())
                .map(Outcome::describe))
        .as("written differently but the same submission, and no longer streamed")
        .isEmpty();
    assertThat(acceptedBases).as("bases of neutral mutations that stream").isNotEmpty();

    // Realistic input: the examples and the unmutated generated submissions. Every one the
    // compiled check accepts on HAPI's model streams.
    List<Outcome> realistic = outcomes.stream().filter(o -> o.input().realistic()).toList();
    List<Outcome> certain = realistic.stream().filter(Outcome::compiled).toList();
    long certainStreamed = certain.stream().filter(Outcome::accepted).count();
    assertThat(certain.stream().filter(o -> !o.accepted()).map(Outcome::describe))
        .as("realistic submissions the compiled check accepts but the streaming path does not")
        .isEmpty();
    assertThat(certain.size())
        .as("realistic submissions the compiled check accepts")
        .isGreaterThan(CASES / 4);

    Map<Fallback, Integer> realisticReasons = reasons(realistic);
    Map<Fallback, Integer> allReasons = reasons(outcomes);
    LOG.info(
        "Streaming differential: {} inputs (seed {}), {} accepted, none that HAPI would refuse or"
            + " read differently. Realistic input (examples, unmutated generated submissions): {},"
            + " {} of them certainly valid by the compiled check on HAPI's model, {} of those"
            + " streamed; {} streamed in all, fell back {}. All inputs fell back {}.",
        outcomes.size(),
        SEED,
        accepted.size(),
        realistic.size(),
        certain.size(),
        certainStreamed,
        realistic.stream().filter(Outcome::accepted).count(),
        realisticReasons,
        allReasons);
    assertThat(allReasons.keySet())
        .as("reasons the inputs exercised")
        .containsAll(
            Set.of(
                Fallback.NOT_UTF8,
                Fallback.BYTE_ORDER_MARK,
                Fallback.MALFORMED_JSON,
                Fallback.DUPLICATE_KEY,
                Fallback.NULL_OR_EMPTY,
                Fallback.WRONG_JSON_TYPE,
                Fallback.NUMBER_FORM,
                Fallback.UNKNOWN_ELEMENT,
                Fallback.UNMODELLED_EXTENSION,
                Fallback.PRIMITIVE_EXTENSION,
                Fallback.CONTAINED,
                Fallback.RESOURCE_TYPE_NOT_FIRST,
                Fallback.OTHER_RESOURCE_TYPE,
                Fallback.IMMUNIZATION,
                Fallback.NOT_CERTAIN));
  }

  @Test
  void aDecimalKeepsTheDigitsItWasWrittenWith() {
    byte[] json =
        new String(example("valid-prenatal-checkup.json"), StandardCharsets.UTF_8)
            .replaceFirst("\"value\": 58.4,", "\"value\": 58.40,")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("58.40");

    SubmissionRead read = validator.readCertainlyValid(json);

    assertThat(read.certainlyValid()).isTrue();
    CheckupSubmission.Quantity weight =
        read.submission().entries().stream()
            .map(CheckupSubmission.Entry::resource)
            .filter(r -> r instanceof CheckupSubmission.Observation)
            .map(r -> ((CheckupSubmission.Observation) r).value())
            .filter(
                v -> v instanceof CheckupSubmission.Quantity q && q.valueText().startsWith("58"))
            .map(CheckupSubmission.Quantity.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(weight.valueText()).isEqualTo("58.40");
    assertThat(weight.value().scale()).isEqualTo(2);
  }

  @Test
  void aVaccinationSubmissionIsLeftToHapisPath() {
    byte[] json =
        SubmissionExamples.examples().stream()
            .filter(e -> e.name().startsWith("r4/sukoyaka-vaccination-submission/valid-"))
            .findFirst()
            .orElseThrow()
            .json();

    assertThat(validator.readCertainlyValid(json).fallback()).isEqualTo(Fallback.IMMUNIZATION);
  }

  // ---------------------------------------------------------------------------------------------

  private static Map<Fallback, Integer> reasons(List<Outcome> outcomes) {
    Map<Fallback, Integer> reasons = new EnumMap<>(Fallback.class);
    outcomes.stream()
        .filter(o -> !o.accepted())
        .forEach(o -> reasons.merge(o.streamed().fallback(), 1, Integer::sum));
    return new TreeMap<>(reasons);
  }

  private static List<Outcome> runAll(List<Input> inputs) {
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Input input : inputs) {
      futures.add(threads.submit(() -> run(input)));
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

  private static Outcome run(Input input) {
    SubmissionRead streamed = validator.readCertainlyValid(input.json());
    Bundle parsed = null;
    String parseError = null;
    try {
      parsed = parseAsTheIntakeDoes(input.json());
    } catch (RuntimeException e) {
      parseError = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    boolean compiled = parsed != null && validator.isCertainlyValid(parsed);
    ValidationReport hapi =
        parsed != null && streamed.certainlyValid() && input.hapi()
            ? validator.validateWithHapi(parsed)
            : null;
    return new Outcome(input, streamed, parsed, parseError, compiled, hapi);
  }

  /** As {@code IntakeService} parses: strict UTF-8, HAPI's strict error handler, a Bundle. */
  static Bundle parseAsTheIntakeDoes(byte[] body) {
    IParser parser = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    IBaseResource resource =
        parser.parseResource(new InputStreamReader(new ByteArrayInputStream(body), strict));
    if (!(resource instanceof Bundle bundle)) {
      throw new DataFormatException("not a Bundle: " + resource.fhirType());
    }
    return bundle;
  }

  /** HAPI's JSON of a generated Bundle, compact or pretty; null if HAPI cannot write it. */
  private static byte[] hapiJson(Bundle bundle, boolean pretty) {
    try {
      return FHIR.newJsonParser()
          .setPrettyPrint(pretty)
          .encodeResourceToString(bundle)
          .getBytes(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      return null;
    }
  }

  private static byte[] example(String file) {
    return Objects.requireNonNull(
            SubmissionExamples.examples().stream()
                .filter(e -> e.name().equals("r4/sukoyaka-clinic-submission/" + file))
                .findFirst()
                .orElse(null))
        .json();
  }
}
