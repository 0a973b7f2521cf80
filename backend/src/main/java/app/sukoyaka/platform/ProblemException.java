package app.sukoyaka.platform;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The error of the REST APIs, rendered as RFC 9457 {@code application/problem+json}. */
public final class ProblemException extends RuntimeException {
  private final ErrorCode errorCode;
  private final List<FieldError> errors;

  public ProblemException(ErrorCode errorCode, String detail) {
    this(errorCode, detail, List.of());
  }

  public ProblemException(ErrorCode errorCode, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.errorCode = errorCode;
    this.errors = List.copyOf(errors);
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** One invalid field of a request. */
  @Serdeable
  public record FieldError(String field, String message) {}
}
