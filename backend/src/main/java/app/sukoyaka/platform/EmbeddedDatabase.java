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

  /**
   * The service's own role: it owns the application database but is no superuser, so that the
   * tables' row-level security (V0050) binds it. The server's superuser is kept for administration
   * (the benchmarks' bulk loads).
   */
  public static final String ROLE = "sukoyaka";

  private static final String SUPERUSER = "postgres";
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
    return postgres.getJdbcUrl(ROLE, DATABASE);
  }

  /** The service's connection: its own role, bound by row-level security. */
  public Map<String, Object> datasourceProperties() {
    return Map.of(
        "datasources.default.url",
        jdbcUrl(),
        "datasources.default.username",
        ROLE,
        "datasources.default.password",
        "");
  }

  /** The server's superuser on the application database, exempt from row-level security. */
  public Map<String, Object> superuserProperties() {
    return Map.of(
        "datasources.default.url",
        postgres.getJdbcUrl(SUPERUSER, DATABASE),
        "datasources.default.username",
        SUPERUSER,
        "datasources.default.password",
        "");
  }

  private void createApplicationDatabase() {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      var role = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "'");
      if (!role.next()) {
        statement.execute(
            "CREATE ROLE "
                + ROLE
                + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION");
      }
      var result =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
      if (!result.next()) {
        statement.execute(
            "CREATE DATABASE "
                + DATABASE
                + " OWNER "
                + ROLE
                + " ENCODING 'UTF8' TEMPLATE template0");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the application database", e);
    }
    handOverToApplicationRole();
  }

  /**
   * Data directories made before the service had a role of its own hold tables its superuser owns;
   * they are handed to the service's role, which row-level security binds.
   */
  private void handOverToApplicationRole() {
    try (Connection connection = postgres.getDatabase(SUPERUSER, DATABASE).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + ROLE);
      statement.execute(
          """
          DO $$
          DECLARE
              r record;
          BEGIN
              FOR r IN
                  SELECT c.oid::regclass AS name,
                         CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                        ELSE 'TABLE' END AS kind
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
                     AND c.relowner <> 'sukoyaka'::regrole
              LOOP
                  EXECUTE format('ALTER %s %s OWNER TO sukoyaka', r.kind, r.name);
              END LOOP;
              -- Sequences of identity columns moved with their tables.
              FOR r IN
                  SELECT c.oid::regclass AS name
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND c.relkind = 'S'
                     AND c.relowner <> 'sukoyaka'::regrole
              LOOP
                  EXECUTE format('ALTER SEQUENCE %s OWNER TO sukoyaka', r.name);
              END LOOP;
              FOR r IN
                  SELECT p.oid::regprocedure AS name
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname = 'public' AND p.proowner <> 'sukoyaka'::regrole
              LOOP
                  EXECUTE format('ALTER ROUTINE %s OWNER TO sukoyaka', r.name);
              END LOOP;
          END
          $$""");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not hand the database to the service's role", e);
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
