package app.sukoyaka.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.checkup.NewCheckup;
import app.sukoyaka.fhir.FhirException;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import app.sukoyaka.profiles.JsonMutations;
import app.sukoyaka.profiles.SubmissionExamples;
import app.sukoyaka.profiles.SubmissionGenerator;
import app.sukoyaka.profiles.SubmissionRead;
import app.sukoyaka.profiles.SubmissionRead.Fallback;
import app.sukoyaka.profiles.SukoyakaValidator;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake's streaming path (read, check, {@link IntakeMapper}) against HAPI's path (the intake's
 * parse, the compiled check, {@link app.sukoyaka.profiles.HapiReading}, the same {@link
 * IntakeMapper}) on the same bytes. Where the streaming path takes a submission, HAPI's path takes
 * it too and maps it to the same submission: the same Patients and keys, the same checkup, the same
 * findings with the same values (a decimal's digits included), the same response entries, ids
 * aside. Where the intake's rules refuse a submission the check accepted (a value implausible for
 * this person, an item not recorded at this kind of checkup …), both mappings refuse it with the
 * same error code and the same issues; the intake then takes HAPI's path anyway, so the clinic gets
 * that path's OperationOutcome. Everything else the streaming path leaves to HAPI's path, which is
 * the path the service has always had.
 *
 * <p>Inputs: fhir-profiles' examples, its generated submissions of every kind with and without its
 * mutations, and its JSON-level mutations of valid submissions (from its test jar). {@code
 * -Dsukoyaka.streaming.cases=N -Dsukoyaka.streaming.seed=S} explore further.
 */
class StreamedIntakeDifferentialTest {

  private static final Logger LOG = LoggerFactory.getLogger(StreamedIntakeDifferentialTest.class);

  private static final long SEED = Long.getLong("sukoyaka.streaming.seed", 20_261_202L);
  private static final int CASES = Integer.getInteger("sukoyaka.streaming.cases", 600);
  private static final int BASES_PER_JSON_MUTATION = 6;

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final CheckupItemCatalog CATALOG = CheckupItemCatalog.load();

  private final SukoyakaValidator validator = SukoyakaValidator.create(FHIR);
  private final IntakeMapper mapper = new IntakeMapper(CATALOG);

  private record Input(String name, byte[] json, boolean realistic) {}

  /** A path's answer: a mapped submission (canonical text), a refusal, or not taken. */
  private record Answer(String mapped, String refusal, Fallback fallback) {
    static Answer mapped(MappedSubmission submission) {
      return new Answer(canonical(submission), null, null);
    }

    static Answer refused(FhirException e) {
      return new Answer(null, e.errorCode() + " " + e.issues(), null);
    }

    static Answer notTaken(Fallback reason) {
      return new Answer(null, null, reason);
    }

    boolean taken() {
      return fallback == null;
    }

    @Override
    public String toString() {
      return mapped != null ? "mapped " + mapped : refusal != null ? "refused " + refusal : "-";
    }
  }

