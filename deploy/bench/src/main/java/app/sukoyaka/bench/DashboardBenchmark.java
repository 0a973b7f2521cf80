package app.sukoyaka.bench;

import app.sukoyaka.immunization.StoredForecastBatch;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.OverviewQuery;
import app.sukoyaka.municipality.synthetic.SyntheticPopulation;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The municipal dashboard's overview page ({@code GET /dashboard}) for a municipality of 100,000
 * children in a database of 1,000,000, through the real service and a real staff session, against
 * the plain JDBC read of the cells that page shows (issue 7: the page in under 300 ms).
 *
 * <p>One run: its own PostgreSQL with the service's schema; the families of ten municipalities
 * written with set-based SQL ({@link SyntheticPopulation}: children, guardians, checkups and
 * findings, vaccinations, 予診票, pregnancies, a year of notices), the measured one (文京区) first; the
 * service jar started; a staff member logged in through the login form (a session cookie and its
 * CSRF token, as a browser holds them); the figures counted by the service itself (the page asks
 * for the count; the run waits for it and reports its time: the forecasts of every child and every
 * figure from the rows); then, after a warm-up, the overview requested again and again on one
 * keep-alive connection, and for reference a figure page and two lists. The baseline of the same
 * run reads the municipality's cells with plain JDBC: what no page can do without.
 *
 * <p>Exit status: 0 when the run completed and every page was right, 1 when the service did not
 * start or answered wrongly, 2 for bad options.
 */
