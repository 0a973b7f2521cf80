package app.sukoyaka.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A throw-away PostgreSQL 17 for one run, listening on loopback only. Zonky's defaults apply to
 * both sides of the comparison alike: {@code fsync} and {@code synchronous_commit} are off, so
 * commits cost no disk flush.
 */
final class BenchDatabase implements AutoCloseable {
  static final String DATABASE = "sukoyaka";
  static final String USER = "postgres";
  static final String SERVICE_ROLE = "sukoyaka_service";

  private final EmbeddedPostgres postgres;
  private boolean closed;

  private BenchDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * @param statements whether to load pg_stat_statements, to see the statements of a run
   */
  static BenchDatabase start(Path dataDir, boolean statements) throws IOException, SQLException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(true)
            .setServerConfig("listen_addresses", "localhost");
    if (statements) {
      builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
    }
    BenchDatabase database = new BenchDatabase(builder.start());
    try (Connection connection = database.postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
    }
    return database;
  }

  /**
   * A PostgreSQL whose data stays in {@code dataDir} when {@code keep}: a later run reuses it and
   * the database in it; otherwise a fresh one, like {@link #start}.
   */
  static BenchDatabase open(Path dataDir, boolean keep) throws IOException, SQLException {
    return open(dataDir, keep, false);
  }

  /** The same, with pg_stat_statements loaded when {@code statements}. */
  static BenchDatabase open(Path dataDir, boolean keep, boolean statements)
      throws IOException, SQLException {
    if (!keep) {
      return start(dataDir, statements);
    }
    boolean existing = java.nio.file.Files.exists(dataDir.resolve("PG_VERSION"));
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "localhost");
    if (statements) {
      builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
    }
    BenchDatabase database = new BenchDatabase(builder.start());
    if (!existing) {
      try (Connection connection = database.postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
      }
    }
    return database;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
  }

  /**
   * Runs the index statements on one connection per processor, each with {@code maintenanceWorkMem}
   * (e.g. {@code 256MB}) to sort in; the first failure is thrown.
   */
  void buildIndexes(List<String> indexes, String maintenanceWorkMem) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> builders = new ArrayList<>();
    for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
      Thread builder =
          new Thread(
              () -> {
                try (Connection connection = connect();
                    Statement statement = connection.createStatement()) {
                  statement.execute("SET maintenance_work_mem = '" + maintenanceWorkMem + "'");
                  int i;
                  while ((i = next.getAndIncrement()) < indexes.size() && failure.get() == null) {
                    statement.execute(indexes.get(i));
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              },
              "index-builder-" + t);
      builder.start();
      builders.add(builder);
    }
    for (Thread builder : builders) {
      builder.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /**
   * The role the service connects as: no superuser, so that row-level security (V0050) binds it as
   * it binds the service in production, while the loaders and the plain JDBC baselines connect as
   * the superuser and pay nothing for it. Made (and given the rights to every table the schema has
   * now) on first use.
   */
  synchronized String serviceRole() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
              + SERVICE_ROLE
              + "') THEN CREATE ROLE "
              + SERVICE_ROLE
              + " LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$");
      statement.execute(
          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + SERVICE_ROLE);
      statement.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + SERVICE_ROLE);
      statement.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO " + SERVICE_ROLE);
    }
    return SERVICE_ROLE;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, "");
  }

  /** The server's maintenance database, for what must stay out of the application's schema. */
  Connection connectAdmin() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", USER, "");
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      postgres.close();
    } catch (IOException e) {
      System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
    }
  }
}
