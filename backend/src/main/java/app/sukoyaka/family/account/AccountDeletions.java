package app.sukoyaka.family.account;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A guardian's request to delete their app account, the grace period in which they may cancel it,
 * and carrying it out by the retention rules: what the municipality must keep stays, the rest goes.
 */
@Singleton
public class AccountDeletions {
  static final String PURPOSE = "account-deletion";

  private final JdbcOperations jdbc;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final AccountDeletionConfiguration config;
  private final Clock clock;
  private final RetentionRules rules;
  private final List<AccountErasure> erasures;

  AccountDeletions(
      JdbcOperations jdbc,
      AccessGuard guard,
      AccessLog accessLog,
      AccountDeletionConfiguration config,
      Clock clock,
      List<AccountErasure> erasures) {
    this.jdbc = jdbc;
    this.guard = guard;
    this.accessLog = accessLog;
    this.config = config;
    this.clock = clock;
    this.rules = RetentionRules.load();
    this.erasures = ordered(rules, erasures);
  }

  /**
   * The erasures in the order of the rules; fails at start-up when a kind the rules delete has no
   * erasure, or an erasure names a kind the rules do not list.
   */
  static List<AccountErasure> ordered(RetentionRules rules, List<AccountErasure> erasures) {
    Map<String, AccountErasure> byKind = new LinkedHashMap<>();
    for (AccountErasure erasure : erasures) {
      if (byKind.put(erasure.kind(), erasure) != null) {
        throw new IllegalStateException("Two erasures of " + erasure.kind());
      }
    }
    List<AccountErasure> result = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (RetentionRules.Rule rule : rules.rules()) {
      listed.add(rule.kind());
      AccountErasure erasure = byKind.get(rule.kind());
      if (erasure == null && !rule.keep()) {
        throw new IllegalStateException("Nothing carries out the deletion of " + rule.kind());
      }
      if (erasure != null) {
        result.add(erasure);
      }
    }
    for (String kind : byKind.keySet()) {
      if (!listed.contains(kind)) {
        throw new IllegalStateException("No retention rule for " + kind);
      }
    }
    return List.copyOf(result);
  }

  public RetentionRules rules() {
    return rules;
  }

  /**
   * A deletion request as the guardian sees it.
   *
   * @param status pending, cancelled or done
   */
  @Serdeable
  public record DeletionRequest(
      UUID id,
      String status,
      Instant requestedAt,
      Instant executeAfter,
      @Nullable Instant cancelledAt,
      @Nullable Instant executedAt) {}

