package app.sukoyaka.family.sharing;

import app.sukoyaka.phr.consent.ConsentTexts;
import app.sukoyaka.platform.Ids;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The rows of invitations, their grants, attempts and the sharing log. */
@Singleton
class InvitationStore {
  private static final String SELECT =
      "SELECT i.id, i.municipality_id, i.inviter_person_id, i.selector, i.secret_sha256,"
          + " i.child_ids, i.pregnancy_ids, i.status, i.failed_attempts, i.created_at,"
          + " i.expires_at, i.invitee_person_id, i.relationship, i.accepted_at, i.ended_at,"
          + " ir.family_name || ' ' || ir.given_name, ie.family_name || ' ' || ie.given_name"
          + " FROM family_invitation i LEFT JOIN person ir ON ir.id = i.inviter_person_id"
          + " LEFT JOIN person ie ON ie.id = i.invitee_person_id";

  private final JdbcOperations jdbc;
  private final ConsentTexts consentTexts;

  InvitationStore(JdbcOperations jdbc, ConsentTexts consentTexts) {
    this.jdbc = jdbc;
    this.consentTexts = consentTexts;
  }

  /** The version of the sharing consent text in force at that instant (a day in Japan). */
  String consentTextVersion(Instant at) {
    return consentTexts
        .current(
            SharingConsentSource.KIND, LocalDate.ofInstant(at, java.time.ZoneId.of("Asia/Tokyo")))
        .version();
  }

  /** A person who logs in here. */
  record Person(UUID id, UUID municipalityId, String displayName) {}

