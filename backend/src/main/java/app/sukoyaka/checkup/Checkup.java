package app.sukoyaka.checkup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A stored checkup with its findings, as the handbook shows it. */
public record Checkup(
    UUID id,
    String kind,
    LocalDate visitDate,
    Integer gestationalAgeDays,
    String facilityName,
    String medicalInstitutionCode,
    Instant recordedAt,
    List<Finding> findings) {

  /** One finding of the checkup. */
  public record Finding(UUID id, String itemCode, FindingValue value) {}
}
