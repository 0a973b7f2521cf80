package app.sukoyaka.family.sync;

import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The offline sync of a family's handbook (mobile-contract's sync protocol): everything on the
 * first call, afterwards only what changed since the cursor the app gives back.
 */
@Singleton
public class HandbookSync {
  private final SyncReader reader;
  private final AccessLog accessLog;

  HandbookSync(SyncReader reader, AccessLog accessLog) {
    this.reader = reader;
    this.accessLog = accessLog;
  }

  /** A sync result, and whether the cursor given was understood and nothing changed since. */
  record Outcome(SyncBodies.Sync body, boolean unchanged) {}

  Outcome sync(Principal principal, String cursorText) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only guardians keep a handbook on their phone.");
    }
    Optional<SyncCursor> cursor = Optional.empty();
    if (cursorText != null) {
      cursor = SyncCursor.decode(cursorText);
      if (cursor.isEmpty()) {
        throw new ProblemException(
            ErrorCode.SYNC_CURSOR_INVALID,
            "The cursor is not one this service gave; sync again without it.",
            List.of(new ProblemException.FieldError("cursor", "not a sync cursor")));
      }
    }
    SyncReader.Read read =
        reader
            .read(principal.subject(), cursor)
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No handbook for this login yet."));
    logReads(principal, read);
    List<SyncBodies.Entry> entries = new ArrayList<>();
    for (SyncChange change : read.changes()) {
      entries.add(
          new SyncBodies.Entry(
              change.kind(),
              change.id(),
              new SyncBodies.Subject(change.subjectKind(), change.subjectId()),
              change.deleted(),
              change.data()));
    }
    boolean unchanged = !read.full() && entries.isEmpty() && read.removed().isEmpty();
    return new Outcome(
        new SyncBodies.Sync(
            read.cursor().encode(),
            read.full(),
            read.cursor().issuedAt(),
            subjects(read.subjects()),
            subjects(read.removed()),
            entries),
        unchanged);
  }

  /** The subjects whose records this sync handed over, each logged once. */
  private void logReads(Principal principal, SyncReader.Read read) {
    Set<UUID> pregnancies = new LinkedHashSet<>();
    Set<UUID> children = new LinkedHashSet<>();
    for (SyncChange change : read.changes()) {
      if ("pregnancy".equals(change.subjectKind())) {
        pregnancies.add(change.subjectId());
      } else if ("child".equals(change.subjectKind())) {
        children.add(change.subjectId());
      }
    }
    // The family as the sync read it at its start: nothing is read again to log.
    List<ProtectedSubject> subjects = new ArrayList<>();
    read.pregnancies().stream()
        .filter(p -> pregnancies.contains(p.id()))
        .forEach(p -> subjects.add(FamilySubjects.of(p, Set.of())));
    read.children().stream()
        .filter(c -> children.contains(c.id()))
        .forEach(c -> subjects.add(FamilySubjects.of(c)));
    read.changes().stream()
        .filter(change -> change.read() != null)
        .forEach(change -> subjects.add(change.read()));
    accessLog.accessAll(principal, subjects, "sync", "parent-app");
  }

  private static List<SyncBodies.Subject> subjects(List<SyncReader.Subject> subjects) {
    return subjects.stream().map(s -> new SyncBodies.Subject(s.kind(), s.id())).toList();
  }
}
