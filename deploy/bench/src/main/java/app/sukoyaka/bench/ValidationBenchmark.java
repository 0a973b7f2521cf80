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
import org.hl7.fhir.r4.model.Bundle;

/**
 * Per-bundle validation time of a 妊婦健診 submission, HAPI's FhirInstanceValidator next to the
 * service's validator (the compiled fast path in front of HAPI), in one JVM on one thread after
 * warm-up. Both must accept every bundle, or the run fails.
 *
 * <p>{@code java -cp deploy/bench/target/sukoyaka-bench.jar app.sukoyaka.bench.ValidationBenchmark
 * [bundles]}
 */
public final class ValidationBenchmark {
  private static final int WARMUP = 300;

  private ValidationBenchmark() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    PrintStream out = System.out;
    FhirContext context = FhirContext.forR4();
    SukoyakaValidator validator = SukoyakaValidator.create(context);
    validator.warmUp();
    List<Bundle> bundles = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String json =
          PrenatalVisit.bundle(
              new PrenatalVisit.Visit(
                  "validation-" + UUID.randomUUID(),
                  "2026-" + String.format("%06d", i),
                  LocalDate.of(1990, 1, 1).plusDays(i),
                  LocalDate.of(2026, 11, 20).minusDays(i % 200)));
      bundles.add(context.newJsonParser().parseResource(Bundle.class, json));
    }
    Percentiles hapi = measure(bundles, validator::validateWithHapi);
    Percentiles service = measure(bundles, validator::validateSubmission);
    out.printf(
        "%nSukoyaka validation benchmark  (妊婦健診 submission, %d resources, N=%d, 1 thread)%n",
        PrenatalVisit.RESOURCES, count);
    out.printf("%-44s %10s %10s%n", "", "median ms", "p99 ms");
    print(out, "HAPI FhirInstanceValidator", hapi);
    print(out, "service: fast path, HAPI when unsure", service);
    out.printf(
        "%-44s %9.0fx%n", "median speed-up", (double) hapi.at(50) / Math.max(1, service.at(50)));
    out.println("(3-4か月 checkup: not yet in the catalog, so not measured)");
  }

  private static Percentiles measure(
      List<Bundle> bundles, Function<Bundle, ValidationReport> validate) {
    for (int i = 0; i < WARMUP; i++) {
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

  private static void print(PrintStream out, String label, Percentiles nanos) {
    out.printf(
        "%-44s %10.3f %10.3f%n", label, nanos.at(50) / 1_000_000.0, nanos.at(99) / 1_000_000.0);
  }
}
