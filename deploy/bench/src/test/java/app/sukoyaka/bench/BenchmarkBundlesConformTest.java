package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure only bundles the service accepts: a profile change that the benchmark
 * bundles do not follow fails here, not in the middle of a benchmark run.
 */
class BenchmarkBundlesConformTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildTheValidator() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static ValidationReport validate(String json) {
    return validator.validateWithHapi(FHIR.newJsonParser().parseResource(Bundle.class, json));
  }

  @Test
  void thePrenatalBenchmarkBundleConformsAndTakesTheFastPath() {
    String json =
        PrenatalVisit.bundle(
            new PrenatalVisit.Visit(
                "bench-0001",
                "2026-000123",
                LocalDate.of(1993, 6, 15),
                LocalDate.of(2026, 11, 14)));

    assertThat(validate(json).errors()).isEmpty();
    assertThat(validator.isCertainlyValid(FHIR.newJsonParser().parseResource(Bundle.class, json)))
        .isTrue();
  }

  @Test
  void theInfantCheckupBenchmarkBundleConformsAndTakesTheFastPath() {
    String json =
        InfantCheckupVisit.bundle(
            new InfantCheckupVisit.Visit("bench-0002", "2026-000124", LocalDate.of(2026, 11, 14)));

    assertThat(validate(json).errors()).isEmpty();
    assertThat(validator.isCertainlyValid(FHIR.newJsonParser().parseResource(Bundle.class, json)))
        .isTrue();
  }
}
