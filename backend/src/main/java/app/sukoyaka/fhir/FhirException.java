package app.sukoyaka.fhir;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.JsonLimits;
import java.util.List;

/** The error of the FHIR API: rendered as an OperationOutcome with our stable error code. */
public final class FhirException extends RuntimeException {
  private final ErrorCode errorCode;
  private final List<FhirIssue> issues;

  public FhirException(ErrorCode errorCode, List<FhirIssue> issues) {
    super(issues.isEmpty() ? errorCode.title() : issues.get(0).diagnostics(), null, false, false);
    this.errorCode = errorCode;
    this.issues = List.copyOf(issues);
  }

  public FhirException(ErrorCode errorCode, FhirIssue issue) {
    this(errorCode, List.of(issue));
  }

  /**
   * Refuses a FHIR JSON body beyond the JSON limits, or with a text that is not Unicode (a lone
   * surrogate, which would be stored as "?"), before HAPI reads it: HAPI's parser would build the
   * whole tree first (its own limits allow any string length) and keeps lone surrogates. What
   * follows the body's JSON value HAPI refuses itself.
   */
  public static void requireWithinLimits(JsonLimits limits, byte[] body) {
    refuse(limits.fault(body));
  }

  /** As {@link #requireWithinLimits(JsonLimits, byte[])}, for a body read as text. */
  public static void requireWithinLimits(JsonLimits limits, String body) {
    refuse(limits.fault(body));
  }

  private static void refuse(JsonLimits.Fault fault) {
    if (fault == null || fault.code() == ErrorCode.REQUEST_MALFORMED_JSON) {
      return;
    }
    throw new FhirException(
        fault.code(),
        FhirIssue.error(
            fault.code() == ErrorCode.REQUEST_JSON_LIMIT ? "too-costly" : "invalid",
            fault.detail()));
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public List<FhirIssue> issues() {
    return issues;
  }
}
