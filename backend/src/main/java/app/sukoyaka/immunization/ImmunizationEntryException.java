package app.sukoyaka.immunization;

import app.sukoyaka.platform.ErrorCode;

/**
 * A vaccination the rules refuse, with the stable error and the member it is about ({@code date},
 * {@code vaccine}, {@code dose}, {@code product}, {@code routine}, {@code country}, {@code
 * performer}, {@code decision}); the REST API answers it as a problem, the FHIR API as an
 * OperationOutcome pointing at the element.
 */
public final class ImmunizationEntryException extends RuntimeException {
  private final ErrorCode errorCode;
  private final String field;

  public ImmunizationEntryException(ErrorCode errorCode, String field, String message) {
    super(message, null, false, false);
    this.errorCode = errorCode;
    this.field = field;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  /** The member of the entry the error is about, or null for the entry as a whole. */
  public String field() {
    return field;
  }
}