public final class DashboardBenchmark {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  static final String STAFF = "bench-staff-bunkyo";
  private static final double GOAL_MS = 300;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);
  private static final Duration COUNT_TIMEOUT = Duration.ofMinutes(30);
  private static final Pattern LOGIN_TOKEN =
      Pattern.compile("name=\"loginToken\" value=\"([^\"]+)\"");

  /** The municipalities of the database, the measured one first (全国地方公共団体コード). */
  static final List<String[]> MUNICIPALITIES =
      List.of(
          new String[] {"131059", "文京区", "Bunkyo City"},
          new String[] {"131016", "千代田区", "Chiyoda City"},
          new String[] {"131024", "中央区", "Chuo City"},
          new String[] {"131032", "港区", "Minato City"},
          new String[] {"131041", "新宿区", "Shinjuku City"},
          new String[] {"131067", "台東区", "Taito City"},
          new String[] {"131075", "墨田区", "Sumida City"},
          new String[] {"131083", "江東区", "Koto City"},
          new String[] {"131091", "品川区", "Shinagawa City"},
          new String[] {"131105", "目黒区", "Meguro City"});

  record Options(
      int children,
      int databaseChildren,
      int requests,
      int warmup,
      boolean fullOthers,
      Path dataDir,
      Path serviceJar,
      String heap,
      List<String> serviceJvmOptions) {
    static final String USAGE =
        """
        usage: java -cp sukoyaka-bench.jar app.sukoyaka.bench.DashboardBenchmark [options]
          --children N           children of the measured municipality (default 100000)
          --database-children T  children in the whole database, the measured ones included
                                 (default 1000000; the rest in up to nine other municipalities)
          --requests R           overview pages measured (default 300; the other pages R/10)
          --warmup W             overview pages requested before measuring (default 200)
          --full-others          the other municipalities with every kind of record, as the
                                 measured one (default: families, checkups and pregnancies
                                 only, a quarter of the size: about 7 GB instead of 22 GB)
          --data-dir DIR         keep the loaded database in DIR; a later run with the same
                                 DIR reuses it (loading 1,000,000 children takes ~25 minutes)
                                 and counts the figures anew
          --service-jar PATH     the service (default backend/target/sukoyaka.jar)
          --heap SIZE            the service's -Xmx (default 512m)
          --service-jvm-option OPTION
                                 one more option for the service's JVM, repeatable
        """;

    Options {
      if (children < 10 || databaseChildren < children) {
        throw new IllegalArgumentException(
            "--children must be at least 10 and --database-children at least --children");
      }
      if (requests < 10 || warmup < 0) {
        throw new IllegalArgumentException("--requests at least 10, --warmup not negative");
      }
      if (!heap.matches("[0-9]+[kKmMgG]?")) {
        throw new IllegalArgumentException("--heap must look like 512m or 1g, not " + heap);
      }
      serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    static Options parse(String... args) {
      int children = 100_000;
      int databaseChildren = 1_000_000;
      int requests = 300;
      int warmup = 200;
      boolean fullOthers = false;
      Path dataDir = null;
      Path jar = Path.of("backend", "target", "sukoyaka.jar");
      String heap = "512m";
      List<String> jvmOptions = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--children" -> children = StoredForecastBenchmark.Options.number(args, ++i);
          case "--database-children" ->
              databaseChildren = StoredForecastBenchmark.Options.number(args, ++i);
          case "--requests" -> requests = StoredForecastBenchmark.Options.number(args, ++i);
          case "--warmup" -> warmup = StoredForecastBenchmark.Options.number(args, ++i);
          case "--full-others" -> fullOthers = true;
          case "--data-dir" -> dataDir = Path.of(StoredForecastBenchmark.Options.value(args, ++i));
          case "--service-jar" -> jar = Path.of(StoredForecastBenchmark.Options.value(args, ++i));
          case "--heap" -> heap = StoredForecastBenchmark.Options.value(args, ++i);
          case "--service-jvm-option" ->
              jvmOptions.add(StoredForecastBenchmark.Options.value(args, ++i));
          default -> throw new IllegalArgumentException("Unknown option " + args[i]);
        }
      }
      return new Options(
          children, databaseChildren, requests, warmup, fullOthers, dataDir, jar, heap, jvmOptions);
    }
  }

  /**
   * One measured page.
   *
   * @param client the client's latency per request, nanoseconds (loopback, keep-alive)
   * @param server the service's own time per request from its access log, whole milliseconds
   * @param cpuMillis the service's CPU time per request (all its threads), or NaN
   * @param bytes the page's size
   */
  record Phase(String name, Percentiles client, Percentiles server, double cpuMillis, long bytes) {}

  /** What one run measured (the test reads it). */
  record Result(
      boolean reused,
      long databaseChildren,
      List<SyntheticPopulation.Loaded> loaded,
      double loadSeconds,
      long cells,
      double countSeconds,
      Phase overview,
      List<Phase> others,
      Percentiles baseline) {}

  private DashboardBenchmark() {}

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
      System.err.println("Benchmark failed: " + e.getMessage());
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
    double loadAtStart = loadAverage();
    LocalDate today = LocalDate.now(JAPAN);
    Path dir = Files.createTempDirectory("dashboard-bench");
    List<AutoCloseable> running = new java.util.concurrent.CopyOnWriteArrayList<>();
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
            "dashboard-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    boolean keep = options.dataDir() != null;
    try (BenchDatabase database =
        BenchDatabase.open(keep ? options.dataDir() : dir.resolve("postgres"), keep)) {
      running.add(database);
      List<SyntheticPopulation.Loaded> loaded = new ArrayList<>();
      long started = System.nanoTime();
      UUID measured = measuredId();
      boolean reused = keep && alreadyLoaded(database, options);
      if (reused) {
        progress.println("reusing the database loaded in " + options.dataDir());
        try (Connection connection = database.connect()) {
          // A kept database gets the migrations added since it was loaded.
          List<String> migrated =
              SchemaMigrations.applyPending(
                  connection, SchemaMigrations.names(StoredForecastBatch.class));
          progress.println(migrated.size() + " new migration(s) applied");
        }
        resetDashboard(database);
        loaded.addAll(loadedBefore(database, options));
      } else {
        load(database, options, today, loaded, progress);
      }
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      long databaseChildren = count(database, "SELECT count(*) FROM child");
      progress.printf(
          Locale.ROOT,
          "loaded %,d children in %.1f s (%s)%n",
          databaseChildren,
          loadSeconds,
          databaseSize(database));

      progress.println("starting the service");
      try (ServiceProcess service =
          ServiceProcess.start(
              options.serviceJar(),
              options.heap(),
              options.serviceJvmOptions(),
              database.jdbcUrl(),
              database.serviceRole(),
              dir,
              Map.of(
                  // The staff member logs in at the demo login form; the municipality exists, so
                  // the demo seeders add nothing.
                  "SUKOYAKA_DEMO", "true",
                  "SUKOYAKA_DASHBOARD_DEMO_CHILDREN", "0",
                  "SUKOYAKA_DASHBOARD_SESSION_COOKIE_SECURE", "false",
                  "SUKOYAKA_DASHBOARD_REFRESH_TICK", "2s",
                  "FLYWAY_DATASOURCES_DEFAULT_ENABLED", "false",
                  "SUKOYAKA_REMINDERS_SCHEDULE_ENABLED", "false",
                  "SUKOYAKA_PUSH_ENABLED", "false",
                  "MICRONAUT_SERVER_NETTY_ACCESS_LOGGER_ENABLED", "true",
                  "MICRONAUT_SERVER_NETTY_ACCESS_LOGGER_LOG_FORMAT", AccessLogTimes.FORMAT))) {
        running.add(service);
        java.net.http.HttpClient http =
            java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
          service.awaitHealthy(http, STARTUP_TIMEOUT);
          Result result =
              measure(
                  reused,
                  options,
                  database,
                  service,
                  measured,
                  databaseChildren,
                  loaded,
                  loadSeconds,
                  progress);
          print(out, options, result, loadAtStart, databaseSize(database));
          return result;
        } catch (Exception e) {
          progress.println("The end of the service's log (" + service.log() + "):");
          service.logTail(40).forEach(progress::println);
          throw e;
        }
      }
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
      boolean reused,
      Options options,
      BenchDatabase database,
      ServiceProcess service,
      UUID municipality,
      long databaseChildren,
      List<SyntheticPopulation.Loaded> loaded,
      double loadSeconds,
      PrintStream progress)
      throws Exception {
    try (LeanHttp client = new LeanHttp(URI.create(service.baseUrl()))) {
      String cookie = login(client);
      String head = "Cookie: " + cookie + "\r\nAccept: text/html\r\nAccept-Language: ja\r\n";
      // Opening the page asks for the count; the service's own timer makes it.
      expect(client.get("/dashboard", head), "the overview");
      progress.println("counting the figures (forecasts of every child, every figure)");
      double countSeconds = awaitCount(database, municipality);
      long cells =
          count(
              database,
              "SELECT count(*) FROM dashboard_cell WHERE municipality_id = '" + municipality + "'");
      progress.printf(Locale.ROOT, "counted in %.1f s: %,d cells%n", countSeconds, cells);

      Phase overview =
          phase(client, service, "/dashboard", head, options.warmup(), options.requests());
      List<Phase> others = new ArrayList<>();
      int few = Math.max(5, options.requests() / 10);
      for (String path :
          List.of(
              "/dashboard/figures/vaccination-coverage-by-age",
              "/dashboard/lists/vaccine-status?vaccine=ANY&status=overdue",
              "/dashboard/lists/detailed-examination-open")) {
        others.add(phase(client, service, path, head, few, few));
      }
      Percentiles baseline = baseline(database, municipality, options.warmup(), options.requests());
      return new Result(
          reused,
          databaseChildren,
          loaded,
          loadSeconds,
          cells,
          countSeconds,
          overview,
          others,
          baseline);
    }
  }

  static UUID measuredId() {
    return UUID.nameUUIDFromBytes(("bench-" + MUNICIPALITIES.get(0)[0]).getBytes());
  }

  /** Writes the schema and every municipality's families, the measured one first. */
  private static void load(
      BenchDatabase database,
      Options options,
      LocalDate today,
      List<SyntheticPopulation.Loaded> loaded,
      PrintStream progress)
      throws Exception {
    try (Connection connection = database.connect()) {
      SchemaMigrations.applyPending(connection, SchemaMigrations.names(StoredForecastBatch.class));
      long remaining = options.databaseChildren();
      int others = MUNICIPALITIES.size() - 1;
      for (int m = 0; m < MUNICIPALITIES.size() && remaining > 0; m++) {
        String[] municipality = MUNICIPALITIES.get(m);
        int children =
            m == 0
                ? options.children()
                : (int)
                    Math.min(
                        remaining,
                        (options.databaseChildren() - options.children() + others - 1) / others);
        UUID id = UUID.nameUUIDFromBytes(("bench-" + municipality[0]).getBytes());
        long began = System.nanoTime();
        connection.setAutoCommit(false);
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO municipality (id, code, name_ja, name_en, created_at)"
                    + " VALUES (?, ?, ?, ?, now())")) {
          insert.setObject(1, id);
          insert.setString(2, municipality[0]);
          insert.setString(3, municipality[1]);
          insert.setString(4, municipality[2]);
          insert.executeUpdate();
        }
        loaded.add(
            SyntheticPopulation.load(
                connection,
                id,
                municipality[0],
                children,
                today,
                0.1 + m / 100.0,
                m == 0 || options.fullOthers()
                    ? SyntheticPopulation.Extent.FULL
                    : SyntheticPopulation.Extent.FAMILIES_AND_CHECKUPS));
        connection.commit();
        connection.setAutoCommit(true);
        remaining -= children;
        progress.printf(
            Locale.ROOT,
            "%s %s: %,d children in %.1f s%n",
            municipality[0],
            municipality[1],
            children,
            (System.nanoTime() - began) / 1e9);
      }
      try (PreparedStatement staff =
          connection.prepareStatement(
              "INSERT INTO staff_account (subject, municipality_id, display_name, created_at)"
                  + " VALUES (?, ?, '保健センター 保健師（ベンチマーク）', now())")) {
        staff.setObject(1, STAFF);
        staff.setObject(2, measuredId());
        staff.executeUpdate();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("VACUUM ANALYZE");
      }
    }
  }

  /** Whether a kept database holds the municipalities and children these options load. */
  private static boolean alreadyLoaded(BenchDatabase database, Options options)
      throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT to_regclass('dashboard_cell') IS NOT NULL AND to_regclass('child') IS NOT"
                    + " NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return false;
      }
    }
    return count(database, "SELECT count(*) FROM child") == options.databaseChildren()
        && count(
                database,
                "SELECT count(*) FROM child WHERE municipality_id = '" + measuredId() + "'")
            == options.children();
  }

  /** A kept database's figures, forecasts and sessions go: the run counts them anew. */
  private static void resetDashboard(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "TRUNCATE dashboard_cell, dashboard_child_forecast, dashboard_refresh, staff_session");
    }
  }

  /** What a kept database holds for each municipality (counted from its rows). */
  private static List<SyntheticPopulation.Loaded> loadedBefore(
      BenchDatabase database, Options options) throws SQLException {
    List<SyntheticPopulation.Loaded> loaded = new ArrayList<>();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT (SELECT count(*) FROM child WHERE municipality_id = m.id),"
                    + " (SELECT count(*) FROM person WHERE municipality_id = m.id),"
                    + " (SELECT count(*) FROM checkup_encounter WHERE municipality_id = m.id),"
                    + " (SELECT count(*) FROM checkup_finding WHERE municipality_id = m.id),"
                    + " (SELECT count(*) FROM immunization_record WHERE municipality_id = m.id),"
                    + " (SELECT count(*) FROM pregnancy WHERE municipality_id = m.id),"
                    + " (SELECT count(*) FROM notice WHERE municipality_id = m.id),"
                    + " (SELECT count(*) FROM notice_delivery WHERE municipality_id = m.id)"
                    + " FROM municipality m WHERE m.id = ?")) {
      for (String[] municipality : MUNICIPALITIES) {
        statement.setObject(1, UUID.nameUUIDFromBytes(("bench-" + municipality[0]).getBytes()));
        try (ResultSet rs = statement.executeQuery()) {
          if (rs.next() && rs.getInt(1) > 0) {
            loaded.add(
                new SyntheticPopulation.Loaded(
                    rs.getInt(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getLong(6),
                    rs.getLong(7),
                    rs.getLong(8)));
          }
        }
      }
    }
    return loaded;
  }

  /** Logs in through the login page's demo form and answers the session cookie. */
  private static String login(LeanHttp client) throws IOException {
    return login(client, STAFF);
  }

  /** Logs the staff member in at the demo login form; answers the session cookie. */
  static String login(LeanHttp client, String staff) throws IOException {
    LeanHttp.Reply page = client.get("/dashboard/login", "Accept: text/html\r\n");
    Matcher token = LOGIN_TOKEN.matcher(page.text());
    String loginCookie = cookie(page);
    if (page.status() != 200 || !token.find() || loginCookie == null) {
      throw new IOException("The login page has no demo form (" + page.status() + ")");
    }
    String form =
        "loginToken="
            + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)
            + "&subject="
            + staff
            + "&next=%2Fdashboard";
    LeanHttp.Reply answer =
        client.post(
            "/dashboard/login/demo",
            "Cookie: " + loginCookie + "\r\nContent-Type: application/x-www-form-urlencoded\r\n",
            form.getBytes(StandardCharsets.UTF_8));
    String session = cookie(answer);
    if (answer.status() != 303 || session == null) {
      throw new IOException("The login was refused (" + answer.status() + "): " + answer.text());
    }
    return session;
  }

  /** The name=value of the reply's Set-Cookie. */
  private static String cookie(LeanHttp.Reply reply) {
    String header = reply.header("set-cookie");
    return header == null ? null : header.split(";", 2)[0];
  }

  static double awaitCount(BenchDatabase database, UUID municipality) throws Exception {
    long deadline = System.nanoTime() + COUNT_TIMEOUT.toNanos();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT as_of IS NOT NULL, status, duration_ms, error FROM dashboard_refresh"
                    + " WHERE municipality_id = ?")) {
      statement.setObject(1, municipality);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = statement.executeQuery()) {
          if (rs.next()) {
            if ("failed".equals(rs.getString(2))) {
              throw new IOException("The service's count failed: " + rs.getString(4));
            }
            if (rs.getBoolean(1) && "idle".equals(rs.getString(2))) {
              return rs.getInt(3) / 1000.0;
            }
          }
        }
        Thread.sleep(500);
      }
    }
    throw new IOException(
        "The figures were not counted within " + COUNT_TIMEOUT.toMinutes() + " min");
  }

  private static Phase phase(
      LeanHttp client, ServiceProcess service, String path, String head, int warmup, int requests)
      throws Exception {
    for (int i = 0; i < warmup; i++) {
      expect(client.get(path, head), path);
    }
    long logFrom = AccessLogTimes.end(service.log());
    java.time.Duration cpuBefore = service.cpuTime().orElse(null);
    long[] latencies = new long[requests];
    long bytes = 0;
    for (int i = 0; i < requests; i++) {
      long begin = System.nanoTime();
      LeanHttp.Reply reply = client.get(path, head);
      latencies[i] = System.nanoTime() - begin;
      expect(reply, path);
      bytes = reply.body().length;
    }
    java.time.Duration cpuAfter = service.cpuTime().orElse(null);
    // The access logger writes after the response; give it a moment.
    Thread.sleep(500);
    String logged = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    long[] server =
        AccessLogTimes.millis(
            AccessLogTimes.between(
                    service.log(), logFrom, AccessLogTimes.end(service.log()), logged, 200)
                .stream()
                .filter(l -> l.path().equals(logged))
                .toList());
    double cpu =
        cpuBefore == null || cpuAfter == null
            ? Double.NaN
            : (cpuAfter.toNanos() - cpuBefore.toNanos()) / 1e6 / requests;
    return new Phase(
        path,
        Percentiles.of(latencies),
        Percentiles.of(server.length == 0 ? new long[] {-1} : server),
        cpu,
        bytes);
  }

  private static void expect(LeanHttp.Reply reply, String what) throws IOException {
    String text = reply.text();
    if (reply.status() != 200 || !text.contains("</html>")) {
      throw new IOException(what + " answered " + reply.status() + ": " + excerpt(text));
    }
    if (what.equals("/dashboard")
        && !text.contains("id=\"as-of\"")
        && !text.contains("kpi-value")) {
      throw new IOException("The overview shows no figures: " + excerpt(text));
    }
  }

  private static String excerpt(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }

  /**
   * The cells the overview shows, read with plain JDBC by the page's own statement, every column
   * decoded: what no page can do without.
   */
  static Percentiles baseline(BenchDatabase database, UUID municipality, int warmup, int requests)
      throws SQLException {
    long[] latencies = new long[requests];
    OverviewQuery query = OverviewQuery.of(municipality, FigureDefinitions.load());
    try (Connection connection = database.connect();
        PreparedStatement statement = connection.prepareStatement(query.sql())) {
      query.bind(statement);
      for (int i = -warmup; i < requests; i++) {
        long begin = System.nanoTime();
        long rows = 0;
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            rs.getString(1);
            rs.getArray(2).getArray();
            rs.getArray(3).getArray();
            rows++;
          }
        }
        if (i >= 0) {
          latencies[i] = System.nanoTime() - begin;
        }
        if (rows == 0) {
          throw new SQLException("The municipality has no cells");
        }
      }
    }
    return Percentiles.of(latencies);
  }

  private static long count(BenchDatabase database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
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

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  // --- The report ----------------------------------------------------------------------------

  private static void print(
      PrintStream out, Options options, Result r, double loadAtStart, String databaseSize) {
    int cores = Runtime.getRuntime().availableProcessors();
    double loadAtEnd = loadAverage();
    SyntheticPopulation.Loaded measured = r.loaded().get(0);
    out.printf(
        Locale.ROOT,
        "Sukoyaka dashboard benchmark  (a municipality of %,d children in a database of %,d, %d"
            + " cores, load average %.1f at the start, %.1f at the end)%n",
        measured.children(),
        r.databaseChildren(),
        cores,
        loadAtStart,
        loadAtEnd);
    out.printf(
        Locale.ROOT,
        "load (not measured): %d municipalities %s, database %s (%s); the measured one: %,d"
            + " checkups, %,d findings, %,d vaccinations, %,d pregnancies, %,d notice deliveries%n",
        r.loaded().size(),
        r.reused()
            ? "reused from --data-dir"
            : String.format(Locale.ROOT, "in %.1f s", r.loadSeconds()),
        databaseSize,
        options.fullOthers()
            ? "every municipality with every kind of record"
            : "the others with families, checkups and pregnancies only",
        measured.checkups(),
        measured.findings(),
        measured.vaccinations(),
        measured.pregnancies(),
        measured.deliveries());
    out.printf(
        Locale.ROOT,
        "figures counted by the service in %.1f s (the forecasts of %,d children and every figure"
            + " from the rows): %,d cells%n",
        r.countSeconds(),
        measured.children(),
        r.cells());
    out.printf(
        Locale.ROOT,
        "per request, after %d warm-up pages        p50 ms     p95     p99  server p50  p99   CPU"
            + " ms   bytes   / read%n",
        options.warmup());
    double read = r.baseline().at(50);
    row(out, "service: overview GET /dashboard (N=" + options.requests() + ")", r.overview(), read);
    for (Phase other : r.others()) {
      row(out, "  for reference: " + other.name(), other, read);
    }
    out.printf(
        Locale.ROOT,
        "%-58s %7.2f %7.2f %7.2f %11s %4s %7s %7s %7s%n",
        "baseline: plain JDBC read of the cells the page shows",
        r.baseline().at(50) / 1e6,
        r.baseline().at(95) / 1e6,
        r.baseline().at(99) / 1e6,
        "-",
        "-",
        "-",
        "-",
        "1.0 x");
    double p99 = r.overview().client().at(99) / 1e6;
    double p50 = r.overview().client().at(50) / 1e6;
    out.printf(
        Locale.ROOT,
        "goal overview < %.0f ms: %s (client p50 %.1f ms, p99 %.1f ms; server p50 %d ms, p99 %d"
            + " ms)%n",
        GOAL_MS,
        p99 < GOAL_MS ? "met at p99" : p50 < GOAL_MS ? "met at the median, not at p99" : "not met",
        p50,
        p99,
        r.overview().server().at(50),
        r.overview().server().at(99));
    if (loadAtEnd > cores) {
      out.printf(
          Locale.ROOT,
          "machine load average at the end: %.1f on %d cores (other work on the cores inflates the"
              + " latencies; the CPU per page barely moves with it)%n",
          loadAtEnd,
          cores);
    }
  }

  private static void row(PrintStream out, String label, Phase phase, double readNanos) {
    out.printf(
        Locale.ROOT,
        "%-58s %7.2f %7.2f %7.2f %11d %4d %7.2f %7d %6.1f x%n",
        label.length() > 58 ? label.substring(0, 57) + "…" : label,
        phase.client().at(50) / 1e6,
        phase.client().at(95) / 1e6,
        phase.client().at(99) / 1e6,
        phase.server().at(50),
        phase.server().at(99),
        phase.cpuMillis(),
        phase.bytes(),
        phase.client().at(50) / readNanos);
  }
}
