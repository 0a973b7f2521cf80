package app.sukoyaka.bench;

import app.sukoyaka.immunization.StoredForecastBatch;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The population in the service's schema: migrations first (and, on a kept database, those added
 * since it was loaded), then the rows by COPY on one connection per processor with the indexes that
 * back no constraint dropped and foreign keys unchecked, the indexes built afterwards, then {@code
 * VACUUM (ANALYZE)}. A database kept in a data directory says what it was loaded as ({@code
 * bench_population}); the same population is reused, another is refused.
 */
final class PopulationDatabase {
  /** Families per transaction and per COPY round. */
  private static final int CHUNK = 2_000;

  private static final int FLUSH_BYTES = 1 << 20;

  /**
   * How the load went.
   *
   * @param rows rows written, by table
   */
  record Load(
      boolean reused,
      List<String> migrated,
      double copySeconds,
      double indexSeconds,
      double analyzeSeconds,
      Map<Population.Table, Long> rows) {}

  private PopulationDatabase() {}

  /** Migrates the database, and loads the population unless the database holds it already. */
  static Load prepare(BenchDatabase database, Population population, PrintStream progress)
      throws Exception {
    List<String> migrated;
    Optional<String> loadedAs;
    try (Connection connection = database.connect()) {
      migrated =
          SchemaMigrations.applyPending(
              connection, SchemaMigrations.names(StoredForecastBatch.class));
      loadedAs = loadedAs(connection);
    }
    if (loadedAs.isPresent()) {
      if (!loadedAs.get().equals(population.signature())) {
        throw new IllegalStateException(
            "The kept database holds another population ("
                + loadedAs.get()
                + "), not "
                + population.signature()
                + "; use another --data-dir");
      }
      progress.printf(
          "reusing the kept population (%s); %d new migration(s) applied%n",
          loadedAs.get(), migrated.size());
      return new Load(true, migrated, 0, 0, 0, counts(database));
    }
    progress.printf(
        "schema: %d migrations applied; loading %s (%,d families)%n",
        migrated.size(), population.signature(), population.families());
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      // A previous load that did not finish leaves rows but no record of itself.
      try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM child")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          throw new IllegalStateException(
              "The kept database has children but no finished population load; use an empty"
                  + " --data-dir");
        }
      }
    }
    List<String> indexes = dropIndexes(database);
    long start = System.nanoTime();
    reference(database, population);
    Map<Population.Table, Long> rows = copy(database, population, progress);
    double copySeconds = (System.nanoTime() - start) / 1e9;
    progress.printf("copied in %.1f s; building %d indexes%n", copySeconds, indexes.size());
    start = System.nanoTime();
    database.buildIndexes(indexes, "256MB");
    double indexSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      // A sent notice carries the counts of its deliveries; the trigger that keeps a sent notice
      // unchanged is for the service, not for the load that writes it.
      statement.execute("SET session_replication_role = replica");
      statement.execute(
          "UPDATE notice n SET online_count = d.online FROM (SELECT notice_id, count(*) AS online"
              + " FROM notice_delivery GROUP BY notice_id) d WHERE d.notice_id = n.id");
      statement.execute("SET session_replication_role = DEFAULT");
      statement.execute("VACUUM (ANALYZE)");
      statement.execute("CREATE TABLE bench_population (signature text NOT NULL)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO bench_population VALUES (?)")) {
        insert.setString(1, population.signature());
        insert.executeUpdate();
      }
    }
    double analyzeSeconds = (System.nanoTime() - start) / 1e9;
    progress.printf(
        "indexes built in %.1f s, VACUUM ANALYZE %.1f s%n", indexSeconds, analyzeSeconds);
    return new Load(false, migrated, copySeconds, indexSeconds, analyzeSeconds, rows);
  }

  private static Optional<String> loadedAs(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery("SELECT to_regclass('bench_population') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return Optional.empty();
        }
      }
      try (ResultSet rs = statement.executeQuery("SELECT signature FROM bench_population")) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** The municipalities, their clinics and contracts: what the families' rows refer to. */
  private static void reference(BenchDatabase database, Population population) throws SQLException {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement municipality =
              connection.prepareStatement(
                  "INSERT INTO municipality (id, code, name_ja, name_en, created_at)"
                      + " VALUES (?, ?, ?, ?, now())");
          PreparedStatement facility =
              connection.prepareStatement(
                  "INSERT INTO facility (id, medical_institution_code, name, kind, created_at)"
                      + " VALUES (?, ?, ?, 'clinic', now())");
          PreparedStatement contract =
              connection.prepareStatement(
                  "INSERT INTO facility_contract (facility_id, municipality_id, valid_from)"
                      + " VALUES (?, ?, ?)")) {
        for (Population.Municipality m : population.municipalities()) {
          municipality.setObject(1, m.id());
          municipality.setString(2, m.code());
          municipality.setString(3, m.nameJa());
          municipality.setString(4, m.nameEn());
          municipality.addBatch();
          facility.setObject(1, m.facility());
          facility.setString(2, m.facilityCode());
          facility.setString(3, m.nameJa() + "こども診療所");
          facility.addBatch();
          contract.setObject(1, m.facility());
          contract.setObject(2, m.id());
          contract.setObject(3, population.asOf().minusYears(10));
          contract.addBatch();
        }
        municipality.executeBatch();
        facility.executeBatch();
        contract.executeBatch();
      }
      connection.commit();
    }
  }

  /** Indexes of the loaded tables that back no constraint: dropped now, built after the rows. */
  private static List<String> dropIndexes(BenchDatabase database) throws SQLException {
    List<String> definitions = new ArrayList<>();
    StringBuilder tables = new StringBuilder();
    for (Population.Table table : Population.Table.values()) {
      String name = table.copy.substring(5, table.copy.indexOf(' ', 5));
      tables.append(tables.length() == 0 ? "'" : ", '").append(name).append('\'');
    }
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'"
                  + " AND i.tablename IN ("
                  + tables
                  + ") AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname ="
                  + " i.indexname)")) {
        while (rs.next()) {
          names.add(rs.getString(1));
          definitions.add(rs.getString(2));
        }
      }
      for (String name : names) {
        statement.execute("DROP INDEX " + name);
      }
    }
    return definitions;
  }

  private static Map<Population.Table, Long> copy(
      BenchDatabase database, Population population, PrintStream progress) throws Exception {
    Map<Population.Table, LongAdder> counted = new EnumMap<>(Population.Table.class);
    for (Population.Table table : Population.Table.values()) {
      counted.put(table, new LongAdder());
    }
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try (Writers writers = new Writers(connection, counted)) {
        population.writeNotices(writers);
      }
      connection.commit();
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    int families = population.families();
    int step = Math.max(CHUNK, families / 10);
    List<Thread> loaders = new ArrayList<>();
    for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
      Thread loader =
          new Thread(
              () -> {
                try (Connection connection = database.connect()) {
                  try (Statement statement = connection.createStatement()) {
                    // The rows refer to what exists by construction; checking each reference
                    // row by row would only slow the load.
                    statement.execute("SET session_replication_role = replica");
                  }
                  connection.setAutoCommit(false);
                  int from;
                  while ((from = next.getAndAdd(CHUNK)) < families && failure.get() == null) {
                    int to = Math.min(from + CHUNK, families);
                    try (Writers writers = new Writers(connection, counted)) {
                      population.write(from, to, writers);
                    }
                    connection.commit();
                    int total = done.addAndGet(to - from);
                    if (total / step != (total - (to - from)) / step) {
                      progress.printf("  %,d of %,d families loaded%n", total, families);
                    }
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              },
              "population-loader-" + t);
      loader.start();
      loaders.add(loader);
    }
    for (Thread loader : loaders) {
      loader.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    Map<Population.Table, Long> rows = new EnumMap<>(Population.Table.class);
    counted.forEach((table, adder) -> rows.put(table, adder.sum()));
    return rows;
  }

  /** Row counts of a reused database, for the report. */
  private static Map<Population.Table, Long> counts(BenchDatabase database) throws SQLException {
    Map<Population.Table, Long> rows = new EnumMap<>(Population.Table.class);
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      for (Population.Table table : Population.Table.values()) {
        String name = table.copy.substring(5, table.copy.indexOf(' ', 5));
        // The planner's estimate after ANALYZE: counting 20 million rows would take a while.
        try (ResultSet rs =
            statement.executeQuery(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = '" + name + "'::regclass")) {
          rs.next();
          rows.put(table, rs.getLong(1));
        }
      }
    }
    return rows;
  }

  /**
   * One COPY buffer per table on one connection, sent a megabyte at a time and at the end; a
   * connection runs one COPY at a time, so a full buffer is sent before the next row.
   */
  private static final class Writers implements Population.Sink, AutoCloseable {
    private final CopyManager copy;
    private final Map<Population.Table, LongAdder> counted;
    private final Map<Population.Table, StringBuilder> buffers =
        new EnumMap<>(Population.Table.class);

    Writers(Connection connection, Map<Population.Table, LongAdder> counted) throws SQLException {
      this.copy = connection.unwrap(BaseConnection.class).getCopyAPI();
      this.counted = counted;
    }

    @Override
    public void row(Population.Table table, String... values) {
      StringBuilder buffer = buffers.computeIfAbsent(table, t -> new StringBuilder(1 << 16));
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          buffer.append('\t');
        }
        // No generated value holds a tab, a newline or a backslash: nothing to escape.
        buffer.append(values[i] == null ? "\\N" : values[i]);
      }
      buffer.append('\n');
      counted.get(table).increment();
      if (buffer.length() > FLUSH_BYTES) {
        try {
          send(table, buffer);
        } catch (SQLException e) {
          throw new IllegalStateException("COPY into " + table + " failed", e);
        }
      }
    }

    private void send(Population.Table table, StringBuilder buffer) throws SQLException {
      if (buffer.length() == 0) {
        return;
      }
      CopyIn in = copy.copyIn(table.copy);
      try {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
      } finally {
        if (in.isActive()) {
          in.cancelCopy();
        }
      }
      buffer.setLength(0);
    }

    @Override
    public void close() throws SQLException {
      for (Map.Entry<Population.Table, StringBuilder> entry : buffers.entrySet()) {
        send(entry.getKey(), entry.getValue());
      }
    }
  }
}
