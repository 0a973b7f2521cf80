package app.sukoyaka.family.account;

import app.sukoyaka.family.sync.SyncConfiguration;
import app.sukoyaka.platform.Ids;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The erasures of the kinds of records the service holds today, one bean per kind of {@code
 * retention-rules.json}. Each runs in the deletion's transaction and is idempotent.
 */
final class AccountErasures {
  private AccountErasures() {}

  /** A {@code uuid[]} parameter. */
  private record UuidArray(List<UUID> ids) {}

  /** Runs one statement with the given parameters; returns the rows it changed. */
  private static int run(JdbcOperations jdbc, String sql, Object... parameters) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            if (p instanceof java.time.Instant instant) {
              statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (p instanceof UuidArray ids) {
              statement.setArray(
                  i + 1, statement.getConnection().createArrayOf("uuid", ids.ids().toArray()));
            } else {
              statement.setObject(i + 1, p);
            }
          }
          return statement.executeUpdate();
        });
  }

  /** Adds a withdrawal to a consent that holds: notices from now on go on paper. */
  @Singleton
  static class OnlineDeliveryConsent implements AccountErasure {
    private final JdbcOperations jdbc;

    OnlineDeliveryConsent(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "online-delivery-consent";
    }

    @Override
    public void erase(DeletedAccount account) {
      run(
          jdbc,
          "INSERT INTO online_delivery_consent (id, person_id, municipality_id, decision,"
              + " text_version, notice_id, decided_at)"
              + " SELECT ?, c.person_id, c.municipality_id, 'withdrawn', c.text_version,"
              + " c.notice_id, ? FROM (SELECT DISTINCT ON (municipality_id) *"
              + " FROM online_delivery_consent WHERE person_id = ?"
              + " ORDER BY municipality_id, decided_at DESC, id DESC) c"
              + " WHERE c.decision = 'granted'",
          Ids.newId(),
          account.at(),
          account.personId());
    }
  }

  @Singleton
  static class PushLog implements AccountErasure {
    private final JdbcOperations jdbc;

    PushLog(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "push-log";
    }

    @Override
    public void erase(DeletedAccount account) {
      run(
          jdbc,
          "DELETE FROM push_attempt WHERE message_id IN"
              + " (SELECT id FROM push_message WHERE person_id = ?)"
              + " OR device_id IN (SELECT id FROM push_device WHERE person_id = ?)",
          account.personId(),
          account.personId());
      run(jdbc, "DELETE FROM push_message WHERE person_id = ?", account.personId());
    }
  }

  @Singleton
  static class Reminders implements AccountErasure {
    private final JdbcOperations jdbc;

    Reminders(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "reminders";
    }

    @Override
    public void erase(DeletedAccount account) {
      run(jdbc, "DELETE FROM reminder WHERE person_id = ?", account.personId());
    }
  }

  @Singleton
  static class Devices implements AccountErasure {
    private final JdbcOperations jdbc;

    Devices(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "devices";
    }

    @Override
    public void erase(DeletedAccount account) {
      run(jdbc, "DELETE FROM push_device WHERE person_id = ?", account.personId());
    }
  }

  @Singleton
  static class NotificationSettings implements AccountErasure {
    private final JdbcOperations jdbc;

    NotificationSettings(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "notification-settings";
    }

    @Override
    public void erase(DeletedAccount account) {
      run(jdbc, "DELETE FROM notification_preference WHERE person_id = ?", account.personId());
    }
  }

  /**
   * Vaccinations the guardian entered that nobody verified: deleted with their credits, each
   * leaving a tombstone (its id and whose it was, nothing the guardian wrote) so that the other
   * guardian's phone drops it at its next sync. Tombstones older than any sync cursor still in use
   * go.
   */
  @Singleton
  static class ParentRecordedVaccinations implements AccountErasure {
    private final JdbcOperations jdbc;
    private final SyncConfiguration sync;

    ParentRecordedVaccinations(JdbcOperations jdbc, SyncConfiguration sync) {
      this.jdbc = jdbc;
      this.sync = sync;
    }

    @Override
    public String kind() {
      return "parent-recorded-vaccinations";
    }

    @Override
    public void erase(DeletedAccount account) {
      if (account.loginSubject() != null) {
        String entries =
            " FROM immunization_record WHERE source = 'parent' AND recorded_by_role = 'guardian'"
                + " AND recorded_by = ? AND verification <> 'verified'";
        run(
            jdbc,
            "INSERT INTO immunization_tombstone (record_id, municipality_id, child_id,"
                + " pregnancy_id, erased_at) SELECT id, municipality_id, child_id, pregnancy_id, ?"
                + entries
                + " ON CONFLICT (record_id) DO NOTHING",
            account.at(),
            account.loginSubject());
        // Credits go with their record (ON DELETE CASCADE).
        run(jdbc, "DELETE" + entries, account.loginSubject());
      }
      run(
          jdbc,
          "DELETE FROM immunization_tombstone WHERE erased_at < ?",
          account.at().minus(sync.cursorLifetime()));
    }
  }

  /**
   * Invitations the guardian sent or accepted. Access they received by invitation ends; the sharing
   * of their own pregnancy ends; the other guardian's access to their own children stays, on an
   * invitation that no longer names its inviter.
   */
  @Singleton
  static class Invitations implements AccountErasure {
    private final JdbcOperations jdbc;

    Invitations(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "invitations";
    }

    @Override
    public void erase(DeletedAccount account) {
      UUID person = account.personId();
      List<UUID> endedChildren = new ArrayList<>();
      List<UUID> endedPregnancies = new ArrayList<>();
      endedChildren.addAll(
          ids(
              "DELETE FROM guardianship WHERE person_id = ? AND invitation_id IS NOT NULL"
                  + " RETURNING child_id",
              person));
      endedPregnancies.addAll(
          ids("DELETE FROM pregnancy_share WHERE person_id = ? RETURNING pregnancy_id", person));
      endedPregnancies.addAll(
          ids(
              "DELETE FROM pregnancy_share WHERE pregnancy_id IN"
                  + " (SELECT id FROM pregnancy WHERE person_id = ?) RETURNING pregnancy_id",
              person));
      // Invitations the other guardian accepted and still uses stay theirs, without the inviter.
      run(
          jdbc,
          "UPDATE family_invitation i SET inviter_person_id = NULL, updated_at = ?"
              + " WHERE i.inviter_person_id = ? AND i.status = 'accepted'"
              + " AND EXISTS (SELECT 1 FROM guardianship g WHERE g.invitation_id = i.id)",
          account.at(),
          person);
      run(
          jdbc,
          "UPDATE family_sharing_event e SET inviter_person_id = NULL"
              + " WHERE e.inviter_person_id = ?"
              + " AND e.invitation_id IN (SELECT id FROM family_invitation"
              + " WHERE inviter_person_id IS NULL)",
          person);
      List<UUID> gone =
          ids(
              "SELECT id FROM family_invitation WHERE inviter_person_id = ?"
                  + " OR invitee_person_id = ?",
              person,
              person);
      if (account.loginSubject() != null) {
        run(
            jdbc,
            "DELETE FROM family_invitation_attempt WHERE login_subject = ?",
            account.loginSubject());
      }
      run(jdbc, "DELETE FROM family_invitation_attempt WHERE invitation_id = ANY (?)", array(gone));
      run(
          jdbc,
          "DELETE FROM family_sharing_event WHERE inviter_person_id = ? OR invitee_person_id = ?"
              + " OR invitation_id = ANY (?)",
          person,
          person,
          array(gone));
      run(jdbc, "DELETE FROM family_invitation WHERE id = ANY (?)", array(gone));
      if (!endedChildren.isEmpty() || !endedPregnancies.isEmpty()) {
        // The remaining guardians see that sharing ended, without a name.
        run(
            jdbc,
            "INSERT INTO family_sharing_event (id, municipality_id, event, actor, child_ids,"
                + " pregnancy_ids, occurred_at) VALUES (?, ?, 'account_deleted', 'system', ?, ?,"
                + " ?)",
            Ids.newId(),
            account.municipalityId(),
            array(endedChildren),
            array(endedPregnancies),
            account.at());
      }
    }

    private static UuidArray array(List<UUID> ids) {
      return new UuidArray(ids);
    }

    private List<UUID> ids(String sql, Object... parameters) {
      return jdbc.prepareStatement(
          sql,
          statement -> {
            for (int i = 0; i < parameters.length; i++) {
              statement.setObject(i + 1, parameters[i]);
            }
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
              }
            }
            return ids;
          });
    }
  }

  /**
   * The login goes: the person is a resident again at their next sign-in. Kept records that named
   * the login as who entered them name the person's id instead.
   */
  @Singleton
  static class Login implements AccountErasure {
    private static final String[][] NAMED_BY = {
      {"immunization_record", "recorded_by"},
      {"prescreening", "answered_by"},
      {"visit_token", "issued_by"},
      {"child_immunization_flag", "set_by"},
      {"child_immunization_flag", "cleared_by"},
      // A family that brought its own download into the child's handbook (transfer-in).
      {"transfer_in", "created_by"},
      {"transfer_import", "imported_by"},
    };

    private final JdbcOperations jdbc;

    Login(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "login";
    }

    @Override
    public void erase(DeletedAccount account) {
      if (account.loginSubject() != null) {
        for (String[] column : NAMED_BY) {
          run(
              jdbc,
              "UPDATE "
                  + column[0]
                  + " SET "
                  + column[1]
                  + " = ? WHERE "
                  + column[1]
                  + " IN (?, ?)",
              account.pseudonym(),
              account.loginSubject(),
              // Some records name the actor as the access log does (role:subject).
              "guardian:" + account.loginSubject());
        }
      }
      run(jdbc, "UPDATE person SET login_subject = NULL WHERE id = ?", account.personId());
    }
  }

  /**
   * The person's own record, when they registered it by accepting an invitation and nothing the
   * municipality keeps refers to it. Every foreign key to person is looked at, so a table added
   * later that refers to the person keeps it rather than failing the deletion.
   */
  @Singleton
  static class AppAccount implements AccountErasure {
    private final JdbcOperations jdbc;

    AppAccount(JdbcOperations jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public String kind() {
      return "app-account";
    }

    @Override
    public void erase(DeletedAccount account) {
      boolean selfRegistered =
          jdbc.prepareStatement(
              "SELECT registered_by = 'invitation' FROM person WHERE id = ?",
              statement -> {
                statement.setObject(1, account.personId());
                try (ResultSet rs = statement.executeQuery()) {
                  return rs.next() && rs.getBoolean(1);
                }
              });
      if (!selfRegistered || referenced(account.personId())) {
        return;
      }
      run(jdbc, "DELETE FROM person WHERE id = ?", account.personId());
    }

    private boolean referenced(UUID person) {
      List<String[]> references =
          jdbc.prepareStatement(
              "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c"
                  + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                  + " WHERE c.contype = 'f' AND c.confrelid = 'person'::regclass"
                  + " AND cardinality(c.conkey) = 1"
                  + " AND c.conrelid <> 'account_deletion_request'::regclass",
              statement -> {
                List<String[]> found = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                  while (rs.next()) {
                    found.add(new String[] {rs.getString(1), rs.getString(2)});
                  }
                }
                return found;
              });
      for (String[] reference : references) {
        boolean exists =
            jdbc.prepareStatement(
                "SELECT 1 FROM " + reference[0] + " WHERE " + reference[1] + " = ? LIMIT 1",
                statement -> {
                  statement.setObject(1, person);
                  try (ResultSet rs = statement.executeQuery()) {
                    return rs.next();
                  }
                });
        if (exists) {
          return true;
        }
      }
      return false;
    }
  }
}
