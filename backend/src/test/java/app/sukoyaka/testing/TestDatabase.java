package app.sukoyaka.testing;

import app.sukoyaka.platform.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Decides, once per test run, which PostgreSQL the tests use: the server named by {@code
 * SUKOYAKA_TEST_JDBC_URL} (with {@code SUKOYAKA_TEST_JDBC_USERNAME}/{@code _PASSWORD}), a
 * Testcontainers PostgreSQL when a Docker engine is reachable, or else the same embedded PostgreSQL
 * the service starts by default, in a fresh data directory.
 */
public final class TestDatabase {
  private static volatile Map<String, Object> properties;
  private static volatile Map<String, Object> superuser;
  private static volatile String description;

  private TestDatabase() {}

  /** Datasource properties for the chosen server; starts it on first use. */
  public static synchronized Map<String, Object> properties() {
    if (properties == null) {
      properties = choose();
    }
    return properties;
  }

  /**
   * Datasource properties of a role that may administer the server (create databases) and that
   * row-level security does not bind: the embedded server's superuser, else the configured role.
   */
  public static synchronized Map<String, Object> superuserProperties() {
    properties();
    return superuser == null ? properties : superuser;
  }

  public static String description() {
    properties();
    return description;
  }

  private static Map<String, Object> choose() {
    String url = System.getenv("SUKOYAKA_TEST_JDBC_URL");
    if (url != null && !url.isBlank()) {
      description = "external PostgreSQL at " + url;
      return Map.of(
          "datasources.default.url", url,
          "datasources.default.username", envOr("SUKOYAKA_TEST_JDBC_USERNAME", "postgres"),
          "datasources.default.password", envOr("SUKOYAKA_TEST_JDBC_PASSWORD", ""));
    }
    if (dockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      description = "Testcontainers PostgreSQL " + container.getJdbcUrl();
      return Map.of(
          "datasources.default.url", container.getJdbcUrl(),
          "datasources.default.username", container.getUsername(),
          "datasources.default.password", container.getPassword());
    }
    try {
      Path dir = Files.createTempDirectory("sukoyaka-test-db");
      EmbeddedDatabase database = EmbeddedDatabase.start(dir);
      // A run's database is thrown away with it: a few hundred MB per test JVM otherwise stay in
      // the temporary directory for ever.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    database.close();
                    deleteQuietly(dir);
                  }));
      description = "embedded PostgreSQL in " + dir;
      superuser = database.superuserProperties();
      return database.datasourceProperties();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Could not create a data directory for tests", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // Left for the system's clean-up of its temporary directory.
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }
}
