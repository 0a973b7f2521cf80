package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
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
import java.util.UUID;

/** Saved audiences: named queries of a municipality, reused from notice to notice. */
@Singleton
class AudienceStore {
  private static final String SELECT =
      "SELECT id, municipality_id, name, query::text, created_by, created_at, updated_by,"
          + " updated_at FROM notice_audience";

  private final JdbcOperations jdbc;
  private final Clock clock;

  AudienceStore(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A saved audience; its query is kept in the API's shape. */
  record StoredAudience(
      UUID id,
      UUID municipalityId,
      String name,
      NoticeBodies.AudienceQuery query,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt) {}

  @Transactional
  public StoredAudience create(
      UUID municipalityId, String name, NoticeBodies.AudienceQuery query, String actor) {
    UUID id = Ids.newId();
    Instant now = clock.instant();
    int inserted =
        jdbc.prepareStatement(
            "INSERT INTO notice_audience (id, municipality_id, name, query, created_by,"
                + " created_at, updated_by, updated_at) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
                + " ON CONFLICT (municipality_id, name) DO NOTHING",
            statement -> {
              statement.setObject(1, id);
              statement.setObject(2, municipalityId);
              statement.setString(3, name);
              statement.setString(4, NoticeJson.query(query));
              statement.setString(5, actor);
              statement.setTimestamp(6, Timestamp.from(now));
              statement.setString(7, actor);
              statement.setTimestamp(8, Timestamp.from(now));
              return statement.executeUpdate();
            });
    if (inserted == 0) {
      throw nameTaken(name);
    }
    return find(id).orElseThrow();
  }

  @Transactional
  public StoredAudience update(
      UUID id, UUID municipalityId, String name, NoticeBodies.AudienceQuery query, String actor) {
    boolean taken =
        jdbc.prepareStatement(
            "SELECT 1 FROM notice_audience WHERE municipality_id = ? AND name = ? AND id <> ?",
            statement -> {
              statement.setObject(1, municipalityId);
              statement.setString(2, name);
              statement.setObject(3, id);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
              }
            });
    if (taken) {
      throw nameTaken(name);
    }
    jdbc.prepareStatement(
        "UPDATE notice_audience SET name = ?, query = ?::jsonb, updated_by = ?, updated_at = ?"
            + " WHERE id = ?",
        statement -> {
          statement.setString(1, name);
          statement.setString(2, NoticeJson.query(query));
          statement.setString(3, actor);
          statement.setTimestamp(4, Timestamp.from(clock.instant()));
          statement.setObject(5, id);
          return statement.executeUpdate();
        });
    return find(id).orElseThrow();
  }

  private static ProblemException nameTaken(String name) {
    return new ProblemException(
        ErrorCode.NOTICE_AUDIENCE_NAME_TAKEN,
        "Your municipality has an audience named " + name + " already.",
        List.of(new ProblemException.FieldError("name", "taken")));
  }

  @Transactional(readOnly = true)
  public Optional<StoredAudience> find(UUID id) {
    return jdbc.prepareStatement(
        SELECT + " WHERE id = ?",
        statement -> {
          statement.setObject(1, id);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(audience(rs)) : Optional.empty();
          }
        });
  }

  @Transactional(readOnly = true)
  public List<StoredAudience> list(UUID municipalityId) {
    return jdbc.prepareStatement(
        SELECT + " WHERE municipality_id = ? ORDER BY name",
        statement -> {
          statement.setObject(1, municipalityId);
          List<StoredAudience> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(audience(rs));
            }
          }
          return found;
        });
  }

  private static StoredAudience audience(ResultSet rs) throws SQLException {
    return new StoredAudience(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        NoticeJson.query(rs.getString(4)),
        rs.getString(5),
        rs.getTimestamp(6).toInstant(),
        rs.getString(7),
        rs.getTimestamp(8).toInstant());
  }
}
