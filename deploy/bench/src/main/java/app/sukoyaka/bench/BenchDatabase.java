package app.sukoyaka.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A throw-away PostgreSQL 17 for one run, listening on loopback only. Zonky's defaults apply to
 * both sides of the comparison alike: {@code fsync} and {@code synchronous_commit} are off, so
 * commits cost no disk flush.
 */
final class BenchDatabase implements AutoCloseable {
  static final String DATABASE = "sukoyaka";
  static final String USER = "postgres";

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
    if (!keep) {
      return start(dataDir, false);
    }
    boolean existing = java.nio.file.Files.exists(dataDir.resolve("PG_VERSION"));
    BenchDatabase database =
        new BenchDatabase(
            EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "localhost")
                .start());
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
