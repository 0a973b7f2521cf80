package app.sukoyaka.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The service on a prefecture's population: generates (or reuses) {@link Population} in the
 * service's schema, starts the real service on it, and measures what its users do — parents' reads
 * at 64 connections, the app's first sync, clinics' ingest, the municipal dashboard — each next to
 * the plain-PostgreSQL baseline of the same run, and the service's memory under the parents' load.
 * One table at the end.
 */
public final class PopulationBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);
  private static final double READ_GOAL_MS = 25;
  private static final long RSS_GOAL_MIB = 512;
  private static final int STATEMENT_READS = 500;
  static final String STAFF = "pop-staff";

  /**
   * Options of one run.
   *
   * @param families guardians whose tokens the parents' load uses (spread over the prefecture)
   */
  record Options(
      int children,
      long seed,
      LocalDate asOf,
      Path dataDir,
      int connections,
      Duration warmup,
      Duration measured,
      int syncConnections,
      int families,
      int bundles,
      int ingestWarmup,
      int dashboardRequests,
      Path serviceJar,
      String heap,
      List<String> serviceJvmOptions,
      boolean statements,
      boolean readsOnly) {

    static final String USAGE =
        """
        usage: java -cp sukoyaka-bench.jar app.sukoyaka.bench.PopulationBenchmark [options]
          --children N        children of the prefecture (default 1,000,000)
          --seed S            the population's seed (default 20261122)
          --as-of DAY         the day the population is made for (default: today in Japan, or the
                              kept database's day)
          --data-dir DIR      keep the loaded database there and reuse it (new migrations applied)
          --connections C     parents' connections (default 64)
          --seconds T         measured seconds of each load phase (default 30)
          --warmup-seconds W  warm-up seconds before each load phase (default 10)
          --sync-connections  first-sync connections (default 8)
          --families F        guardians whose tokens the load uses (default 2000)
          --bundles B         clinic bundles measured on each side (default 2000)
          --ingest-warmup W   clinic bundles before measuring (default 500)
          --dashboard-requests R  overview pages measured (default 200)
          --service-jar PATH  the service (default backend/target/sukoyaka.jar)
          --heap SIZE         the service's -Xmx, or "pod": the container image's JVM options in a
                              pod with a 640 MiB limit (default pod)
          --service-jvm-option OPTION   one more option for the service's JVM (repeatable)
          --statements        also print the SQL of a parent's read on each side, per read
                              (pg_stat_statements, 500 reads on one connection after the load)
          --reads-only        measure the parents' reads and the memory under them, nothing else
        """;

    static Options parse(String... args) {
      int children = 1_000_000;
      long seed = 20261122L;
      LocalDate asOf = null;
      Path dataDir = null;
      int connections = 64;
      int seconds = 30;
      int warmupSeconds = 10;
      int syncConnections = 8;
      int families = 2000;
      int bundles = 2000;
      int ingestWarmup = 500;
      int dashboardRequests = 200;
      Path jar = Path.of("backend", "target", "sukoyaka.jar");
      String heap = ServiceProcess.POD;
      List<String> jvm = new ArrayList<>();
      boolean statements = false;
      boolean readsOnly = false;
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        switch (option) {
          case "--children" -> children = number(option, value(args, ++i, option));
          case "--seed" -> seed = Long.parseLong(value(args, ++i, option));
          case "--as-of" -> asOf = LocalDate.parse(value(args, ++i, option));
          case "--data-dir" -> dataDir = Path.of(value(args, ++i, option));
          case "--connections" -> connections = number(option, value(args, ++i, option));
          case "--seconds" -> seconds = number(option, value(args, ++i, option));
          case "--warmup-seconds" -> warmupSeconds = number(option, value(args, ++i, option));
          case "--sync-connections" -> syncConnections = number(option, value(args, ++i, option));
          case "--families" -> families = number(option, value(args, ++i, option));
          case "--bundles" -> bundles = number(option, value(args, ++i, option));
          case "--ingest-warmup" -> ingestWarmup = number(option, value(args, ++i, option));
          case "--dashboard-requests" ->
              dashboardRequests = number(option, value(args, ++i, option));
          case "--service-jar" -> jar = Path.of(value(args, ++i, option));
          case "--heap" -> heap = value(args, ++i, option);
          case "--service-jvm-option" -> jvm.add(value(args, ++i, option));
          case "--statements" -> statements = true;
          case "--reads-only" -> readsOnly = true;
          default -> throw new IllegalArgumentException("Unknown option " + option);
        }
      }
      if (connections < 1 || syncConnections < 1 || families < 1 || bundles < 1) {
        throw new IllegalArgumentException("Connections, families and bundles must be positive");
      }
      return new Options(
          children,
          seed,
          asOf,
          dataDir,
          connections,
          Duration.ofSeconds(warmupSeconds),
          Duration.ofSeconds(seconds),
          syncConnections,
          families,
          bundles,
          ingestWarmup,
          dashboardRequests,
          jar,
          heap,
          List.copyOf(jvm),
          statements,
          readsOnly);
    }

    private static String value(String[] args, int index, String option) {
      if (index >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[index];
    }

    private static int number(String option, String value) {
      try {
        return Integer.parseInt(value.replace(",", "").replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a whole number, not " + value);
      }
    }
  }

  /** A measured figure of the service next to its baseline. */
  record Row(String scenario, String measure, double service, double baseline, String unit) {
    double ratio() {
      return service / baseline;
    }
  }

  /** What a run measured. */
  record Result(
      LocalDate asOf,
      PopulationDatabase.Load load,
      String databaseSize,
      ClosedLoop.Result reads,
      ClosedLoop.Result readBaseline,
      long steadyRssMib,
      long peakRssMib,
      ClosedLoop.Result syncs,
      ClosedLoop.Result syncBaseline,
      ConcurrentRun.Result ingest,
      ConcurrentRun.Result ingestBaseline,
      double dashboardCountSeconds,
      Percentiles dashboard,
      Percentiles dashboardBaseline,
      Reminders reminders,
      List<Row> rows) {}

  /**
   * The daily reminder runs of every municipality and the push fan-out of what they queued.
   *
   * @param runSeconds from the first run's start to the last one's end (their own rows)
   * @param batchSeconds the baseline: StoredForecastBatch alone over the same children
   * @param drainSeconds from the pushes' release to the last one recorded
   * @param plainPushSeconds the baseline: the same number of FCM requests from 32 plain clients
   */
  record Reminders(
      int municipalities,
      long children,
      long reminders,
      long pushes,
      double runSeconds,
      double batchSeconds,
      double drainSeconds,
      double plainPushSeconds,
      long sent,
      int violations) {}

  private PopulationBenchmark() {}

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
      run(options, System.out, System.err);
      System.exit(0);
    } catch (Exception e) {
      System.err.println("Benchmark failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  static Result run(Options options, PrintStream out, PrintStream progress) throws Exception {
    if (!Files.isRegularFile(options.serviceJar())) {
      throw new IOException(
          "No service jar at "
              + options.serviceJar().toAbsolutePath()
              + "; build backend first or pass --service-jar");
    }
    double loadAtStart = SyncBenchmark.loadAverage();
    boolean keep = options.dataDir() != null;
    Path dir = Files.createTempDirectory("population-bench");
    List<AutoCloseable> running = new CopyOnWriteArrayList<>();
    Thread cleanup =
        new Thread(
            () -> {
              for (int i = running.size() - 1; i >= 0; i--) {
                try {
                  running.get(i).close();
                } catch (Exception e) {
                  System.err.println("Could not stop " + running.get(i) + ": " + e);
                }
              }
            },
            "population-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try (BenchDatabase database =
        BenchDatabase.open(
            keep ? options.dataDir() : dir.resolve("postgres"), keep, options.statements())) {
      running.add(database);
      LocalDate asOf =
          options.asOf() != null
              ? options.asOf()
              : keptAsOf(database).orElse(LocalDate.now(StoredForecastBenchmark.JAPAN));
      Population population = new Population(options.seed(), options.children(), asOf);
      long started = System.nanoTime();
      PopulationDatabase.Load load = PopulationDatabase.prepare(database, population, progress);
      progress.printf(
          Locale.ROOT,
          "population ready in %.1f s (%s)%n",
          (System.nanoTime() - started) / 1e9,
          databaseSize(database));
      Fixtures.Arranged clinic = arrangeRun(database, population);

      progress.println("starting the service");
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      Result measured;
      try (ServiceProcess service =
          ServiceProcess.start(
              options.serviceJar(),
              options.heap(),
              options.serviceJvmOptions(),
              database.jdbcUrl(),
              database.serviceRole(),
              dir,
              Map.of(
                  // Guardians' tokens come from /dev/token and the staff member logs in at the
                  // demo form; 文京区 exists (the clinic's), so the demo seeders add nothing.
                  "SUKOYAKA_DEMO", "true",
                  "SUKOYAKA_DASHBOARD_DEMO_CHILDREN", "0",
                  "SUKOYAKA_DASHBOARD_SESSION_COOKIE_SECURE", "false",
                  "SUKOYAKA_DASHBOARD_REFRESH_TICK", "2s",
                  "FLYWAY_DATASOURCES_DEFAULT_ENABLED", "false",
                  "SUKOYAKA_REMINDERS_SCHEDULE_ENABLED", "false",
                  "SUKOYAKA_PUSH_ENABLED", "false"))) {
        running.add(service);
        try {
          service.awaitHealthy(http, STARTUP_TIMEOUT);
          measured = measure(options, population, load, database, service, http, clinic, progress);
        } catch (Exception e) {
          progress.println("The end of the service's log (" + service.log() + "):");
          service.logTail(40).forEach(progress::println);
          throw e;
        }
      }
      // The figures so far, before the longest phase: a failure in it must not lose them.
      for (Row row : measured.rows()) {
        progress.printf(
            Locale.ROOT,
            "  %s, %s: service %,.2f, baseline %,.2f (%.2f x)%n",
            row.scenario(),
            row.measure(),
            row.service(),
            row.baseline(),
            row.ratio());
      }
      progress.printf(
          "  service RSS under the parents' reads: steady %d MiB, peak %d MiB%n",
          measured.steadyRssMib(), measured.peakRssMib());
      if (options.readsOnly()) {
        print(out, options, population, measured, loadAtStart);
        return measured;
      }
      Reminders reminders = remindAndPush(options, population, database, dir, http, progress);
      List<Row> rows = new ArrayList<>(measured.rows());
      rows.add(
          new Row(
              "daily reminders, all towns",
              "seconds",
              reminders.runSeconds(),
              reminders.batchSeconds(),
              "s"));
      rows.add(
          new Row(
              "push fan-out",
              "pushes/s",
              reminders.pushes() / reminders.drainSeconds(),
              reminders.pushes() / reminders.plainPushSeconds(),
              "/s"));
      Result result =
          new Result(
              measured.asOf(),
              measured.load(),
              measured.databaseSize(),
              measured.reads(),
              measured.readBaseline(),
              measured.steadyRssMib(),
              measured.peakRssMib(),
              measured.syncs(),
              measured.syncBaseline(),
              measured.ingest(),
              measured.ingestBaseline(),
              measured.dashboardCountSeconds(),
              measured.dashboard(),
              measured.dashboardBaseline(),
              reminders,
              List.copyOf(rows));
      print(out, options, population, result, loadAtStart);
      return result;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run.
      }
      StoredForecastBenchmark.delete(dir);
    }
  }

  private static Result measure(
      Options options,
      Population population,
      PopulationDatabase.Load load,
      BenchDatabase database,
      ServiceProcess service,
      HttpClient http,
      Fixtures.Arranged clinic,
      PrintStream progress)
      throws Exception {
    List<Population.Family> families = sample(population, options.families());
    progress.printf("getting %,d guardians' tokens%n", families.size());
    List<String> tokens = tokens(http, service, families);
    List<Row> rows = new ArrayList<>();

    // Parents' reads: a guardian opens a child's handbook or vaccination schedule.
    progress.printf(
        "parents' reads: %d connections, %d s warm-up, %d s measured%n",
        options.connections(), options.warmup().toSeconds(), options.measured().toSeconds());
    List<Long> rss = new CopyOnWriteArrayList<>();
    Thread sampler = memorySampler(service, options.warmup(), rss);
    sampler.start();
    ClosedLoop.Result reads =
        ClosedLoop.run(
            options.connections(),
            c -> parentReads(service, families, tokens),
            options.warmup(),
            options.measured(),
            options.seed());
    sampler.interrupt();
    sampler.join();
    long peak = service.memory().map(ProcessMemory::peakMib).orElse(0L);
    long steady = steady(rss);
    progress.println("baseline: the plain JDBC read of the same rows, same connections");
    ClosedLoop.Result readBaseline =
        ClosedLoop.run(
            options.connections(),
            c -> new ChildRowsRead(database.connect(), families),
            options.warmup(),
            options.measured(),
            options.seed());
    rows.add(new Row("parents' reads", "p50 ms", reads.millis(50), readBaseline.millis(50), "ms"));
    rows.add(new Row("parents' reads", "p99 ms", reads.millis(99), readBaseline.millis(99), "ms"));
    rows.add(
        new Row("parents' reads", "requests/s", reads.perSecond(), readBaseline.perSecond(), "/s"));
    if (options.statements()) {
      statementsPerRead(options, database, service, families, tokens, progress);
    }
    if (options.readsOnly()) {
      return new Result(
          population.asOf(),
          load,
          databaseSize(database),
          reads,
          readBaseline,
          steady,
          peak,
          null,
          null,
          null,
          null,
          Double.NaN,
          null,
          null,
          null,
          rows);
    }

    // The app's first sync of a family's handbook.
    Duration short_ = options.measured().dividedBy(2);
    progress.printf("first syncs: %d connections%n", options.syncConnections());
    ClosedLoop.Result syncs =
        ClosedLoop.run(
            options.syncConnections(),
            c -> firstSyncs(service, families, tokens),
            options.warmup().dividedBy(2),
            short_,
            options.seed() + 1);
    ClosedLoop.Result syncBaseline =
        ClosedLoop.run(
            options.syncConnections(),
            c -> familyReads(database, families),
            options.warmup().dividedBy(2),
            short_,
            options.seed() + 1);
    rows.add(new Row("first sync", "p50 ms", syncs.millis(50), syncBaseline.millis(50), "ms"));
    rows.add(new Row("first sync", "p99 ms", syncs.millis(99), syncBaseline.millis(99), "ms"));
    rows.add(new Row("first sync", "syncs/s", syncs.perSecond(), syncBaseline.perSecond(), "/s"));

    // Clinics' ingest of 妊婦健診 bundles, against plain inserts of the same rows.
    progress.printf("clinic ingest: %,d bundles from 8 clients%n", options.bundles());
    String runId = "pop-" + UUID.randomUUID().toString().substring(0, 8);
    ServiceIngest ingest = new ServiceIngest(http, service, clinic, runId);
    HttpResponse<String> probe =
        ingest.post(ingest.newTokens().current(), ingest.bundle("probe", 0, 0));
    if (probe.statusCode() != 200) {
      throw new IOException(
          "The service refused the probe bundle: " + ServiceIngest.excerpt(probe.body()));
    }
    int clients = 8;
    int maxFailures = options.bundles() / 100;
    if (options.ingestWarmup() > 0) {
      byte[][] warm = ingest.prepare("warmup", options.ingestWarmup(), 0);
      ConcurrentRun.run(options.ingestWarmup(), clients, t -> ingest.client(warm), maxFailures);
    }
    byte[][] bodies = ingest.prepare("measure", options.bundles(), options.ingestWarmup());
    ConcurrentRun.Result ingested =
        ConcurrentRun.run(options.bundles(), clients, t -> ingest.client(bodies), maxFailures);
    if (ingested.aborted() || ingested.failed() > maxFailures) {
      throw new IOException("Clinic ingest failed: " + ingested.failureSamples());
    }
    JdbcBaseline plain = new JdbcBaseline(database, clinic, runId);
    if (options.ingestWarmup() > 0) {
      JdbcBaseline.Prepared[] warm = plain.prepare("warmup", options.ingestWarmup());
      ConcurrentRun.run(options.ingestWarmup(), clients, t -> plain.client(warm), maxFailures);
    }
    JdbcBaseline.Prepared[] units = plain.prepare("measure", options.bundles());
    ConcurrentRun.Result inserted =
        ConcurrentRun.run(options.bundles(), clients, t -> plain.client(units), maxFailures);
    rows.add(
        new Row(
            "clinic ingest (8 clients)",
            "bundles/s",
            ingested.perSecond(),
            inserted.perSecond(),
            "/s"));

    // The municipal dashboard of the prefecture's largest city.
    Population.Municipality city = population.municipalities().get(0);
    progress.printf(
        "dashboard of %s (%,d children): counting the figures%n",
        city.nameJa(), city.endChild() - city.firstChild());
    double countSeconds;
    Percentiles overview;
    try (LeanHttp staff = new LeanHttp(service.uri("/"))) {
      String cookie = DashboardBenchmark.login(staff, STAFF);
      String head = "Cookie: " + cookie + "\r\nAccept: text/html\r\nAccept-Language: ja\r\n";
      expectOk(staff.get("/dashboard", head), "the overview");
      countSeconds = DashboardBenchmark.awaitCount(database, city.id());
      int requests = options.dashboardRequests();
      for (int i = 0; i < Math.max(10, requests / 2); i++) {
        expectOk(staff.get("/dashboard", head), "the overview");
      }
      long[] latencies = new long[requests];
      for (int i = 0; i < requests; i++) {
        long begin = System.nanoTime();
        expectOk(staff.get("/dashboard", head), "the overview");
        latencies[i] = System.nanoTime() - begin;
      }
      overview = Percentiles.of(latencies);
    }
    Percentiles overviewBaseline =
        DashboardBenchmark.baseline(
            database,
            city.id(),
            Math.max(10, options.dashboardRequests() / 2),
            options.dashboardRequests());
    rows.add(
        new Row(
            "dashboard overview (1 client)",
            "p50 ms",
            overview.at(50) / 1e6,
            overviewBaseline.at(50) / 1e6,
            "ms"));
    rows.add(
        new Row(
            "dashboard overview (1 client)",
            "p99 ms",
            overview.at(99) / 1e6,
            overviewBaseline.at(99) / 1e6,
            "ms"));
    return new Result(
        population.asOf(),
        load,
        databaseSize(database),
        reads,
        readBaseline,
        steady,
        peak,
        syncs,
        syncBaseline,
        ingested,
        inserted,
        countSeconds,
        overview,
        overviewBaseline,
        null,
        rows);
  }

  // --- Reminders and pushes -------------------------------------------------------------------

  /**
   * The service again, with its daily timer ticking every 2 s and pushes going to a local FCM
   * endpoint: every municipality's reminder run of the day (timed by its own {@code reminder_run}
   * row), then the pushes they queued released at once, as when quiet hours end, and sent (timed
   * until none is queued). Quiet hours around now for every guardian with a phone keep the pushes
   * queued while the runs write them, so the two figures do not overlap. The baselines:
   * StoredForecastBatch alone over the same children in this JVM, and the same number of FCM
   * requests from 32 plain clients.
   */
  private static Reminders remindAndPush(
      Options options,
      Population population,
      BenchDatabase database,
      Path dir,
      HttpClient http,
      PrintStream progress)
      throws Exception {
    LocalDate day = LocalDate.now(StoredForecastBenchmark.JAPAN);
    java.time.LocalTime now = java.time.LocalTime.now(StoredForecastBenchmark.JAPAN);
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("SET LOCAL session_replication_role = replica");
      statement.execute("DELETE FROM push_attempt");
      statement.execute("DELETE FROM push_message");
      statement.execute("DELETE FROM reminder");
      statement.execute("DELETE FROM reminder_run");
      try (PreparedStatement quiet =
          connection.prepareStatement(
              "INSERT INTO notification_preference (person_id, municipality_id, language,"
                  + " quiet_start, quiet_end, reminders_off, updated_at)"
                  + " SELECT DISTINCT person_id, municipality_id, 'ja', ?, ?, '{}'::text[], now()"
                  + " FROM push_device ON CONFLICT (person_id) DO UPDATE SET"
                  + " quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end")) {
        quiet.setObject(1, now.minusHours(1).withNano(0).withSecond(0));
        quiet.setObject(2, now.plusHours(6).withNano(0).withSecond(0));
        quiet.executeUpdate();
      }
      connection.commit();
    }

    progress.println("baseline: StoredForecastBatch alone over every municipality's children");
    double batchSeconds;
    int cores = Runtime.getRuntime().availableProcessors();
    try (HeldConnections held =
        new HeldConnections(List.of(database.connect(), database.connect(), database.connect()))) {
      app.sukoyaka.immunization.StoredForecastBatch batch =
          app.sukoyaka.immunization.StoredForecastBatch.standalone(
              held, java.time.Clock.system(StoredForecastBenchmark.JAPAN), cores);
      // Warm: the smallest municipalities once.
      for (int m = population.municipalities().size() - 5;
          m < population.municipalities().size();
          m++) {
        batch.forEachForecast(population.municipalities().get(m).id(), day, child -> {});
      }
      long start = System.nanoTime();
      for (Population.Municipality m : population.municipalities()) {
        batch.forEachForecast(m.id(), day, child -> {});
      }
      batchSeconds = (System.nanoTime() - start) / 1e9;
    }

    try (app.sukoyaka.notice.push.LocalFcmEndpoint endpoint =
        app.sukoyaka.notice.push.LocalFcmEndpoint.start(
            new app.sukoyaka.notice.push.LocalFcmEndpoint.Options(0, true, 100, 8))) {
      double runSeconds;
      long children;
      long reminders;
      long pushes;
      double drainSeconds;
      int municipalities;
      progress.println("starting the service with its daily timer ticking every 2 s");
      try (ServiceProcess service =
          ServiceProcess.start(
              options.serviceJar(),
              options.heap(),
              options.serviceJvmOptions(),
              database.jdbcUrl(),
              database.serviceRole(),
              dir,
              Map.of(
                  "SUKOYAKA_REMINDERS_SCHEDULE_CRON",
                  "*/2 * * * * *",
                  "SUKOYAKA_PUSH_ENDPOINT",
                  endpoint.uri().toString(),
                  "SUKOYAKA_PUSH_PROJECT_ID",
                  PushBenchmark.PROJECT,
                  "FLYWAY_DATASOURCES_DEFAULT_ENABLED",
                  "false"))) {
        try {
          service.awaitHealthy(http, STARTUP_TIMEOUT);
          int expected = countOf(database, "SELECT count(*) FROM municipality");
          long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
          while (true) {
            int done =
                countOf(
                    database,
                    "SELECT count(*) FROM reminder_run WHERE status = 'done' AND run_date = '"
                        + day
                        + "'");
            int failed =
                countOf(database, "SELECT count(*) FROM reminder_run WHERE status = 'failed'");
            if (failed > 0) {
              throw new IOException(failed + " reminder run(s) failed; see " + service.log());
            }
            if (done >= expected) {
              break;
            }
            if (System.nanoTime() > deadline) {
              throw new IOException("The reminder runs did not finish within 60 minutes");
            }
            Thread.sleep(200);
          }
          try (Connection connection = database.connect();
              Statement statement = connection.createStatement();
              ResultSet rs =
                  statement.executeQuery(
                      "SELECT count(*), extract(epoch FROM max(finished_at) - min(started_at)),"
                          + " sum(children), sum(reminders_created), sum(pushes_queued)"
                          + " FROM reminder_run WHERE run_date = '"
                          + day
                          + "'")) {
            rs.next();
            municipalities = rs.getInt(1);
            runSeconds = rs.getDouble(2);
            children = rs.getLong(3);
            reminders = rs.getLong(4);
          }
          // Only pushes to a guardian with a phone can be sent; the others are held by quiet
          // hours too when the run falls in the default ones (21:00-08:00 in Japan) and end as
          // "no device" when released, so they are not counted among the fan-out's pushes.
          pushes =
              countOf(
                  database,
                  "SELECT count(*) FROM push_message m WHERE m.status = 'queued' AND EXISTS"
                      + " (SELECT 1 FROM push_device d WHERE d.person_id = m.person_id"
                      + " AND d.removed_at IS NULL)");
          progress.printf(
              Locale.ROOT,
              "reminder runs: %d municipalities, %,d children, %,d reminders in %.1f s; releasing"
                  + " %,d pushes%n",
              municipalities,
              children,
              reminders,
              runSeconds,
              pushes);
          long start = System.nanoTime();
          try (Connection connection = database.connect();
              Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate(
                "UPDATE push_message SET not_before = now(), next_attempt_at = now()"
                    + " WHERE status = 'queued'");
            statement.execute("SELECT pg_notify('sukoyaka_push', '')");
            connection.commit();
          }
          while (countOf(database, "SELECT count(*) FROM push_message WHERE status = 'queued'")
              > 0) {
            if (System.nanoTime() - start > Duration.ofMinutes(30).toNanos()) {
              throw new IOException("Pushes still queued after 30 minutes");
            }
            Thread.sleep(50);
          }
          drainSeconds = (System.nanoTime() - start) / 1e9;
        } catch (Exception e) {
          progress.println("The end of the service's log (" + service.log() + "):");
          service.logTail(40).forEach(progress::println);
          throw e;
        }
      }
      long sent = countOf(database, "SELECT count(*) FROM push_attempt WHERE outcome = 'sent'");
      int violations = endpoint.violations().size();
      double plainSeconds = 0;
      if (pushes > 0) {
        progress.printf("baseline: %,d plain FCM posts from 32 clients%n", pushes);
        plainSeconds =
            PushBenchmark.baseline(
                    endpoint,
                    new PushBenchmark.Options(
                        (int) pushes,
                        1,
                        32,
                        options.serviceJar(),
                        options.heap(),
                        options.serviceJvmOptions()))
                .seconds();
      }
      return new Reminders(
          municipalities,
          children,
          reminders,
          pushes,
          runSeconds,
          batchSeconds,
          drainSeconds,
          plainSeconds,
          sent,
          violations);
    }
  }

  private static int countOf(BenchDatabase database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  // --- The parents ----------------------------------------------------------------------------

  /** Families with a guardian using the app and children, spread evenly over the prefecture. */
  static List<Population.Family> sample(Population population, int wanted) {
    List<Population.Family> sample = new ArrayList<>();
    int families = population.families();
    long stride = Math.max(1, families / (wanted * 2L));
    for (long f = 0; f < families && sample.size() < wanted; f += stride) {
      Population.Family family = population.family((int) f);
      if (family.motherLogin() != null && !family.children().isEmpty()) {
        sample.add(family);
      }
    }
    return List.copyOf(sample);
  }

  /** Each sampled guardian's token, asked for on 8 connections at once. */
  private static List<String> tokens(
      HttpClient http, ServiceProcess service, List<Population.Family> families) throws Exception {
    // The first alone: the service makes its signing key on the first token it signs, and eight
    // first requests at once raced for it (one answered "No signing key active").
    String first = token(http, service, families.get(0).motherLogin());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      answers.add(java.util.concurrent.CompletableFuture.completedFuture(first));
      for (Population.Family family : families.subList(1, families.size())) {
        answers.add(pool.submit(() -> token(http, service, family.motherLogin())));
      }
      List<String> tokens = new ArrayList<>();
      for (Future<String> answer : answers) {
        tokens.add(answer.get());
      }
      return tokens;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String token(HttpClient http, ServiceProcess service, String subject)
      throws IOException, InterruptedException {
    String body =
        JSON.createObjectNode().put("role", "guardian").put("subject", subject).toString();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(service.uri("/dev/token"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "No token for " + subject + ": " + response.statusCode() + " " + response.body());
    }
    JsonNode answer = JSON.readTree(response.body());
    // Tokens last 15 minutes; each load phase is far shorter than that.
    return answer.path("access_token").asText();
  }

  /** A 60:40 mix of a child's handbook and vaccination schedule, for a random sampled family. */
  private static ClosedLoop.Client parentReads(
      ServiceProcess service, List<Population.Family> families, List<String> tokens) {
    LeanHttp connection = new LeanHttp(service.uri("/"));
    return new ClosedLoop.Client() {
      @Override
      public void request(SplittableRandom random) throws Exception {
        int f = random.nextInt(families.size());
        Population.Family family = families.get(f);
        UUID child = family.children().get(random.nextInt(family.children().size()));
        String path =
            random.nextInt(10) < 6
                ? "/api/v1/children/" + child + "/handbook"
                : "/api/v1/children/" + child + "/immunization-schedule";
        LeanHttp.Reply reply =
            connection.get(
                path,
                "Authorization: Bearer "
                    + tokens.get(f)
                    + "\r\nAccept: application/json\r\nAccept-Encoding: gzip\r\n");
        if (reply.status() != 200) {
          throw new IOException(path + ": " + reply.status() + " " + excerpt(reply));
        }
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }

  private static ClosedLoop.Client firstSyncs(
      ServiceProcess service, List<Population.Family> families, List<String> tokens) {
    LeanHttp connection = new LeanHttp(service.uri("/"));
    return new ClosedLoop.Client() {
      @Override
      public void request(SplittableRandom random) throws Exception {
        int f = random.nextInt(families.size());
        LeanHttp.Reply reply =
            connection.get(
                "/api/v1/me/sync",
                "Authorization: Bearer "
                    + tokens.get(f)
                    + "\r\nAccept: application/json\r\nAccept-Encoding: gzip\r\n");
        if (reply.status() != 200) {
          throw new IOException("sync: " + reply.status() + " " + excerpt(reply));
        }
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }

  private static ClosedLoop.Client familyReads(
      BenchDatabase database, List<Population.Family> families) throws SQLException {
    FamilyRead read = new FamilyRead(database.connect());
    return new ClosedLoop.Client() {
      @Override
      public void request(SplittableRandom random) throws Exception {
        read.read(families.get(random.nextInt(families.size())).motherLogin());
      }

      @Override
      public void close() throws SQLException {
        read.close();
      }
    };
  }

  /**
   * The baseline of a parent's read: the rows the handbook or schedule shows (the child; its
   * checkups and findings, or none for the schedule; its vaccination records and credits), read
   * with plain JDBC on one connection, every column decoded, in the same mix as the service's.
   */
  static final class ChildRowsRead implements ClosedLoop.Client {
    private final Connection connection;
    private final List<Population.Family> families;
    private final PreparedStatement child;
    private final PreparedStatement encounters;
    private final PreparedStatement findings;
    private final PreparedStatement records;
    private final PreparedStatement credits;

    ChildRowsRead(Connection connection, List<Population.Family> families) throws SQLException {
      this.connection = connection;
      this.families = families;
      child = connection.prepareStatement("SELECT * FROM child WHERE id = ?");
      encounters =
          connection.prepareStatement("SELECT * FROM checkup_encounter WHERE child_id = ?");
      findings =
          connection.prepareStatement("SELECT * FROM checkup_finding WHERE encounter_id = ANY (?)");
      records = connection.prepareStatement("SELECT * FROM immunization_record WHERE child_id = ?");
      credits =
          connection.prepareStatement(
              "SELECT * FROM immunization_credit WHERE record_id = ANY (?)");
    }

    @Override
    public void request(SplittableRandom random) throws SQLException {
      Population.Family family = families.get(random.nextInt(families.size()));
      UUID id = family.children().get(random.nextInt(family.children().size()));
      boolean handbook = random.nextInt(10) < 6;
      child.setObject(1, id);
      if (read(child).isEmpty()) {
        throw new SQLException("No child " + id);
      }
      if (handbook) {
        encounters.setObject(1, id);
        List<UUID> ids = read(encounters);
        findings.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
        read(findings);
      }
      records.setObject(1, id);
      List<UUID> ids = read(records);
      credits.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      read(credits);
    }

    private static List<UUID> read(PreparedStatement statement) throws SQLException {
      List<UUID> ids = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int c = 1; c <= columns; c++) {
            rs.getObject(c);
          }
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      return ids;
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  /**
   * What one parent's read asks of PostgreSQL on each side: the same mix, {@link #STATEMENT_READS}
   * reads one after another on one connection, counted by pg_stat_statements (transaction control
   * included), printed with the progress.
   */
  private static void statementsPerRead(
      Options options,
      BenchDatabase database,
      ServiceProcess service,
      List<Population.Family> families,
      List<String> tokens,
      PrintStream progress)
      throws Exception {
    SplittableRandom random = new SplittableRandom(options.seed() + 7);
    try (Connection admin = database.connectAdmin()) {
      StatementProfile.install(admin);
      StatementProfile.reset(admin);
      ClosedLoop.Client client = parentReads(service, families, tokens);
      try {
        for (int i = 0; i < STATEMENT_READS; i++) {
          client.request(random);
        }
      } finally {
        client.close();
      }
      progress.print(StatementProfile.report(admin, "service", STATEMENT_READS, "read"));
      StatementProfile.reset(admin);
      random = new SplittableRandom(options.seed() + 7);
      try (ChildRowsRead plain = new ChildRowsRead(database.connect(), families)) {
        for (int i = 0; i < STATEMENT_READS; i++) {
          plain.request(random);
        }
      }
      progress.print(StatementProfile.report(admin, "baseline", STATEMENT_READS, "read"));
    }
  }

  // --- Memory -----------------------------------------------------------------------------------

  /** Samples the service's RSS every 250 ms once the warm-up is over, until interrupted. */
  private static Thread memorySampler(ServiceProcess service, Duration warmup, List<Long> rss) {
    Thread sampler =
        new Thread(
            () -> {
              try {
                Thread.sleep(warmup.toMillis());
                while (true) {
                  service.memory().ifPresent(m -> rss.add(m.residentMib()));
                  Thread.sleep(250);
                }
              } catch (InterruptedException | IOException e) {
                // Done.
              }
            },
            "rss-sampler");
    sampler.setDaemon(true);
    return sampler;
  }

  /** The steady RSS: the median of the samples of the measured phase's second half. */
  static long steady(List<Long> samples) {
    if (samples.isEmpty()) {
      return 0;
    }
    List<Long> half = new ArrayList<>(samples.subList(samples.size() / 2, samples.size()));
    half.sort(null);
    return half.get(half.size() / 2);
  }

  // --- Preparing a run --------------------------------------------------------------------------

  private static Optional<LocalDate> keptAsOf(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery("SELECT to_regclass('bench_population') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return Optional.empty();
        }
      }
      try (ResultSet rs = statement.executeQuery("SELECT signature FROM bench_population")) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String signature = rs.getString(1);
        return Optional.of(LocalDate.parse(signature.substring(signature.lastIndexOf(' ') + 1)));
      }
    }
  }

  /**
   * What one run adds to the population, after removing what an earlier run on a kept database
   * added: the ingest's clinic and its 1,000 pregnancies (文京区, outside the prefecture), the staff
   * member of the largest city, and no dashboard figures (this run counts them).
   */
  private static Fixtures.Arranged arrangeRun(BenchDatabase database, Population population)
      throws SQLException {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET LOCAL session_replication_role = replica");
        Optional<UUID> old = Optional.empty();
        try (ResultSet rs =
            statement.executeQuery(
                "SELECT id FROM municipality WHERE code = '"
                    + PrenatalVisit.MUNICIPALITY_CODE
                    + "'")) {
          if (rs.next()) {
            old = Optional.of(rs.getObject(1, UUID.class));
          }
        }
        if (old.isPresent()) {
          List<String> tables = new ArrayList<>();
          try (ResultSet rs =
              statement.executeQuery(
                  "SELECT c.table_name FROM information_schema.columns c JOIN"
                      + " information_schema.tables t ON t.table_name = c.table_name AND"
                      + " t.table_schema = c.table_schema WHERE c.table_schema = 'public' AND"
                      + " c.column_name = 'municipality_id' AND t.table_type = 'BASE TABLE'"
                      + " AND c.table_name <> 'municipality'")) {
            while (rs.next()) {
              tables.add(rs.getString(1));
            }
          }
          for (String table : tables) {
            statement.execute(
                "DELETE FROM " + table + " WHERE municipality_id = '" + old.get() + "'");
          }
          statement.execute(
              "DELETE FROM clinic_client WHERE client_id = '" + Fixtures.CLIENT_ID + "'");
          statement.execute(
              "DELETE FROM facility WHERE medical_institution_code = '"
                  + Fixtures.MEDICAL_INSTITUTION_CODE
                  + "'");
          statement.execute("DELETE FROM municipality WHERE id = '" + old.get() + "'");
        }
        statement.execute(
            "TRUNCATE dashboard_cell, dashboard_child_forecast, dashboard_refresh, staff_session");
        statement.execute("DELETE FROM staff_account WHERE subject = '" + STAFF + "'");
      }
      try (PreparedStatement staff =
          connection.prepareStatement(
              "INSERT INTO staff_account (subject, municipality_id, display_name, created_at)"
                  + " VALUES (?, ?, '保健センター 保健師（ベンチマーク）', now())")) {
        staff.setString(1, STAFF);
        staff.setObject(2, population.municipalities().get(0).id());
        staff.executeUpdate();
      }
      connection.commit();
      connection.setAutoCommit(true);
      return Fixtures.arrange(connection, 1000);
    }
  }

  private static String databaseSize(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void expectOk(LeanHttp.Reply reply, String what) throws IOException {
    if (reply.status() != 200) {
      throw new IOException(what + ": " + reply.status() + " " + excerpt(reply));
    }
  }

  private static String excerpt(LeanHttp.Reply reply) {
    String text = reply.text().replaceAll("\\s+", " ").strip();
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  // --- The table --------------------------------------------------------------------------------

  private static void print(
      PrintStream out, Options options, Population population, Result result, double loadAtStart) {
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(
        Locale.ROOT,
        "%nSukoyaka population benchmark  (N=%,d children in %d municipalities, %,d families;"
            + " seed %d, as of %s; %d cores; load average %.1f → %.1f)%n",
        population.children(),
        population.municipalities().size(),
        population.families(),
        population.seed(),
        population.asOf(),
        cores,
        loadAtStart,
        SyncBenchmark.loadAverage());
    PopulationDatabase.Load load = result.load();
    Map<String, Long> rows = new LinkedHashMap<>();
    load.rows().forEach((table, count) -> rows.put(table.name().toLowerCase(Locale.ROOT), count));
    out.printf(
        Locale.ROOT,
        "population: %s; database %s; %s%n",
        rows,
        result.databaseSize(),
        load.reused()
            ? "reused from --data-dir (" + load.migrated().size() + " new migrations applied)"
            : String.format(
                Locale.ROOT,
                "loaded by COPY in %.1f s, indexes %.1f s, VACUUM ANALYZE %.1f s",
                load.copySeconds(),
                load.indexSeconds(),
                load.analyzeSeconds()));
    out.printf(
        Locale.ROOT,
        "%-32s %-12s %12s %12s %14s%n",
        "scenario",
        "figure",
        "service",
        "baseline",
        "service/base");
    for (Row row : result.rows()) {
      out.printf(
          Locale.ROOT,
          "%-32s %-12s %12s %12s %13.2f x%n",
          row.scenario(),
          row.measure(),
          figure(row.service()),
          figure(row.baseline()),
          row.ratio());
    }
    out.println(
        "baselines: parents' reads — plain JDBC read of the child's rows (same mix, same"
            + " connections); first sync — plain JDBC read of the family's rows; ingest — plain"
            + " JDBC insert of the bundle's rows; dashboard — plain JDBC read of the overview's"
            + " cells");
    out.printf(
        Locale.ROOT,
        "service memory under the parents' load: steady RSS %d MiB, peak %d MiB (%s)%n",
        result.steadyRssMib(),
        result.peakRssMib(),
        ServiceProcess.POD.equals(options.heap())
            ? "the image's JVM options in a 640 MiB pod"
            : "-Xmx" + options.heap());
    if (result.reminders() != null) {
      out.printf(
          Locale.ROOT,
          "dashboard figures of the largest city counted in %.1f s; failures: reads %d, syncs %d,"
              + " ingest %d%n",
          result.dashboardCountSeconds(),
          result.reads().failed(),
          result.syncs().failed(),
          result.ingest().failed());
      Reminders r = result.reminders();
      out.printf(
          Locale.ROOT,
          "daily reminders: %d municipalities, %,d children, %,d reminders, %,d pushes queued;"
              + " pushes: %,d sent, %d schema violations (baselines: StoredForecastBatch alone;"
              + " plain FCM posts from 32 clients)%n",
          r.municipalities(),
          r.children(),
          r.reminders(),
          r.pushes(),
          r.sent(),
          r.violations());
    } else {
      out.printf(Locale.ROOT, "parents' reads only; failures: %d%n", result.reads().failed());
    }
    double p99 = result.reads().millis(99);
    out.printf(
        Locale.ROOT,
        "goal: parents' read p99 < %.0f ms at %d connections: %s (%.1f ms)%n",
        READ_GOAL_MS,
        options.connections(),
        p99 < READ_GOAL_MS ? "met" : "NOT met",
        p99);
    out.printf(
        Locale.ROOT,
        "goal: steady RSS < %d MiB under that load: %s (%d MiB)%n",
        RSS_GOAL_MIB,
        result.steadyRssMib() > 0 && result.steadyRssMib() < RSS_GOAL_MIB ? "met" : "NOT met",
        result.steadyRssMib());
  }

  private static String figure(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
