package app.sukoyaka.notice;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Binds the parameters of the notice package's SQL, arrays included. */
final class SqlParameters {
  private SqlParameters() {}

  static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      bind(statement, i + 1, parameters.get(i));
    }
  }

  static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof AudienceSql.UuidArray array) {
      statement.setArray(
          index, statement.getConnection().createArrayOf("uuid", array.ids().toArray()));
    } else if (value instanceof AudienceSql.TextArray array) {
      statement.setArray(
          index, statement.getConnection().createArrayOf("text", array.values().toArray()));
    } else if (value instanceof LocalDate date) {
      statement.setDate(index, Date.valueOf(date));
    } else if (value instanceof Instant instant) {
      statement.setTimestamp(index, Timestamp.from(instant));
    } else if (value instanceof Boolean flag) {
      statement.setBoolean(index, flag);
    } else if (value instanceof Integer number) {
      statement.setInt(index, number);
    } else if (value instanceof String text) {
      statement.setString(index, text);
    } else {
      statement.setObject(index, value);
    }
  }
}
