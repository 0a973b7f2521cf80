package app.sukoyaka.bench;

import app.sukoyaka.profiles.SukoyakaValidator;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Per-bundle validation time of two kinds of submission, HAPI's FhirInstanceValidator next to the
 * service's validator (the compiled fast path in front of HAPI), in one JVM on one thread after
 * warm-up: a 妊婦健診 (the mother, the visit, ten findings) and a 3～4か月児健診 (the child with the mother
 * extension, the visit, one Observation per item of the kind's page). Both validators must accept
 * every bundle, or the run fails.
 *
 * <p>Then, from the request body's bytes: HAPI's parse (strict, as the intake parses) with the
 * compiled check on HAPI's model, next to the streaming reader with the same check on its own types
 * ({@link SukoyakaValidator#readCertainlyValid}), which is what the intake now runs first. Both
 * must find every bundle certainly valid.
 *
 * <p>{@code java -cp deploy/bench/target/sukoyaka-bench.jar app.sukoyaka.bench.ValidationBenchmark
 * [bundles per kind]}
 */
public final class ValidationBenchmark {
  /** HAPI takes 50–200 ms a bundle; its JIT has settled after this many. */
  private static final int HAPI_WARMUP = 100;

  private static final int SERVICE_WARMUP = 300;

  /** Reading from bytes: both sides get the same, generous warm-up (the JIT settles late). */
  private static final int READ_WARMUP = 3000;

  private ValidationBenchmark() {}

  /** One kind of submission: its name, its size, and how to make the i-th bundle as JSON. */
  private record Kind(String name, int resources, IntFunction<String> bundle) {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    PrintStream out = System.out;
    FhirContext context = FhirContext.forR4();
    SukoyakaValidator validator = SukoyakaValidator.create(context);
    validator.warmUp();
    List<Kind> kinds =
        List.of(
            new Kind(
                "妊婦健診",
                PrenatalVisit.RESOURCES,
                i ->
                    PrenatalVisit.bundle(
                        new PrenatalVisit.Visit(
                            "validation-" + UUID.randomUUID(),
                            "2026-" + String.format("%06d", i),
                            LocalDate.of(1990, 1, 1).plusDays(i),
                            LocalDate.of(2026, 11, 20).minusDays(i % 200)))),
            new Kind(
                "3～4か月児健診",
                InfantCheckupVisit.RESOURCES,
                i ->
                    InfantCheckupVisit.bundle(
                        new InfantCheckupVisit.Visit(
                            "validation-" + UUID.randomUUID(),
                            "2026-" + String.format("%06d", i),
                            LocalDate.of(2026, 11, 20).minusDays(i % 200)))));
    List<String> rows = new ArrayList<>();
    for (Kind kind : kinds) {
      List<Bundle> bundles = new ArrayList<>();
      List<byte[]> bodies = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String json = kind.bundle().apply(i);
        bodies.add(json.getBytes(StandardCharsets.UTF_8));
        bundles.add(context.newJsonParser().parseResource(Bundle.class, json));
      }
      long certain = bundles.stream().filter(validator::isCertainlyValid).count();
      System.err.printf("%s: HAPI …%n", kind.name());
      Percentiles hapi =
          measure(bundles, HAPI_WARMUP, b -> validator.validateWithHapi(b).isValid());
      System.err.printf("%s: service …%n", kind.name());
      Percentiles service =
          measure(bundles, SERVICE_WARMUP, b -> validator.validateSubmission(b).isValid());
      System.err.printf("%s: HAPI parse and compiled check …%n", kind.name());
      Percentiles parsed =
          measure(
              bodies,
              READ_WARMUP,
              body -> validator.isCertainlyValid(parseAsTheIntakeDoes(context, body)));
      System.err.printf("%s: streaming read and check …%n", kind.name());
      Percentiles streamed =
          measure(bodies, READ_WARMUP, body -> validator.readCertainlyValid(body).certainlyValid());
      rows.add(
          String.format(
                  "%s (%d resources, %.1f KB), %d of %d on the fast path%n",
                  kind.name(),
                  kind.resources(),
                  bodies.stream().mapToInt(b -> b.length).average().orElse(0) / 1024,
                  certain,
                  count)
              + row("  HAPI FhirInstanceValidator", hapi)
              + row("  service: fast path, HAPI when unsure", service)
              + String.format(
                  "%-44s %9.0fx%n",
                  "  median speed-up", (double) hapi.at(50) / Math.max(1, service.at(50)))
              + "  from the request body's bytes:\n"
              + row("  HAPI parse + compiled check", parsed)
              + row("  streaming read + the same check", streamed)
              + String.format(
                  "%-44s %9.1fx%n",
                  "  median speed-up", (double) parsed.at(50) / Math.max(1, streamed.at(50))));
    }
    out.printf("%nSukoyaka validation benchmark  (N=%d bundles per kind, 1 thread)%n", count);
    out.printf("%-44s %10s %10s%n", "", "median ms", "p99 ms");
    rows.forEach(out::print);
  }

  /** Times {@code accepts} on each input after warm-up; every input must be accepted. */
  private static <T> Percentiles measure(List<T> inputs, int warmUp, Predicate<T> accepts) {
    // The other side's garbage is not this side's pause.
    System.gc();
    for (int i = 0; i < warmUp; i++) {
      require(accepts.test(inputs.get(i % inputs.size())));
    }
    long[] nanos = new long[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      long start = System.nanoTime();
      boolean accepted = accepts.test(inputs.get(i));
      nanos[i] = System.nanoTime() - start;
      require(accepted);
    }
    return Percentiles.of(nanos);
  }

  private static void require(boolean accepted) {
    if (!accepted) {
      throw new IllegalStateException("A benchmark bundle was refused or left to HAPI");
    }
  }

  /** As the intake parses a request body for HAPI: strict UTF-8, HAPI's strict error handler. */
  private static Bundle parseAsTheIntakeDoes(FhirContext context, byte[] body) {
    CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    return (Bundle)
        context
            .newJsonParser()
            .setParserErrorHandler(new StrictErrorHandler())
            .parseResource(new InputStreamReader(new ByteArrayInputStream(body), strict));
  }

  private static String row(String label, Percentiles nanos) {
    return String.format(
        "%-44s %10.3f %10.3f%n", label, nanos.at(50) / 1_000_000.0, nanos.at(99) / 1_000_000.0);
  }
}
