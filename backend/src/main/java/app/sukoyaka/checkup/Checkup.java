package app.sukoyaka.checkup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A stored checkup with its findings, as the handbook shows it. */
public record Checkup(
    UUID id,
    UUID pregnancyId,
    String kind,
    LocalDate visitDate,
    Integer gestationalAgeDays,
    String facilityName,
    String medicalInstitutionCode,
    Instant recordedAt,
    List<Finding> findings) {

  /**
   * One finding of the checkup.
   *
   * @param observationId the FHIR Observation it belongs to (two findings share one for a
   *     blood-pressure panel)
   * @param sourceSystem the code system the clinic named the item with
   * @param version the version of its Observation, 1 until a clinic corrects it
   * @param status final, amended or corrected
   */
  public record Finding(
      UUID id,
      UUID observationId,
      String itemCode,
      FindingValue value,
      String sourceSystem,
      String sourceCode,
      int version,
      String status) {}
}