  /** An invitation as stored, with the names of its two sides. */
  record Row(
      UUID id,
      UUID municipalityId,
      UUID inviterPersonId,
      String selector,
      String secretSha256,
      List<UUID> childIds,
      List<UUID> pregnancyIds,
      String status,
      int failedAttempts,
      Instant createdAt,
      Instant expiresAt,
      UUID inviteePersonId,
      String relationship,
      Instant acceptedAt,
      Instant endedAt,
      String inviterName,
      String inviteeName) {

    /** The status as the guardian sees it: a pending invitation past its time is expired. */
    String visibleStatus(Instant now) {
      return "pending".equals(status) && !expiresAt.isAfter(now) ? "expired" : status;
    }
  }

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Optional<Person> personByLogin(String subject) {
    return jdbc.prepareStatement(
        "SELECT id, municipality_id, family_name || ' ' || given_name FROM person"
            + " WHERE login_subject = ?",
        statement -> {
          statement.setString(1, subject);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next()
                ? Optional.of(
                    new Person(
                        rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
                : Optional.empty();
          }
        });
  }

  int pendingOf(UUID inviter, Instant now) {
    return jdbc.prepareStatement(
        "SELECT count(*) FROM family_invitation WHERE inviter_person_id = ?"
            + " AND status = 'pending' AND expires_at > ?",
        statement -> {
          statement.setObject(1, inviter);
          statement.setTimestamp(2, Timestamp.from(now));
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  boolean selectorTaken(String selector) {
    return jdbc.prepareStatement(
        "SELECT 1 FROM family_invitation WHERE selector = ?",
        statement -> {
          statement.setString(1, selector);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next();
          }
        });
  }

  void insert(
      UUID id,
      UUID municipalityId,
      UUID inviter,
      InvitationCodes.Code code,
      List<UUID> childIds,
      List<UUID> pregnancyIds,
      Instant now,
      Instant expiresAt) {
    jdbc.prepareStatement(
        "INSERT INTO family_invitation (id, municipality_id, inviter_person_id, selector,"
            + " secret_sha256, child_ids, pregnancy_ids, status, created_at, expires_at,"
            + " updated_at, inviter_text_version) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setObject(2, municipalityId);
          statement.setObject(3, inviter);
          statement.setString(4, code.selector());
          statement.setString(5, code.secretSha256());
          statement.setArray(6, uuids(statement.getConnection(), childIds));
          statement.setArray(7, uuids(statement.getConnection(), pregnancyIds));
          statement.setTimestamp(8, Timestamp.from(now));
          statement.setTimestamp(9, Timestamp.from(expiresAt));
          statement.setTimestamp(10, Timestamp.from(now));
          statement.setString(11, consentTextVersion(now));
          return statement.executeUpdate();
        });
  }

  /** Invitations the person sent or accepted, newest first. */
  List<Row> of(UUID personId) {
    return jdbc.prepareStatement(
        SELECT
            + " WHERE i.inviter_person_id = ? OR i.invitee_person_id = ?"
            + " ORDER BY i.created_at DESC, i.id",
        statement -> {
          statement.setObject(1, personId);
          statement.setObject(2, personId);
          return rows(statement);
        });
  }

  Optional<Row> forUpdate(UUID id) {
    return first(SELECT + " WHERE i.id = ? FOR UPDATE OF i", id);
  }

  Optional<Row> find(UUID id) {
    return first(SELECT + " WHERE i.id = ?", id);
  }

  Optional<Row> pendingBySelectorForUpdate(String selector) {
    return first(
        SELECT + " WHERE i.selector = ? AND i.status = 'pending' FOR UPDATE OF i", selector);
  }

  /** Serialises one login's attempts, so that parallel guesses cannot pass the limit together. */
  void lockLogin(String subject) {
    jdbc.prepareStatement(
        "SELECT pg_advisory_xact_lock(hashtextextended('family-invitation:' || ?, 0))",
        statement -> {
          statement.setString(1, subject);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next();
          }
        });
  }

  int failuresSince(String subject, Instant since) {
    return jdbc.prepareStatement(
        "SELECT count(*) FROM family_invitation_attempt WHERE login_subject = ?"
            + " AND NOT succeeded AND occurred_at > ?",
        statement -> {
          statement.setString(1, subject);
          statement.setTimestamp(2, Timestamp.from(since));
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  void attempt(String subject, UUID invitationId, boolean succeeded, Instant at) {
    jdbc.prepareStatement(
        "INSERT INTO family_invitation_attempt (login_subject, invitation_id, succeeded,"
            + " occurred_at) VALUES (?, ?, ?, ?)",
        statement -> {
          statement.setString(1, subject);
          statement.setObject(2, invitationId);
          statement.setBoolean(3, succeeded);
          statement.setTimestamp(4, Timestamp.from(at));
          return statement.executeUpdate();
        });
  }

  /** Counts a wrong secret; returns the invitation's failures so far. */
  int countFailure(UUID invitationId, Instant at) {
    return jdbc.prepareStatement(
        "UPDATE family_invitation SET failed_attempts = failed_attempts + 1, updated_at = ?"
            + " WHERE id = ? RETURNING failed_attempts",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(at));
          statement.setObject(2, invitationId);
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  /** Ends a pending invitation (cancelled, locked): its code is wiped and worth nothing. */
  void endPending(UUID invitationId, String status, Instant at) {
    jdbc.prepareStatement(
        "UPDATE family_invitation SET status = ?, selector = NULL, secret_sha256 = NULL,"
            + " ended_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
        statement -> {
          statement.setString(1, status);
          statement.setTimestamp(2, Timestamp.from(at));
          statement.setTimestamp(3, Timestamp.from(at));
          statement.setObject(4, invitationId);
          return statement.executeUpdate();
        });
  }

  UUID insertPerson(
      UUID municipalityId, String subject, SharingBodies.NewPerson person, Instant at) {
    UUID id = Ids.newId();
    jdbc.prepareStatement(
        "INSERT INTO person (id, municipality_id, family_name, given_name, family_name_kana,"
            + " given_name_kana, birth_date, sex, login_subject, created_at, registered_by)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'invitation')",
        statement -> {
          statement.setObject(1, id);
          statement.setObject(2, municipalityId);
          statement.setString(3, person.familyName().strip());
          statement.setString(4, person.givenName().strip());
          statement.setString(5, blankToNull(person.familyNameKana()));
          statement.setString(6, blankToNull(person.givenNameKana()));
          statement.setDate(7, Date.valueOf(person.birthDate()));
          statement.setString(8, person.sex() == null ? "unknown" : person.sex());
          statement.setString(9, subject);
          statement.setTimestamp(10, Timestamp.from(at));
          return statement.executeUpdate();
        });
    return id;
  }

  /**
   * Makes the invitee a guardian of the invitation's children that the inviter still guards and the
   * invitee does not already; returns those children.
   */
  List<UUID> grantChildren(Row invitation, UUID invitee, String relationship, LocalDate since) {
    if (invitation.childIds().isEmpty()) {
      return List.of();
    }
    return jdbc.prepareStatement(
        "INSERT INTO guardianship (person_id, child_id, relationship, since, invitation_id)"
            + " SELECT ?, c.id, ?, ?, ? FROM unnest(?::uuid[]) AS c(id)"
            + " WHERE EXISTS (SELECT 1 FROM guardianship g WHERE g.child_id = c.id"
            + " AND g.person_id = ?) ON CONFLICT DO NOTHING RETURNING child_id",
        statement -> {
          statement.setObject(1, invitee);
          statement.setString(2, relationship);
          statement.setDate(3, Date.valueOf(since));
          statement.setObject(4, invitation.id());
          statement.setArray(5, uuids(statement.getConnection(), invitation.childIds()));
          statement.setObject(6, invitation.inviterPersonId());
          return ids(statement);
        });
  }

  /** Shares the invitation's pregnancies that are still the inviter's with the invitee. */
  List<UUID> grantPregnancies(Row invitation, UUID invitee, Instant at) {
    if (invitation.pregnancyIds().isEmpty()) {
      return List.of();
    }
    return jdbc.prepareStatement(
        "INSERT INTO pregnancy_share (pregnancy_id, person_id, invitation_id, municipality_id,"
            + " granted_at) SELECT p.id, ?, ?, p.municipality_id, ? FROM pregnancy p"
            + " WHERE p.id = ANY (?) AND p.person_id = ? AND p.person_id <> ?"
            + " ON CONFLICT DO NOTHING RETURNING pregnancy_id",
        statement -> {
          statement.setObject(1, invitee);
          statement.setObject(2, invitation.id());
          statement.setTimestamp(3, Timestamp.from(at));
          statement.setArray(4, uuids(statement.getConnection(), invitation.pregnancyIds()));
          statement.setObject(5, invitation.inviterPersonId());
          statement.setObject(6, invitee);
          return ids(statement);
        });
  }

  void markAccepted(UUID invitationId, UUID invitee, String relationship, Instant at) {
    jdbc.prepareStatement(
        "UPDATE family_invitation SET status = 'accepted', selector = NULL, secret_sha256 = NULL,"
            + " invitee_person_id = ?, relationship = ?, accepted_at = ?, updated_at = ?,"
            + " invitee_text_version = ? WHERE id = ?",
        statement -> {
          statement.setObject(1, invitee);
          statement.setString(2, relationship);
          statement.setTimestamp(3, Timestamp.from(at));
          statement.setTimestamp(4, Timestamp.from(at));
          statement.setString(5, consentTextVersion(at));
          statement.setObject(6, invitationId);
          return statement.executeUpdate();
        });
  }

  /** Children the invitation made the invitee a guardian of, still in force. */
  List<UUID> grantedChildren(UUID invitationId) {
    return jdbc.prepareStatement(
        "SELECT child_id FROM guardianship WHERE invitation_id = ? ORDER BY child_id",
        statement -> {
          statement.setObject(1, invitationId);
          return ids(statement);
        });
  }

  List<UUID> grantedPregnancies(UUID invitationId) {
    return jdbc.prepareStatement(
        "SELECT pregnancy_id FROM pregnancy_share WHERE invitation_id = ? ORDER BY pregnancy_id",
        statement -> {
          statement.setObject(1, invitationId);
          return ids(statement);
        });
  }

  /**
   * Ends an accepted invitation (revoked, left, ended): the guardianships and pregnancy shares it
   * granted are removed in the same transaction, so the next request is decided without them.
   */
  void endAccepted(UUID invitationId, String status, Instant at) {
    jdbc.prepareStatement(
        "DELETE FROM guardianship WHERE invitation_id = ?",
        statement -> {
          statement.setObject(1, invitationId);
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "DELETE FROM pregnancy_share WHERE invitation_id = ?",
        statement -> {
          statement.setObject(1, invitationId);
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "UPDATE family_invitation SET status = ?, ended_at = ?, updated_at = ?"
            + " WHERE id = ? AND status = 'accepted'",
        statement -> {
          statement.setString(1, status);
          statement.setTimestamp(2, Timestamp.from(at));
          statement.setTimestamp(3, Timestamp.from(at));
          statement.setObject(4, invitationId);
          return statement.executeUpdate();
        });
  }

  /** One entry of the sharing log. */
  void event(
      Row invitation,
      String event,
      String actor,
      Collection<UUID> childIds,
      Collection<UUID> pregnancyIds,
      Instant at) {
    event(
        invitation.municipalityId(),
        invitation.id(),
        event,
        actor,
        invitation.inviterPersonId(),
        invitation.inviteePersonId(),
        childIds,
        pregnancyIds,
        at);
  }

  void event(
      UUID municipalityId,
      UUID invitationId,
      String event,
      String actor,
      UUID inviter,
      UUID invitee,
      Collection<UUID> childIds,
      Collection<UUID> pregnancyIds,
      Instant at) {
    jdbc.prepareStatement(
        "INSERT INTO family_sharing_event (id, municipality_id, invitation_id, event, actor,"
            + " inviter_person_id, invitee_person_id, child_ids, pregnancy_ids, occurred_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, Ids.newId());
          statement.setObject(2, municipalityId);
          statement.setObject(3, invitationId);
          statement.setString(4, event);
          statement.setString(5, actor);
          statement.setObject(6, inviter);
          statement.setObject(7, invitee);
          statement.setArray(8, uuids(statement.getConnection(), childIds));
          statement.setArray(9, uuids(statement.getConnection(), pregnancyIds));
          statement.setTimestamp(10, Timestamp.from(at));
          return statement.executeUpdate();
        });
  }

  /**
   * The sharing log a person reads: changes of invitations they sent or accepted, and changes
   * touching the children they guard or the pregnancies they have or share; newest first.
   */
  List<SharingBodies.SharingEvent> log(UUID personId) {
    return jdbc.prepareStatement(
        "SELECT e.id, e.event, e.actor, e.occurred_at, e.invitation_id,"
            + " ir.family_name || ' ' || ir.given_name, ie.family_name || ' ' || ie.given_name,"
            + " e.child_ids, e.pregnancy_ids FROM family_sharing_event e"
            + " LEFT JOIN person ir ON ir.id = e.inviter_person_id"
            + " LEFT JOIN person ie ON ie.id = e.invitee_person_id"
            + " WHERE e.inviter_person_id = ? OR e.invitee_person_id = ?"
            + " OR e.child_ids && ARRAY(SELECT child_id FROM guardianship WHERE person_id = ?)"
            + " OR e.pregnancy_ids && ARRAY(SELECT id FROM pregnancy WHERE person_id = ?"
            + " UNION SELECT pregnancy_id FROM pregnancy_share WHERE person_id = ?)"
            + " ORDER BY e.occurred_at DESC, e.seq DESC",
        statement -> {
          for (int i = 1; i <= 5; i++) {
            statement.setObject(i, personId);
          }
          List<SharingBodies.SharingEvent> events = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              events.add(
                  new SharingBodies.SharingEvent(
                      rs.getObject(1, UUID.class),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getTimestamp(4).toInstant(),
                      rs.getObject(5, UUID.class),
                      rs.getString(6),
                      rs.getString(7),
                      uuidList(rs.getArray(8)),
                      uuidList(rs.getArray(9))));
            }
          }
          return events;
        });
  }

  private Optional<Row> first(String sql, Object key) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          statement.setObject(1, key);
          List<Row> found = rows(statement);
          return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
  }

  private static List<Row> rows(PreparedStatement statement) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Row(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                uuidList(rs.getArray(6)),
                uuidList(rs.getArray(7)),
                rs.getString(8),
                rs.getInt(9),
                rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11).toInstant(),
                rs.getObject(12, UUID.class),
                rs.getString(13),
                instant(rs.getTimestamp(14)),
                instant(rs.getTimestamp(15)),
                rs.getString(16),
                rs.getString(17)));
      }
    }
    return rows;
  }

  private static List<UUID> ids(PreparedStatement statement) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  static List<UUID> uuidList(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    List<UUID> ids = new ArrayList<>();
    for (Object id : (Object[]) array.getArray()) {
      ids.add((UUID) id);
    }
    return ids;
  }

  static Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
    return connection.createArrayOf("uuid", ids.toArray());
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
