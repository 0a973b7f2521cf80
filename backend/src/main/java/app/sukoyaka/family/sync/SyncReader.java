package app.sukoyaka.family.sync;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads one sync in one repeatable-read transaction: the snapshot it takes first is the snapshot
 * every source reads, and the snapshot the next cursor carries.
 */
@Singleton
class SyncReader {
  private final JdbcOperations jdbc;
  private final FamilyService families;
  private final List<SyncSource> sources;
  private final SyncConfiguration config;
  private final Clock clock;

  SyncReader(
      JdbcOperations jdbc,
      FamilyService families,
      List<SyncSource> sources,
      SyncConfiguration config,
      Clock clock) {
    this.jdbc = jdbc;
    this.families = families;
    this.sources = List.copyOf(sources);
    this.config = config;
    this.clock = clock;
  }

  /** What one sync found. {@code full}: the app replaces what it holds. */
  record Read(
      SyncCursor cursor,
      boolean full,
      List<Subject> subjects,
      List<Subject> removed,
      List<SyncChange> changes) {}

  record Subject(String kind, UUID id) {}

  /** Empty when the login has no handbook here. */
  @Transactional(isolation = TransactionDefinition.Isolation.REPEATABLE_READ, readOnly = true)
  Optional<Read> read(String loginSubject, Optional<SyncCursor> previous) {
    // The first statement fixes the transaction's snapshot.
    String snapshot =
        jdbc.prepareStatement(
            "SELECT CAST(pg_current_snapshot() AS text)",
            statement -> {
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
              }
            });
    Optional<Guardian> found = families.guardian(loginSubject);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Guardian guardian = found.get();
    Instant now = clock.instant();
    List<UUID> pregnancyIds = guardian.pregnancies().stream().map(Pregnancy::id).toList();
    List<UUID> childIds = guardian.children().stream().map(Child::id).toList();
    SyncCursor next = new SyncCursor(guardian.personId(), snapshot, pregnancyIds, childIds, now);

    Optional<SyncCursor> usable =
        previous.filter(
            c ->
                c.personId().equals(guardian.personId())
                    && !c.issuedAt().isBefore(now.minus(config.cursorLifetime()))
                    && !c.issuedAt().isAfter(now.plusSeconds(300)));
    List<Subject> subjects = subjects(pregnancyIds, childIds);
    List<SyncChange> changes = new ArrayList<>();
    if (usable.isEmpty()) {
      SyncSubjects all = new SyncSubjects(guardian.personId(), pregnancyIds, childIds);
      for (SyncSource source : sources) {
        changes.addAll(source.changes(all, SyncWindow.everything()));
      }
      return Optional.of(new Read(next, true, subjects, List.of(), changes));
    }
    SyncCursor cursor = usable.get();
    Set<UUID> knownPregnancies = new HashSet<>(cursor.pregnancyIds());
    Set<UUID> knownChildren = new HashSet<>(cursor.childIds());
    // Subjects the family did not reach before come whole; the others as what changed.
    SyncSubjects known =
        new SyncSubjects(
            guardian.personId(),
            pregnancyIds.stream().filter(knownPregnancies::contains).toList(),
            childIds.stream().filter(knownChildren::contains).toList());
    SyncSubjects arrived =
        new SyncSubjects(
            guardian.personId(),
            pregnancyIds.stream().filter(id -> !knownPregnancies.contains(id)).toList(),
            childIds.stream().filter(id -> !knownChildren.contains(id)).toList());
    SyncWindow window =
        SyncWindow.since(
            cursor.snapshot(), LocalDate.ofInstant(cursor.issuedAt(), clock.getZone()));
    for (SyncSource source : sources) {
      changes.addAll(source.changes(known, window));
      if (arrived.hasSubjects()) {
        changes.addAll(source.changes(subjectsOnly(arrived), SyncWindow.everything()));
      }
    }
    List<Subject> removed = new ArrayList<>();
    Set<UUID> nowPregnancies = new HashSet<>(pregnancyIds);
    Set<UUID> nowChildren = new HashSet<>(childIds);
    cursor.pregnancyIds().stream()
        .filter(id -> !nowPregnancies.contains(id))
        .forEach(id -> removed.add(new Subject("pregnancy", id)));
    cursor.childIds().stream()
        .filter(id -> !nowChildren.contains(id))
        .forEach(id -> removed.add(new Subject("child", id)));
    return Optional.of(new Read(next, false, subjects, removed, changes));
  }

  /**
   * The new subjects without the guardian's own records, which the window over the known subjects
   * already covers.
   */
  private static SyncSubjects subjectsOnly(SyncSubjects arrived) {
    return new SyncSubjects(null, arrived.pregnancyIds(), arrived.childIds());
  }

  private static List<Subject> subjects(List<UUID> pregnancyIds, List<UUID> childIds) {
    List<Subject> subjects = new ArrayList<>();
    pregnancyIds.forEach(id -> subjects.add(new Subject("pregnancy", id)));
    childIds.forEach(id -> subjects.add(new Subject("child", id)));
    return subjects;
  }
}
