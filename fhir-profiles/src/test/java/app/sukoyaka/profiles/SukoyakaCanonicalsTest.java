package app.sukoyaka.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SukoyakaCanonicalsTest {

  @Test
  void handbookNumberSystemEndsInTheMunicipalityCode() {
    assertThat(SukoyakaCanonicals.handbookNumberSystem("131016"))
        .isEqualTo("https://sukoyaka.app/fhir/sid/boshi-techo/131016");
  }

  @Test
  void handbookNumberSystemParsesBackToTheMunicipalityCode() {
    assertThat(
            SukoyakaCanonicals.parseHandbookNumberSystem(
                "https://sukoyaka.app/fhir/sid/boshi-techo/271004"))
        .contains("271004");
  }

  @Test
  void realMunicipalityCodesPassTheirCheckDigit() {
    // 札幌市, 千代田区, 新宿区 (check digit from remainder 0), 大阪市, 那覇市
    assertThat(new String[] {"011002", "131016", "131041", "271004", "472018"})
        .allSatisfy(code -> assertThat(SukoyakaCanonicals.isMunicipalityCode(code)).isTrue());
  }

  @Test
  void municipalityCodeWithAWrongCheckDigitIsRefused() {
    assertThat(SukoyakaCanonicals.isMunicipalityCode("131017")).isFalse();
    assertThat(
            SukoyakaCanonicals.parseHandbookNumberSystem(
                "https://sukoyaka.app/fhir/sid/boshi-techo/131017"))
        .isEmpty();
    assertThatThrownBy(() -> SukoyakaCanonicals.handbookNumberSystem("131017"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void otherSystemsAreNotHandbookNumbers() {
    assertThat(SukoyakaCanonicals.parseHandbookNumberSystem(null)).isEmpty();
    assertThat(SukoyakaCanonicals.parseHandbookNumberSystem("urn:oid:1.2.392.100495.20.3.51.1"))
        .isEmpty();
    assertThat(
            SukoyakaCanonicals.parseHandbookNumberSystem(
                "https://sukoyaka.app/fhir/sid/boshi-techo/13101"))
        .isEmpty();
    assertThat(
            SukoyakaCanonicals.parseHandbookNumberSystem(
                "https://sukoyaka.app/fhir/sid/boshi-techo/131016/x"))
        .isEmpty();
  }

  @Test
  void profileCanonicalsArePinnedToTheModuleVersion() {
    assertThat(
            new String[] {
              SukoyakaCanonicals.PREGNANT_PERSON_PROFILE,
              SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE,
              SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE,
              SukoyakaCanonicals.CLINIC_SUBMISSION_PROFILE
            })
        .allSatisfy(
            canonical ->
                assertThat(canonical)
                    .startsWith("https://sukoyaka.app/fhir/StructureDefinition/sukoyaka-")
                    .endsWith("|0.2.0"));
    assertThat(SukoyakaCanonicals.unversioned(SukoyakaCanonicals.CLINIC_SUBMISSION_PROFILE))
        .isEqualTo("https://sukoyaka.app/fhir/StructureDefinition/sukoyaka-clinic-submission");
  }

  @Test
  void medicalInstitutionCodesHaveTenDigitsInJpCoresSystem() {
    assertThat(SukoyakaCanonicals.MEDICAL_INSTITUTION_CODE_SYSTEM)
        .isEqualTo("http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no");
    assertThat(SukoyakaCanonicals.isMedicalInstitutionCode("1311234567")).isTrue();
    assertThat(SukoyakaCanonicals.isMedicalInstitutionCode("131123456")).isFalse();
  }
}
