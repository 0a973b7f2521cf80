package app.sukoyaka.profiles;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Canonical URLs of everything Sukoyaka publishes, with profile versions pinned, and the identifier
 * systems clinics use. HAPI-free so domain code can use it.
 */
public final class SukoyakaCanonicals {

  /** Base of every Sukoyaka canonical URL. */
  public static final String BASE_URL = "https://sukoyaka.app/fhir";

  /** Version of the conformance resources in this module. */
  public static final String VERSION = "0.2.0";

  private static final String SD = BASE_URL + "/StructureDefinition/";
  private static final String CS = BASE_URL + "/CodeSystem/";
  private static final String VS = BASE_URL + "/ValueSet/";

  /** Patient profile: the pregnant person, identified by the handbook number. */
  public static final String PREGNANT_PERSON_PROFILE = SD + "sukoyaka-pregnant-person|" + VERSION;

  /** Patient profile: the child, identified by the child's handbook number. */
  public static final String CHILD_PROFILE = SD + "sukoyaka-child|" + VERSION;

  /** Extension on the child Patient naming the mother. */
  public static final String MOTHER_EXTENSION = SD + "sukoyaka-mother";

  /** Encounter profile: one visit of any checkup kind (妊婦健診, delivery, 乳幼児健診 …). */
  public static final String CHECKUP_ENCOUNTER_PROFILE =
      SD + "sukoyaka-checkup-encounter|" + VERSION;

  /** QuestionnaireResponse profile: the mother's EPDS answers at a 産婦健康診査. */
  public static final String EPDS_RESPONSE_PROFILE = SD + "sukoyaka-epds-response|" + VERSION;

  /** The EPDS Questionnaire, generated from the catalog items epds-item-1 … 10. */
  public static final String EPDS_QUESTIONNAIRE = BASE_URL + "/Questionnaire/epds|" + VERSION;

  /** The pre-vaccination questionnaire (予防接種予診票), generated from its data. */
  public static final String PRESCREENING_QUESTIONNAIRE =
      BASE_URL + "/Questionnaire/vaccination-prescreening|" + VERSION;

  /** QuestionnaireResponse profile: a guardian's answers to the pre-vaccination questionnaire. */
  public static final String PRESCREENING_RESPONSE_PROFILE =
      SD + "sukoyaka-prescreening-response|" + VERSION;

  /** Kinds of illness on the pre-vaccination questionnaire (先天性異常, 心臓 …). Provisional. */
  public static final String PRESCREENING_CONDITION_SYSTEM = CS + "prescreening-condition";

  /** JP Core's simple observation categories (body-measurement, laboratory …). */
  public static final String JP_OBSERVATION_CATEGORY_SYSTEM =
      "http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS";

  /** Observation profile: one catalog item (or the blood pressure panel) recorded at a checkup. */
  public static final String CHECKUP_OBSERVATION_PROFILE =
      SD + "sukoyaka-checkup-observation|" + VERSION;

  /** Bundle profile: the transaction a clinic submits after a visit. */
  public static final String CLINIC_SUBMISSION_PROFILE =
      SD + "sukoyaka-clinic-submission|" + VERSION;

  /** Checkup items; each code is a catalog item code. Provisional. */
  public static final String CHECKUP_ITEM_SYSTEM = CS + "checkup-item";

  /** Checkup kinds (妊婦健診, 乳幼児健診 …). Provisional. */
  public static final String CHECKUP_KIND_SYSTEM = CS + "checkup-kind";

  /** Urine test-strip grades −, ±, +, 2+, 3+, 4+. Provisional. */
  public static final String URINE_DIPSTICK_SYSTEM = CS + "urine-dipstick";

  /** Oedema grades −, +, 2+. Provisional. */
  public static final String OEDEMA_GRADE_SYSTEM = CS + "oedema-grade";

  /** Present / absent. Provisional. */
  public static final String PRESENCE_SYSTEM = CS + "presence";

  /** The codes an Observation of a checkup may carry: every catalog coding and the panels. */
  public static final String CHECKUP_OBSERVATION_CODES_VALUE_SET =
      VS + "checkup-observation-codes|" + VERSION;

