package app.sukoyaka.security;

/** An access token that cannot be accepted; the message says why, for the caller. */
public final class InvalidTokenException extends Exception {
  public InvalidTokenException(String message) {
    super(message, null, false, false);
  }
}
