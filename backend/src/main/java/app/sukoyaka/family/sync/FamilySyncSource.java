package app.sukoyaka.family.sync;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.family.Pregnancy;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The pregnancies and children themselves: {@code pregnancy} and {@code child} entries, as the sync
 * read them at its start (in its snapshot).
 */
@Singleton
class FamilySyncSource implements SyncSource {
  private final JdbcOperations jdbc;

  FamilySyncSource(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<String> kinds() {
    return List.of("pregnancy", "child");
  }

  @Override
  public List<SyncChange> changes(SyncSubjects subjects, SyncWindow window) {
    List<SyncChange> changes = new ArrayList<>();
    Set<UUID> pregnancies = changed("pregnancy", subjects.pregnancyArray(), window);
    for (Pregnancy p : subjects.pregnancies()) {
      if (pregnancies.contains(p.id())) {
        changes.add(
            SyncChange.of("pregnancy", p.id(), "pregnancy", p.id(), FamilyBodies.detail(p)));
      }
    }
    Set<UUID> children = changed("child", subjects.childArray(), window);
    for (Child c : subjects.children()) {
      if (children.contains(c.id())) {
        changes.add(SyncChange.of("child", c.id(), "child", c.id(), FamilyBodies.detail(c)));
      }
    }
    return changes;
  }

  @Override
  public SyncProbe probe(SyncSubjects subjects, SyncWindow window) {
    UUID[] pregnancies = subjects.pregnancyArray();
    UUID[] children = subjects.childArray();
    return SyncProbe.when(
        "EXISTS (SELECT 1 FROM pregnancy t WHERE t.id = ANY (?) AND "
            + window.changed("t")
            + ") OR EXISTS (SELECT 1 FROM child t WHERE t.id = ANY (?) AND "
            + window.changed("t")
            + ")",
        (statement, index) -> {
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", pregnancies));
          index = window.bind(statement, index + 1);
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", children));
          return window.bind(statement, index + 1);
        });
  }

  /** The ids among these whose row was written in the window (all of them for everything). */
  private Set<UUID> changed(String table, UUID[] ids, SyncWindow window) {
    if (ids.length == 0) {
      return Set.of();
    }
    if (window.isEverything()) {
      return Set.of(ids);
    }
    return jdbc.prepareStatement(
        "SELECT t.id FROM " + table + " t WHERE t.id = ANY (?) AND " + window.changed("t"),
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
          window.bind(statement, 2);
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
