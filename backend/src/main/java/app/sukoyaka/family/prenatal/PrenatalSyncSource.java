package app.sukoyaka.family.prenatal;

import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.family.sync.SyncChange;
import app.sukoyaka.family.sync.SyncProbe;
import app.sukoyaka.family.sync.SyncSource;
import app.sukoyaka.family.sync.SyncSubjects;
import app.sukoyaka.family.sync.SyncWindow;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A pregnancy's 妊婦健診 schedule with its 受診券 ({@code prenatalCheckups} entries, as its route shows
 * it; the entry's id is the pregnancy's): sent whole, and again when a clinic uses one of its
 * vouchers. A pregnancy whose handbook was issued without a schedule here has no entry.
 */
@Singleton
class PrenatalSyncSource implements SyncSource {
  static final String KIND = "prenatalCheckups";

  private final JdbcOperations jdbc;
  private final PrenatalSchedule schedule;

  PrenatalSyncSource(JdbcOperations jdbc, PrenatalSchedule schedule) {
    this.jdbc = jdbc;
    this.schedule = schedule;
  }

  @Override
  public List<String> kinds() {
    return List.of(KIND);
  }

  @Override
  public List<SyncChange> changes(SyncSubjects subjects, SyncWindow window) {
    List<Pregnancy> sent = new ArrayList<>();
    if (window.isEverything()) {
      sent.addAll(subjects.pregnancies());
    } else {
      Set<UUID> changed = changed(subjects.pregnancyArray(), window);
      subjects.pregnancies().stream().filter(p -> changed.contains(p.id())).forEach(sent::add);
    }
    if (sent.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<PrenatalVisit>> visits =
        schedule.of(sent.stream().map(Pregnancy::id).toArray(UUID[]::new));
    List<SyncChange> changes = new ArrayList<>();
    for (Pregnancy pregnancy : sent) {
      List<PrenatalVisit> of = visits.get(pregnancy.id());
      if (of != null) {
        changes.add(
            SyncChange.of(
                KIND,
                pregnancy.id(),
                "pregnancy",
                pregnancy.id(),
                PrenatalBodies.checkups(pregnancy, of)));
      }
    }
    return changes;
  }

  @Override
  public SyncProbe probe(SyncSubjects subjects, SyncWindow window) {
    if (subjects.pregnancies().isEmpty()) {
      return SyncProbe.never();
    }
    UUID[] pregnancies = subjects.pregnancyArray();
    return SyncProbe.when(
        "EXISTS (SELECT 1 FROM prenatal_voucher pv WHERE pv.pregnancy_id = ANY (?) AND "
            + window.changed("pv")
            + ") OR EXISTS (SELECT 1 FROM prenatal_visit v WHERE v.pregnancy_id = ANY (?) AND "
            + window.changed("v")
            + ")",
        (statement, index) -> {
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", pregnancies));
          index = window.bind(statement, index + 1);
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", pregnancies));
          return window.bind(statement, index + 1);
        });
  }

  /** The pregnancies whose visits or vouchers were written in the window. */
  private Set<UUID> changed(UUID[] pregnancies, SyncWindow window) {
    if (pregnancies.length == 0) {
      return Set.of();
    }
    return jdbc.prepareStatement(
        "SELECT pv.pregnancy_id FROM prenatal_voucher pv WHERE pv.pregnancy_id = ANY (?) AND "
            + window.changed("pv")
            + " UNION SELECT v.pregnancy_id FROM prenatal_visit v WHERE v.pregnancy_id = ANY (?)"
            + " AND "
            + window.changed("v"),
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", pregnancies));
          int index = window.bind(statement, 2);
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", pregnancies));
          window.bind(statement, index + 1);
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
