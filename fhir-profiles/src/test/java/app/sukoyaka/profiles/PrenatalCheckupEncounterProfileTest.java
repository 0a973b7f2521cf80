package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static app.sukoyaka.profiles.ProfileAssertions.assertAccepted;
import static app.sukoyaka.profiles.ProfileAssertions.assertRejectedAt;
import static app.sukoyaka.profiles.ProfileAssertions.example;
import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Profile {@code sukoyaka-prenatal-checkup-encounter|0.1.0}; examples under
 * r4/sukoyaka-prenatal-checkup-encounter.
 */
class PrenatalCheckupEncounterProfileTest {

  private static final String PROFILE_ID = "sukoyaka-prenatal-checkup-encounter";
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static Encounter encounter(String file) {
    return example(PROFILE_ID, file, Encounter.class);
  }

  @Test
  void profileCanonicalIsPinnedToVersion010() {
    assertThat(SukoyakaCanonicals.PRENATAL_CHECKUP_ENCOUNTER_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.1.0");
  }

  // SHALL: status; class AMB; type prenatal; subject; period.start; serviceProvider 0..1 by its
  // 医療機関コード.
  @Test
  void prenatalVisitAtAClinicIsAccepted() {
    assertAccepted(validator.validate(encounter("valid-prenatal-visit.json")));
  }

  // SHALL: period.start 1..1 as a date or dateTime; serviceProvider 0..1.
  @Test
  void visitWithOnlyADateAndNoServiceProviderIsAccepted() {
    assertAccepted(validator.validate(encounter("valid-visit-date-only.json")));
  }

  // SHALL: type 1..1 with a coding https://sukoyaka.app/fhir/CodeSystem/checkup-kind#prenatal
  @Test
  void visitOfAnotherCheckupKindIsRejected() {
    assertRejectedAt(
        validator.validate(encounter("invalid-infant-checkup-kind.json")),
        "Encounter.type[0]",
        "TYPE_CHECKS_PATTERN_CC");
  }

  // SHALL: class = http://terminology.hl7.org/CodeSystem/v3-ActCode#AMB
  @Test
  void inpatientEncounterIsRejected() {
    assertRejectedAt(
        validator.validate(encounter("invalid-inpatient-class.json")),
        "Encounter.class.code",
        "_DT_Fixed_Wrong");
  }

  // SHALL: period.start 1..1
  @Test
  void visitWithoutStartIsRejected() {
    assertRejectedAt(
        validator.validate(encounter("invalid-without-period-start.json")),
        "Encounter.period",
        "Validation_VAL_Profile_Minimum");
  }

  // SHALL: subject 1..1 Reference(Patient)
  @Test
  void visitWithoutSubjectIsRejected() {
    assertRejectedAt(
        validator.validate(encounter("invalid-without-subject.json")),
        "Encounter",
        "Validation_VAL_Profile_Minimum");
  }

  // SHALL: "A 医療機関コード identifier has 10 digits" (sky-enc-1)
  @Test
  void serviceProviderWithANineDigitMedicalInstitutionCodeIsRejected() {
    assertRejectedAt(
        validator.validate(encounter("invalid-medical-institution-code-9-digits.json")),
        "Encounter.serviceProvider",
        "sky-enc-1");
  }
}
