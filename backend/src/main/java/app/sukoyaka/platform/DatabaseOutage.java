package app.sukoyaka.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * Tells a failure to reach PostgreSQL (server stopped, restarting, unreachable, out of connections)
 * from a failure of the request itself, so that the caller hears "try again shortly" (503 with
 * {@code Retry-After}) instead of an internal error.
 */
public final class DatabaseOutage {
  /**
   * What the 503 asks the caller to wait: about the time a PostgreSQL restart or fail-over takes.
   */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private static final int MAX_DEPTH = 16;

  private DatabaseOutage() {}

  /** Whether the failure, or anything it was caused by, is the database being out of reach. */
  public static boolean isCause(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
      if (cause instanceof SQLTransientConnectionException) {
        // The pool's "connection is not available, request timed out".
        return true;
      }
      if (cause instanceof SQLException sql && unreachable(sql.getSQLState())) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
      cause = cause.getCause();
    }
    return false;
  }

  /**
   * SQLSTATE class 08 (connection exception) and the server going away: 57P01 admin shutdown, 57P02
   * crash shutdown, 57P03 cannot connect now (starting up or in recovery).
   */
  static boolean unreachable(String state) {
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03"));
  }
}
