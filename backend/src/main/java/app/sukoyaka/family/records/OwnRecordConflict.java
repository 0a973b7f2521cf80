package app.sukoyaka.family.records;

/**
 * A write based on a version the record no longer has: the app gets the record as the server holds
 * it now (a tombstone when it was deleted), to merge and retry.
 */
public final class OwnRecordConflict extends RuntimeException {
  private final OwnRecord current;

  OwnRecordConflict(OwnRecord current, int baseVersion) {
    super(
        current.deleted()
            ? "The record was deleted (version " + current.version() + ")."
            : "The record is at version "
                + current.version()
                + ", not "
                + baseVersion
                + ": merge with the current record and retry.",
        null,
        false,
        false);
    this.current = current;
  }

  public OwnRecord current() {
    return current;
  }
}
