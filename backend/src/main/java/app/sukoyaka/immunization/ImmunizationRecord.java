package app.sukoyaka.immunization;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One vaccination as its source recorded it, with where it came from, whether it is confirmed and
 * what it counts for in the routine schedule.
 *
 * @param childId the vaccinated child, or null for the pregnant person's own vaccination
 * @param pregnancyId the pregnancy, for a pregnant person's vaccination; null for a child
 * @param vaccine the coding the source used
 * @param vaccineKind our vaccine-kind code when the coding maps to one; null when it does not
 * @param product the product where timing depends on it (RV1, 9vHPV …), else null
 * @param doseLabel the dose label as recorded, null when the source gave none
 * @param routine 定期接種 (counts for coverage) rather than 任意接種
 * @param country ISO 3166-1 alpha-2 code where given abroad, else null
 * @param credits the routine series this dose counts for; empty when it counts for none
 */
public record ImmunizationRecord(
    UUID id,
    UUID municipalityId,
    UUID childId,
    UUID pregnancyId,
    LocalDate occurrenceDate,
    Coding vaccine,
    String vaccineKind,
    String product,
    String lotNumber,
    String doseLabel,
    boolean routine,
    Source source,
    Verification verification,
    String verifiedBy,
    Instant verifiedAt,
    String country,
    UUID facilityId,
    String performerName,
    String note,
    int version,
    UUID submissionId,
    String recordedByRole,
    String recordedBy,
    Instant recordedAt,
    Instant updatedAt,
    List<Credit> credits) {

  public ImmunizationRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(municipalityId, "municipalityId");
    if ((childId == null) == (pregnancyId == null)) {
      throw new IllegalArgumentException("A record is about a child or a pregnancy, not both");
    }
    Objects.requireNonNull(occurrenceDate, "occurrenceDate");
    Objects.requireNonNull(vaccine, "vaccine");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(verification, "verification");
    credits = List.copyOf(credits);
  }

  /** A code as the source sent it. */
  public record Coding(String system, String code, String display) {
    public Coding {
      Objects.requireNonNull(system, "system");
      Objects.requireNonNull(code, "code");
    }
  }

  /** The record counts as this dose (null: its place in the series decides) of this series. */
  public record Credit(String vaccine, String doseLabel) {
    public Credit {
      Objects.requireNonNull(vaccine, "vaccine");
    }
  }

  /** Where a record came from. */
  public enum Source {
    CLINIC("clinic"),
    MUNICIPAL("municipal"),
    PARENT("parent"),
    TRANSFER("transfer"),
    MY_PORTAL("my_portal"),
    ABROAD("abroad");

    private final String code;

    Source(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Source ofCode(String code) {
      for (Source source : values()) {
        if (source.code.equals(code)) {
          return source;
        }
      }
      throw new IllegalArgumentException("Unknown record source " + code);
    }
  }

  /** Whether staff or a clinic has confirmed the record; a parent's entry starts unverified. */
  public enum Verification {
    VERIFIED("verified"),
    UNVERIFIED("unverified"),
    REJECTED("rejected");

    private final String code;

    Verification(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Verification ofCode(String code) {
      for (Verification verification : values()) {
        if (verification.code.equals(code)) {
          return verification;
        }
      }
      throw new IllegalArgumentException("Unknown verification state " + code);
    }
  }
}
