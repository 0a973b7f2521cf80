package app.sukoyaka.municipality.bulk;

import app.sukoyaka.platform.ErrorCode;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The import tables: jobs with their files and claims, the error report, and the natural keys of
 * the rows imported. Writes that belong to a batch run in the caller's transaction.
 */
@Singleton
class ImportStore {
  private static final String JOB_COLUMNS =
      "id, municipality_id, system, kind, file_name, file_sha256, file_bytes, dry_run, status,"
          + " requested_by, rows_total, rows_done, stored, unchanged, already_recorded,"
          + " rows_with_errors, errors, ignored_columns, failure_code, failure, created_at,"
          + " started_at, updated_at, finished_at";

  private final JdbcOperations jdbc;

  ImportStore(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** A new job with its file; queued, or running under {@code claim} when the caller runs it. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void create(ImportJob job, byte[] content, UUID claim, Instant leaseUntil) {
    jdbc.prepareStatement(
        "INSERT INTO import_job (id, municipality_id, system, kind, file_name, file_sha256,"
            + " file_bytes, dry_run, status, requested_by, rows_total, ignored_columns,"
            + " claim_token, lease_until, attempts, created_at, started_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, job.id());
          statement.setObject(2, job.municipalityId());
          statement.setString(3, job.system());
          statement.setString(4, job.kind());
          statement.setString(5, job.fileName());
          statement.setString(6, job.fileSha256());
          statement.setLong(7, job.fileBytes());
          statement.setBoolean(8, job.dryRun());
          statement.setString(9, claim == null ? ImportJob.QUEUED : ImportJob.RUNNING);
          statement.setString(10, job.requestedBy());
          statement.setInt(11, job.rowsTotal());
          statement.setArray(
              12, statement.getConnection().createArrayOf("text", job.ignoredColumns().toArray()));
          statement.setObject(13, claim);
          statement.setTimestamp(14, leaseUntil == null ? null : Timestamp.from(leaseUntil));
          statement.setInt(15, claim == null ? 0 : 1);
          statement.setTimestamp(16, Timestamp.from(job.createdAt()));
          statement.setTimestamp(17, claim == null ? null : Timestamp.from(job.createdAt()));
          statement.setTimestamp(18, Timestamp.from(job.createdAt()));
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "INSERT INTO import_file (job_id, content) VALUES (?, ?)",
        statement -> {
          statement.setObject(1, job.id());
          statement.setBytes(2, content);
          return statement.executeUpdate();
        });
  }

  /**
   * Claims the oldest queued job, or a running one whose claim lapsed (its instance stopped), for
   * this worker; one statement, so two instances never claim the same job.
   */
  @Transactional
  Optional<UUID> claimNext(UUID claim, Instant now, Instant leaseUntil) {
    return jdbc.prepareStatement(
        "UPDATE import_job SET status = 'running', claim_token = ?, lease_until = ?,"
            + " attempts = attempts + 1, started_at = COALESCE(started_at, ?), updated_at = ?"
            + " WHERE id = (SELECT id FROM import_job WHERE status = 'queued'"
            + " OR (status = 'running' AND lease_until < ?) ORDER BY created_at"
            + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id",
        statement -> {
          statement.setObject(1, claim);
          statement.setTimestamp(2, Timestamp.from(leaseUntil));
          statement.setTimestamp(3, Timestamp.from(now));
          statement.setTimestamp(4, Timestamp.from(now));
          statement.setTimestamp(5, Timestamp.from(now));
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
          }
        });
  }

