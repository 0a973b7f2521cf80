package app.sukoyaka.immunization;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.sync.SyncChange;
import app.sukoyaka.family.sync.SyncProbe;
import app.sukoyaka.family.sync.SyncSource;
import app.sukoyaka.family.sync.SyncSubjects;
import app.sukoyaka.family.sync.SyncWindow;
import app.sukoyaka.profiles.VaccineCatalog;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Vaccination records ({@code immunization} entries, as the immunizations routes show them; a
 * retracted record, or a guardian's unverified entry erased with their account, becomes a
 * tombstone) and each child's routine schedule ({@code immunizationSchedule}, as its route shows it
 * today: sent again when the child's records or flags changed, and on the first sync of a new day,
 * since due and overdue move with the date).
 */
@Singleton
class ImmunizationSyncSource implements SyncSource {
  private final JdbcOperations jdbc;
  private final ImmunizationHistory history;
  private final ImmunizationRecords records;
  private final ChildSchedules schedules;
  private final ImmunizationRecordViews views;
  private final Clock clock;

  ImmunizationSyncSource(
      JdbcOperations jdbc,
      ImmunizationHistory history,
      ImmunizationRecords records,
      ChildSchedules schedules,
      VaccineCatalog catalog,
      Clock clock) {
    this.jdbc = jdbc;
    this.history = history;
    this.records = records;
    this.schedules = schedules;
    this.views = new ImmunizationRecordViews(catalog);
    this.clock = clock;
  }

  @Override
  public List<String> kinds() {
    return List.of("immunization", "immunizationSchedule");
  }

  @Override
  public List<SyncChange> changes(SyncSubjects subjects, SyncWindow window) {
    LocalDate today = LocalDate.now(clock);
    // Whose records changed (null: all of everyone's), and whose schedule goes out again.
    Map<UUID, Set<UUID>> changed = null;
    Set<UUID> rescheduled = new HashSet<>(subjects.childIds());
    if (!window.isEverything()) {
      changed = changedRecords(subjects, window);
      if (!window.dayChangedBefore(today)) {
        rescheduled = childrenWithChangedFlagsOrBirth(subjects.childArray(), window);
        rescheduled.addAll(changed.keySet());
        rescheduled.retainAll(subjects.childIds());
      }
    }
    // One read of every record needed: a schedule is worked out from all of its child's records.
    Set<UUID> children = new HashSet<>(rescheduled);
    Set<UUID> pregnancies = new HashSet<>();
    for (UUID pregnancy : subjects.pregnancyIds()) {
      if (changed == null || changed.containsKey(pregnancy)) {
        pregnancies.add(pregnancy);
      }
    }
    if (changed != null) {
      changed.keySet().stream().filter(subjects.childIds()::contains).forEach(children::add);
    }
    Map<UUID, List<StoredImmunization>> current =
        history.storedOfFamily(children, pregnancies, null);

    Map<UUID, List<StoredImmunization>> shown = new LinkedHashMap<>();
    for (Map.Entry<UUID, List<StoredImmunization>> subject : current.entrySet()) {
      if (changed == null) {
        shown.put(subject.getKey(), subject.getValue());
      } else if (changed.containsKey(subject.getKey())) {
        Set<UUID> only = changed.get(subject.getKey());
        shown.put(
            subject.getKey(),
            subject.getValue().stream().filter(s -> only.contains(s.record().id())).toList());
      }
    }
    Map<UUID, Facility> facilities =
        records.facilitiesOf(shown.values().stream().flatMap(List::stream).toList());
    List<SyncChange> changes = new ArrayList<>();
    for (Child child : subjects.children()) {
      changes.addAll(entries("child", child.id(), shown, changed, facilities));
    }
    for (Pregnancy pregnancy : subjects.pregnancies()) {
      changes.addAll(entries("pregnancy", pregnancy.id(), shown, changed, facilities));
    }
    for (Child child : subjects.children()) {
      if (rescheduled.contains(child.id())) {
        List<ImmunizationRecord> records =
            current.get(child.id()).stream().map(StoredImmunization::record).toList();
        changes.add(
            SyncChange.of(
                "immunizationSchedule",
                child.id(),
                "child",
                child.id(),
                ScheduleMapper.body(schedules.of(child, today, records), schedules.schedule())));
      }
    }
    return changes;
  }

