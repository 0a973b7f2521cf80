package app.sukoyaka.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The service's schema on a benchmark database: the backend's Flyway migrations ({@code
 * db/migration/V*.sql}, plain SQL without placeholders) run in version order, as Flyway runs them
 * at the service's start, without Flyway's own history table.
 */
final class SchemaMigrations {
  private static final Pattern NAME = Pattern.compile("V(\\d+)__[^/]+\\.sql");
  private static final String FOLDER = "db/migration/";

  private SchemaMigrations() {}

  /** The migrations found beside the given class of the backend (its jar or its classes). */
  static List<String> names(Class<?> backendClass) throws IOException {
    Path location;
    try {
      location = Path.of(backendClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location.resolve(FOLDER))) {
        files.map(f -> FOLDER + f.getFileName()).forEach(names::add);
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          String name = entries.nextElement().getName();
          if (name.startsWith(FOLDER)) {
            names.add(name);
          }
        }
      }
    }
    List<String> migrations = new ArrayList<>();
    for (String name : names) {
      if (NAME.matcher(name.substring(FOLDER.length())).matches()) {
        migrations.add(name);
      }
    }
    migrations.sort(Comparator.comparingInt(SchemaMigrations::version));
    if (migrations.isEmpty()) {
      throw new IOException("No migrations under " + FOLDER + " in " + location);
    }
    return migrations;
  }

  static void apply(Connection connection, List<String> migrations)
      throws IOException, SQLException {
    for (String migration : migrations) {
      String sql;
      try (InputStream in =
          SchemaMigrations.class.getClassLoader().getResourceAsStream(migration)) {
        if (in == null) {
          throw new IOException(migration + " is not on the class path");
        }
        sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }

  /**
   * Applies the migrations a kept database has not had yet, recording each in {@code
   * bench_schema_history} (the benchmarks' own table, since Flyway's is not written): a fresh
   * database gets them all, a database kept from an earlier run only those added since. A database
   * whose schema was made before that table existed cannot say what it has and is refused.
   *
   * @return the migrations applied now
   */
  static List<String> applyPending(Connection connection, List<String> migrations)
      throws IOException, SQLException {
    java.util.Set<Integer> applied = new java.util.HashSet<>();
    try (Statement statement = connection.createStatement()) {
      boolean history;
      boolean schema;
      try (java.sql.ResultSet rs =
          statement.executeQuery(
              "SELECT to_regclass('bench_schema_history') IS NOT NULL,"
                  + " to_regclass('municipality') IS NOT NULL")) {
        rs.next();
        history = rs.getBoolean(1);
        schema = rs.getBoolean(2);
      }
      if (!history && schema) {
        throw new IOException(
            "This kept database has the service's schema but no record of its migrations (it was"
                + " loaded by an older benchmark build); load it afresh in an empty --data-dir");
      }
      statement.execute(
          "CREATE TABLE IF NOT EXISTS bench_schema_history (version integer PRIMARY KEY,"
              + " script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      try (java.sql.ResultSet rs =
          statement.executeQuery("SELECT version FROM bench_schema_history")) {
        while (rs.next()) {
          applied.add(rs.getInt(1));
        }
      }
    }
    List<String> pending = new ArrayList<>();
    for (String migration : migrations) {
      if (!applied.contains(version(migration))) {
        pending.add(migration);
      }
    }
    boolean autoCommit = connection.getAutoCommit();
    for (String migration : pending) {
      // Each migration and its record in one transaction: an interrupted run leaves neither.
      connection.setAutoCommit(false);
      try {
        apply(connection, List.of(migration));
        try (java.sql.PreparedStatement record =
            connection.prepareStatement(
                "INSERT INTO bench_schema_history (version, script) VALUES (?, ?)")) {
          record.setInt(1, version(migration));
          record.setString(2, migration.substring(FOLDER.length()));
          record.executeUpdate();
        }
        connection.commit();
      } catch (IOException | SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
    return pending;
  }

  static int version(String name) {
    Matcher matcher = NAME.matcher(name.substring(FOLDER.length()));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(name);
    }
    return Integer.parseInt(matcher.group(1));
  }
}
