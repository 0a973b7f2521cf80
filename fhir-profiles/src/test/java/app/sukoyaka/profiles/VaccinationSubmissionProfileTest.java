package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static app.sukoyaka.profiles.ProfileAssertions.assertAccepted;
import static app.sukoyaka.profiles.ProfileAssertions.assertRejectedAt;
import static app.sukoyaka.profiles.ProfileAssertions.example;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Profile {@code sukoyaka-vaccination-submission|0.2.0}: one Patient and its Immunizations;
 * examples under r4/sukoyaka-vaccination-submission.
 */
class VaccinationSubmissionProfileTest {

  private static final String PROFILE_ID = "sukoyaka-vaccination-submission";
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static Bundle bundle(String file) {
    return example(PROFILE_ID, file, Bundle.class);
  }

  private static ValidationReport validate(String file) {
    return validator.validateSubmission(bundle(file));
  }

  @Test
  void profileCanonicalIsPinnedToVersion020() {
    assertThat(SukoyakaCanonicals.VACCINATION_SUBMISSION_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.2.0");
  }

  // SHALL: one Patient (the child, sukoyaka-child) and one Immunization per dose, each naming the
  // clinic by its 医療機関コード and saying 定期 or 任意.
  @Test
  void threeDosesGivenToAnInfantAtTwoMonthsAreAccepted() {
    assertAccepted(validate("valid-infant-three-doses-at-two-months.json"));
  }

  // SHALL: the Patient may be the pregnant person (sukoyaka-pregnant-person).
  @Test
  void aPregnantPersonsRsvVaccinationIsAccepted() {
    assertAccepted(validate("valid-pregnant-person-rsv-maternal.json"));
  }

  @Test
  void aBundleWithAnImmunizationIsHeldToTheVaccinationProfileAndACheckupToTheCheckupProfile() {
    assertThat(
            SukoyakaValidator.submissionProfile(bundle("valid-pregnant-person-rsv-maternal.json")))
        .isEqualTo(SukoyakaCanonicals.VACCINATION_SUBMISSION_PROFILE);
    assertThat(
            SukoyakaValidator.submissionProfile(
                example("sukoyaka-clinic-submission", "valid-prenatal-checkup.json", Bundle.class)))
        .isEqualTo(SukoyakaCanonicals.CLINIC_SUBMISSION_PROFILE);
  }

  // The compiled fast path covers checkups only: for every vaccination submission it answers
  // "not sure", and the verdict is HAPI's against the vaccination profile.
  @Test
  void theFastPathIsNeverSureOfAVaccinationSubmissionAndTheVerdictIsHapis() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(Path.of("src/test/resources/r4/" + PROFILE_ID))) {
      files = listed.sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(5);
    for (Path file : files) {
      Bundle bundle = bundle(file.getFileName().toString());
      if (!SukoyakaValidator.submissionProfile(bundle)
          .equals(SukoyakaCanonicals.VACCINATION_SUBMISSION_PROFILE)) {
        continue;
      }
      assertThat(validator.fastPath().check(bundle))
          .as(file.toString())
          .isEqualTo(CompiledSubmissionCheck.Verdict.UNSURE);
      assertThat(validator.validateSubmission(bundle).errors())
          .as(file.toString())
          .isEqualTo(
              validator
                  .validate(bundle, SukoyakaCanonicals.VACCINATION_SUBMISSION_PROFILE)
                  .errors());
    }
  }

  // The service warms the validator with a vaccination submission too, so the first clinic's
  // vaccinations do not pay for the profiles' snapshots; warm-up fails if it were invalid.
  @Test
  void warmingUpValidatesTheBundledVaccinationSubmission() {
    validator.warmUp();
    Bundle bundled =
        FHIR.newJsonParser()
            .parseResource(
                Bundle.class,
                VaccinationSubmissionProfileTest.class.getResourceAsStream(
                    "/app/sukoyaka/profiles/examples/vaccination-submission.json"));
    assertAccepted(validator.validateSubmission(bundled));
  }

  // SHALL: slicing closed: one Patient and Immunizations only, no Encounter
  @Test
  void aVaccinationSubmissionCarryingAnEncounterIsRejected() {
    assertRejectedAt(
        validate("invalid-with-encounter.json"),
        "Bundle.entry[1]",
        "Validation_VAL_Profile_NotSlice");
  }

  // SHALL: "Every Immunization refers to the Patient of this Bundle by its fullUrl" (sky-vsub-1)
  @Test
  void anImmunizationOfAPatientOutsideTheBundleIsRejected() {
    assertRejectedAt(
        validate("invalid-immunization-of-another-patient.json"), "Bundle", "sky-vsub-1");
  }

  // SHALL: "Every Immunization names the clinic by its 医療機関コード and says whether it was 定期接種
  // or 任意接種" (sky-vsub-2)
  @Test
  void aDoseThatDoesNotSayRoutineOrVoluntaryIsRejected() {
    assertRejectedAt(validate("invalid-without-routine-or-voluntary.json"), "Bundle", "sky-vsub-2");
  }

  // SHALL: sky-vsub-2, the performer part
  @Test
  void aDoseWhosePerformerHasNoMedicalInstitutionCodeIsRejected() {
    assertRejectedAt(
        validate("invalid-performer-without-medical-institution-code.json"),
        "Bundle",
        "sky-vsub-2");
  }

  // SHALL: "every Immunization is completed" (sky-vsub-3)
  @Test
  void aRetractionSentAsASubmissionIsRejected() {
    assertRejectedAt(validate("invalid-entered-in-error.json"), "Bundle", "sky-vsub-3");
  }

  // SHALL: Bundle.identifier 1..1 (idempotency)
  @Test
  void aSubmissionWithoutIdentifierIsRejected() {
    assertRejectedAt(
        validate("invalid-without-identifier.json"), "Bundle", "Validation_VAL_Profile_Minimum");
  }

  // SHALL: at least one Immunization (entry:immunization 1..*)
  @Test
  void aPatientWithoutVaccinationsIsNotAVaccinationSubmission() {
    assertRejectedAt(
        validator.validate(
            bundle("invalid-patient-only.json"), SukoyakaCanonicals.VACCINATION_SUBMISSION_PROFILE),
        "Bundle",
        "Validation_VAL_Profile_Minimum");
  }
}
