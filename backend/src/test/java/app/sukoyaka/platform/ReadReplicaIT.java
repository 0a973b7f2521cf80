package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.municipality.figures.Cell;
import app.sukoyaka.municipality.figures.FigureStore;
import app.sukoyaka.testing.TestDatabase;
import app.sukoyaka.testing.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With a replica datasource configured, the dashboard's figures are read there: the replica here is
 * another database whose cells the primary does not have, so only a read that went to it can see
 * them.
 */
class ReadReplicaIT {

  @Test
  void theDashboardsFiguresAreReadFromTheReplicaWhenOneIsConfigured() throws Exception {
    // Creating the replica's database takes the server's administrator.
    Map<String, Object> primary = TestDatabase.superuserProperties();
    String url = (String) primary.get("datasources.default.url");
    String user = (String) primary.get("datasources.default.username");
    String password = String.valueOf(primary.get("datasources.default.password"));
    String database = "replica_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    String replicaUrl = url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    UUID municipality = UUID.randomUUID();
    try (Connection connection = DriverManager.getConnection(replicaUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE dashboard_cell (municipality_id uuid, figure text, dims text[],"
              + " measures numeric[])");
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO dashboard_cell VALUES (?, 'births', ARRAY['2026'], ARRAY[42])")) {
        insert.setObject(1, municipality);
        insert.executeUpdate();
      }
    }

    EmbeddedServer server =
        TestService.start(
            Map.of(
                "datasources.replica.url",
                replicaUrl,
                "datasources.replica.username",
                user,
                "datasources.replica.password",
                password,
                "datasources.replica.read-only",
                true,
                "datasources.replica.maximum-pool-size",
                2,
                "sukoyaka.push.enabled",
                false,
                "sukoyaka.dashboard.refresh.enabled",
                false,
                "sukoyaka.bulk-import.worker-enabled",
                false));
    try {
      var context = server.getApplicationContext();
      assertThat(context.getBean(ReadReplica.class).configured()).isTrue();

      Map<String, List<Cell>> cells =
          context.getBean(FigureStore.class).cells(municipality, List.of());

      assertThat(cells).containsOnlyKeys("births");
      assertThat(cells.get("births").get(0).measures()).containsExactly(new BigDecimal("42"));
      // The shared service, without a replica, reads the primary: it has no such cells.
      assertThat(TestService.bean(ReadReplica.class).configured()).isFalse();
      assertThat(TestService.bean(FigureStore.class).cells(municipality, List.of())).isEmpty();
    } finally {
      server.stop();
    }
  }
}
