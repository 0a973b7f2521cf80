package app.sukoyaka.bench;

import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import ca.uhn.fhir.context.FhirContext;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Per-bundle validation time of two kinds of submission, HAPI's FhirInstanceValidator next to the
 * service's validator (the compiled fast path in front of HAPI), in one JVM on one thread after
 * warm-up: a 妊婦健診 (the mother, the visit, ten findings) and a 3～4か月児健診 (the child with the mother
 * extension, the visit, one Observation per item of the kind's page). Both validators must accept
 * every bundle, or the run fails.
 *
 * <p>{@code java -cp deploy/bench/target/sukoyaka-bench.jar app.sukoyaka.bench.ValidationBenchmark
 * [bundles per kind]}
 */
public final class ValidationBenchmark {
  /** HAPI takes 50–200 ms a bundle; its JIT has settled after this many. */
  private static final int HAPI_WARMUP = 100;

  private static final int SERVICE_WARMUP = 300;

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
      for (int i = 0; i < count; i++) {
        bundles.add(context.newJsonParser().parseResource(Bundle.class, kind.bundle().apply(i)));
      }
      long certain = bundles.stream().filter(validator::isCertainlyValid).count();
      System.err.printf("%s: HAPI …%n", kind.name());
      Percentiles hapi = measure(bundles, HAPI_WARMUP, validator::validateWithHapi);
      System.err.printf("%s: service …%n", kind.name());
      Percentiles service = measure(bundles, SERVICE_WARMUP, validator::validateSubmission);
      rows.add(
          String.format(
                  "%s (%d resources), %d of %d on the fast path%n",
                  kind.name(), kind.resources(), certain, count)
              + row("  HAPI FhirInstanceValidator", hapi)
              + row("  service: fast path, HAPI when unsure", service)
              + String.format(
                  "%-44s %9.0fx%n",
                  "  median speed-up", (double) hapi.at(50) / Math.max(1, service.at(50))));
    }
    out.printf("%nSukoyaka validation benchmark  (N=%d bundles per kind, 1 thread)%n", count);
    out.printf("%-44s %10s %10s%n", "", "median ms", "p99 ms");
    rows.forEach(out::print);
  }

  private static Percentiles measure(
      List<Bundle> bundles, int warmUp, Function<Bundle, ValidationReport> validate) {
    // The other side's garbage is not this side's pause.
    System.gc();
    for (int i = 0; i < warmUp; i++) {
      require(validate.apply(bundles.get(i % bundles.size())));
    }
    long[] nanos = new long[bundles.size()];
    for (int i = 0; i < bundles.size(); i++) {
      long start = System.nanoTime();
      ValidationReport report = validate.apply(bundles.get(i));
      nanos[i] = System.nanoTime() - start;
      require(report);
    }
    return Percentiles.of(nanos);
  }

  private static void require(ValidationReport report) {
    if (!report.isValid()) {
      throw new IllegalStateException("A benchmark bundle was refused: " + report.errors());
    }
  }

  private static String row(String label, Percentiles nanos) {
    return String.format(
        "%-44s %10.3f %10.3f%n", label, nanos.at(50) / 1_000_000.0, nanos.at(99) / 1_000_000.0);
  }
}
