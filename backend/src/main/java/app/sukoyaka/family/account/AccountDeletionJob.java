package app.sukoyaka.family.account;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer that carries out deletions whose grace period is over. Every instance ticks; a
 * PostgreSQL advisory lock held for the run lets one of them work while the others skip the tick.
 * Each request is carried out in its own transaction and claimed with SKIP LOCKED, so a run that
 * stopped half-way is finished by the next one and nothing is done twice.
 */
@Singleton
@Requires(property = "sukoyaka.account-deletion.schedule.enabled", notEquals = "false")
class AccountDeletionJob {
  private static final Logger LOG = LoggerFactory.getLogger(AccountDeletionJob.class);

  /** The advisory lock key of the run ("sky-acdl"). */
  static final long LOCK_KEY = 0x736b792d6163646cL;

  private static final int BATCH = 100;

  private final AccountDeletions deletions;
  private final JdbcOperations jdbc;

  AccountDeletionJob(AccountDeletions deletions, JdbcOperations jdbc) {
    this.deletions = deletions;
    this.jdbc = jdbc;
  }

  @Scheduled(
      fixedDelay = "${sukoyaka.account-deletion.schedule.interval:1h}",
      initialDelay = "${sukoyaka.account-deletion.schedule.initial-delay:1m}")
  void tick() {
    runOnce();
  }

  /** One run; returns how many accounts it deleted, or -1 when another instance is running. */
  @Connectable
  public int runOnce() {
    if (!advisory("SELECT pg_try_advisory_lock(?)")) {
      return -1;
    }
    try {
      int done = 0;
      while (true) {
        java.util.List<UUID> due = deletions.due(BATCH);
        int before = done;
        for (UUID id : due) {
          if (deletions.execute(id)) {
            done++;
          }
        }
        if (due.size() < BATCH || done == before) {
          break;
        }
      }
      if (done > 0) {
        LOG.info("Deleted {} app accounts whose grace period was over", done);
      }
      return done;
    } finally {
      advisory("SELECT pg_advisory_unlock(?)");
    }
  }

  private boolean advisory(String sql) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          statement.setLong(1, LOCK_KEY);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
          }
        });
  }
}
