package app.sukoyaka.family.records;

import app.sukoyaka.family.sync.SyncProbe;
import app.sukoyaka.family.sync.SyncWindow;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code parent_record} table; every statement runs in the caller's transaction. */
@Singleton
class OwnRecordStore {
  private static final String COLUMNS =
      "id, municipality_id, child_id, pregnancy_id, kind, item_code, recorded_on,"
          + " quantity_value, quantity_unit, answer_code, text_value, author, client_id, version,"
          + " created_by, created_at, updated_by, updated_at, deleted_at, create_digest";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM parent_record";

  /** A record's key in the handbook's timeline: {@code own-record:<id>}. */
  static final String TIMELINE_KEY = "own-record:";

  private final JdbcOperations jdbc;

  OwnRecordStore(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored record with the digest of the request that created it. */
  record Stored(OwnRecord record, String createDigest) {}

  /**
   * Inserts the record unless one with its client id exists; returns whether it was inserted. A
   * concurrent insert of the same client id waits for the other transaction and then inserts
   * nothing (the unique index), so a repeated create never stores twice.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  boolean insert(OwnRecord record, String createDigest) {
    return jdbc.prepareStatement(
            "INSERT INTO parent_record (id, municipality_id, child_id, pregnancy_id, kind,"
                + " item_code, recorded_on, quantity_value, quantity_unit, answer_code, text_value,"
                + " author, client_id, create_digest, version, created_by, created_at, updated_by,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (client_id) DO NOTHING",
            statement -> {
              statement.setObject(1, record.id());
              statement.setObject(2, record.municipalityId());
              boolean child = record.owner() == OwnRecordItems.Owner.CHILD;
              statement.setObject(3, child ? record.ownerId() : null, Types.OTHER);
              statement.setObject(4, child ? null : record.ownerId(), Types.OTHER);
              statement.setString(5, record.kind().code());
              int next = bindContent(statement, 6, record.content());
              statement.setObject(next, record.clientId());
              statement.setString(next + 1, createDigest);
              statement.setInt(next + 2, record.version());
              statement.setString(next + 3, record.createdBy());
              statement.setTimestamp(next + 4, Timestamp.from(record.createdAt()));
              statement.setString(next + 5, record.updatedBy());
              statement.setTimestamp(next + 6, Timestamp.from(record.updatedAt()));
              return statement.executeUpdate();
            })
        == 1;
  }

  /**
   * Replaces the content if the record is at {@code baseVersion} and not deleted; returns whether
   * it did.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  boolean update(UUID id, int baseVersion, OwnRecord.Content content, String actor, Instant at) {
    return jdbc.prepareStatement(
            "UPDATE parent_record SET item_code = ?, recorded_on = ?, quantity_value = ?,"
                + " quantity_unit = ?, answer_code = ?, text_value = ?, author = ?,"
                + " version = version + 1, updated_by = ?, updated_at = ?"
                + " WHERE id = ? AND version = ? AND deleted_at IS NULL",
            statement -> {
              int next = bindContent(statement, 1, content);
              statement.setString(next, actor);
              statement.setTimestamp(next + 1, Timestamp.from(at));
              statement.setObject(next + 2, id);
              statement.setInt(next + 3, baseVersion);
              return statement.executeUpdate();
            })
        == 1;
  }

  /**
   * Deletes the record if it is at {@code baseVersion}: a tombstone keeps its id, owner, kind,
   * version and times for the sync, and the family's words and values go.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  boolean delete(UUID id, int baseVersion, String actor, Instant at) {
    return jdbc.prepareStatement(
            "UPDATE parent_record SET quantity_value = NULL, quantity_unit = NULL,"
                + " answer_code = NULL, text_value = NULL, version = version + 1,"
                + " updated_by = ?, updated_at = ?, deleted_at = ?"
                + " WHERE id = ? AND version = ? AND deleted_at IS NULL",
            statement -> {
              statement.setString(1, actor);
              statement.setTimestamp(2, Timestamp.from(at));
              statement.setTimestamp(3, Timestamp.from(at));
              statement.setObject(4, id);
              statement.setInt(5, baseVersion);
              return statement.executeUpdate();
            })
        == 1;
  }

  /** The record, deleted or not. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Optional<Stored> byId(UUID id) {
    return one(SELECT + " WHERE id = ?", id);
  }

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Optional<Stored> byClientId(UUID clientId) {
    return one(SELECT + " WHERE client_id = ?", clientId);
  }

  /** The owner's records that are not deleted, by day, oldest first. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  List<OwnRecord> of(OwnRecordItems.Owner owner, UUID ownerId, OwnRecordKind kind) {
    String column = owner == OwnRecordItems.Owner.CHILD ? "child_id" : "pregnancy_id";
    return jdbc.prepareStatement(
        SELECT
            + " WHERE "
            + column
            + " = ? AND deleted_at IS NULL AND (?::text IS NULL OR kind = ?::text)"
            + " ORDER BY recorded_on, created_at, id",
        statement -> {
          statement.setObject(1, ownerId);
          String code = kind == null ? null : kind.code();
          statement.setString(2, code);
          statement.setString(3, code);
          List<OwnRecord> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(row(rs).record());
            }
          }
          return found;
        });
  }

  /**
   * The records of these children and pregnancies written in the sync's window, deleted ones
   * included (the sync sends them as tombstones).
   */
  List<OwnRecord> changed(UUID[] children, UUID[] pregnancies, SyncWindow window) {
    if (children.length == 0 && pregnancies.length == 0) {
      return List.of();
    }
    return jdbc.prepareStatement(
        SELECT
            + " r WHERE (r.child_id = ANY (?) OR r.pregnancy_id = ANY (?)) AND "
            + window.changed("r")
            + " ORDER BY r.recorded_on, r.id",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", children));
          statement.setArray(2, statement.getConnection().createArrayOf("uuid", pregnancies));
          window.bind(statement, 3);
          List<OwnRecord> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(row(rs).record());
            }
          }
          return found;
        });
  }

  /**
   * The newest records of each of these children and pregnancies that are not deleted, older than
   * the position ({@code afterDate}, {@code afterKey}; all when the date is null), at most {@code
   * limit} each, in the timeline's order: day descending, then key ({@code own-record:<id>})
   * descending as bytes.
   */
  List<OwnRecord> timeline(
      UUID[] children, UUID[] pregnancies, LocalDate afterDate, String afterKey, int limit) {
    return jdbc.prepareStatement(
        "SELECT x.* FROM (SELECT "
            + COLUMNS
            + ", row_number() OVER (PARTITION BY COALESCE(child_id, pregnancy_id) ORDER BY"
            + " recorded_on DESC, ('"
            + TIMELINE_KEY
            + "' || id) COLLATE \"C\" DESC) AS n FROM parent_record"
            + " WHERE (child_id = ANY (?) OR pregnancy_id = ANY (?)) AND deleted_at IS NULL"
            + " AND (CAST(? AS date) IS NULL OR recorded_on < ? OR (recorded_on = ?"
            + " AND ('"
            + TIMELINE_KEY
            + "' || id) COLLATE \"C\" < CAST(? AS text) COLLATE \"C\"))) x WHERE x.n <= ?",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", children));
          statement.setArray(2, statement.getConnection().createArrayOf("uuid", pregnancies));
          for (int i = 3; i <= 5; i++) {
            statement.setDate(i, afterDate == null ? null : Date.valueOf(afterDate));
          }
          statement.setString(6, afterKey);
          statement.setInt(7, limit);
          List<OwnRecord> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(row(rs).record());
            }
          }
          return found;
        });
  }

  /** Whether {@link #changed} would find anything: the sync's probe. */
  SyncProbe probe(UUID[] children, UUID[] pregnancies, SyncWindow window) {
    if (children.length == 0 && pregnancies.length == 0) {
      return SyncProbe.never();
    }
    return SyncProbe.when(
        "EXISTS (SELECT 1 FROM parent_record r WHERE (r.child_id = ANY (?)"
            + " OR r.pregnancy_id = ANY (?)) AND "
            + window.changed("r")
            + ")",
        (statement, index) -> {
          statement.setArray(index, statement.getConnection().createArrayOf("uuid", children));
          statement.setArray(
              index + 1, statement.getConnection().createArrayOf("uuid", pregnancies));
          return window.bind(statement, index + 2);
        });
  }

  private Optional<Stored> one(String sql, UUID id) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          statement.setObject(1, id);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
          }
        });
  }

  private static int bindContent(PreparedStatement statement, int at, OwnRecord.Content content)
      throws SQLException {
    statement.setString(at, content.item());
    statement.setDate(at + 1, Date.valueOf(content.date()));
    statement.setBigDecimal(at + 2, content.quantityValue());
    statement.setString(at + 3, content.quantityUnit());
    statement.setString(at + 4, content.answer());
    statement.setString(at + 5, content.text());
    statement.setString(at + 6, content.author());
    return at + 7;
  }

  private static Stored row(ResultSet rs) throws SQLException {
    UUID child = rs.getObject(3, UUID.class);
    Timestamp deleted = rs.getTimestamp(19);
    OwnRecord record =
        new OwnRecord(
            rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class),
            child != null ? OwnRecordItems.Owner.CHILD : OwnRecordItems.Owner.PREGNANCY,
            child != null ? child : rs.getObject(4, UUID.class),
            OwnRecordKind.of(rs.getString(5)).orElseThrow(),
            rs.getString(6),
            rs.getDate(7).toLocalDate(),
            rs.getBigDecimal(8),
            rs.getString(9),
            rs.getString(10),
            rs.getString(11),
            rs.getString(12),
            rs.getObject(13, UUID.class),
            rs.getInt(14),
            rs.getString(15),
            rs.getTimestamp(16).toInstant(),
            rs.getString(17),
            rs.getTimestamp(18).toInstant(),
            deleted == null ? null : deleted.toInstant());
    return new Stored(record, rs.getString(20));
  }
}