  /** Asks for deletion; it is carried out after the grace period unless cancelled. */
  @Transactional
  public DeletionRequest request(Principal principal) {
    Account account = account(principal);
    guard.require(
        principal, AccessPolicy.Action.WRITE, account.subject(), "request-deletion", PURPOSE);
    if (latest(account.personId()).filter(r -> r.status().equals("pending")).isPresent()) {
      throw new ProblemException(
          ErrorCode.ACCOUNT_DELETION_PENDING,
          "Deletion of this account was already requested; cancel it or wait.");
    }
    Instant now = clock.instant();
    UUID id = Ids.newId();
    jdbc.prepareStatement(
        "INSERT INTO account_deletion_request (id, person_id, municipality_id, status,"
            + " requested_at, execute_after, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setObject(2, account.personId());
          statement.setObject(3, account.municipalityId());
          statement.setTimestamp(4, Timestamp.from(now));
          statement.setTimestamp(5, Timestamp.from(now.plus(config.gracePeriod())));
          statement.setTimestamp(6, Timestamp.from(now));
          return statement.executeUpdate();
        });
    accessLog.write(principal, account.subject(), "request-deletion", PURPOSE);
    return latest(account.personId()).orElseThrow();
  }

  @Transactional
  public DeletionRequest current(Principal principal) {
    Account account = account(principal);
    guard.require(principal, AccessPolicy.Action.READ, account.subject(), "read-deletion", PURPOSE);
    DeletionRequest request =
        latest(account.personId())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.ACCOUNT_NO_DELETION_REQUEST,
                        "Deletion of this account was never requested."));
    accessLog.access(principal, account.subject(), "read-deletion", PURPOSE, true);
    return request;
  }

  /** Cancels a pending request during its grace period. */
  @Transactional
  public DeletionRequest cancel(Principal principal) {
    Account account = account(principal);
    guard.require(
        principal, AccessPolicy.Action.WRITE, account.subject(), "cancel-deletion", PURPOSE);
    Instant now = clock.instant();
    int cancelled =
        jdbc.prepareStatement(
            "UPDATE account_deletion_request SET status = 'cancelled', cancelled_at = ?,"
                + " updated_at = ? WHERE person_id = ? AND status = 'pending'",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(now));
              statement.setTimestamp(2, Timestamp.from(now));
              statement.setObject(3, account.personId());
              return statement.executeUpdate();
            });
    if (cancelled == 0) {
      throw new ProblemException(
          ErrorCode.ACCOUNT_NO_DELETION_REQUEST, "No deletion of this account is waiting.");
    }
    accessLog.write(principal, account.subject(), "cancel-deletion", PURPOSE);
    return latest(account.personId()).orElseThrow();
  }

  /** Requests whose grace period is over and that nobody has carried out yet, oldest first. */
  @Transactional
  public List<UUID> due(int limit) {
    return jdbc.prepareStatement(
        "SELECT id FROM account_deletion_request WHERE status = 'pending' AND execute_after <= ?"
            + " ORDER BY execute_after LIMIT ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(clock.instant()));
          statement.setInt(2, limit);
          List<UUID> ids = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getObject(1, UUID.class));
            }
          }
          return ids;
        });
  }

  /**
   * Carries out one request in one transaction: every erasure in the order of the rules, then the
   * request marked done. A request already done or cancelled (by another run, or by the guardian a
   * moment ago) is left alone; returns whether this call carried it out.
   */
  @Transactional
  public boolean execute(UUID requestId) {
    Optional<Object[]> claimed =
        jdbc.prepareStatement(
            "SELECT r.person_id, r.municipality_id, p.login_subject FROM account_deletion_request r"
                + " JOIN person p ON p.id = r.person_id"
                + " WHERE r.id = ? AND r.status = 'pending' AND r.execute_after <= ?"
                + " FOR UPDATE OF r SKIP LOCKED",
            statement -> {
              statement.setObject(1, requestId);
              statement.setTimestamp(2, Timestamp.from(clock.instant()));
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                    ? Optional.of(
                        new Object[] {
                          rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)
                        })
                    : Optional.empty();
              }
            });
    if (claimed.isEmpty()) {
      return false;
    }
    Instant now = clock.instant();
    AccountErasure.DeletedAccount account =
        new AccountErasure.DeletedAccount(
            (UUID) claimed.get()[0], (UUID) claimed.get()[1], (String) claimed.get()[2], now);
    // Marked done first: the app-account erasure may remove the person, which empties person_id.
    jdbc.prepareStatement(
        "UPDATE account_deletion_request SET status = 'done', executed_at = ?, rules_version = ?,"
            + " updated_at = ? WHERE id = ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setString(2, rules.version());
          statement.setTimestamp(3, Timestamp.from(now));
          statement.setObject(4, requestId);
          return statement.executeUpdate();
        });
    for (AccountErasure erasure : erasures) {
      erasure.erase(account);
    }
    return true;
  }

  private Optional<DeletionRequest> latest(UUID personId) {
    return jdbc.prepareStatement(
        "SELECT id, status, requested_at, execute_after, cancelled_at, executed_at"
            + " FROM account_deletion_request WHERE person_id = ?"
            + " ORDER BY requested_at DESC, id LIMIT 1",
        statement -> {
          statement.setObject(1, personId);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new DeletionRequest(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getTimestamp(3).toInstant(),
                    rs.getTimestamp(4).toInstant(),
                    instant(rs.getTimestamp(5)),
                    instant(rs.getTimestamp(6))));
          }
        });
  }

  private record Account(UUID personId, UUID municipalityId, ProtectedSubject subject) {}

  private Account account(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only a guardian's app account can be deleted here.");
    }
    return jdbc.prepareStatement(
        "SELECT id, municipality_id FROM person WHERE login_subject = ?",
        statement -> {
          statement.setString(1, principal.subject());
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              throw new ProblemException(
                  ErrorCode.ACCOUNT_NO_PERSON, "No account on record for this login.");
            }
            UUID id = rs.getObject(1, UUID.class);
            UUID municipality = rs.getObject(2, UUID.class);
            return new Account(
                id,
                municipality,
                new ProtectedSubject(
                    "person", id, municipality, Set.of(principal.subject()), Set.of()));
          }
        });
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
