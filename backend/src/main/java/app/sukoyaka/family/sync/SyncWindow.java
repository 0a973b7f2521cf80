package app.sukoyaka.family.sync;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Which writes a sync reports: all of them for a full sync, or those the previous cursor's snapshot
 * could not see. Every table the app keeps offline carries {@code sync_xid}, the transaction that
 * last wrote the row (migration V0018).
 */
public final class SyncWindow {
  private static final SyncWindow EVERYTHING = new SyncWindow(null, null);

  private final String snapshot;
  private final LocalDate previousDay;

  private SyncWindow(String snapshot, LocalDate previousDay) {
    this.snapshot = snapshot;
    this.previousDay = previousDay;
  }

  /** Every row: the first sync, or a subject newly in the family's reach. */
  public static SyncWindow everything() {
    return EVERYTHING;
  }

  /**
   * The rows written by transactions that snapshot could not see.
   *
   * @param previousDay the day (in Japan) of the sync that took the snapshot
   */
  public static SyncWindow since(String snapshot, LocalDate previousDay) {
    return new SyncWindow(snapshot, previousDay);
  }

  public boolean isEverything() {
    return snapshot == null;
  }

  /**
   * Whether the day changed since the previous sync: what is worked out as of a day (an
   * immunization schedule's due and overdue doses) is then sent again.
   */
  public boolean dayChangedBefore(LocalDate today) {
    return snapshot == null || previousDay.isBefore(today);
  }

  /**
   * The SQL condition on a table alias; bind its parameters with {@link #bind}. The first half lets
   * PostgreSQL skip everything older than the snapshot's oldest running transaction.
   */
  public String changed(String alias) {
    if (snapshot == null) {
      return "TRUE";
    }
    return "("
        + alias
        + ".sync_xid >= pg_snapshot_xmin(CAST(? AS pg_snapshot)) AND NOT pg_visible_in_snapshot("
        + alias
        + ".sync_xid, CAST(? AS pg_snapshot)))";
  }

  /** Binds the parameters of one {@link #changed} condition from {@code index}; the next index. */
  public int bind(PreparedStatement statement, int index) throws SQLException {
    if (snapshot == null) {
      return index;
    }
    statement.setString(index, snapshot);
    statement.setString(index + 1, snapshot);
    return index + 2;
  }
}
