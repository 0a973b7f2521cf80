package app.sukoyaka.immunization;

import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.sync.SyncChange;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Vaccination records ({@code immunization} entries, as the immunizations routes show them; a
 * retracted record becomes a tombstone) and each child's routine schedule ({@code
 * immunizationSchedule}, as its route shows it today: sent again when the child's records or flags
 * changed, and on the first sync of a new day, since due and overdue move with the date).
 */
@Singleton
class ImmunizationSyncSource implements SyncSource {
  private final JdbcOperations jdbc;
  private final ImmunizationHistory history;
  private final ImmunizationRecords records;
  private final ChildSchedules schedules;
  private final FamilyService families;
  private final ImmunizationRecordViews views;
  private final Clock clock;

  ImmunizationSyncSource(
      JdbcOperations jdbc,
      ImmunizationHistory history,
      ImmunizationRecords records,
      ChildSchedules schedules,
      FamilyService families,
      VaccineCatalog catalog,
      Clock clock) {
    this.jdbc = jdbc;
    this.history = history;
    this.records = records;
    this.schedules = schedules;
    this.families = families;
    this.views = new ImmunizationRecordViews(catalog);
    this.clock = clock;
  }

  @Override
  public List<String> kinds() {
    return List.of("immunization", "immunizationSchedule");
  }

  @Override
  public List<SyncChange> changes(SyncSubjects subjects, SyncWindow window) {
    List<SyncChange> changes = new ArrayList<>();
    Map<UUID, Set<UUID>> byChild = new HashMap<>();
    Map<UUID, Set<UUID>> byPregnancy = new HashMap<>();
    if (window.isEverything()) {
      subjects.childIds().forEach(id -> byChild.put(id, null));
      subjects.pregnancyIds().forEach(id -> byPregnancy.put(id, null));
    } else {
      changedRecords(subjects, window, byChild, byPregnancy);
    }
    byChild.forEach(
        (childId, changed) ->
            changes.addAll(entries("child", childId, history.storedOfChild(childId), changed)));
    byPregnancy.forEach(
        (pregnancyId, changed) ->
            changes.addAll(
                entries(
                    "pregnancy", pregnancyId, history.storedOfPregnancy(pregnancyId), changed)));

    LocalDate today = LocalDate.now(clock);
    Set<UUID> rescheduled = new HashSet<>(byChild.keySet());
    if (window.dayChangedBefore(today)) {
      rescheduled.addAll(subjects.childIds());
    } else {
      rescheduled.addAll(childrenWithChangedFlagsOrBirth(subjects.childArray(), window));
    }
    for (UUID childId : subjects.childIds()) {
      if (rescheduled.contains(childId)) {
        families
            .child(childId)
            .ifPresent(
                child ->
                    changes.add(
                        SyncChange.of(
                            "immunizationSchedule",
                            childId,
                            "child",
                            childId,
                            ScheduleMapper.body(
                                schedules.of(child, today), schedules.schedule()))));
      }
    }
    return changes;
  }

  /** The current records of a subject (all, or those changed), and tombstones for retractions. */
  private List<SyncChange> entries(
      String subjectKind, UUID subjectId, List<StoredImmunization> current, Set<UUID> changed) {
    List<SyncChange> entries = new ArrayList<>();
    List<StoredImmunization> shown =
        changed == null
            ? current
            : current.stream().filter(s -> changed.contains(s.record().id())).toList();
    var facilities = records.facilitiesOf(shown);
    Set<UUID> present = new HashSet<>();
    for (StoredImmunization stored : shown) {
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
      for (UUID id : changed) {
        if (!present.contains(id)) {
          entries.add(SyncChange.tombstone("immunization", id, subjectKind, subjectId));
        }
      }
    }
    return entries;
  }

  private void changedRecords(
      SyncSubjects subjects,
      SyncWindow window,
      Map<UUID, Set<UUID>> byChild,
      Map<UUID, Set<UUID>> byPregnancy) {
    if (!subjects.hasSubjects()) {
      return;
    }
    jdbc.prepareStatement(
        "SELECT r.id, r.child_id, r.pregnancy_id FROM immunization_record r"
            + " WHERE (r.child_id = ANY (?) OR r.pregnancy_id = ANY (?)) AND "
            + window.changed("r"),
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("uuid", subjects.childArray()));
          statement.setArray(
              2, statement.getConnection().createArrayOf("uuid", subjects.pregnancyArray()));
          window.bind(statement, 3);
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              UUID id = rs.getObject(1, UUID.class);
              UUID child = rs.getObject(2, UUID.class);
              if (child != null) {
                byChild.computeIfAbsent(child, c -> new HashSet<>()).add(id);
              } else {
                byPregnancy
                    .computeIfAbsent(rs.getObject(3, UUID.class), p -> new HashSet<>())
                    .add(id);
              }
            }
          }
          return null;
        });
  }

  /** Children whose flags changed, or whose own row did (a corrected birth date moves it all). */
  private Set<UUID> childrenWithChangedFlagsOrBirth(UUID[] children, SyncWindow window) {
    if (children.length == 0) {
      return Set.of();
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
