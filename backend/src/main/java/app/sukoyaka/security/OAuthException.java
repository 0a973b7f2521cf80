package app.sukoyaka.security;

/** The error of the OAuth token endpoint, rendered as RFC 6749 section 5.2 requires. */
public final class OAuthException extends RuntimeException {
  private final String error;
  private final int status;

  public OAuthException(String error, String description, int status) {
    super(description, null, false, false);
    this.error = error;
    this.status = status;
  }

  static OAuthException invalidClient(String description) {
    return new OAuthException("invalid_client", description, 401);
  }

  static OAuthException invalidRequest(String description) {
    return new OAuthException("invalid_request", description, 400);
  }

  public String error() {
    return error;
  }

  public int status() {
    return status;
  }
}
