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
 * Profile {@code sukoyaka-checkup-encounter|0.2.0}; examples under r4/sukoyaka-checkup-encounter.
 */
class CheckupEncounterProfileTest {

  private static final String PROFILE_ID = "sukoyaka-checkup-encounter";
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static Encounter encounter(String file) {
    return example(PROFILE_ID, file, Encounter.class);
  }

  @Test
  void profileCanonicalIsPinnedToVersion020() {
    assertThat(SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.2.0");
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

  // SHALL: "出産の状態 (delivery) is an encounter of class IMP" (sky-kind-delivery)
  @Test
  void deliveryStayIsAccepted() {
    assertAccepted(validator.validate(encounter("valid-delivery-stay.json")));
  }

  // SHALL: "新生児訪問指導 (newborn-visit) is an encounter of class HH" (sky-kind-newborn-visit)
  @Test
  void newbornHomeVisitIsAccepted() {
    assertAccepted(validator.validate(encounter("valid-newborn-home-visit.json")));
  }

  // SHALL: "3～4か月児健康診査 (infant-3-4-months) is an encounter of class AMB"
  @Test
  void infantCheckupAboutTheChildIsAccepted() {
    assertAccepted(validator.validate(encounter("valid-3-4-month-checkup.json")));
  }

  // SHALL: "市町村が独自に行う健康診査 (municipal-checkup) is an encounter of class AMB whose type.text
  // names the checkup" (sky-kind-municipal-checkup)
  @Test
  void municipalityOwnCheckupNamedInTypeTextIsAccepted() {
    assertAccepted(validator.validate(encounter("valid-municipal-checkup-named.json")));
  }

  @Test
  void municipalityOwnCheckupWithoutItsNameIsRejected() {
    assertRejectedAt(
        validator.validate(encounter("invalid-municipal-checkup-without-name.json")),
        "Encounter",
        "sky-kind-municipal-checkup");
  }

  // SHALL: type 1..1 from ValueSet checkup-kind (required)
  @Test
  void visitOfAKindOutsideTheCatalogIsRejected() {
    assertRejectedAt(
        validator.validate(encounter("invalid-unknown-checkup-kind.json")),
        "Encounter.type[0]",
        "Terminology_TX_NoValid_1_CC");
  }

  // SHALL: "妊婦健康診査 (prenatal) is an encounter of class AMB" (sky-kind-prenatal)
  @Test
  void prenatalVisitAsAnInpatientStayIsRejected() {
    assertRejectedAt(
        validator.validate(encounter("invalid-prenatal-visit-as-inpatient.json")),
        "Encounter",
        "sky-kind-prenatal");
  }

  @Test
  void infantCheckupAsAHomeVisitIsRejected() {
    assertRejectedAt(
        validator.validate(encounter("invalid-infant-checkup-as-home-visit.json")),
        "Encounter",
        "sky-kind-infant-3-4-months");
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
