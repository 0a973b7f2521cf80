package app.sukoyaka.security;

import app.sukoyaka.platform.SqlTime;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Writes who read or wrote which family's records, what, when and why. Writes are logged in the
 * transaction that stores the data, so a log row exists exactly when the data does; reads are
 * logged in the transaction that read the data ({@link #read}) or in one of their own, denials
 * always in one of their own.
 */
@Singleton
public class AccessLog {
  private final JdbcOperations jdbc;
  private final Clock clock;

  AccessLog(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Logs a write inside the caller's transaction. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void write(Principal principal, ProtectedSubject subject, String action, String purpose) {
    insert(principal, subject, action, purpose, true);
  }

  /**
   * Logs an allowed read inside the caller's transaction, the one that read the data: the row
   * commits with it, before the answer is written, so a read that was answered is always logged (a
   * failed commit fails the request), and the read costs one transaction, not two.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void read(Principal principal, ProtectedSubject subject, String action, String purpose) {
    insert(principal, subject, action, purpose, true);
  }

  /** Logs a read or a denial in a transaction of its own. */
  @Transactional(propagation = TransactionDefinition.Propagation.REQUIRES_NEW)
  public void access(
      Principal principal,
      ProtectedSubject subject,
      String action,
      String purpose,
      boolean allowed) {
    insert(principal, subject, action, purpose, allowed);
  }

  /**
   * Logs a write of many subjects at once (a batch of imported records), one row per subject in one
   * statement, inside the caller's transaction.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void writeAll(
      Principal principal,
      java.util.Collection<ProtectedSubject> subjects,
      String action,
      String purpose) {
    if (subjects.isEmpty()) {
      return;
    }
    java.time.Instant now = clock.instant();
    jdbc.prepareStatement(
        "INSERT INTO access_log (occurred_at, actor_role, actor_id, municipality_id,"
            + " subject_type, subject_id, action, purpose, outcome, facility_id)"
            + " SELECT ?, ?, ?, v.m, v.t, v.s, ?, ?, 'allowed', ?::uuid"
            + " FROM unnest(?::uuid[], ?::text[], ?::uuid[]) AS v(m, t, s)",
        statement -> {
          java.sql.Connection connection = statement.getConnection();
          SqlTime.setInstant(statement, 1, now);
          statement.setString(2, principal.role().claim());
          statement.setString(3, principal.subject());
          statement.setString(4, action);
          statement.setString(5, purpose);
          statement.setObject(6, principal.facilityId());
          statement.setArray(
              7,
              connection.createArrayOf(
                  "uuid", subjects.stream().map(ProtectedSubject::municipalityId).toArray()));
          statement.setArray(
              8,
              connection.createArrayOf(
                  "text", subjects.stream().map(ProtectedSubject::type).toArray()));
          statement.setArray(
              9,
              connection.createArrayOf(
                  "uuid", subjects.stream().map(ProtectedSubject::id).toArray()));
          return statement.executeUpdate();
        });
  }

  /**
   * Logs a read of many subjects at once (a list of recipients, a paper follow-up list), one row
   * per subject in one batch, in a transaction of its own.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.REQUIRES_NEW)
  public void accessAll(
      Principal principal,
      java.util.Collection<ProtectedSubject> subjects,
      String action,
      String purpose) {
    if (subjects.isEmpty()) {
      return;
    }
    java.time.Instant now = clock.instant();
    jdbc.prepareStatement(
        "INSERT INTO access_log (occurred_at, actor_role, actor_id, municipality_id,"
            + " subject_type, subject_id, action, purpose, outcome, facility_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'allowed', ?)",
        statement -> {
          for (ProtectedSubject subject : subjects) {
            SqlTime.setInstant(statement, 1, now);
            statement.setString(2, principal.role().claim());
            statement.setString(3, principal.subject());
            statement.setObject(4, subject.municipalityId());
            statement.setString(5, subject.type());
            statement.setObject(6, subject.id());
            statement.setString(7, action);
            statement.setString(8, purpose);
            statement.setObject(9, principal.facilityId());
            statement.addBatch();
          }
          return statement.executeBatch().length;
        });
  }

  private void insert(
      Principal principal,
      ProtectedSubject subject,
      String action,
      String purpose,
      boolean allowed) {
    jdbc.prepareStatement(
        "INSERT INTO access_log (occurred_at, actor_role, actor_id, municipality_id,"
            + " subject_type, subject_id, action, purpose, outcome, facility_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          SqlTime.setInstant(statement, 1, clock.instant());
          statement.setString(2, principal.role().claim());
          statement.setString(3, principal.subject());
          statement.setObject(4, subject.municipalityId());
          statement.setString(5, subject.type());
          statement.setObject(6, subject.id());
          statement.setString(7, action);
          statement.setString(8, purpose);
          statement.setString(9, allowed ? "allowed" : "denied");
          // The clinic's facility, so that the family's history names the clinic.
          statement.setObject(10, principal.facilityId());
          return statement.executeUpdate();
        });
  }
}
