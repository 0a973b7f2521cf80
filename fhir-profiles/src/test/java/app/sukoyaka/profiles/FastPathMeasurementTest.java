package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a timed test: prints the cost of validating the valid 妊婦健診 example (12 resources) with HAPI
 * alone and through {@link SukoyakaValidator#validateSubmission}, and of reading and checking it
 * from its bytes with HAPI's parser or the streaming reader, in one JVM after warm-up. Runs only on
 * request:
 *
 * <pre>
 * ./mvnw -q -o -pl fhir-profiles test -Dtest=FastPathMeasurementTest -Dsukoyaka.measure=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "sukoyaka.measure", matches = "true")
class FastPathMeasurementTest {

  private static final Logger LOG = LoggerFactory.getLogger(FastPathMeasurementTest.class);

  @Test
  void validatingTheExampleSubmissionWithAndWithoutTheFastPath() {
    SukoyakaValidator validator = SukoyakaValidator.create(FHIR);
    validator.warmUp();
    Bundle bundle =
        ProfileAssertions.example(
            "sukoyaka-clinic-submission", "valid-prenatal-checkup.json", Bundle.class);
    assertThat(validator.fastPath().check(bundle))
        .isEqualTo(CompiledSubmissionCheck.Verdict.ACCEPT);

    String hapi =
        measure("HAPI FhirInstanceValidator", 300, 1_000, () -> validator.validateWithHapi(bundle));
    String fast =
        measure(
            "validateSubmission (fast path)",
            20_000,
            50_000,
            () -> validator.validateSubmission(bundle));

    byte[] json =
        SubmissionExamples.examples().stream()
            .filter(e -> e.name().endsWith("clinic-submission/valid-prenatal-checkup.json"))
            .findFirst()
            .orElseThrow()
            .json();
    String parsed =
        measure(
            "HAPI parse + compiled check",
            20_000,
            50_000,
            () ->
                validator.isCertainlyValid(
                        StreamingReaderDifferentialTest.parseAsTheIntakeDoes(json))
                    ? new ValidationReport(java.util.List.of())
                    : null);
    String streamed =
        measure(
            "streaming read + check",
            20_000,
            50_000,
            () ->
                validator.readCertainlyValid(json).certainlyValid()
                    ? new ValidationReport(java.util.List.of())
                    : null);

    LOG.info("{}", hapi);
    LOG.info("{}", fast);
    LOG.info("{}", parsed);
    LOG.info("{}", streamed);
  }

  private static String measure(
      String name, int warmUp, int runs, Supplier<ValidationReport> validation) {
    for (int i = 0; i < warmUp; i++) {
      assertThat(validation.get().isValid()).isTrue();
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      ValidationReport report = validation.get();
      nanos[i] = System.nanoTime() - start;
      assertThat(report.isValid()).isTrue();
    }
    Arrays.sort(nanos);
    return String.format(
        Locale.ROOT,
        "%s: median %.3f ms, p99 %.3f ms over %d runs after %d warm-up runs",
        name,
        nanos[runs / 2] / 1e6,
        nanos[(int) Math.ceil(runs * 0.99) - 1] / 1e6,
        runs,
        warmUp);
  }
}
