package app.sukoyaka.profiles;

import java.util.Objects;

/**
 * One finding of a validation.
 *
 * @param location FHIRPath-like path from the validated resource's root, e.g. {@code
 *     Bundle.entry[2].resource.valueQuantity}; for a rule on a whole resource, the path of that
 *     resource
 * @param message HAPI's human-readable message
 * @param messageId HAPI's message id (e.g. {@code Terminology_TX_NoValid_1_CC}); for a failed
 *     invariant, the defining profile and key ({@code
 *     …/sukoyaka-checkup-observation#sky-body-weight}); {@code null} when HAPI gives none
 */
public record ValidationIssue(
    Severity severity, String location, String message, String messageId) {

  public ValidationIssue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  /** Severity as in FHIR OperationOutcome.issue.severity. */
  public enum Severity {
    INFORMATION,
    WARNING,
    ERROR,
    FATAL;

    /** Whether an issue of this severity makes the resource invalid. */
    public boolean isBlocking() {
      return this == ERROR || this == FATAL;
    }
  }
}
