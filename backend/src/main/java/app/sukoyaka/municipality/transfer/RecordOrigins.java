package app.sukoyaka.municipality.transfer;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Where each record taken over from another Sukoyaka came from, for whoever reads the record: the
 * municipality where it was first registered (its earliest origin, which a record keeps however
 * many moves it makes) and the one it came through here, with when it was taken over. A child's and
 * a pregnancy's records alike.
 */
@Singleton
public class RecordOrigins {
  private final JdbcOperations jdbc;

  RecordOrigins(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A record's origin.
   *
   * @param municipalityCode where it was first registered (全国地方公共団体コード)
   * @param municipalityName its name, or null when no download named it
   * @param originId the record's id there
   * @param viaCode the municipality it came through here (the previous one)
   * @param takenOverAt when it was taken over here
   */
  public record RecordOrigin(
      UUID localId,
      String municipalityCode,
      String municipalityName,
      String originId,
      String viaCode,
      String viaName,
      Instant takenOverAt) {}

  /** The origins of those of the records (checkups, vaccinations) that were taken over. */
  @Transactional(readOnly = true)
  public Map<UUID, RecordOrigin> of(Collection<UUID> localIds) {
    Map<UUID, RecordOrigin> found = new HashMap<>();
    if (localIds.isEmpty()) {
      return found;
    }
    UUID[] ids = localIds.toArray(UUID[]::new);
    // Earliest take-over first: a record linked again later keeps its first origin.
    jdbc.prepareStatement(
        "SELECT r.local_id, r.origin_code, COALESCE(r.origin_name, CASE WHEN r.origin_code ="
            + " t.from_code THEN t.from_name END), r.origin_id, t.from_code, t.from_name,"
            + " r.imported_at FROM transfer_record r JOIN transfer_in t ON t.id = r.transfer_id"
            + " WHERE r.local_id = ANY (?)"
            + " UNION ALL SELECT r.local_id, r.origin_code, COALESCE(r.origin_name, CASE WHEN"
            + " r.origin_code = t.from_code THEN t.from_name END), r.origin_id, t.from_code,"
            + " t.from_name, r.imported_at FROM pregnancy_transfer_record r"
            + " JOIN pregnancy_transfer_in t ON t.id = r.transfer_id WHERE r.local_id = ANY (?)"
            + " AND r.record_type <> 'own_record' ORDER BY 7",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
          statement.setArray(2, statement.getConnection().createArrayOf("uuid", ids));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              UUID local = rs.getObject(1, UUID.class);
              found.putIfAbsent(
                  local,
                  new RecordOrigin(
                      local,
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getTimestamp(7).toInstant()));
            }
          }
          return null;
        });
    return found;
  }
}
