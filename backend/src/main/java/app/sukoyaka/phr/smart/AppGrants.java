package app.sukoyaka.phr.smart;

import app.sukoyaka.platform.Ids;
import app.sukoyaka.security.AppGrantCheck;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Guardians' consents for third-party apps (grants): given on the consent page, checked on every
 * request an app makes, listed and withdrawn by the guardian, withdrawn too when a used code or
 * refresh token comes back.
 */
@Singleton
public class AppGrants implements AppGrantCheck {
  private final JdbcOperations jdbc;
  private final Clock clock;

  AppGrants(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Why a grant ended before its time. */
  enum Withdrawal {
    GUARDIAN("guardian"),
    APP("app"),
    REFRESH_TOKEN_REUSED("refresh-token-reused"),
    CODE_REUSED("code-reused");

    final String code;

    Withdrawal(String code) {
      this.code = code;
    }
  }

  /**
   * A guardian's consent for one app.
   *
   * @param subjectType "child" or "pregnancy"
   * @param patientId the FHIR Patient of the launch (the child, or the pregnant person)
   */
  public record Grant(
      UUID id,
      String clientId,
      String appName,
      UUID guardianPersonId,
      String guardianSubject,
      String subjectType,
      UUID subjectId,
      UUID patientId,
      UUID municipalityId,
      Set<String> scopes,
      List<String> recordKinds,
      String textVersion,
      Instant agreedAt,
      Instant expiresAt,
      Instant withdrawnAt,
      String withdrawnReason,
      Instant lastUsedAt) {
    public Grant {
      scopes = Set.copyOf(scopes);
      recordKinds = List.copyOf(recordKinds);
    }

    public boolean activeAt(Instant now) {
      return withdrawnAt == null && now.isBefore(expiresAt);
    }
  }

  /** A consent about to be stored. */
  record NewGrant(
      String clientId,
      UUID guardianPersonId,
      String guardianSubject,
      String subjectType,
      UUID subjectId,
      UUID patientId,
      UUID municipalityId,
      Set<String> scopes,
      String textVersion,
      Instant expiresAt) {}

  private static final String SELECT =
      "SELECT g.id, g.client_id, a.name, g.guardian_person_id, g.guardian_subject,"
          + " g.subject_type, g.subject_id, g.patient_id, g.municipality_id, g.scopes,"
          + " g.record_kinds, g.text_version, g.agreed_at, g.expires_at, g.withdrawn_at,"
          + " g.withdrawn_reason, g.last_used_at FROM phr_app_grant g"
          + " JOIN phr_app a ON a.client_id = g.client_id";

  /** Stores a consent in the caller's transaction. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  UUID create(NewGrant grant) {
    UUID id = Ids.newId();
    jdbc.prepareStatement(
        "INSERT INTO phr_app_grant (id, client_id, guardian_person_id, guardian_subject,"
            + " subject_type, subject_id, patient_id, municipality_id, scopes, record_kinds,"
            + " text_version, agreed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setString(2, grant.clientId());
          statement.setObject(3, grant.guardianPersonId());
          statement.setString(4, grant.guardianSubject());
          statement.setString(5, grant.subjectType());
          statement.setObject(6, grant.subjectId());
          statement.setObject(7, grant.patientId());
          statement.setObject(8, grant.municipalityId());
          statement.setString(9, AppScopes.format(grant.scopes()));
          statement.setArray(
              10,
              statement
                  .getConnection()
                  .createArrayOf("text", AppScopes.recordKinds(grant.scopes()).toArray()));
          statement.setString(11, grant.textVersion());
          statement.setTimestamp(12, Timestamp.from(clock.instant()));
          statement.setTimestamp(13, Timestamp.from(grant.expiresAt()));
          return statement.executeUpdate();
        });
    return id;
  }

  @Transactional(readOnly = true)
  public Optional<Grant> find(UUID id) {
    return jdbc.prepareStatement(
        SELECT + " WHERE g.id = ?",
        statement -> {
          statement.setObject(1, id);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(grant(rs)) : Optional.empty();
          }
        });
  }

  /** Every consent the guardian gave to apps, newest first. */
  @Transactional(readOnly = true)
  public List<Grant> ofGuardian(UUID guardianPersonId) {
    return jdbc.prepareStatement(
        SELECT + " WHERE g.guardian_person_id = ? ORDER BY g.agreed_at DESC, g.id",
        statement -> {
          statement.setObject(1, guardianPersonId);
          List<Grant> grants = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              grants.add(grant(rs));
            }
          }
          return grants;
        });
  }

  /** Asked on every request of an app: one indexed look-up by primary key. */
  @Override
  @Transactional(readOnly = true)
  public boolean active(UUID grantId, String clientId) {
    return jdbc.prepareStatement(
        "SELECT 1 FROM phr_app_grant g JOIN phr_app a ON a.client_id = g.client_id"
            + " WHERE g.id = ? AND g.client_id = ? AND a.active AND g.withdrawn_at IS NULL"
            + " AND g.expires_at > ?",
        statement -> {
          statement.setObject(1, grantId);
          statement.setString(2, clientId);
          statement.setTimestamp(3, Timestamp.from(clock.instant()));
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next();
          }
        });
  }

  /**
   * The guardian withdraws one of their consents, effective at once; one already withdrawn stays as
   * it was.
   *
   * @return false when the guardian has no such consent
   */
  @Transactional
  public boolean withdrawByGuardian(UUID guardianPersonId, UUID grantId) {
    boolean theirs =
        jdbc.prepareStatement(
            "SELECT 1 FROM phr_app_grant WHERE id = ? AND guardian_person_id = ?",
            statement -> {
              statement.setObject(1, grantId);
              statement.setObject(2, guardianPersonId);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
              }
            });
    if (theirs) {
      withdraw(grantId, Withdrawal.GUARDIAN);
    }
    return theirs;
  }

  /** Ends a grant now, with its refresh tokens; one already withdrawn keeps its first reason. */
  @Transactional
  void withdraw(UUID grantId, Withdrawal reason) {
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "UPDATE phr_app_grant SET withdrawn_at = ?, withdrawn_reason = ?"
            + " WHERE id = ? AND withdrawn_at IS NULL",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setString(2, reason.code);
          statement.setObject(3, grantId);
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "DELETE FROM phr_app_refresh_token WHERE grant_id = ? AND used_at IS NULL",
        statement -> {
          statement.setObject(1, grantId);
          return statement.executeUpdate();
        });
  }

  /** Notes when the app last obtained a token under the grant (the guardian's list shows it). */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void used(UUID grantId) {
    jdbc.prepareStatement(
        "UPDATE phr_app_grant SET last_used_at = ? WHERE id = ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(clock.instant()));
          statement.setObject(2, grantId);
          return statement.executeUpdate();
        });
  }

  private static Grant grant(ResultSet rs) throws SQLException {
    return new Grant(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getObject(4, UUID.class),
        rs.getString(5),
        rs.getString(6),
        rs.getObject(7, UUID.class),
        rs.getObject(8, UUID.class),
        rs.getObject(9, UUID.class),
        AppScopes.parse(rs.getString(10)),
        List.of((String[]) rs.getArray(11).getArray()),
        rs.getString(12),
        instant(rs.getTimestamp(13)),
        instant(rs.getTimestamp(14)),
        instant(rs.getTimestamp(15)),
        rs.getString(16),
        instant(rs.getTimestamp(17)));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
