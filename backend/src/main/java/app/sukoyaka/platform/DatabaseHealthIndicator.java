package app.sukoyaka.platform;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Database status for {@code /health}: reachable or not, the server version and the round trip,
 * without the connection URL or user that Micronaut's own JDBC indicator would show to anyone.
 */
@Singleton
class DatabaseHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final DataSource dataSource;

  DatabaseHealthIndicator(DataSource dataSource) {
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
  }

  @Override
  protected String getName() {
    return "database";
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    long start = System.nanoTime();
    Map<String, Object> details = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW server_version")) {
      rs.next();
      details.put("database", "PostgreSQL");
      details.put("version", rs.getString(1));
      details.put("roundTripMs", (System.nanoTime() - start) / 1_000_000);
      healthStatus = HealthStatus.UP;
    } catch (SQLException e) {
      details.put("error", "The database does not answer.");
      healthStatus = HealthStatus.DOWN;
    }
    return details;
  }
}
