package app.sukoyaka.checkup;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A checkup to store: one encounter of a pregnancy (or a child) with its findings.
 *
 * @param id the encounter id, chosen by the caller so that a response can name it before commit
 * @param gestationalAgeDays the gestational age at the visit, when recorded
 */
public record NewCheckup(
    UUID id,
    String kind,
    UUID municipalityId,
    UUID pregnancyId,
    UUID childId,
    UUID facilityId,
    LocalDate visitDate,
    Integer gestationalAgeDays,
    List<NewFinding> findings) {

  public NewCheckup {
    findings = List.copyOf(findings);
  }

  /**
   * One finding.
   *
   * @param observationId the FHIR Observation it came from (a blood-pressure panel gives two)
   * @param sourceSystem the code system the clinic used for the item (LOINC, MEDIS, ours)
   */
  public record NewFinding(
      UUID id,
      UUID observationId,
      String itemCode,
      FindingValue value,
      String sourceSystem,
      String sourceCode) {}
}
