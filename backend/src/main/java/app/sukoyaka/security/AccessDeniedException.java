package app.sukoyaka.security;

import app.sukoyaka.platform.ErrorCode;

/** A request the access policy refused; rendered in the protocol of the request. */
public final class AccessDeniedException extends RuntimeException {
  private final ErrorCode errorCode;

  public AccessDeniedException(ErrorCode errorCode, String reason) {
    super(reason, null, false, false);
    this.errorCode = errorCode;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }
}
