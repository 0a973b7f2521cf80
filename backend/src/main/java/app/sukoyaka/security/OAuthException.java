package app.sukoyaka.security;

/** The error of the OAuth token endpoint, rendered as RFC 6749 section 5.2 requires. */
public final class OAuthException extends RuntimeException {
  private final String error;
  private final int status;
  private final String retryAfter;

  public OAuthException(String error, String description, int status) {
    this(error, description, status, null);
  }

  private OAuthException(String error, String description, int status, String retryAfter) {
    super(description, null, false, false);
    this.error = error;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** Too many requests (429): the caller may try again after that many seconds. */
  static OAuthException rateLimited(String description, String retryAfterSeconds) {
    return new OAuthException("temporarily_unavailable", description, 429, retryAfterSeconds);
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

  /** The Retry-After seconds of a 429, else null. */
  public String retryAfter() {
    return retryAfter;
  }
}
