package app.sukoyaka.fhir;

import app.sukoyaka.platform.ErrorCode;
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

  public ErrorCode errorCode() {
    return errorCode;
  }

  public List<FhirIssue> issues() {
    return issues;
  }
}
