package app.sukoyaka.notice.reminder;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which infant and child checkups a municipality runs, and so reminds of: what its staff set, else
 * the rules' default set.
 */
@Singleton
public class MunicipalReminderSettings {
  private final JdbcOperations jdbc;
  private final ReminderRules rules;

  MunicipalReminderSettings(JdbcOperations jdbc, ReminderRules rules) {
    this.jdbc = jdbc;
    this.rules = rules;
  }

  /**
   * @param setByMunicipality false while the municipality keeps the default set
   * @param updatedBy who set it; null for the default
   * @param updatedAt when; null for the default
   */
  record Settings(
      List<String> infantCheckups,
      boolean setByMunicipality,
      @Nullable String updatedBy,
      @Nullable Instant updatedAt) {
    Settings {
      infantCheckups = List.copyOf(infantCheckups);
    }
  }

  /** The checkup kinds reminders know, in the order of the rules. */
  List<String> knownCheckups() {
    return rules.latest(ReminderRules.INFANT_CHECKUP).checkups().stream()
        .map(ReminderRules.InfantCheckup::checkupKind)
        .toList();
  }

  @Transactional(readOnly = true)
  Settings of(UUID municipalityId) {
    return jdbc.prepareStatement(
        "SELECT infant_checkups, updated_by, updated_at FROM reminder_municipality_setting"
            + " WHERE municipality_id = ?",
        statement -> {
          statement.setObject(1, municipalityId);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return new Settings(
                  rules.latest(ReminderRules.INFANT_CHECKUP).defaultCheckups(), false, null, null);
            }
            Array kinds = rs.getArray(1);
            return new Settings(
                List.of((String[]) kinds.getArray()),
                true,
                rs.getString(2),
                rs.getTimestamp(3).toInstant());
          }
        });
  }

  /** The infant and child checkup kinds the municipality runs (the handbook's home shows those). */
  @Transactional(readOnly = true)
  public List<String> infantCheckupsRun(UUID municipalityId) {
    return of(municipalityId).infantCheckups();
  }

  /** Replaces the municipality's set; the kinds are checked by the caller. */
  @Transactional
  Settings replace(UUID municipalityId, List<String> checkups, String actor, Instant now) {
    // Kept in the rules' order, whatever order staff sent.
    List<String> ordered = new ArrayList<>();
    for (String known : knownCheckups()) {
      if (checkups.contains(known)) {
        ordered.add(known);
      }
    }
    jdbc.prepareStatement(
        "INSERT INTO reminder_municipality_setting (municipality_id, infant_checkups, updated_by,"
            + " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (municipality_id) DO UPDATE SET"
            + " infant_checkups = EXCLUDED.infant_checkups, updated_by = EXCLUDED.updated_by,"
            + " updated_at = EXCLUDED.updated_at",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setArray(2, ReminderStore.texts(statement.getConnection(), ordered));
          statement.setString(3, actor);
          statement.setTimestamp(4, Timestamp.from(now));
          return statement.executeUpdate();
        });
    return new Settings(ordered, true, actor, now);
  }
}
