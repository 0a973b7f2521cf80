package app.sukoyaka.bench;

import app.sukoyaka.immunization.StoredForecast;
import app.sukoyaka.immunization.StoredForecastBatch;
import app.sukoyaka.immunization.SyntheticStoredChildren;
import app.sukoyaka.immunization.schedule.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The forecast of stored children read from PostgreSQL: N synthetic children with realistic
 * vaccination records are loaded into the service's schema on an embedded PostgreSQL (COPY; the
 * load is timed apart), then in one run the plain read of the rows the batch reads — the batch's
 * statements on connections and threads of their own, every column decoded, nothing else — and the
 * batch itself ({@link StoredForecastBatch}: the same reads, merged by child, each child forecast
 * on a thread per core). The plain read is the limit; the ratio is what forecasting adds to it.
 *
 * <p>{@code java -cp deploy/bench/target/sukoyaka-bench.jar
 * app.sukoyaka.bench.StoredForecastBenchmark [--children N] [--pool P] [--threads T]
 * [--no-payloads] [--data-dir DIR]}
 */
public final class StoredForecastBenchmark {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
  static final Clock CLOCK = Clock.fixed(AS_OF.atTime(12, 0).atZone(JAPAN).toInstant(), JAPAN);
  static final UUID MUNICIPALITY = UUID.nameUUIDFromBytes("bench-municipality".getBytes());
  static final UUID WARMUP_MUNICIPALITY = UUID.nameUUIDFromBytes("bench-warmup".getBytes());
  static final UUID FACILITY = UUID.nameUUIDFromBytes("bench-clinic".getBytes());
  private static final int LOAD_CHUNK = 20_000;
  private static final int SAMPLES = 500;

  /**
   * @param children children of the measured municipality
   * @param pool children who lived through the schedule, whose histories the children share
   * @param threads forecast threads of the batch
   * @param payloads whether clinic records keep the FHIR resource they came as (as intake does)
   * @param dataDir where PostgreSQL keeps its data; a database loaded there before with the same
   *     options is reused (null: a temporary directory, removed at the end)
   */
  record Options(int children, int pool, int threads, boolean payloads, Path dataDir) {
    static final String USAGE =
        """
        usage: java -cp sukoyaka-bench.jar app.sukoyaka.bench.StoredForecastBenchmark [options]
          --children N    stored children forecast (default 100000; the goal is set for 1000000)
          --pool P        children who lived through the schedule, shared by the N (default 10000)
          --threads T     forecast threads (default: the processors, %d here)
          --no-payloads   clinic records without the FHIR resource they came as
          --data-dir DIR  keep PostgreSQL's data in DIR and reuse a database loaded there before
        """
            .formatted(Runtime.getRuntime().availableProcessors());

    Options {
      if (children < 1 || pool < 1 || threads < 1) {
        throw new IllegalArgumentException("--children, --pool and --threads must be at least 1");
      }
    }

