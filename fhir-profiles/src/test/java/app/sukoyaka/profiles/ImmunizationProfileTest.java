package app.sukoyaka.profiles;

import static app.sukoyaka.profiles.ProfileAssertions.FHIR;
import static app.sukoyaka.profiles.ProfileAssertions.assertAccepted;
import static app.sukoyaka.profiles.ProfileAssertions.assertRejectedAt;
import static app.sukoyaka.profiles.ProfileAssertions.example;
import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Immunization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Profile {@code sukoyaka-immunization|0.2.0} and its extensions (verification, credit, country);
 * examples under r4/sukoyaka-immunization.
 */
class ImmunizationProfileTest {

  private static final String PROFILE_ID = "sukoyaka-immunization";
  private static SukoyakaValidator validator;

  @BeforeAll
  static void buildValidatorOnce() {
    validator = SukoyakaValidator.create(FHIR);
  }

  private static ValidationReport validate(String file) {
    return validator.validate(example(PROFILE_ID, file, Immunization.class));
  }

  @Test
  void profileCanonicalIsPinnedToVersion020() {
    assertThat(SukoyakaCanonicals.IMMUNIZATION_PROFILE)
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/" + PROFILE_ID + "|0.2.0");
  }

  // SHALL: vaccineCode by vaccine-kind; occurrenceDateTime a date; performer by its 医療機関コード;
  // programEligibility 定期接種; protocolApplied.doseNumberString a dose label of the schedule.
  @Test
  void aClinicsFirstDoseOfPentavalentIsAccepted() {
    assertAccepted(validate("valid-clinic-pentavalent-first-dose.json"));
  }

  // SHALL: the product where the schedule depends on it, as a vaccine-product coding.
  @Test
  void aRotavirusDoseNamingItsProductIsAccepted() {
    assertAccepted(validate("valid-rotavirus-with-product.json"));
  }

  // SHALL: the period labels of Japanese encephalitis (1期初回1 …); a dateTime with its time.
  @Test
  void aJapaneseEncephalitisDoseWithItsPeriodLabelAndTimeIsAccepted() {
    assertAccepted(validate("valid-japanese-encephalitis-period-label.json"));
  }

  // SHALL: a dose abroad by its CVX code, its country (sukoyaka-vaccination-country), the foreign
  // dose number as doseNumberPositiveInt, the performer by name, no programEligibility.
  @Test
  void anMmrvDoseRecordedAbroadByItsCvxCodeIsAccepted() {
    assertAccepted(validate("valid-abroad-mmrv-by-cvx.json"));
  }

  // SHALL: a record served back says where it came from (reportOrigin), whether it is confirmed
  // (sukoyaka-immunization-verification) and what it counts for (sukoyaka-immunization-credit).
  @Test
  void aParentsEntryServedBackWithItsVerificationAndCreditIsAccepted() {
    assertAccepted(validate("valid-served-back-parent-entry-with-credit.json"));
  }

  // SHALL: the RSV maternal vaccine is a kind of vaccine-kind like any other.
  @Test
  void aPregnantPersonsRsvVaccinationIsAccepted() {
    assertAccepted(validate("valid-pregnant-person-rsv-maternal.json"));
  }

  // SHALL: "vaccineCode names the vaccine by vaccine-kind or vaccine-product, HOT9, CVX, SNOMED CT
  // or ATC" (sky-imm-1)
  @Test
  void aVaccineKnownOnlyByTheClinicsOwnCodeIsRejected() {
    assertRejectedAt(validate("invalid-local-code-only.json"), "Immunization", "sky-imm-1");
  }

  // SHALL: "A dose given as doseNumberString is a dose label of the routine schedule"
  // (sky-imm-dose, generated from the vaccine catalog)
  @Test
  void aDoseLabelTheScheduleDoesNotKnowIsRejected() {
    assertRejectedAt(validate("invalid-unknown-dose-label.json"), "Immunization", "sky-imm-dose");
  }

  // SHALL: status completed or entered-in-error (a vaccination not given is not recorded)
  @Test
  void aVaccinationNotDoneIsRejected() {
    assertRejectedAt(
        validate("invalid-not-done.json"), "Immunization.status", "Terminology_TX_NoValid_16");
  }

  // SHALL: "The dose was given on a day" (sky-imm-2)
  @Test
  void aDoseDatedOnlyByItsMonthIsRejected() {
    assertRejectedAt(validate("invalid-month-only-date.json"), "Immunization", "sky-imm-2");
  }

  // SHALL: "A 医療機関コード has 10 digits" (sky-imm-3)
  @Test
  void aMedicalInstitutionCodeOfNineDigitsIsRejected() {
    assertRejectedAt(
        validate("invalid-medical-institution-code-9-digits.json"),
        "Immunization.performer[0].actor",
        "sky-imm-3");
  }

  // SHALL: programEligibility from immunization-program (routine | voluntary), required binding
  @Test
  void aProgramOtherThanRoutineOrVoluntaryIsRejected() {
    assertRejectedAt(
        validate("invalid-unknown-program-code.json"),
        "Immunization.programEligibility[0]",
        "Terminology_TX_NoValid_1_CC");
  }

  // SHALL: a vaccine-kind code is a concept of the CodeSystem
  @Test
  void aVaccineKindTheCatalogDoesNotKnowIsRejected() {
    assertRejectedAt(
        validate("invalid-unknown-vaccine-kind.json"),
        "Immunization.vaccineCode",
        "Terminology_PassThrough_TX_Message");
  }

  // SHALL: "An ISO 3166-1 alpha-2 code (two capital letters)" (sky-country-1)
  @Test
  void aCountryNotWrittenAsAnIsoCodeIsRejected() {
    assertRejectedAt(
        validate("invalid-country-not-iso.json"),
        "Immunization.extension[0].valueCoding",
        "sky-country-1");
  }
}
