package app.sukoyaka.family.sync;

import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.core.annotation.Nullable;
import java.util.UUID;

/**
 * One entry of a sync: a record as its route shows it, or a tombstone when it was retracted,
 * cleared or deleted.
 *
 * @param kind the entry kind of mobile-contract's {@code sync/entry-kinds.json}
 * @param id the record's id (for a child's immunization schedule, the child's)
 * @param subjectKind {@code pregnancy}, {@code child} or {@code guardian}
 * @param subjectId whose record it is
 * @param data the body its route returns; null for a tombstone
 * @param read what the access log records as read, besides the pregnancy or child of the entry
 *     (which the sync logs itself); null for none
 */
public record SyncChange(
    String kind,
    UUID id,
    String subjectKind,
    UUID subjectId,
    @Nullable Object data,
    @Nullable ProtectedSubject read) {

  public static SyncChange of(
      String kind, UUID id, String subjectKind, UUID subjectId, Object data) {
    return new SyncChange(kind, id, subjectKind, subjectId, data, null);
  }

  public static SyncChange tombstone(String kind, UUID id, String subjectKind, UUID subjectId) {
    return new SyncChange(kind, id, subjectKind, subjectId, null, null);
  }

  /** The same entry, logged as a read of that subject. */
  public SyncChange readAs(ProtectedSubject subject) {
    return new SyncChange(kind, id, subjectKind, subjectId, data, subject);
  }

  public boolean deleted() {
    return data == null;
  }
}
