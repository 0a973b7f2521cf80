package app.sukoyaka.family.sync;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Whether a source may have something to report in a delta: an SQL condition, asked of every source
 * in one statement before any of them reads, so that a delta of a family where nothing changed
 * costs that one statement instead of every source's reads. A probe may answer true when nothing
 * changed (the source then reads and finds nothing), never false when something did.
 */
public final class SyncProbe {
  /** Binds one probe's parameters from {@code index}; returns the next index. */
  public interface Binder {
    int bind(PreparedStatement statement, int index) throws SQLException;
  }

  private static final SyncProbe ALWAYS = new SyncProbe(null, null);
  private static final SyncProbe NEVER = new SyncProbe("FALSE", (statement, index) -> index);

  private final String condition;
  private final Binder binder;

  private SyncProbe(String condition, Binder binder) {
    this.condition = condition;
    this.binder = binder;
  }

  /** The source always reads (it cannot tell from the tables, or the day moved its records). */
  public static SyncProbe always() {
    return ALWAYS;
  }

  /** The source has nothing to read for these subjects. */
  public static SyncProbe never() {
    return NEVER;
  }

  /**
   * @param condition a boolean SQL expression (typically {@code EXISTS (…)} with {@link
   *     SyncWindow#changed}); true when the source may have changes
   * @param binder binds its parameters, in order
   */
  public static SyncProbe when(String condition, Binder binder) {
    return new SyncProbe(condition, binder);
  }

  public boolean isAlways() {
    return condition == null;
  }

  String condition() {
    return condition;
  }

  int bind(PreparedStatement statement, int index) throws SQLException {
    return binder.bind(statement, index);
  }
}
