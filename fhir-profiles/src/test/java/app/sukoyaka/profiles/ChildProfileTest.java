package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static app.sukoyaka.profiles.ProfileAssertions.assertAccepted;
import static app.sukoyaka.profiles.ProfileAssertions.assertRejectedAt;
import static app.sukoyaka.profiles.ProfileAssertions.example;
import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Profile {@code sukoyaka-child|0.2.0} and extension {@code sukoyaka-mother}; r4/sukoyaka-child.
 */
class ChildProfileTest {

  private static final String PROFILE_ID = "sukoyaka-child";
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static ValidationReport validate(String file) {
    return validator.validate(
        example(PROFILE_ID, file, Patient.class), SukoyakaCanonicals.CHILD_PROFILE);
  }

  @Test
  void profileCanonicalIsPinnedToVersion020() {
    assertThat(SukoyakaCanonicals.CHILD_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.2.0");
  }

  // SHALL: handbook number (sky-pat-1), gender 1..1, birthDate 1..1; name 0..* (a newborn may have
  // none yet); the mother MAY be named by her handbook number as a logical reference.
  @Test
  void newbornWithoutANameWhoseMotherIsNamedByHerHandbookNumberIsAccepted() {
    assertAccepted(validate("valid-newborn-without-name-mother-by-handbook-number.json"));
  }

  // SHALL: multipleBirthInteger is the birth order; names follow JP Core (IDE, SYL); the mother MAY
  // be a reference to her Patient in the Bundle.
  @Test
  void secondTwinWithKanjiAndKanaNamesAndMotherReferenceIsAccepted() {
    assertAccepted(validate("valid-second-twin-with-names-mother-by-reference.json"));
  }

  // SHALL: gender 1..1
  @Test
  void childWithoutSexIsRejected() {
    assertRejectedAt(
        validate("invalid-without-gender.json"), "Patient", "Validation_VAL_Profile_Minimum");
  }

  // SHALL: "A birth order lies between 1 and 8" (sky-child-1)
  @Test
  void ninthBornOfAMultipleBirthIsRejected() {
    assertRejectedAt(
        validate("invalid-birth-order-nine.json"), "Patient.multipleBirthInteger", "sky-child-1");
  }

  // SHALL: "The mother is named by a reference or by an identifier" (sky-mother-1)
  @Test
  void motherNamedOnlyByADisplayIsRejected() {
    assertRejectedAt(
        validate("invalid-mother-named-only-by-display.json"),
        "Patient.extension[0].valueReference",
        "sky-mother-1");
  }

  // SHALL: "At least one identifier is a 母子健康手帳 交付番号" (sky-pat-1)
  @Test
  void childKnownOnlyByAHospitalIdIsRejected() {
    assertRejectedAt(validate("invalid-without-handbook-number.json"), "Patient", "sky-pat-1");
  }
}
