package app.sukoyaka.checkup;

import app.sukoyaka.family.sync.SyncChange;
import app.sukoyaka.family.sync.SyncProbe;
import app.sukoyaka.family.sync.SyncSource;
import app.sukoyaka.family.sync.SyncSubjects;
import app.sukoyaka.family.sync.SyncWindow;
import app.sukoyaka.profiles.CheckupItemCatalog;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checkups of every kind as the handbook route shows them ({@code checkup} entries): a pregnancy's,
 * and a child's own with the delivery's findings about the child. A correction rewrites a finding,
 * so a checkup counts as changed when its encounter or any of its findings did.
 */
@Singleton
class CheckupSyncSource implements SyncSource {
  private final JdbcOperations jdbc;
  private final CheckupService checkups;
  private final HandbookMapper mapper;

  CheckupSyncSource(JdbcOperations jdbc, CheckupService checkups, CheckupItemCatalog catalog) {
    this.jdbc = jdbc;
    this.checkups = checkups;
    this.mapper = new HandbookMapper(catalog);
  }

  @Override
  public List<String> kinds() {
    return List.of("checkup");
  }

  @Override
  public List<SyncChange> changes(SyncSubjects subjects, SyncWindow window) {
    List<SyncChange> changes = new ArrayList<>();
    FamilyCheckups found;
    Map<UUID, Set<UUID>> changedOfPregnancies = null;
    Map<UUID, Set<UUID>> changedOfChildren = null;
    if (window.isEverything()) {
      found = checkups.forFamily(subjects.pregnancyIds(), subjects.childIds(), null);
    } else {
      changedOfPregnancies = changedOfPregnancies(subjects.pregnancyArray(), window);
      changedOfChildren = changedOfChildren(subjects.childArray(), window);
      Set<UUID> encounters = new HashSet<>();
      changedOfPregnancies.values().forEach(encounters::addAll);
      changedOfChildren.values().forEach(encounters::addAll);
      found = checkups.forFamily(subjects.pregnancyIds(), subjects.childIds(), encounters);
    }
    for (Map.Entry<UUID, List<Checkup>> pregnancy : found.pregnancies().entrySet()) {
      Set<UUID> changed =
          changedOfPregnancies == null
              ? null
              : changedOfPregnancies.getOrDefault(pregnancy.getKey(), Set.of());
      for (Checkup checkup : pregnancy.getValue()) {
        if (changed == null || changed.contains(checkup.id())) {
          changes.add(
              SyncChange.of(
                  "checkup",
                  checkup.id(),
                  "pregnancy",
                  pregnancy.getKey(),
                  mapper.checkup(checkup)));
        }
      }
    }
    for (Map.Entry<UUID, List<Checkup>> child : found.children().entrySet()) {
      Set<UUID> changed =
          changedOfChildren == null
              ? null
              : changedOfChildren.getOrDefault(child.getKey(), Set.of());
      for (Checkup checkup : child.getValue()) {
        if (changed == null || changed.contains(checkup.id())) {
          changes.add(
              SyncChange.of(
                  "checkup", checkup.id(), "child", child.getKey(), mapper.checkup(checkup)));
        }
      }
    }
    return changes;
  }

  /**
   * Any encounter of the subjects written in the window, or any finding of theirs (a correction
   * rewrites findings only; a newborn's findings at the mother's delivery name the child).
   */
  @Override
  public SyncProbe probe(SyncSubjects subjects, SyncWindow window) {
    if (!subjects.hasSubjects()) {
      return SyncProbe.never();
    }
    UUID[] pregnancies = subjects.pregnancyArray();
    UUID[] children = subjects.childArray();
    return SyncProbe.when(
        "EXISTS (SELECT 1 FROM checkup_encounter e WHERE (e.pregnancy_id = ANY (?)"
            + " OR e.child_id = ANY (?)) AND ("
            + window.changed("e")
            + " OR EXISTS (SELECT 1 FROM checkup_finding f WHERE f.encounter_id = e.id AND "
            + window.changed("f")
            // A join, not a correlated EXISTS: that one PostgreSQL may hash over every checkup.
            + "))) OR EXISTS (SELECT 1 FROM checkup_finding f JOIN checkup_encounter e"
            + " ON e.id = f.encounter_id WHERE f.child_id = ANY (?) AND ("
            + window.changed("f")
            + " OR "
            + window.changed("e")
            + "))",
        (statement, index) -> {
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", pregnancies));
          statement.setArray(index + 1, statement.getConnection().createArrayOf("uuid", children));
          index = window.bind(statement, window.bind(statement, index + 2));
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", children));
          return window.bind(statement, window.bind(statement, index + 1));
        });
  }

  private Map<UUID, Set<UUID>> changedOfPregnancies(UUID[] ids, SyncWindow window) {
    if (ids.length == 0) {
      return Map.of();
    }
    return changed(
        "SELECT e.pregnancy_id, e.id FROM checkup_encounter e WHERE e.pregnancy_id = ANY (?)"
            + " AND ("
            + window.changed("e")
            + " OR EXISTS (SELECT 1 FROM checkup_finding f WHERE f.encounter_id = e.id AND "
            + window.changed("f")
            + "))",
        ids,
        1,
        window,
        2);
  }

  private Map<UUID, Set<UUID>> changedOfChildren(UUID[] ids, SyncWindow window) {
    if (ids.length == 0) {
      return Map.of();
    }
    // A child's own checkups, and its mother's encounters that hold findings about it.
    return changed(
        "SELECT e.child_id, e.id FROM checkup_encounter e WHERE e.child_id = ANY (?) AND ("
            + window.changed("e")
            + " OR EXISTS (SELECT 1 FROM checkup_finding f WHERE f.encounter_id = e.id AND "
            + window.changed("f")
            + ")) UNION SELECT f.child_id, f.encounter_id FROM checkup_finding f"
            + " JOIN checkup_encounter e ON e.id = f.encounter_id"
            + " WHERE f.child_id = ANY (?) AND e.child_id IS NULL AND ("
            + window.changed("f")
            + " OR "
            + window.changed("e")
            + ")",
        ids,
        2,
        window,
        2);
  }

  /**
   * Runs a query of (subject, encounter) rows; {@code idLists} arrays of subject ids and {@code
   * windows} pairs of window conditions alternate, ids first.
   */
  private Map<UUID, Set<UUID>> changed(
      String sql, UUID[] ids, int idLists, SyncWindow window, int windowsPerList) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          int index = 1;
          for (int list = 0; list < idLists; list++) {
            statement.setArray(index++, statement.getConnection().createArrayOf("uuid", ids));
            for (int w = 0; w < windowsPerList; w++) {
              index = window.bind(statement, index);
            }
          }
          Map<UUID, Set<UUID>> found = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found
                  .computeIfAbsent(rs.getObject(1, UUID.class), id -> new HashSet<>())
                  .add(rs.getObject(2, UUID.class));
            }
          }
          return found;
        });
  }
}
