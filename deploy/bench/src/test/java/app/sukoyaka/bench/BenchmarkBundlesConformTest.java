package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
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

  /** The service reads the benchmark bundles in its streaming pass, without HAPI's model. */
  private static boolean streams(String json) {
    return validator.readCertainlyValid(json.getBytes(StandardCharsets.UTF_8)).certainlyValid();
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
    assertThat(streams(json)).isTrue();
  }

  @Test
  void theInfantCheckupBenchmarkBundleConformsAndTakesTheFastPath() {
    String json =
        InfantCheckupVisit.bundle(
            new InfantCheckupVisit.Visit("bench-0002", "2026-000124", LocalDate.of(2026, 11, 14)));

    assertThat(validate(json).errors()).isEmpty();
    assertThat(validator.isCertainlyValid(FHIR.newJsonParser().parseResource(Bundle.class, json)))
        .isTrue();
    assertThat(streams(json)).isTrue();
  }

  /** The sync benchmark's family, on a fixed day, with every record kind it submits. */
  private static final MeasuredFamily FAMILY =
      new MeasuredFamily(LocalDate.of(2026, 11, 21), java.util.UUID.randomUUID());

  private static java.util.List<PregnancyRecords.Dated> familySubmissions() {
    return FAMILY.submissions("conform", Fixtures.MEDICAL_INSTITUTION_CODE);
  }

  @Test
  void everyClinicRecordOfTheSyncBenchmarksFamilyConforms() {
    java.util.List<PregnancyRecords.Dated> submissions = familySubmissions();
    java.util.Set<String> kinds = new java.util.TreeSet<>();

    for (PregnancyRecords.Dated submission : submissions) {
      // Each kind once: the 14 妊婦健診 differ only in their values and tests.
      String kind = submission.what().startsWith("予防接種") ? "予防接種" : submission.what();
      if (kinds.add(kind)) {
        assertThat(validate(submission.json()).errors())
            .as(submission.what() + " on " + submission.day())
            .isEmpty();
      }
    }

    assertThat(kinds)
        .contains(
            "妊婦健診 1",
            "妊婦健診 4",
            "妊婦健診 7",
            "妊婦健診 11",
            "妊婦健診 14",
            "出産の状態",
            "infant-1-month",
            "infant-3-4-months",
            "infant-6-7-months",
            "infant-9-10-months",
            "child-18-months",
            "child-3-years",
            "予防接種");
  }

  @Test
  void theSmallDeltasNewCheckupConforms() {
    assertThat(validate(FAMILY.newCheckup("conform-municipal")).errors()).isEmpty();
  }

  @Test
  void theFamilysRecordsComeInTheOrderOfTheirDaysWithTheDeliveryBeforeTheChildsRecords() {
    java.util.List<PregnancyRecords.Dated> submissions = familySubmissions();

    for (int i = 1; i < submissions.size(); i++) {
      assertThat(submissions.get(i).day()).isAfterOrEqualTo(submissions.get(i - 1).day());
    }
    // 14 妊婦健診 and a delivery per pregnancy, the child checkups of a five- and a two-year-old.
    assertThat(submissions.stream().filter(s -> s.what().startsWith("妊婦健診"))).hasSize(28);
    assertThat(submissions.stream().filter(s -> s.what().equals("出産の状態"))).hasSize(2);
    assertThat(submissions.stream().filter(s -> s.what().matches("infant-.*|child-.*")))
        .hasSize(11);
    int[] doses = FAMILY.doses();
    assertThat(doses[0]).as("the five-year-old's doses").isBetween(20, 26);
    assertThat(doses[1]).as("the two-year-old's doses").isBetween(14, 20);
  }
}
