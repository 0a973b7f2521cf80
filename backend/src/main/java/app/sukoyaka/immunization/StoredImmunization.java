package app.sukoyaka.immunization;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored vaccination record with what the domain record leaves out: whether its clinic retracted
 * it, and why staff or a clinic rejected it.
 *
 * @param verificationReason the reason given with a decision, or null
 * @param retractedAt when its clinic marked it entered-in-error, or null while it stands
 */
public record StoredImmunization(
    ImmunizationRecord record, String verificationReason, Instant retractedAt) {
  public StoredImmunization {
    Objects.requireNonNull(record, "record");
  }

  public boolean retracted() {
    return retractedAt != null;
  }

  /** The record's version: 1 when stored, one more with each decision or retraction. */
  public int version() {
    return record.version();
  }
}
