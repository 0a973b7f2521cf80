package app.sukoyaka.family.sync;

import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.family.FamilyService;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The pregnancies and children themselves: {@code pregnancy} and {@code child} entries. */
@Singleton
class FamilySyncSource implements SyncSource {
  private final JdbcOperations jdbc;
  private final FamilyService families;

  FamilySyncSource(JdbcOperations jdbc, FamilyService families) {
    this.jdbc = jdbc;
    this.families = families;
  }

  @Override
  public List<String> kinds() {
    return List.of("pregnancy", "child");
  }

  @Override
  public List<SyncChange> changes(SyncSubjects subjects, SyncWindow window) {
    List<SyncChange> changes = new ArrayList<>();
    for (UUID id : changed("pregnancy", subjects.pregnancyArray(), window)) {
      families
          .pregnancy(id)
          .ifPresent(
              p ->
                  changes.add(
                      SyncChange.of("pregnancy", id, "pregnancy", id, FamilyBodies.detail(p))));
    }
    for (UUID id : changed("child", subjects.childArray(), window)) {
      families
          .child(id)
          .ifPresent(
              c -> changes.add(SyncChange.of("child", id, "child", id, FamilyBodies.detail(c))));
    }
    return changes;
  }

  private List<UUID> changed(String table, UUID[] ids, SyncWindow window) {
    if (ids.length == 0) {
      return List.of();
    }
    return jdbc.prepareStatement(
        "SELECT t.id FROM " + table + " t WHERE t.id = ANY (?) AND " + window.changed("t"),
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
          window.bind(statement, 2);
          List<UUID> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(rs.getObject(1, UUID.class));
            }
          }
          return found;
        });
  }
}
