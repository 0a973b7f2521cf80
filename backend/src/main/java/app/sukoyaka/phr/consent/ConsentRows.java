package app.sukoyaka.phr.consent;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one shape in which the consent sources that live in a feature's own tables (a family's
 * download brought into a transfer, online delivery of notices, family sharing, the visit QR grant)
 * read their consents: a statement whose parameters are all the guardian's person id and whose
 * columns are, in this order, the consent's id, the recipient, the children and the pregnancies it
 * covers (uuid arrays), the text version, when it was agreed, when it ends by itself and when it
 * was withdrawn. Each source keeps only its SQL.
 */
public final class ConsentRows {
  private ConsentRows() {}

  /**
   * The guardian's consents of one kind, in the statement's order.
   *
   * @param sql a statement with the columns above; every {@code ?} is the guardian's person id
   */
  public static List<ConsentEntry> query(
      JdbcOperations jdbc,
      String sql,
      UUID guardianPersonId,
      String kind,
      List<String> recordKinds) {
    int parameters = (int) sql.chars().filter(c -> c == '?').count();
    return jdbc.prepareStatement(
        sql,
        statement -> {
          for (int p = 1; p <= parameters; p++) {
            statement.setObject(p, guardianPersonId);
          }
          List<ConsentEntry> entries = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              entries.add(entry(rs, kind, recordKinds));
            }
          }
          return entries;
        });
  }

  /** One row of such a statement as the register's entry. */
  static ConsentEntry entry(ResultSet rs, String kind, List<String> recordKinds)
      throws SQLException {
    return new ConsentEntry(
        kind,
        rs.getObject(1).toString(),
        rs.getString(2),
        uuids(rs.getArray(3)),
        uuids(rs.getArray(4)),
        recordKinds,
        rs.getString(5),
        instant(rs.getTimestamp(6)),
        instant(rs.getTimestamp(7)),
        instant(rs.getTimestamp(8)));
  }

  /** The consent id the register was given, when it is a UUID (every id of these sources is). */
  public static Optional<UUID> uuid(String consentId) {
    try {
      return Optional.of(UUID.fromString(consentId));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static List<UUID> uuids(java.sql.Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] values = (Object[]) array.getArray();
    return Arrays.stream(values).map(v -> (UUID) v).toList();
  }
}
