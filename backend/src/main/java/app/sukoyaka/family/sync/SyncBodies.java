package app.sukoyaka.family.sync;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The sync route's body (OpenAPI {@code HandbookSync}). */
final class SyncBodies {
  private SyncBodies() {}

  /**
   * @param cursor give it back on the next sync (also the response's ETag)
   * @param full the app replaces everything it holds with {@code changes}; otherwise it applies
   *     them to what it holds
   * @param subjects the pregnancies and children the family reaches now
   * @param removedSubjects no longer reached (a guardian's access ended): drop them and all their
   *     records
   */
  @Serdeable
  record Sync(
      String cursor,
      boolean full,
      Instant syncedAt,
      List<Subject> subjects,
      List<Subject> removedSubjects,
      List<Entry> changes) {}

  @Serdeable
  record Subject(String kind, UUID id) {}

  /**
   * @param deleted a tombstone: the record was retracted, cleared or deleted; {@code data} is null
   * @param data the record as its own route returns it
   */
  @Serdeable
  record Entry(String kind, UUID id, Subject subject, boolean deleted, @Nullable Object data) {}
}