  /**
   * Locks the job for a batch's transaction while the claim still holds it; false when another
   * worker took it over (this one was too slow), so the batch must not commit.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  boolean holds(UUID id, UUID claim) {
    return jdbc.prepareStatement(
        "SELECT 1 FROM import_job WHERE id = ? AND claim_token = ? AND status = 'running'"
            + " FOR UPDATE",
        statement -> {
          statement.setObject(1, id);
          statement.setObject(2, claim);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next();
          }
        });
  }

  /** Adds a committed batch's counts and renews the lease, in the batch's transaction. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void progress(UUID id, UUID claim, ImportJob.Counts counts, Instant now, Instant leaseUntil) {
    int updated =
        jdbc.prepareStatement(
            "UPDATE import_job SET rows_done = rows_done + ?, stored = stored + ?,"
                + " unchanged = unchanged + ?, already_recorded = already_recorded + ?,"
                + " rows_with_errors = rows_with_errors + ?, errors = errors + ?,"
                + " lease_until = ?, updated_at = ? WHERE id = ? AND claim_token = ?",
            statement -> {
              statement.setInt(1, counts.rows());
              statement.setInt(2, counts.stored());
              statement.setInt(3, counts.unchanged());
              statement.setInt(4, counts.alreadyRecorded());
              statement.setInt(5, counts.rowsWithErrors());
              statement.setInt(6, counts.errors());
              statement.setTimestamp(7, Timestamp.from(leaseUntil));
              statement.setTimestamp(8, Timestamp.from(now));
              statement.setObject(9, id);
              statement.setObject(10, claim);
              return statement.executeUpdate();
            });
    if (updated != 1) {
      throw new ClaimLostException(id);
    }
  }

  /** Lets the claim's lease lapse now (the holder stops), keeping the job's progress. */
  @Transactional
  void release(UUID id, UUID claim, Instant now) {
    jdbc.prepareStatement(
        "UPDATE import_job SET lease_until = ?, updated_at = ? WHERE id = ? AND claim_token = ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setTimestamp(2, Timestamp.from(now));
          statement.setObject(3, id);
          statement.setObject(4, claim);
          return statement.executeUpdate();
        });
  }

  /** Ends the job as completed or failed; its file is dropped (the digest stays). */
  @Transactional
  boolean finish(
      UUID id, UUID claim, String status, ErrorCode failure, String message, Instant at) {
    int updated =
        jdbc.prepareStatement(
            "UPDATE import_job SET status = ?, claim_token = NULL, lease_until = NULL,"
                + " failure_code = ?, failure = ?, finished_at = ?, updated_at = ?"
                + " WHERE id = ? AND claim_token = ?",
            statement -> {
              statement.setString(1, status);
              statement.setString(2, failure == null ? null : failure.code());
              statement.setString(3, message);
              statement.setTimestamp(4, Timestamp.from(at));
              statement.setTimestamp(5, Timestamp.from(at));
              statement.setObject(6, id);
              statement.setObject(7, claim);
              return statement.executeUpdate();
            });
    if (updated == 1) {
      jdbc.prepareStatement(
          "DELETE FROM import_file WHERE job_id = ?",
          statement -> {
            statement.setObject(1, id);
            return statement.executeUpdate();
          });
    }
    return updated == 1;
  }

  /** Another worker holds the job now: this one stops without committing. */
  static final class ClaimLostException extends RuntimeException {
    ClaimLostException(UUID id) {
      super("The claim on import job " + id + " was lost", null, false, false);
    }
  }

  @Transactional(readOnly = true)
  Optional<ImportJob> job(UUID id) {
    return jdbc.prepareStatement(
        "SELECT " + JOB_COLUMNS + " FROM import_job WHERE id = ?",
        statement -> {
          statement.setObject(1, id);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(job(rs)) : Optional.<ImportJob>empty();
          }
        });
  }

  /** The municipality's jobs, newest first. */
  @Transactional(readOnly = true)
  List<ImportJob> jobs(UUID municipalityId, int limit) {
    return jdbc.prepareStatement(
        "SELECT "
            + JOB_COLUMNS
            + " FROM import_job WHERE municipality_id = ? ORDER BY created_at DESC, id LIMIT ?",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setInt(2, limit);
          List<ImportJob> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(job(rs));
            }
          }
          return found;
        });
  }

  @Transactional(readOnly = true)
  Optional<byte[]> file(UUID id) {
    return jdbc.prepareStatement(
        "SELECT content FROM import_file WHERE job_id = ?",
        statement -> {
          statement.setObject(1, id);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
          }
        });
  }

  /** Appends a batch's errors to the report, numbered on from those already there. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void errors(UUID id, List<RowError> errors) {
    if (errors.isEmpty()) {
      return;
    }
    jdbc.prepareStatement(
        "INSERT INTO import_error (job_id, seq, row_number, column_name, value, code,"
            + " message_ja, message_en)"
            + " SELECT ?, s.base + v.n, v.row_number, v.column_name, v.value, v.code,"
            + " v.message_ja, v.message_en"
            + " FROM (SELECT COALESCE(max(seq), 0) AS base FROM import_error WHERE job_id = ?) s,"
            + " unnest(?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
            + " AS v(n, row_number, column_name, value, code, message_ja, message_en)",
        statement -> {
          Connection connection = statement.getConnection();
          int size = errors.size();
          Integer[] n = new Integer[size];
          Integer[] rows = new Integer[size];
          String[] columns = new String[size];
          String[] values = new String[size];
          String[] codes = new String[size];
          String[] ja = new String[size];
          String[] en = new String[size];
          for (int i = 0; i < size; i++) {
            RowError error = errors.get(i);
            n[i] = i + 1;
            rows[i] = error.row();
            columns[i] = error.column();
            values[i] = error.value();
            codes[i] = error.code().code();
            ja[i] = error.messageJa();
            en[i] = error.messageEn();
          }
          statement.setObject(1, id);
          statement.setObject(2, id);
          statement.setArray(3, connection.createArrayOf("int4", n));
          statement.setArray(4, connection.createArrayOf("int4", rows));
          statement.setArray(5, connection.createArrayOf("text", columns));
          statement.setArray(6, connection.createArrayOf("text", values));
          statement.setArray(7, connection.createArrayOf("text", codes));
          statement.setArray(8, connection.createArrayOf("text", ja));
          statement.setArray(9, connection.createArrayOf("text", en));
          return statement.executeUpdate();
        });
  }

  /** The report's errors in row order, {@code limit} at most (0: all), passed to the consumer. */
  @Transactional(readOnly = true)
  void forEachError(UUID id, int limit, java.util.function.Consumer<RowError> consumer) {
    jdbc.prepareStatement(
        "SELECT row_number, column_name, value, code, message_ja, message_en FROM import_error"
            + " WHERE job_id = ? ORDER BY row_number, seq"
            + (limit > 0 ? " LIMIT " + limit : ""),
        statement -> {
          statement.setObject(1, id);
          statement.setFetchSize(1000);
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              consumer.accept(
                  new RowError(
                      rs.getInt(1),
                      rs.getString(2),
                      rs.getString(3),
                      codeOf(rs.getString(4)),
                      rs.getString(5),
                      rs.getString(6)));
            }
          }
          return null;
        });
  }

  private static ErrorCode codeOf(String code) {
    for (ErrorCode candidate : ErrorCode.values()) {
      if (candidate.code().equals(code)) {
        return candidate;
      }
    }
    return ErrorCode.INTERNAL;
  }

  /** What an import stored under a natural key. */
  record ImportedKey(String contentSha256, UUID jobId, int row) {}

  /** The keys of these rows that imports stored, with what they said. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Map<String, ImportedKey> imported(UUID municipalityId, Collection<String> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    return jdbc.prepareStatement(
        "SELECT natural_key, content_sha256, job_id, row_number FROM import_record"
            + " WHERE municipality_id = ? AND natural_key = ANY (?)",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setArray(
              2, statement.getConnection().createArrayOf("text", keys.toArray(String[]::new)));
          Map<String, ImportedKey> found = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.put(
                  rs.getString(1),
                  new ImportedKey(rs.getString(2), rs.getObject(3, UUID.class), rs.getInt(4)));
            }
          }
          return found;
        });
  }

  /** A row to remember under its natural key. */
  record NewKey(
      String naturalKey, String contentSha256, String kind, UUID recordId, UUID childId, int row) {}

  /**
   * Claims the keys; returns those this transaction took (a key another job took since it was read
   * is left out, and its row is not stored).
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Set<String> claimKeys(UUID municipalityId, UUID jobId, List<NewKey> keys, Instant at) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    return jdbc.prepareStatement(
        "INSERT INTO import_record (municipality_id, natural_key, content_sha256, kind, record_id,"
            + " child_id, job_id, row_number, imported_at, pregnancy_id) SELECT ?, v.k, v.h, v.kind, v.r,"
            // A prenatal record's subject is its pregnancy.
            + " CASE WHEN v.kind = 'prenatal' THEN NULL ELSE v.c END, ?, v.n, ?,"
            + " CASE WHEN v.kind = 'prenatal' THEN v.c END"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::int[])"
            + " AS v(k, h, kind, r, c, n) ON CONFLICT DO NOTHING RETURNING natural_key",
        statement -> {
          Connection connection = statement.getConnection();
          statement.setObject(1, municipalityId);
          statement.setObject(2, jobId);
          statement.setTimestamp(3, Timestamp.from(at));
          statement.setArray(4, array(connection, "text", keys, NewKey::naturalKey));
          statement.setArray(5, array(connection, "text", keys, NewKey::contentSha256));
          statement.setArray(6, array(connection, "text", keys, NewKey::kind));
          statement.setArray(7, array(connection, "uuid", keys, NewKey::recordId));
          statement.setArray(8, array(connection, "uuid", keys, NewKey::childId));
          statement.setArray(9, array(connection, "int4", keys, NewKey::row));
          Set<String> taken = new HashSet<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              taken.add(rs.getString(1));
            }
          }
          return taken;
        });
  }

  private static <T> Array array(
      Connection connection,
      String type,
      List<T> rows,
      java.util.function.Function<T, Object> value)
      throws SQLException {
    Object[] values = new Object[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value.apply(rows.get(i));
    }
    return connection.createArrayOf(type, values);
  }

  /** Drops jobs finished before the cut-off, with their reports. */
  @Transactional
  int dropFinishedBefore(Instant cutOff) {
    return jdbc.prepareStatement(
        "DELETE FROM import_job WHERE finished_at < ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(cutOff));
          return statement.executeUpdate();
        });
  }

  private static ImportJob job(ResultSet rs) throws SQLException {
    Array ignored = rs.getArray(18);
    return new ImportJob(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getLong(7),
        rs.getBoolean(8),
        rs.getString(9),
        rs.getString(10),
        rs.getInt(11),
        rs.getInt(12),
        rs.getInt(13),
        rs.getInt(14),
        rs.getInt(15),
        rs.getInt(16),
        rs.getInt(17),
        ignored == null ? List.of() : List.of((String[]) ignored.getArray()),
        rs.getString(19),
        rs.getString(20),
        instant(rs, 21),
        instant(rs, 22),
        instant(rs, 23),
        instant(rs, 24));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
