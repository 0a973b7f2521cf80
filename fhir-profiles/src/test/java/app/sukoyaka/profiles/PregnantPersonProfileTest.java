package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static app.sukoyaka.profiles.ProfileAssertions.assertAccepted;
import static app.sukoyaka.profiles.ProfileAssertions.assertRejectedAt;
import static app.sukoyaka.profiles.ProfileAssertions.example;
import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Profile {@code sukoyaka-pregnant-person|0.2.0}; examples under r4/sukoyaka-pregnant-person. */
class PregnantPersonProfileTest {

  private static final String PROFILE_ID = "sukoyaka-pregnant-person";
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static Patient patient(String file) {
    return example(PROFILE_ID, file, Patient.class);
  }

  @Test
  void profileCanonicalIsPinnedToVersion010() {
    assertThat(SukoyakaCanonicals.PREGNANT_PERSON_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.2.0");
  }

  // SHALL: "At least one identifier is a 母子健康手帳 交付番号" (sky-pat-1); names MAY carry the
  // iso21090-EN-representation extension (IDE 漢字, SYL カナ) as in JP Core.
  @Test
  void personWithHandbookNumberAndKanjiAndKanaNamesIsAccepted() {
    assertAccepted(validator.validate(patient("valid-kanji-and-kana-names.json")));
  }

  // SHALL: identifier 1..* with at least one handbook number; other identifiers may accompany it,
  // and name is optional.
  @Test
  void handbookNumberBesideAHospitalIdWithoutAnyNameIsAccepted() {
    assertAccepted(
        validator.validate(patient("valid-hospital-id-and-handbook-number-without-name.json")));
  }

  // SHALL: "At least one identifier is a 母子健康手帳 交付番号: system
  // https://sukoyaka.app/fhir/sid/boshi-techo/ followed by the issuing municipality's 6-digit
  // 全国地方公共団体コード, and a value" (sky-pat-1)
  @Test
  void personWithoutHandbookNumberIsRejected() {
    assertRejectedAt(
        validator.validate(patient("invalid-without-handbook-number.json")),
        "Patient",
        "sky-pat-1");
  }

  // SHALL: "A handbook number system ends in a valid 全国地方公共団体コード (6 digits, JIS X 0402 check
  // digit)" (sky-pat-2)
  @Test
  void handbookNumberWithAWrongMunicipalityCheckDigitIsRejected() {
    assertRejectedAt(
        validator.validate(patient("invalid-municipality-code-check-digit.json")),
        "Patient.identifier[0]",
        "sky-pat-2");
  }

  // SHALL: birthDate 1..1
  @Test
  void personWithoutBirthDateIsRejected() {
    assertRejectedAt(
        validator.validate(patient("invalid-without-birth-date.json")),
        "Patient",
        "Validation_VAL_Profile_Minimum");
  }

  // SHALL: the name representation is one of the iso21090-EN-representation codes (ABC | IDE |
  // SYL).
  @Test
  void nameWithAnUnknownRepresentationCodeIsRejected() {
    Patient patient = patient("valid-kanji-and-kana-names.json");
    patient.getNameFirstRep().getExtensionFirstRep().setValue(new CodeType("KANJI"));

    ValidationReport report = validator.validate(patient);

    assertThat(report.isValid()).isFalse();
    assertThat(report.errors())
        .anySatisfy(
            issue -> assertThat(issue.location()).startsWith("Patient.name[0].extension[0]"));
  }
}
