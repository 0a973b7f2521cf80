package app.sukoyaka.checkup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A checkup to store: one encounter of a pregnancy (or a child) with its findings.
 *
 * @param id the encounter id, chosen by the caller so that a response can name it before commit
 * @param encounterClass AMB, HH or IMP
 * @param kindName the name of a municipality's own checkup, else null
 * @param gestationalAgeDays the gestational age at the visit, when recorded
 * @param facilityId the facility that held it; null when the municipality held it (then {@code
 *     performerName} names the place)
 * @param performerName where it was held when no registered facility did, else null
 * @param source {@link #CLINIC}, {@link #MUNICIPAL} or {@link #MY_PORTAL}
 */
public record NewCheckup(
    UUID id,
    String kind,
    String encounterClass,
    String kindName,
    UUID municipalityId,
    UUID pregnancyId,
    UUID childId,
    UUID facilityId,
    LocalDate visitDate,
    Integer gestationalAgeDays,
    List<NewFinding> findings,
    String performerName,
    String source) {

  /** A clinic's submission. */
  public static final String CLINIC = "clinic";

  /** A record the municipality registered (imported from its own system). */
  public static final String MUNICIPAL = "municipal";

  /** A record retrieved from My Portal with the guardian's consent (phr.myportal). */
  public static final String MY_PORTAL = "my_portal";

  public NewCheckup {
    findings = List.copyOf(findings);
    if (!CLINIC.equals(source) && !MUNICIPAL.equals(source) && !MY_PORTAL.equals(source)) {
      throw new IllegalArgumentException("Unknown checkup source " + source);
    }
    if (facilityId == null && (performerName == null || performerName.isBlank())) {
      throw new IllegalArgumentException("A checkup names its facility or where it was held");
    }
  }

  /** A clinic's checkup of any kind and class. */
  public NewCheckup(
      UUID id,
      String kind,
      String encounterClass,
      String kindName,
      UUID municipalityId,
      UUID pregnancyId,
      UUID childId,
      UUID facilityId,
      LocalDate visitDate,
      Integer gestationalAgeDays,
      List<NewFinding> findings) {
    this(
        id,
        kind,
        encounterClass,
        kindName,
        municipalityId,
        pregnancyId,
        childId,
        facilityId,
        visitDate,
        gestationalAgeDays,
        findings,
        null,
        CLINIC);
  }

  /** An ambulatory visit of one of the national kinds. */
  public NewCheckup(
      UUID id,
      String kind,
      UUID municipalityId,
      UUID pregnancyId,
      UUID childId,
      UUID facilityId,
      LocalDate visitDate,
      Integer gestationalAgeDays,
      List<NewFinding> findings) {
    this(
        id,
        kind,
        "AMB",
        null,
        municipalityId,
        pregnancyId,
        childId,
        facilityId,
        visitDate,
        gestationalAgeDays,
        findings);
  }

  /**
   * One finding.
   *
   * @param observationId the FHIR resource it came from (a blood-pressure panel gives two, the EPDS
   *     response ten)
   * @param sourceSystem the code system the clinic used for the item (LOINC, MEDIS, ours)
   * @param childId the child it is about when that is not the encounter's subject, else null
   * @param resourceType {@link Checkup#OBSERVATION} or {@link Checkup#QUESTIONNAIRE_RESPONSE}
   * @param authoredAt when the questionnaire was answered; null for Observations
   */
  public record NewFinding(
      UUID id,
      UUID observationId,
      String itemCode,
      FindingValue value,
      String sourceSystem,
      String sourceCode,
      UUID childId,
      String resourceType,
      Instant authoredAt) {

    /** A finding of an Observation about the encounter's subject. */
    public NewFinding(
        UUID id,
        UUID observationId,
        String itemCode,
        FindingValue value,
        String sourceSystem,
        String sourceCode) {
      this(
          id,
          observationId,
          itemCode,
          value,
          sourceSystem,
          sourceCode,
          null,
          Checkup.OBSERVATION,
          null);
    }

    /** The same finding about that child. */
    public NewFinding about(UUID child) {
      return new NewFinding(
          id,
          observationId,
          itemCode,
          value,
          sourceSystem,
          sourceCode,
          child,
          resourceType,
          authoredAt);
    }
  }
}
