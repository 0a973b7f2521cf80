package app.sukoyaka.family.sync;

import java.util.List;

/**
 * One kind of record the app keeps offline. Each feature that stores family records contributes one
 * bean; the sync collects them all, so a new record kind joins the sync with one class (and its
 * entry in mobile-contract's {@code sync/entry-kinds.json}, which a test holds to these beans).
 */
public interface SyncSource {

  /** The entry kinds this source reports. */
  List<String> kinds();

  /**
   * The records of these subjects written in the window: their current bodies, and tombstones for
   * those retracted, cleared or deleted. Called inside the sync's read-only repeatable-read
   * transaction, so every source sees the same snapshot.
   */
  List<SyncChange> changes(SyncSubjects subjects, SyncWindow window);

  /**
   * Whether {@link #changes} may find anything in this delta window (never the full window): the
   * sync asks every source's probe in one statement and reads only the sources whose probe holds. A
   * source without one is always read.
   */
  default SyncProbe probe(SyncSubjects subjects, SyncWindow window) {
    return SyncProbe.always();
  }
}
