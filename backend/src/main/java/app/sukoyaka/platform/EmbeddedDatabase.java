package app.sukoyaka.platform;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from Maven Central) that the service starts itself when no
 * datasource URL is configured, so that a fresh clone runs with one command. Its data directory
 * lives under {@code sukoyaka.data-dir} and survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String DATABASE = "sukoyaka";
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts (or reopens) the server whose files are kept in {@code dataDir}, and makes sure the
   * application database exists.
   */
  public static EmbeddedDatabase start(Path dataDir) {
    try {
      Path pgData = dataDir.resolve("postgres");
      Path work = dataDir.resolve("postgres-binaries");
      Files.createDirectories(pgData);
      Files.createDirectories(work);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(pgData)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(work.toFile())
              .setServerConfig("max_connections", "100")
              .setServerConfig("timezone", "UTC")
              .start();
      EmbeddedDatabase database = new EmbeddedDatabase(postgres);
      database.createApplicationDatabase();
      LOG.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), pgData);
      return database;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }

  /**
   * Starts the embedded server unless the configuration names a datasource, and returns the
   * datasource properties to add (empty when an external PostgreSQL is configured).
   */
  public static Map<String, Object> startIfUnconfigured(
      String[] args, java.util.function.Consumer<EmbeddedDatabase> onStart) {
    try (ApplicationContext probe = ApplicationContext.builder().args(args).build()) {
      Environment environment = probe.getEnvironment();
      environment.start();
      boolean configured =
          environment
              .getProperty("datasources.default.url", String.class)
              .filter(url -> !url.isBlank())
              .isPresent();
      if (configured) {
        return Map.of();
      }
      Path dataDir =
          environment
              .getProperty("sukoyaka.data-dir", Path.class)
              .orElseThrow(() -> new IllegalStateException("sukoyaka.data-dir is not set"));
      EmbeddedDatabase database = start(dataDir);
      onStart.accept(database);
      return database.datasourceProperties();
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", DATABASE);
  }

  public Map<String, Object> datasourceProperties() {
    return Map.of(
        "datasources.default.url", jdbcUrl(),
        "datasources.default.username", "postgres",
        "datasources.default.password", "");
  }

  private void createApplicationDatabase() {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      var result =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
      if (!result.next()) {
        statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the application database", e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