    static Options parse(String... args) {
      int children = 100_000;
      int pool = 10_000;
      int threads = Runtime.getRuntime().availableProcessors();
      boolean payloads = true;
      Path dataDir = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--children" -> children = number(args, ++i);
          case "--pool" -> pool = number(args, ++i);
          case "--threads" -> threads = number(args, ++i);
          case "--no-payloads" -> payloads = false;
          case "--data-dir" -> dataDir = Path.of(value(args, ++i));
          default -> throw new IllegalArgumentException("Unknown option " + args[i]);
        }
      }
      return new Options(children, pool, threads, payloads, dataDir);
    }

    /**
     * The value after option {@code args[i - 1]}; the reminder benchmark reads its options so too.
     */
    static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }

    static int number(String[] args, int i) {
      try {
        return Integer.parseInt(value(args, i).replace("_", "").replace(",", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(args[i - 1] + " needs a number");
      }
    }

    /** Children of the warm-up municipality, forecast before measuring so that the JIT is done. */
    int warmupChildren() {
      return Math.max(1, Math.min(20_000, children / 10));
    }
  }

  /** A phase's figures: wall and CPU time (of this JVM and of the PostgreSQL backend). */
  record Phase(double seconds, double cpuSeconds, double databaseCpuSeconds) {}

  /** What a run measured and checked (the test reads it). */
  record Result(
      long children,
      long rows,
      Phase read,
      Phase batch,
      long forecast,
      long recommendations,
      long counted,
      long notCounted,
      long dueOrOverdue,
      int samplesChecked) {}

  private StoredForecastBenchmark() {}

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    try {
      Result result = run(options, System.out, System.err);
      System.exit(result.forecast() == result.children() ? 0 : 1);
    } catch (Exception e) {
      System.err.println("Benchmark failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  static Result run(Options options, PrintStream out, PrintStream progress) throws Exception {
    Path dir =
        options.dataDir() != null
            ? options.dataDir()
            : Files.createTempDirectory("stored-forecast");
    boolean temporary = options.dataDir() == null;
    long started = System.nanoTime();
    SyntheticStoredChildren synthetic =
        new SyntheticStoredChildren(AS_OF, options.pool(), 20261101L);
    double poolSeconds = (System.nanoTime() - started) / 1e9;
    progress.printf(
        "pool of %,d children lived through the schedule in %.1f s%n", options.pool(), poolSeconds);
    try (BenchDatabase database = BenchDatabase.open(dir.resolve("postgres"), !temporary)) {
      String loadedAs =
          options.children()
              + "/"
              + options.pool()
              + "/"
              + options.payloads()
              + "/v"
              + SyntheticStoredChildren.VERSION;
      Optional<String> existing = loadedAs(database);
      Load load;
      if (existing.isPresent() && existing.get().equals(loadedAs)) {
        progress.println("reusing the database loaded in " + dir);
        try (Connection connection = database.connect()) {
          // A kept database gets the migrations added since it was loaded.
          SchemaMigrations.applyPending(
              connection, SchemaMigrations.names(StoredForecastBatch.class));
        }
        load = null;
      } else {
        if (existing.isPresent()) {
          throw new IllegalStateException(
              dir + " holds a database loaded with other options (" + existing.get() + ")");
        }
        load = load(database, synthetic, options, loadedAs, progress);
      }
      Result result;
      // Three connections, as the batch reads children, records and credits side by side.
      try (HeldConnections held =
          new HeldConnections(
              List.of(database.connect(), database.connect(), database.connect()))) {
        StoredForecastBatch batch = StoredForecastBatch.standalone(held, CLOCK, options.threads());
        progress.println("warming up: the plain read and the batch on the warm-up municipality");
        plainRead(held, MUNICIPALITY);
        batch.forEachForecast(WARMUP_MUNICIPALITY, AS_OF, child -> {});
        batch.forEachForecast(WARMUP_MUNICIPALITY, AS_OF, child -> {});
        progress.println("measuring the plain read");
        long[] counts = new long[2];
        Phase read = measure(held, () -> counts(plainRead(held, MUNICIPALITY), counts));
        progress.println("measuring the batch");
        Samples samples = new Samples(synthetic, options.children());
        LongAdder recommendations = new LongAdder();
        LongAdder counted = new LongAdder();
        LongAdder notCounted = new LongAdder();
        LongAdder dueOrOverdue = new LongAdder();
        long[] forecast = new long[1];
        Phase measured =
            measure(
                held,
                () ->
                    forecast[0] =
                        batch.forEachForecast(
                            MUNICIPALITY,
                            AS_OF,
                            child -> {
                              StoredForecast f = child.forecast();
                              recommendations.add(f.forecast().recommendations().size());
                              counted.add(f.counted().size());
                              notCounted.add(f.notCounted().size());
                              if (StoredForecastBatch.statuses(f).containsValue(Status.DUE)
                                  || StoredForecastBatch.statuses(f)
                                      .containsValue(Status.OVERDUE)) {
                                dueOrOverdue.increment();
                              }
                              samples.offer(child);
                            }));
        int checked = samples.check();
        result =
            new Result(
                counts[1],
                counts[0],
                read,
                measured,
                forecast[0],
                recommendations.sum(),
                counted.sum(),
                notCounted.sum(),
                dueOrOverdue.sum(),
                checked);
      }
      print(out, options, load, database, result);
      return result;
    } finally {
      if (temporary) {
        delete(dir);
      }
    }
  }

  // --- Loading ------------------------------------------------------------------------------

  /** How the load went. */
  record Load(
      double copySeconds,
      double indexSeconds,
      double vacuumSeconds,
      SyntheticStoredChildren.Loaded loaded,
      SyntheticStoredChildren.Loaded warmup) {}

  private static Optional<String> loadedAs(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT to_regclass('bench_loaded') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return Optional.empty();
      }
    }
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT options FROM bench_loaded")) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  static Load load(
      BenchDatabase database,
      SyntheticStoredChildren synthetic,
      Options options,
      String loadedAs,
      PrintStream progress)
      throws Exception {
    try (Connection connection = database.connect()) {
      SchemaMigrations.applyPending(connection, SchemaMigrations.names(StoredForecastBatch.class));
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO municipality (id, code, name_ja, name_en, created_at) VALUES ('"
                + MUNICIPALITY
                + "', '131059', '文京区', 'Bunkyo City', now()), ('"
                + WARMUP_MUNICIPALITY
                + "', '131016', '千代田区', 'Chiyoda City', now())");
        statement.execute(
            "INSERT INTO facility (id, medical_institution_code, name, kind, created_at)"
                + " VALUES ('"
                + FACILITY
                + "', '1312345678', 'すこやか小児科', 'clinic', now())");
      }
    }
    // Indexes that back no constraint are built once after the rows are in, as a bulk load into
    // an empty database would; those of primary keys and unique constraints stay.
    List<String> indexes = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'"
                  + " AND i.tablename IN ('child', 'immunization_record', 'immunization_credit',"
                  + " 'child_immunization_flag')"
                  + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)")) {
        List<String> names = new ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
          indexes.add(rs.getString(2));
        }
        for (String name : names) {
          statement.execute("DROP INDEX " + name);
        }
      }
    }
    long start = System.nanoTime();
    SyntheticStoredChildren.Loaded loaded =
        copy(database, synthetic, MUNICIPALITY, 0, options.children(), options, progress);
    // Warm-up children are other children of the same pool (indices after the measured ones).
    SyntheticStoredChildren.Loaded warmup =
        copy(
            database,
            synthetic,
            WARMUP_MUNICIPALITY,
            options.children(),
            options.warmupChildren(),
            options,
            progress);
    double copySeconds = (System.nanoTime() - start) / 1e9;
    progress.printf("copied in %.1f s; building %d indexes%n", copySeconds, indexes.size());
    start = System.nanoTime();
    database.buildIndexes(indexes, "512MB");
    double indexSeconds = (System.nanoTime() - start) / 1e9;
    progress.printf("indexes built in %.1f s; VACUUM ANALYZE%n", indexSeconds);
    start = System.nanoTime();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "VACUUM (ANALYZE) child, immunization_record, immunization_credit,"
              + " child_immunization_flag");
      statement.execute("CREATE TABLE bench_loaded (options text NOT NULL)");
      statement.execute("INSERT INTO bench_loaded VALUES ('" + loadedAs + "')");
    }
    double vacuumSeconds = (System.nanoTime() - start) / 1e9;
    return new Load(copySeconds, indexSeconds, vacuumSeconds, loaded, warmup);
  }

  /** COPY in chunks, one connection per processor; foreign keys are not checked during the load. */
  private static SyntheticStoredChildren.Loaded copy(
      BenchDatabase database,
      SyntheticStoredChildren synthetic,
      UUID municipality,
      int from,
      int count,
      Options options,
      PrintStream progress)
      throws Exception {
    AtomicInteger next = new AtomicInteger(from);
    LongAdder children = new LongAdder();
    LongAdder records = new LongAdder();
    LongAdder credits = new LongAdder();
    LongAdder flags = new LongAdder();
    LongAdder unlabelled = new LongAdder();
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> loaders = new ArrayList<>();
    int end = from + count;
    for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
      Thread loader =
          new Thread(
              () -> {
                try (Connection connection = database.connect()) {
                  try (Statement statement = connection.createStatement()) {
                    // The rows reference what exists by construction; checking each reference
                    // row by row would measure the load, not the forecast.
                    statement.execute("SET session_replication_role = replica");
                  }
                  connection.setAutoCommit(false);
                  int chunk;
                  while ((chunk = next.getAndAdd(LOAD_CHUNK)) < end && failure.get() == null) {
                    int size = Math.min(LOAD_CHUNK, end - chunk);
                    SyntheticStoredChildren.Loaded loaded =
                        synthetic.copyInto(
                            connection, municipality, FACILITY, chunk, size, options.payloads());
                    connection.commit();
                    children.add(loaded.children());
                    records.add(loaded.records());
                    credits.add(loaded.credits());
                    flags.add(loaded.flags());
                    unlabelled.add(loaded.unlabelled());
                    long done = children.sum();
                    if (count >= 100_000 && done % 100_000 < LOAD_CHUNK) {
                      progress.printf("  %,d of %,d children loaded%n", done, count);
                    }
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              },
              "loader-" + t);
      loader.start();
      loaders.add(loader);
    }
    for (Thread loader : loaders) {
      loader.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return new SyntheticStoredChildren.Loaded(
        children.sum(), records.sum(), credits.sum(), flags.sum(), unlabelled.sum());
  }

  // --- Measuring ----------------------------------------------------------------------------

  interface Work {
    void run() throws Exception;
  }

  static Phase measure(HeldConnections held, Work work) throws Exception {
    long cpu = cpuNanos();
    Duration database = backendCpu(held);
    long start = System.nanoTime();
    work.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (cpuNanos() - cpu) / 1e9;
    double databaseSeconds = (backendCpu(held).minus(database)).toNanos() / 1e9;
    return new Phase(seconds, cpuSeconds, databaseSeconds);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Duration backendCpu(HeldConnections held) {
    Duration total = Duration.ZERO;
    for (long pid : held.backendPids()) {
      total =
          total.plus(
              ProcessHandle.of(pid)
                  .flatMap(p -> p.info().totalCpuDuration())
                  .orElse(Duration.ZERO));
    }
    return total;
  }

  private static void counts(long[] read, long[] into) {
    into[0] = read[0];
    into[1] = read[1];
  }

  /**
   * The limit: the batch's statements with the same fetch size and binary results, each on its own
   * connection and thread as the batch reads them, every column of every row decoded as the batch
   * decodes it, nothing merged and nothing forecast.
   *
   * @return rows (of records and credits) and children read
   */
  static long[] plainRead(HeldConnections held, UUID municipality) throws Exception {
    long[] children = new long[1];
    long[] records = new long[1];
    long[] credits = new long[1];
    Thread recordReader =
        new Thread(
            () -> records[0] = read(held, StoredForecastBatch.Statement.RECORDS, municipality));
    Thread creditReader =
        new Thread(
            () -> credits[0] = read(held, StoredForecastBatch.Statement.CREDITS, municipality));
    recordReader.start();
    creditReader.start();
    read(held, StoredForecastBatch.Statement.FLAGS, municipality);
    children[0] = read(held, StoredForecastBatch.Statement.CHILDREN, municipality);
    recordReader.join();
    creditReader.join();
    if (records[0] < 0 || credits[0] < 0) {
      throw new IllegalStateException("The plain read failed");
    }
    return new long[] {records[0] + credits[0], children[0]};
  }

  /** Rows of one statement read and decoded; -1 when reading failed. */
  private static long read(
      HeldConnections held, StoredForecastBatch.Statement which, UUID municipality) {
    long rows = 0;
    long touched = 0;
    try (Connection connection = held.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = which.prepare(connection, municipality, AS_OF);
          ResultSet rs = statement.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          rows++;
          touched += rs.getObject(1, UUID.class).hashCode();
          switch (which) {
            case FLAGS -> touched += rs.getString(2).length();
            case CHILDREN -> {
              touched += rs.getObject(2, UUID.class).hashCode();
              touched += rs.getObject(3, LocalDate.class).getDayOfMonth();
              touched += rs.getString(4).length();
            }
            case RECORDS -> {
              touched += rs.getObject(2, UUID.class).hashCode();
              touched += rs.getObject(3, LocalDate.class).getDayOfMonth();
              touched += rs.getTimestamp(4).toInstant().getNano();
              String product = rs.getString(5);
              touched += product == null ? 0 : product.length();
              touched += rs.getBoolean(6) ? 1 : 0;
            }
            case CREDITS -> {
              touched += rs.getObject(2, UUID.class).hashCode();
              touched += rs.getString(3).length();
              String label = rs.getString(4);
              touched += label == null ? 0 : label.length();
            }
          }
          touched += columns;
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      e.printStackTrace();
      return -1;
    }
    // Keeps the decoded values alive for the JIT; never true.
    return touched == Long.MIN_VALUE ? -1 : rows;
  }

  /**
   * A few hundred children spread over the run whose forecasts are compared with the forecast made
   * from the records as generated, without the database.
   */
  private static final class Samples {
    private final SyntheticStoredChildren synthetic;
    private final Map<UUID, SyntheticStoredChildren.Child> wanted = new HashMap<>();
    private final Map<UUID, StoredForecast> seen = new ConcurrentHashMap<>();

    Samples(SyntheticStoredChildren synthetic, int children) {
      this.synthetic = synthetic;
      int step = Math.max(1, children / SAMPLES);
      for (int i = 0; i < children; i += step) {
        SyntheticStoredChildren.Child child = synthetic.child(i);
        wanted.put(child.id(), child);
      }
    }

    void offer(StoredForecastBatch.ChildForecast child) {
      if (wanted.containsKey(child.childId())) {
        seen.put(child.childId(), child.forecast());
      }
    }

    int check() {
      for (SyntheticStoredChildren.Child child : wanted.values()) {
        StoredForecast forecast = seen.get(child.id());
        if (forecast == null) {
          throw new IllegalStateException("child " + child.index() + " was not forecast");
        }
        if (!forecast.equals(synthetic.expectedForecast(child, CLOCK))) {
          throw new IllegalStateException(
              "child " + child.index() + ": the batch's forecast differs from its records'");
        }
      }
      return wanted.size();
    }
  }

  // --- Report -------------------------------------------------------------------------------

  private static void print(
      PrintStream out, Options options, Load load, BenchDatabase database, Result r)
      throws SQLException {
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(
        "%nSukoyaka stored-children forecast benchmark  (N=%,d children, %d forecast threads,"
            + " %d cores, as of %s)%n",
        r.children(), options.threads(), cores, AS_OF);
    if (load != null) {
      SyntheticStoredChildren.Loaded l = load.loaded();
      out.printf(
          "load (not measured below): %,d children, %,d records (%.1f%% without a dose label; %s),"
              + " %,d credits, %,d flags in %.1f s by COPY (%,.0f records/s), indexes %.1f s,"
              + " VACUUM ANALYZE %.1f s%n",
          l.children(),
          l.records(),
          100.0 * l.unlabelled() / l.records(),
          options.payloads() ? "clinic records with their FHIR resource" : "without payloads",
          l.credits(),
          l.flags(),
          load.copySeconds(),
          (l.records() + load.warmup().records()) / load.copySeconds(),
          load.indexSeconds(),
          load.vacuumSeconds());
    }
    out.printf("database size: %s%n", databaseSize(database));
    out.printf("%-50s %8s %8s %10s %12s%n", "", "wall s", "JVM CPU", "PG CPU s", "children/s");
    out.printf(
        "%-50s %8.2f %8.2f %10.2f %,12.0f%n",
        "baseline: plain read of the same rows",
        r.read().seconds(),
        r.read().cpuSeconds(),
        r.read().databaseCpuSeconds(),
        r.children() / r.read().seconds());
    out.printf(
        "%-50s %8.2f %8.2f %10.2f %,12.0f%n",
        "batch: the same read + forecast every child",
        r.batch().seconds(),
        r.batch().cpuSeconds(),
        r.batch().databaseCpuSeconds(),
        r.forecast() / r.batch().seconds());
    out.printf(
        "%-50s %10.2f x (wall)%n",
        "ratio batch / plain read", r.batch().seconds() / r.read().seconds());
    out.printf(
        "%-50s %10.1f µs%n",
        "JVM CPU per child (batch − read)",
        (r.batch().cpuSeconds() - r.read().cpuSeconds()) * 1e6 / r.children());
    out.printf(
        "rows read: %,d records and credits (%.1f per child); recommendations %,d (%.1f per child); doses counted"
            + " %,d, not counted %,d; children with a dose due or overdue %,d%n",
        r.rows(),
        (double) r.rows() / r.children(),
        r.recommendations(),
        (double) r.recommendations() / r.forecast(),
        r.counted(),
        r.notCounted(),
        r.dueOrOverdue());
    out.printf(
        "checked: %,d of %,d children forecast; %d sampled forecasts equal the forecast of their"
            + " records as generated%n",
        r.forecast(), r.children(), r.samplesChecked());
    out.printf(
        "goal < 60 s for 1,000,000 children on 2 cores: %s (%.1f s for %,d)%n",
        r.children() >= 1_000_000 ? (r.batch().seconds() < 60 ? "met" : "not met") : "not measured",
        r.batch().seconds(),
        r.children());
  }

  private static String databaseSize(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT pg_size_pretty(pg_database_size(current_database())),"
                    + " pg_size_pretty(pg_table_size('immunization_record')),"
                    + " pg_size_pretty(pg_indexes_size('immunization_record'))")) {
      rs.next();
      return rs.getString(1)
          + " (immunization_record: "
          + rs.getString(2)
          + " table, "
          + rs.getString(3)
          + " indexes)";
    }
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