  private record Outcome(Input input, Answer streamed, Answer hapi) {
    String describe() {
      return input.name()
          + "\n  streamed: "
          + (streamed.taken() ? streamed : "fell back " + streamed.fallback())
          + "\n  HAPI:     "
          + hapi
          + "\n  "
          + new String(input.json(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void whereTheStreamingPathTakesASubmissionHapisPathMapsOrRefusesItTheSameWay() {
    List<Input> inputs = inputs();
    List<Outcome> outcomes = new ArrayList<>();
    for (Input input : inputs) {
      outcomes.add(new Outcome(input, streamed(input.json()), hapi(input.json())));
    }

    List<Outcome> taken = outcomes.stream().filter(o -> o.streamed().taken()).toList();
    assertThat(
            taken.stream()
                .filter(o -> !o.hapi().taken() || !o.streamed().equals(o.hapi()))
                .map(Outcome::describe))
        .as("submissions the streaming path maps or refuses otherwise than HAPI's path")
        .isEmpty();
    List<Outcome> mapped = taken.stream().filter(o -> o.streamed().mapped() != null).toList();
    List<Outcome> refused = taken.stream().filter(o -> o.streamed().refusal() != null).toList();
    assertThat(mapped.size()).as("submissions both paths mapped").isGreaterThan(CASES / 4);
    assertThat(refused).as("submissions the intake's rules refused on both paths").isNotEmpty();

    // Realistic input: what HAPI's path maps after the compiled check accepted it, the streaming
    // path maps too.
    List<Outcome> realistic = outcomes.stream().filter(o -> o.input().realistic()).toList();
    assertThat(
            realistic.stream()
                .filter(o -> o.hapi().mapped() != null && o.streamed().mapped() == null)
                .map(Outcome::describe))
        .as("realistic submissions HAPI's path maps without its validator but streaming does not")
        .isEmpty();
    Map<Fallback, Integer> reasons = new EnumMap<>(Fallback.class);
    realistic.stream()
        .filter(o -> !o.streamed().taken())
        .forEach(o -> reasons.merge(o.streamed().fallback(), 1, Integer::sum));
    LOG.info(
        "Streamed intake differential: {} inputs (seed {}); the streaming path mapped {} and"
            + " refused {} exactly as HAPI's path did. Realistic input: {} submissions, {} mapped"
            + " by the streaming path, {} refused by the intake's rules on both, the rest left to"
            + " HAPI's path {}.",
        outcomes.size(),
        SEED,
        mapped.size(),
        refused.size(),
        realistic.size(),
        realistic.stream().filter(o -> o.streamed().mapped() != null).count(),
        realistic.stream().filter(o -> o.streamed().refusal() != null).count(),
        new TreeMap<>(reasons));
  }

  @Test
  void aQuantityKeepsTheDigitsTheClinicWroteOnBothPaths() {
    byte[] json =
        SubmissionExamples.examples().stream()
            .filter(
                e -> e.name().endsWith("sukoyaka-clinic-submission/valid-prenatal-checkup.json"))
            .findFirst()
            .orElseThrow()
            .json();
    byte[] precise =
        new String(json, StandardCharsets.UTF_8)
            .replaceFirst("\"value\": 58.4,", "\"value\": 58.400,")
            .getBytes(StandardCharsets.UTF_8);

    Answer streamed = streamed(precise);
    Answer hapi = hapi(precise);

    assertThat(streamed.mapped()).contains("body-weight Quantity[value=58.400, unit=kg]");
    assertThat(streamed).isEqualTo(hapi);
  }

  @Test
  void aMomentIsReadToTheMillisecondAsHapiReadsIt() {
    Random random = new Random(SEED);
    for (int i = 0; i < 20_000; i++) {
      int year = 1900 + random.nextInt(200);
      int month = 1 + random.nextInt(12);
      int day = 1 + random.nextInt(java.time.YearMonth.of(year, month).lengthOfMonth());
      StringBuilder text =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%04d-%02d-%02dT%02d:%02d:%02d",
                  year,
                  month,
                  day,
                  random.nextInt(24),
                  random.nextInt(60),
                  random.nextInt(60)));
      if (random.nextBoolean()) {
        text.append('.');
        int digits = 1 + random.nextInt(9);
        for (int d = 0; d < digits; d++) {
          text.append((char) ('0' + random.nextInt(10)));
        }
      }
      switch (random.nextInt(4)) {
        case 0 -> text.append('Z');
        case 1 -> text.append(random.nextBoolean() ? "+14:00" : "-14:00");
        default ->
            text.append(
                String.format(
                    Locale.ROOT,
                    "%s%02d:%02d",
                    random.nextBoolean() ? "+" : "-",
                    random.nextInt(14),
                    random.nextInt(60)));
      }
      String moment = text.toString();

      assertThat(IntakeMapper.instant(moment))
          .as(moment)
          .isEqualTo(new DateTimeType(moment).getValue().toInstant())
          .isEqualTo(OffsetDateTime.parse(moment).toInstant().truncatedTo(ChronoUnit.MILLIS));
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Answer streamed(byte[] json) {
    SubmissionRead read = validator.readCertainlyValid(json);
    if (!read.certainlyValid()) {
      return Answer.notTaken(read.fallback());
    }
    try {
      return Answer.mapped(mapper.map(read.submission()));
    } catch (FhirException e) {
      return Answer.refused(e);
    }
  }

  /**
   * HAPI's path as the intake runs it, up to the mapping: parse; if the compiled check is not sure,
   * the answer is HAPI's validator's, which the streaming path never preempts (it is then not
   * taken); else map.
   */
  private Answer hapi(byte[] json) {
    Bundle bundle;
    try {
      bundle = IntakeService.parse(FHIR, json);
    } catch (FhirException e) {
      return Answer.refused(e);
    }
    if (!validator.isCertainlyValid(bundle)) {
      return Answer.notTaken(Fallback.NOT_CERTAIN);
    }
    try {
      return Answer.mapped(mapper.map(bundle));
    } catch (FhirException e) {
      return Answer.refused(e);
    }
  }

  private List<Input> inputs() {
    List<Input> inputs = new ArrayList<>();
    List<byte[]> bases = new ArrayList<>();
    for (SubmissionExamples.Example example : SubmissionExamples.examples()) {
      inputs.add(new Input(example.name(), example.json(), true));
      if (example.name().startsWith("r4/sukoyaka-clinic-submission/valid-")
          && validator.readCertainlyValid(example.json()).certainlyValid()) {
        bases.add(example.json());
      }
    }
    SubmissionGenerator generator = new SubmissionGenerator(CATALOG);
    List<CheckupKind> kinds = CATALOG.kinds();
    for (int i = 0; i < CASES; i++) {
      long seed = SEED + i;
      boolean plain = i % 2 == 0;
      SubmissionGenerator.Case generated =
          plain
              ? generator.plain(seed, kinds.get((i / 2) % kinds.size()))
              : generator.mutated(seed, i / 2);
      byte[] json;
      try {
        json =
            FHIR.newJsonParser()
                .setPrettyPrint(i % 3 == 0)
                .encodeResourceToString(generated.bundle())
                .getBytes(StandardCharsets.UTF_8);
      } catch (DataFormatException e) {
        continue;
      }
      inputs.add(
          new Input(generated.name() + (plain ? "" : " " + generated.mutations()), json, plain));
      if (plain && bases.size() < 40 && validator.readCertainlyValid(json).certainlyValid()) {
        bases.add(json);
      }
    }
    JsonMutations mutations = new JsonMutations();
    Random random = new Random(SEED);
    for (int m = 0; m < mutations.count(); m++) {
      for (int b = 0; b < BASES_PER_JSON_MUTATION; b++) {
        JsonMutations.JsonCase mutated =
            mutations.apply(bases.get(random.nextInt(bases.size())), m, random);
        if (mutated != null) {
          inputs.add(new Input("JSON: " + mutated.name(), mutated.json(), false));
        }
      }
    }
    return inputs;
  }

  /**
   * The mapped submission as text with its generated ids numbered in order of appearance, and whom
   * each finding is about listed in that order: equal for two mappings of one submission.
   */
  private static String canonical(MappedSubmission mapped) {
    Map<UUID, Integer> numbers = new HashMap<>();
    Function<UUID, String> id =
        uuid -> uuid == null ? "-" : "#" + numbers.computeIfAbsent(uuid, u -> numbers.size());
    StringBuilder text = new StringBuilder();
    text.append(mapped.identifierSystem())
        .append('|')
        .append(mapped.identifierValue())
        .append('\n');
    mapped.patients().forEach(p -> text.append(p).append('\n'));
    for (MappedSubmission.DraftCheckup checkup : mapped.checkups()) {
      text.append(id.apply(checkup.id()))
          .append(' ')
          .append(checkup.kind())
          .append(' ')
          .append(checkup.encounterClass())
          .append(' ')
          .append(checkup.kindName())
          .append(' ')
          .append(checkup.visitDate())
          .append(' ')
          .append(checkup.gestationalAgeDays())
          .append('\n');
      for (NewCheckup.NewFinding finding : checkup.findings()) {
        text.append("  ")
            .append(id.apply(finding.id()))
            .append(' ')
            .append(id.apply(finding.observationId()))
            .append(' ')
            .append(finding.itemCode())
            .append(' ')
            .append(finding.value())
            .append(' ')
            .append(finding.sourceSystem())
            .append('|')
            .append(finding.sourceCode())
            .append(' ')
            .append(finding.childId())
            .append(' ')
            .append(finding.resourceType())
            .append(' ')
            .append(finding.authoredAt())
            .append('\n');
      }
      checkup.findingSubjects().entrySet().stream()
          .sorted(Comparator.comparing(e -> id.apply(e.getKey())))
          .forEach(
              e ->
                  text.append("  about ")
                      .append(id.apply(e.getKey()))
                      .append(' ')
                      .append(e.getValue())
                      .append('\n'));
    }
    mapped
        .entries()
        .forEach(
            e ->
                text.append(e.resourceType())
                    .append(' ')
                    .append(id.apply(e.id()))
                    .append(' ')
                    .append(e.fullUrl())
                    .append('\n'));
    return text.toString();
  }
}
