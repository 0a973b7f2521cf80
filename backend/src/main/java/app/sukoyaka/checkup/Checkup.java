package app.sukoyaka.checkup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A stored checkup with its findings, as the handbook shows it: an encounter of a pregnancy (妊婦健診,
 * delivery, 産婦健診, 産後ケア) or of a child (newborn screening, 乳幼児健診 …).
 *
 * @param pregnancyId the pregnancy when the mother is the encounter's subject, else null
 * @param childId the child when the child is the encounter's subject, else null
 * @param encounterClass the v3 ActCode of the visit: AMB, HH (home visit) or IMP (inpatient)
 * @param kindName the name of a municipality's own checkup; null for the national kinds
 * @param facilityName the facility, or the place where the municipality held the checkup
 * @param medicalInstitutionCode the facility's 医療機関コード; null for a checkup the municipality held
 *     itself (集団健診)
 * @param source who recorded it: {@link NewCheckup#CLINIC} or {@link NewCheckup#MUNICIPAL}
 */
public record Checkup(
    UUID id,
    UUID pregnancyId,
    UUID childId,
    String kind,
    String encounterClass,
    String kindName,
    LocalDate visitDate,
    Integer gestationalAgeDays,
    String facilityName,
    String medicalInstitutionCode,
    Instant recordedAt,
    List<Finding> findings,
    String source) {

  /** The resource type of findings that came from Observations. */
  public static final String OBSERVATION = "Observation";

  /** The resource type of the EPDS answers, which came from a QuestionnaireResponse. */
  public static final String QUESTIONNAIRE_RESPONSE = "QuestionnaireResponse";

  public Checkup {
    findings = List.copyOf(findings);
  }

  /** A clinic's checkup. */
  public Checkup(
      UUID id,
      UUID pregnancyId,
      UUID childId,
      String kind,
      String encounterClass,
      String kindName,
      LocalDate visitDate,
      Integer gestationalAgeDays,
      String facilityName,
      String medicalInstitutionCode,
      Instant recordedAt,
      List<Finding> findings) {
    this(
        id,
        pregnancyId,
        childId,
        kind,
        encounterClass,
        kindName,
        visitDate,
        gestationalAgeDays,
        facilityName,
        medicalInstitutionCode,
        recordedAt,
        findings,
        NewCheckup.CLINIC);
  }

  /** A prenatal checkup (妊婦健診) of a pregnancy, an ambulatory visit. */
  public Checkup(
      UUID id,
      UUID pregnancyId,
      String kind,
      LocalDate visitDate,
      Integer gestationalAgeDays,
      String facilityName,
      String medicalInstitutionCode,
      Instant recordedAt,
      List<Finding> findings) {
    this(
        id,
        pregnancyId,
        null,
        kind,
        "AMB",
        null,
        visitDate,
        gestationalAgeDays,
        facilityName,
        medicalInstitutionCode,
        recordedAt,
        findings);
  }

  /** The same checkup with only these findings. */
  public Checkup withFindings(List<Finding> only) {
    return new Checkup(
        id,
        pregnancyId,
        childId,
        kind,
        encounterClass,
        kindName,
        visitDate,
        gestationalAgeDays,
        facilityName,
        medicalInstitutionCode,
        recordedAt,
        only,
        source);
  }

  /**
   * One finding of the checkup.
   *
   * @param observationId the FHIR resource it belongs to: an Observation (two findings share one
   *     for a blood-pressure panel) or the EPDS QuestionnaireResponse (ten findings share one)
   * @param sourceSystem the code system the clinic named the item with
   * @param version the version of its Observation, 1 until a clinic corrects it
   * @param status final, amended or corrected
   * @param childId the child it is about when that is not the encounter's subject (the newborn at
   *     the mother's delivery), else null
   * @param resourceType {@link #OBSERVATION} or {@link #QUESTIONNAIRE_RESPONSE}
   * @param authoredAt when the questionnaire was answered; null for Observations
   */
  public record Finding(
      UUID id,
      UUID observationId,
      String itemCode,
      FindingValue value,
      String sourceSystem,
      String sourceCode,
      int version,
      String status,
      UUID childId,
      String resourceType,
      Instant authoredAt) {

    /** A finding of an Observation about the encounter's subject. */
    public Finding(
        UUID id,
        UUID observationId,
        String itemCode,
        FindingValue value,
        String sourceSystem,
        String sourceCode,
        int version,
        String status) {
      this(
          id,
          observationId,
          itemCode,
          value,
          sourceSystem,
          sourceCode,
          version,
          status,
          null,
          OBSERVATION,
          null);
    }

    public boolean isObservation() {
      return OBSERVATION.equals(resourceType);
    }
  }
}
