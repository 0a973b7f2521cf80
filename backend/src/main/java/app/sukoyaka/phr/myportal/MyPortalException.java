package app.sukoyaka.phr.myportal;

/** The portal refused a request, or could not be reached or understood. */
public final class MyPortalException extends RuntimeException {
  /** Why. */
  public enum Reason {
    /** The portal refused the grant or token: the link no longer holds there. */
    REFUSED,
    /** The portal did not answer, or answered with a server error. */
    UNAVAILABLE,
    /** The portal answered something that is not what its API describes. */
    MALFORMED
  }

  private final Reason reason;

  public MyPortalException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public MyPortalException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
