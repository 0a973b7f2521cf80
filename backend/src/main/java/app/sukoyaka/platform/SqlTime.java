package app.sukoyaka.platform;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Dates and instants to and from PostgreSQL as {@code java.time} values. The driver writes and
 * reads these as text directly, where {@code java.sql.Date} and {@code Timestamp} go through a
 * {@code GregorianCalendar} and the default time zone on every value: on the clinic intake's path
 * that was a twentieth of the service's CPU.
 */
public final class SqlTime {
  private SqlTime() {}

  /** Binds a {@code date} parameter; null binds SQL NULL. */
  public static void setDate(PreparedStatement statement, int index, LocalDate date)
      throws SQLException {
    if (date == null) {
      statement.setNull(index, Types.DATE);
    } else {
      statement.setObject(index, date);
    }
  }

  /** Binds a {@code timestamptz} parameter; null binds SQL NULL. */
  public static void setInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }

  /** A {@code date} column, or null. */
  public static LocalDate date(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, LocalDate.class);
  }
}