  /**
   * Any record of the subjects written in the window, any flag or birth record of a child; and
   * always on the first sync of a new day, which sends every child's schedule again.
   */
  @Override
  public SyncProbe probe(SyncSubjects subjects, SyncWindow window) {
    if (window.dayChangedBefore(LocalDate.now(clock)) && !subjects.children().isEmpty()) {
      return SyncProbe.always();
    }
    if (!subjects.hasSubjects()) {
      return SyncProbe.never();
    }
    UUID[] children = subjects.childArray();
    UUID[] pregnancies = subjects.pregnancyArray();
    return SyncProbe.when(
        "EXISTS (SELECT 1 FROM immunization_record r WHERE (r.child_id = ANY (?)"
            + " OR r.pregnancy_id = ANY (?)) AND "
            + window.changed("r")
            + ") OR EXISTS (SELECT 1 FROM immunization_tombstone t WHERE (t.child_id = ANY (?)"
            + " OR t.pregnancy_id = ANY (?)) AND "
            + window.changed("t")
            + ") OR EXISTS (SELECT 1 FROM child_immunization_flag fl WHERE fl.child_id = ANY (?)"
            + " AND "
            + window.changed("fl")
            + ") OR EXISTS (SELECT 1 FROM child c WHERE c.id = ANY (?) AND "
            + window.changed("c")
            + ")",
        (statement, index) -> {
          for (int table = 0; table < 2; table++) {
            statement.setArray(index, statement.getConnection().createArrayOf("uuid", children));
            statement.setArray(
                index + 1, statement.getConnection().createArrayOf("uuid", pregnancies));
            index = window.bind(statement, index + 2);
          }
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", children));
          index = window.bind(statement, index + 1);
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", children));
          return window.bind(statement, index + 1);
        });
  }

  /** A subject's records shown (all, or those changed), and tombstones for retractions. */
  private List<SyncChange> entries(
      String subjectKind,
      UUID subjectId,
      Map<UUID, List<StoredImmunization>> shown,
      Map<UUID, Set<UUID>> changed,
      Map<UUID, Facility> facilities) {
    List<SyncChange> entries = new ArrayList<>();
    Set<UUID> present = new HashSet<>();
    for (StoredImmunization stored : shown.getOrDefault(subjectId, List.of())) {
      present.add(stored.record().id());
      entries.add(
          SyncChange.of(
              "immunization",
              stored.record().id(),
              subjectKind,
              subjectId,
              views.body(stored, facilities)));
    }
    if (changed != null) {
      for (UUID id : changed.getOrDefault(subjectId, Set.of())) {
        if (!present.contains(id)) {
          entries.add(SyncChange.tombstone("immunization", id, subjectKind, subjectId));
        }
      }
    }
    return entries;
  }

  /** The records of the subjects written in the window, by child or pregnancy. */
  private Map<UUID, Set<UUID>> changedRecords(SyncSubjects subjects, SyncWindow window) {
    Map<UUID, Set<UUID>> changed = new HashMap<>();
    if (!subjects.hasSubjects()) {
      return changed;
    }
    jdbc.prepareStatement(
        "SELECT r.id, r.child_id, r.pregnancy_id FROM immunization_record r"
            + " WHERE (r.child_id = ANY (?) OR r.pregnancy_id = ANY (?)) AND "
            + window.changed("r")
            // An entry erased with its guardian's account: only its tombstone is left.
            + " UNION ALL SELECT t.record_id, t.child_id, t.pregnancy_id"
            + " FROM immunization_tombstone t"
            + " WHERE (t.child_id = ANY (?) OR t.pregnancy_id = ANY (?)) AND "
            + window.changed("t"),
        statement -> {
          int index = 1;
          for (int table = 0; table < 2; table++) {
            statement.setArray(
                index, statement.getConnection().createArrayOf("uuid", subjects.childArray()));
            statement.setArray(
                index + 1,
                statement.getConnection().createArrayOf("uuid", subjects.pregnancyArray()));
            index = window.bind(statement, index + 2);
          }
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              UUID id = rs.getObject(1, UUID.class);
              UUID child = rs.getObject(2, UUID.class);
              UUID subject = child != null ? child : rs.getObject(3, UUID.class);
              changed.computeIfAbsent(subject, c -> new HashSet<>()).add(id);
            }
          }
          return null;
        });
    return changed;
  }

  /** Children whose flags changed, or whose own row did (a corrected birth date moves it all). */
  private Set<UUID> childrenWithChangedFlagsOrBirth(UUID[] children, SyncWindow window) {
    if (children.length == 0) {
      return new HashSet<>();
    }
    return jdbc.prepareStatement(
        "SELECT fl.child_id FROM child_immunization_flag fl WHERE fl.child_id = ANY (?) AND "
            + window.changed("fl")
            + " UNION SELECT c.id FROM child c WHERE c.id = ANY (?) AND "
            + window.changed("c"),
        statement -> {
          int index = 1;
          statement.setArray(index++, statement.getConnection().createArrayOf("uuid", children));
          index = window.bind(statement, index);
          statement.setArray(index++, statement.getConnection().createArrayOf("uuid", children));
          window.bind(statement, index);
          Set<UUID> found = new HashSet<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(rs.getObject(1, UUID.class));
            }
          }
          return found;
        });
  }
}
