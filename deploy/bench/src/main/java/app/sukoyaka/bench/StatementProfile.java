package app.sukoyaka.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What each side asked of PostgreSQL per bundle, from pg_stat_statements (loaded only with {@code
 * --statements}): the first place to look when the service falls behind the baseline. The extension
 * lives in the {@code postgres} database, so that the service's Flyway finds its own schema empty.
 */
final class StatementProfile {
  private static final int TOP = 15;
  private static final int QUERY_WIDTH = 100;

  private StatementProfile() {}

  static void install(Connection postgresDatabase) throws SQLException {
    try (Statement statement = postgresDatabase.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }
  }

  static void reset(Connection postgresDatabase) throws SQLException {
    try (Statement statement = postgresDatabase.createStatement()) {
      statement.execute("SELECT pg_stat_statements_reset()");
    }
  }

  /** The statements run against the application database since the reset, busiest first. */
  static String report(Connection postgresDatabase, String side, int bundles) throws SQLException {
    return report(postgresDatabase, side, bundles, "bundle");
  }

  /** The same per {@code unit} (a bundle, a sync, a read) of the phase. */
  static String report(Connection postgresDatabase, String side, int units, String unit)
      throws SQLException {
    int bundles = units;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n%s SQL per %s (pg_stat_statements, %d %ss):%n%8s %8s  %s%n",
            side,
            unit,
            bundles,
            unit,
            "calls",
            "ms",
            "statement"));
    try (PreparedStatement statement =
        postgresDatabase.prepareStatement(
            "SELECT s.calls, s.total_exec_time, s.query FROM pg_stat_statements s"
                + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ?"
                + " ORDER BY s.total_exec_time DESC LIMIT "
                + TOP)) {
      statement.setString(1, BenchDatabase.DATABASE);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String query = rs.getString(3).replaceAll("\\s+", " ").strip();
          out.append(
              String.format(
                  Locale.ROOT,
                  "%8.2f %8.3f  %s%n",
                  rs.getLong(1) / (double) bundles,
                  rs.getDouble(2) / bundles,
                  query.length() <= QUERY_WIDTH ? query : query.substring(0, QUERY_WIDTH) + "…"));
        }
      }
    }
    try (PreparedStatement statement =
        postgresDatabase.prepareStatement(
            "SELECT sum(s.calls), sum(s.total_exec_time) FROM pg_stat_statements s"
                + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ?")) {
      statement.setString(1, BenchDatabase.DATABASE);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        out.append(
            String.format(
                Locale.ROOT,
                "%8.2f %8.3f  (all statements)%n",
                rs.getLong(1) / (double) bundles,
                rs.getDouble(2) / bundles));
      }
    }
    return out.toString();
  }
}
