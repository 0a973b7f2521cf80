package app.sukoyaka.platform.observability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts read from the database for gauges (queue depth, jobs by status): one grouped query, cached
 * for a few seconds so that scrapes of every instance do not add up to load. The figures are the
 * database's, the same on every instance: aggregate them with {@code max}, not {@code sum}.
 */
public final class DatabaseGauge {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseGauge.class);
  private static final long MAX_AGE_NANOS = 5_000_000_000L;

  private final DataSource dataSource;
  private final String sql;
  private Map<String, Double> values = Map.of();
  private long readAt;
  private boolean read;

  /**
   * @param sql a query answering (key text, count) rows
   */
  public DatabaseGauge(DataSource dataSource, String sql) {
    this.dataSource = dataSource;
    this.sql = sql;
  }

  /** The count of the key now (0 when no row has it), or NaN when the database does not answer. */
  public synchronized double value(String key) {
    long now = System.nanoTime();
    if (!read || now - readAt > MAX_AGE_NANOS) {
      values = load();
      readAt = now;
      read = true;
    }
    if (values == null) {
      return Double.NaN;
    }
    return values.getOrDefault(key, 0.0);
  }

  private Map<String, Double> load() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      Map<String, Double> loaded = new HashMap<>();
      while (rs.next()) {
        loaded.put(rs.getString(1), rs.getDouble(2));
      }
      return loaded;
    } catch (SQLException e) {
      LOG.debug("A gauge could not be read", e);
      return null;
    }
  }
}