  /** The checkup kind code of 妊婦健康診査. */
  public static final String CHECKUP_KIND_PRENATAL = "prenatal";

  /**
   * Prefix of the handbook number (母子健康手帳 交付番号) identifier systems; the issuing municipality's
   * 6-digit 全国地方公共団体コード follows.
   */
  public static final String HANDBOOK_NUMBER_SYSTEM_PREFIX = BASE_URL + "/sid/boshi-techo/";

  /**
   * Municipalities by their 6-digit 全国地方公共団体コード (JIS X 0402, check digit included): the sender
   * (Composition.custodian) of a handbook one municipality hands to the next when a family moves.
   */
  public static final String MUNICIPALITY_CODE_SYSTEM = BASE_URL + "/sid/municipality-code";

  /**
   * Prefix of the identifier systems of records as the municipality that first registered them
   * names them (the record's id there); that municipality's 6-digit code follows. A record keeps
   * this identifier wherever a move takes it, so that a municipality two moves on still knows where
   * it was registered, and an import of the same record twice is recognised.
   */
  public static final String RECORD_ORIGIN_SYSTEM_PREFIX = BASE_URL + "/sid/municipal-record/";

  /** The kind of a document Bundle (handbook-summary, handbook-transfer, handbook-correction). */
  public static final String DOCUMENT_KIND_SYSTEM = BASE_URL + "/CodeSystem/document-kind";

  /** JP Core's identifier system for the 10-digit 医療機関コード, reused as is. */
  public static final String MEDICAL_INSTITUTION_CODE_SYSTEM =
      "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no";

  public static final String LOINC_SYSTEM = "http://loinc.org";
  public static final String UCUM_SYSTEM = "http://unitsofmeasure.org";

  /** JP Core's MEDIS body measurement codes (31000296 体重 …). */
  public static final String MEDIS_BODY_MEASUREMENT_SYSTEM =
      "http://jpfhir.jp/fhir/core/CodeSystem/JP_ObservationBodyMeasurementCode_CS";

  // --- Vaccination records -------------------------------------------------------------------

  /** Immunization profile: one vaccination as a clinic, a family or another country records it. */
  public static final String IMMUNIZATION_PROFILE = SD + "sukoyaka-immunization|" + VERSION;

  /** Bundle profile: the transaction of vaccinations a clinic submits for one person. */
  public static final String VACCINATION_SUBMISSION_PROFILE =
      SD + "sukoyaka-vaccination-submission|" + VERSION;

  /** Extension on an Immunization read back: whether the record is confirmed. */
  public static final String VERIFICATION_EXTENSION = SD + "sukoyaka-immunization-verification";

  /**
   * Extension on an Immunization read back: a series and dose of the routine schedule it counts
   * for.
   */
  public static final String CREDIT_EXTENSION = SD + "sukoyaka-immunization-credit";

  /** Extension on an Immunization: the country where the dose was given (ISO 3166-1 alpha-2). */
  public static final String COUNTRY_EXTENSION = SD + "sukoyaka-vaccination-country";

  /**
   * Kinds of vaccine (the routine ones by the forecaster's ids, and voluntary ones). Provisional.
   */
  public static final String VACCINE_KIND_SYSTEM = CS + "vaccine-kind";

  /**
   * Vaccine products where the schedule depends on the product (RV1, 9vHPV, PCV20 …). Provisional.
   */
  public static final String VACCINE_PRODUCT_SYSTEM = CS + "vaccine-product";

  /** The routine schedule's series, the forecaster's vaccine ids. Provisional. */
  public static final String VACCINE_SERIES_SYSTEM = CS + "vaccine-series";

  /** 定期接種 (routine) or 任意接種 (voluntary), in Immunization.programEligibility. Provisional. */
  public static final String IMMUNIZATION_PROGRAM_SYSTEM = CS + "immunization-program";

  /**
   * Where a record came from (clinic, municipal, parent, transfer, my-portal, abroad). Provisional.
   */
  public static final String IMMUNIZATION_SOURCE_SYSTEM = CS + "immunization-source";

