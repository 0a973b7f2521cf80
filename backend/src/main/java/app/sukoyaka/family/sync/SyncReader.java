package app.sukoyaka.family.sync;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

  /**
   * What one sync found. {@code full}: the app replaces what it holds.
   *
   * @param pregnancies the pregnancies in the family's reach, as read at the start
   * @param children the children in the family's reach, as read at the start
   */
  record Read(
      SyncCursor cursor,
      boolean full,
      List<Subject> subjects,
      List<Subject> removed,
      List<SyncChange> changes,
      List<Pregnancy> pregnancies,
      List<Child> children) {}

  record Subject(String kind, UUID id) {}

  /**
   * Empty when the login has no handbook here. Repeatable read, set by the transaction's first
   * statement: Micronaut's isolation attribute would cost three more round trips per sync (reading
   * the session's level, setting it, and setting it back afterwards).
   */
  @Transactional(readOnly = true)
  Optional<Read> read(String loginSubject, Optional<SyncCursor> previous) {
    // The first statement fixes the transaction's snapshot.
    String snapshot = jdbc.execute(SyncReader::repeatableReadSnapshot);
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
      SyncSubjects all =
          new SyncSubjects(
              guardian.personId(), loginSubject, guardian.pregnancies(), guardian.children());
      for (SyncSource source : sources) {
        changes.addAll(source.changes(all, SyncWindow.everything()));
      }
      return Optional.of(
          new Read(
              next,
              true,
              subjects,
              List.of(),
              changes,
              guardian.pregnancies(),
              guardian.children()));
    }
    SyncCursor cursor = usable.get();
    Set<UUID> knownPregnancies = new HashSet<>(cursor.pregnancyIds());
    Set<UUID> knownChildren = new HashSet<>(cursor.childIds());
    // Subjects the family did not reach before come whole; the others as what changed.
    SyncSubjects known =
        new SyncSubjects(
            guardian.personId(),
            loginSubject,
            guardian.pregnancies().stream().filter(p -> knownPregnancies.contains(p.id())).toList(),
            guardian.children().stream().filter(c -> knownChildren.contains(c.id())).toList());
    SyncSubjects arrived =
        new SyncSubjects(
            null,
            null,
            guardian.pregnancies().stream()
                .filter(p -> !knownPregnancies.contains(p.id()))
                .toList(),
            guardian.children().stream().filter(c -> !knownChildren.contains(c.id())).toList());
    SyncWindow window =
        SyncWindow.since(
            cursor.snapshot(), LocalDate.ofInstant(cursor.issuedAt(), clock.getZone()));
    List<Boolean> changed = probe(known, window);
    for (int i = 0; i < sources.size(); i++) {
      SyncSource source = sources.get(i);
      if (changed.get(i)) {
        changes.addAll(source.changes(known, window));
      }
      if (arrived.hasSubjects()) {
        // The new subjects without the guardian's own records, which the window over the known
        // subjects already covers.
        changes.addAll(source.changes(arrived, SyncWindow.everything()));
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
    return Optional.of(
        new Read(
            next, false, subjects, removed, changes, guardian.pregnancies(), guardian.children()));
  }

  /**
   * Which sources may have changes in the window, in the order of {@link #sources}: every source's
   * probe in one statement (none when every source reads anyway).
   */
  List<Boolean> probe(SyncSubjects subjects, SyncWindow window) {
    List<SyncProbe> probes = new ArrayList<>();
    for (SyncSource source : sources) {
      probes.add(source.probe(subjects, window));
    }
    List<Boolean> changed = new ArrayList<>();
    probes.forEach(p -> changed.add(Boolean.TRUE));
    List<Integer> asked = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < probes.size(); i++) {
      if (!probes.get(i).isAlways()) {
        sql.append(asked.isEmpty() ? "" : ", ").append('(').append(probes.get(i).condition());
        sql.append(')');
        asked.add(i);
      }
    }
    if (asked.isEmpty()) {
      return changed;
    }
    jdbc.prepareStatement(
        sql.toString(),
        statement -> {
          int index = 1;
          for (int i : asked) {
            index = probes.get(i).bind(statement, index);
          }
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            for (int column = 0; column < asked.size(); column++) {
              changed.set(asked.get(column), rs.getBoolean(column + 1));
            }
          }
          return null;
        });
    return changed;
  }

  /**
   * Makes the transaction repeatable read and returns its snapshot, in one round trip. Its
   * statements are planned for their parameters every time: the sync's statements take arrays of
   * the family's ids, and the generic plan PostgreSQL switches a prepared statement to after five
   * runs guesses their length, and for a probe it chose to scan every checkup of the municipality.
   */
  private static String repeatableReadSnapshot(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;"
              + " SET LOCAL plan_cache_mode = force_custom_plan;"
              + " SELECT CAST(pg_current_snapshot() AS text)");
      while (statement.getResultSet() == null) {
        if (!statement.getMoreResults() && statement.getUpdateCount() == -1) {
          throw new IllegalStateException("No snapshot came back");
        }
      }
      try (ResultSet rs = statement.getResultSet()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static List<Subject> subjects(List<UUID> pregnancyIds, List<UUID> childIds) {
    List<Subject> subjects = new ArrayList<>();
    pregnancyIds.forEach(id -> subjects.add(new Subject("pregnancy", id)));
    childIds.forEach(id -> subjects.add(new Subject("child", id)));
    return subjects;
  }
}
