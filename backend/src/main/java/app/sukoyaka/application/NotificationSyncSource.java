package app.sukoyaka.application;

import app.sukoyaka.family.sync.SyncChange;
import app.sukoyaka.family.sync.SyncProbe;
import app.sukoyaka.family.sync.SyncSource;
import app.sukoyaka.family.sync.SyncSubjects;
import app.sukoyaka.family.sync.SyncWindow;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The guardian's own pregnancy notifications ({@code pregnancyNotification} entries, as her route
 * shows them): sent whole, and again at every change of status (a correction asked for, a corrected
 * version, acceptance, rejection), so that the app shows where her 妊娠届出 stands without a
 * connection. Each is logged as read, as on its route.
 */
@Singleton
class NotificationSyncSource implements SyncSource {
  static final String KIND = "pregnancyNotification";

  private final JdbcOperations jdbc;
  private final NotificationStore store;

  NotificationSyncSource(JdbcOperations jdbc, NotificationStore store) {
    this.jdbc = jdbc;
    this.store = store;
  }

  @Override
  public List<String> kinds() {
    return List.of(KIND);
  }

  @Override
  public List<SyncChange> changes(SyncSubjects subjects, SyncWindow window) {
    if (subjects.personId() == null || subjects.loginSubject() == null) {
      return List.of();
    }
    List<StoredNotification> sent = new ArrayList<>();
    if (window.isEverything()) {
      sent.addAll(store.ofApplicant(subjects.loginSubject()));
    } else {
      for (UUID id : changed(subjects.loginSubject(), window)) {
        store.read(id).ifPresent(sent::add);
      }
    }
    List<SyncChange> changes = new ArrayList<>();
    for (StoredNotification notification : sent) {
      changes.add(
          SyncChange.of(
                  KIND,
                  notification.id(),
                  "guardian",
                  subjects.personId(),
                  NotificationBodies.notification(notification))
              .readAs(PregnancyNotifications.subject(notification)));
    }
    return changes;
  }

  @Override
  public SyncProbe probe(SyncSubjects subjects, SyncWindow window) {
    if (subjects.loginSubject() == null) {
      return SyncProbe.never();
    }
    String applicant = subjects.loginSubject();
    return SyncProbe.when(
        "EXISTS (SELECT 1 FROM pregnancy_notification n WHERE n.applicant_subject = ? AND "
            + window.changed("n")
            + ")",
        (statement, index) -> {
          statement.setString(index, applicant);
          return window.bind(statement, index + 1);
        });
  }

  /** The applicant's notifications written in the window, newest first. */
  private List<UUID> changed(String applicant, SyncWindow window) {
    return jdbc.prepareStatement(
        "SELECT n.id FROM pregnancy_notification n WHERE n.applicant_subject = ? AND "
            + window.changed("n")
            + " ORDER BY n.arrived_at DESC",
        statement -> {
          statement.setString(1, applicant);
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