  /** Verified, unverified or rejected. Provisional. */
  public static final String IMMUNIZATION_VERIFICATION_SYSTEM = CS + "immunization-verification";

  /** HOT9 (MEDIS 医薬品 HOT コード, 9 digits), as JP Core names it. */
  public static final String HOT9_SYSTEM = "urn:oid:1.2.392.200119.4.403.1";

  /** CDC's CVX vaccine codes. */
  public static final String CVX_SYSTEM = "http://hl7.org/fhir/sid/cvx";

  public static final String SNOMED_SYSTEM = "http://snomed.info/sct";

  /** WHO's ATC classification (vaccines under J07). */
  public static final String ATC_SYSTEM = "http://www.whocc.no/atc";

  /** ISO 3166 country codes, as FHIR names them. */
  public static final String ISO_3166_SYSTEM = "urn:iso:std:iso:3166";

  private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");
  private static final Pattern TEN_DIGITS = Pattern.compile("[0-9]{10}");

  private SukoyakaCanonicals() {}

  /**
   * The handbook number system of a municipality.
   *
   * @param municipalityCode 6-digit 全国地方公共団体コード, check digit included
   * @throws IllegalArgumentException if it is not a valid 団体コード
   */
  public static String handbookNumberSystem(String municipalityCode) {
    if (!isMunicipalityCode(municipalityCode)) {
      throw new IllegalArgumentException("Not a 全国地方公共団体コード: " + municipalityCode);
    }
    return HANDBOOK_NUMBER_SYSTEM_PREFIX + municipalityCode;
  }

  /**
   * The issuing municipality's code if {@code system} is a handbook number system; empty for any
   * other system, including one with a malformed or wrong-check-digit code.
   */
  public static Optional<String> parseHandbookNumberSystem(String system) {
    if (system == null || !system.startsWith(HANDBOOK_NUMBER_SYSTEM_PREFIX)) {
      return Optional.empty();
    }
    String code = system.substring(HANDBOOK_NUMBER_SYSTEM_PREFIX.length());
    return isMunicipalityCode(code) ? Optional.of(code) : Optional.empty();
  }

  /**
   * The identifier system of the records first registered by that municipality.
   *
   * @throws IllegalArgumentException if it is not a valid 団体コード
   */
  public static String recordOriginSystem(String municipalityCode) {
    if (!isMunicipalityCode(municipalityCode)) {
      throw new IllegalArgumentException("Not a 全国地方公共団体コード: " + municipalityCode);
    }
    return RECORD_ORIGIN_SYSTEM_PREFIX + municipalityCode;
  }

  /**
   * The registering municipality's code if {@code system} is a record origin system; empty for any
   * other system, including one with a malformed or wrong-check-digit code.
   */
  public static Optional<String> parseRecordOriginSystem(String system) {
    if (system == null || !system.startsWith(RECORD_ORIGIN_SYSTEM_PREFIX)) {
      return Optional.empty();
    }
    String code = system.substring(RECORD_ORIGIN_SYSTEM_PREFIX.length());
    return isMunicipalityCode(code) ? Optional.of(code) : Optional.empty();
  }

  /**
   * Whether {@code code} is a 6-digit 全国地方公共団体コード whose last digit is the JIS X 0402 check digit:
   * weights 6,5,4,3,2 over the first five digits, sum modulo 11, subtracted from 11, last digit
   * kept (131016 千代田区, 131041 新宿区).
   */
  public static boolean isMunicipalityCode(String code) {
    if (code == null || !SIX_DIGITS.matcher(code).matches()) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 5; i++) {
      sum += (code.charAt(i) - '0') * (6 - i);
    }
    return (11 - sum % 11) % 10 == code.charAt(5) - '0';
  }

  /** Whether {@code code} has the shape of a 10-digit 医療機関コード. */
  public static boolean isMedicalInstitutionCode(String code) {
    return code != null && TEN_DIGITS.matcher(code).matches();
  }

  /** The canonical URL without its {@code |version} suffix. */
  public static String unversioned(String canonical) {
    int bar = canonical.indexOf('|');
    return bar < 0 ? canonical : canonical.substring(0, bar);
  }
}
