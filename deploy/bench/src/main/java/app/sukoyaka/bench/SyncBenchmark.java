package app.sukoyaka.bench;

import app.sukoyaka.immunization.SyntheticStoredChildren;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * The parent app's offline sync ({@code GET /api/v1/me/sync}) of one family's handbook in a
 * municipality of many families, through the real service, against the plain JDBC read of the same
 * family's rows (issue 6: the initial sync of a family with two children and five years of records
 * under 200 ms of server time, an empty delta under 20 ms).
 *
 * <p>One run: its own PostgreSQL; the municipality's families loaded (children with their
 * vaccinations, guardians, checkups with every finding, past pregnancies, five years of notices);
 * the measured family's mother and handbooks registered; the service jar started; every checkup and
 * vaccination of the family submitted by the clinic as FHIR Bundles through the service; then,
 * after a warm-up, a guardian's app syncs on one keep-alive connection: the first sync (no cursor),
 * the empty delta (If-None-Match → 304, and ?cursor= → 200 with no changes) and the small delta
 * (one checkup submitted, then the delta). The baseline of the same run reads the family's rows
 * with plain JDBC.
 *
 * <p>Exit status: 0 when the run completed and every answer was checked, 1 when the service did not
 * start, refused a submission, or answered a sync wrongly, 2 for bad options.
 */
public final class SyncBenchmark {
  static final long SEED = 20261121L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYNC = "/api/v1/me/sync";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
  private static final String CLIENT_ID = "bench-clinic-sync";
  private static final String SCOPES =
      "system/Encounter.c system/Observation.c system/Immunization.c";
  private static final double FULL_GOAL_MS = 200;
  private static final double EMPTY_GOAL_MS = 20;

  /**
   * @param families families of the municipality besides the measured one (a child each, with its
   *     mother and, for a third, its father)
   * @param requests syncs measured per phase (the small delta: a quarter, each after a submission)
   * @param warmup rounds of the three syncs before measuring (and a quarter as many small deltas)
   * @param statements whether to print the SQL of each phase (pg_stat_statements)
   */
  record Options(
      int families,
      int requests,
      int warmup,
      Path serviceJar,
      String heap,
      boolean statements,
      List<String> serviceJvmOptions) {
    static final String USAGE =
        """
        usage: java -cp sukoyaka-bench.jar app.sukoyaka.bench.SyncBenchmark [options]
          --families N         other families of the municipality (default 20000)
          --requests R         syncs measured per phase (default 1000; small deltas: R/4)
          --warmup W           rounds of full sync, 304 and empty delta before measuring
                               (default 1000; and W/4 small deltas)
          --service-jar PATH   the service (default backend/target/sukoyaka.jar)
          --heap SIZE          the service's -Xmx (default 512m)
          --statements         also print each phase's SQL per sync (pg_stat_statements)
          --service-jvm-option OPTION
                               one more option for the service's JVM, repeatable
                               (e.g. -XX:StartFlightRecording=filename=/tmp/sync.jfr)
        """;

    Options {
      if (families < 1) {
        throw new IllegalArgumentException("--families must be at least 1");
      }
      if (requests < 4) {
        throw new IllegalArgumentException("--requests must be at least 4");
      }
      if (warmup < 0) {
        throw new IllegalArgumentException("--warmup must not be negative");
      }
      if (!heap.matches("[0-9]+[kKmMgG]?")) {
        throw new IllegalArgumentException("--heap must look like 512m or 1g, not " + heap);
      }
      serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    static Options parse(String... args) {
      int families = 20_000;
      int requests = 1000;
      int warmup = 1000;
      Path jar = Path.of("backend", "target", "sukoyaka.jar");
      String heap = "512m";
      boolean statements = false;
      List<String> jvmOptions = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--families" -> families = StoredForecastBenchmark.Options.number(args, ++i);
          case "--requests" -> requests = StoredForecastBenchmark.Options.number(args, ++i);
          case "--warmup" -> warmup = StoredForecastBenchmark.Options.number(args, ++i);
          case "--service-jar" -> jar = Path.of(StoredForecastBenchmark.Options.value(args, ++i));
          case "--heap" -> heap = StoredForecastBenchmark.Options.value(args, ++i);
          case "--statements" -> statements = true;
          case "--service-jvm-option" ->
              jvmOptions.add(StoredForecastBenchmark.Options.value(args, ++i));
          default -> throw new IllegalArgumentException("Unknown option " + args[i]);
        }
      }
      return new Options(families, requests, warmup, jar, heap, statements, jvmOptions);
    }

    int smallDeltas() {
      return Math.max(1, requests / 4);
    }
  }

  /**
   * One measured phase.
   *
   * @param client the client's latency per request, nanoseconds (loopback, keep-alive)
   * @param server the service's own time per request from its access log, whole milliseconds
   * @param cpuMillis the service's CPU time per request (all its threads), or NaN
   * @param statements SQL statements per request (pg_stat_statements), or NaN
   * @param sqlMillis their execution time per request, or NaN
   * @param sql the busiest statements per request, with {@code --statements}; empty otherwise
   */
  record Phase(
      String name,
      Percentiles client,
      Optional<Percentiles> server,
      double cpuMillis,
      double statements,
      double sqlMillis,
      String sql) {}

  /** What the first sync handed over. */
  record Handbook(
      int subjects,
      Map<String, Integer> entries,
      long jsonBytes,
      long wireBytes,
      String contentEncoding) {
    int total() {
      return entries.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** What one run measured (the test reads it). */
  record Result(
      Handbook handbook,
      FamilyRead.Rows rows,
      Phase full,
      Phase notModified,
      Phase emptyDelta,
      Phase smallDelta,
      Phase baseline,
      OtherFamilies.Loaded others,
      long submissions) {}

  private SyncBenchmark() {}

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
    LocalDate today = LocalDate.now(MeasuredFamily.JAPAN);
    Path dir = Files.createTempDirectory("sync-bench");
    int cores = Runtime.getRuntime().availableProcessors();
    // An interrupted run (Ctrl-C) must not leave a service or a PostgreSQL behind; closing twice
    // is harmless.
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
            "sync-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try (BenchDatabase database = BenchDatabase.start(dir.resolve("postgres"), true)) {
      running.add(database);
      try (Connection admin = database.connectAdmin()) {
        StatementProfile.install(admin);
      }
      long started = System.nanoTime();
      int pool = Math.min(options.families(), 2000);
      SyntheticStoredChildren synthetic = new SyntheticStoredChildren(today, pool, SEED);
      StoredForecastBenchmark.load(
          database,
          synthetic,
          new StoredForecastBenchmark.Options(options.families(), pool, cores, true, null),
          "sync",
          progress);
      progress.println("loading guardians and checkups");
      try (Connection connection = database.connect()) {
        connection.setAutoCommit(false);
        ReminderFamilies.copyInto(
            connection,
            synthetic,
            StoredForecastBenchmark.MUNICIPALITY,
            StoredForecastBenchmark.FACILITY,
            0,
            options.families(),
            SEED);
        connection.commit();
        connection.setAutoCommit(true);
      }
      MeasuredFamily family = new MeasuredFamily(today, StoredForecastBenchmark.MUNICIPALITY);
      ECKey clinicKey = newKey();
      OtherFamilies.Loaded others;
      try (Connection connection = database.connect()) {
        registerClinic(connection, clinicKey, today);
        family.register(connection);
        progress.println("loading past pregnancies, findings and five years of notices");
        others =
            OtherFamilies.load(
                connection,
                StoredForecastBenchmark.MUNICIPALITY,
                StoredForecastBenchmark.FACILITY,
                today,
                family.personId(),
                progress);
        ReminderFamilies.analyze(connection);
        OtherFamilies.analyze(connection);
      }
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      String size = databaseSize(database);
      progress.printf("loaded in %.1f s (%s)%n", loadSeconds, size);

      progress.println("starting the service");
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      try (ServiceProcess service =
          ServiceProcess.start(
              options.serviceJar(),
              options.heap(),
              options.serviceJvmOptions(),
              database.jdbcUrl(),
              database.serviceRole(),
              dir,
              Map.of(
                  // The guardian's token comes from /dev/token; the municipality above exists,
                  // so the demo seeder adds nothing.
                  "SUKOYAKA_DEMO", "true",
                  "FLYWAY_DATASOURCES_DEFAULT_ENABLED", "false",
                  "SUKOYAKA_REMINDERS_SCHEDULE_ENABLED", "false",
                  "SUKOYAKA_PUSH_ENABLED", "false",
                  "MICRONAUT_SERVER_NETTY_ACCESS_LOGGER_ENABLED", "true",
                  "MICRONAUT_SERVER_NETTY_ACCESS_LOGGER_LOG_FORMAT", AccessLogTimes.FORMAT))) {
        running.add(service);
        try {
          service.awaitHealthy(http, STARTUP_TIMEOUT);
          Result result =
              measure(options, database, service, http, family, clinicKey, others, progress);
          print(out, options, result, cores, loadAtStart, size);
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
      Options options,
      BenchDatabase database,
      ServiceProcess service,
      HttpClient http,
      MeasuredFamily family,
      ECKey clinicKey,
      OtherFamilies.Loaded others,
      PrintStream progress)
      throws Exception {
    String runId = "sync-" + UUID.randomUUID().toString().substring(0, 8);
    ClinicTokens clinic =
        new ClinicTokens(http, service.uri("/oauth2/token"), CLIENT_ID, clinicKey);
    List<PregnancyRecords.Dated> submissions =
        family.submissions(runId, Fixtures.MEDICAL_INSTITUTION_CODE);
    progress.printf(
        "submitting the family's %d clinic records (%s)%n",
        submissions.size(), kindsOf(submissions));
    for (PregnancyRecords.Dated submission : submissions) {
      submit(http, service, clinic, submission.json(), submission.what() + " " + submission.day());
    }

    GuardianTokens tokens =
        new GuardianTokens(http, service.uri("/dev/token"), family.loginSubject());
    try (LeanHttp app = new LeanHttp(service.uri("/"));
        Connection connection = database.connect()) {
      Syncs syncs = new Syncs(app, tokens);
      Handbook handbook = firstSync(syncs, family, submissions);
      progress.printf(
          "the family's handbook: %d entries %s, %,d bytes of JSON%n",
          handbook.total(), handbook.entries(), handbook.jsonBytes());
      SmallDeltas deltas = new SmallDeltas(http, service, clinic, family, connection, runId);

      progress.printf(
          "warming up: %d rounds of the three syncs, %d small deltas%n",
          options.warmup(), options.warmup() / 4);
      for (int i = 0; i < options.warmup(); i++) {
        syncs.full();
        syncs.notModified();
        syncs.emptyDelta();
      }
      for (int i = 0; i < options.warmup() / 4; i++) {
        deltas.next(syncs);
      }

      int requests = options.requests();
      progress.println("measuring the first sync (no cursor)");
      boolean report = options.statements();
      Phase full = phase("full sync", database, service, requests, 200, report, i -> syncs.full());
      progress.println("measuring the empty delta with If-None-Match");
      Phase notModified =
          phase(
              "empty delta (304)",
              database,
              service,
              requests,
              304,
              report,
              i -> syncs.notModified());
      progress.println("measuring the empty delta with ?cursor=");
      Phase emptyDelta =
          phase(
              "empty delta (?cursor=)",
              database,
              service,
              requests,
              200,
              report,
              i -> syncs.emptyDelta());
      progress.println("measuring the small delta (a checkup submitted, then the delta)");
      Phase smallDelta = smallDeltas(service, options.smallDeltas(), deltas, syncs);

      progress.println("measuring the baseline: the plain JDBC read of the family's rows");
      FamilyRead.Rows rows;
      Phase baseline;
      try (FamilyRead read = new FamilyRead(database.connect())) {
        rows = read.read(family.loginSubject());
        for (int i = 0; i < options.warmup(); i++) {
          read.read(family.loginSubject());
        }
        baseline =
            phase(
                "baseline",
                database,
                null,
                requests,
                0,
                report,
                i -> {
                  long start = System.nanoTime();
                  read.read(family.loginSubject());
                  return System.nanoTime() - start;
                });
      }
      return new Result(
          handbook,
          rows,
          full,
          notModified,
          emptyDelta,
          smallDelta,
          baseline,
          others,
          submissions.size());
    }
  }

  /** The app's three kinds of sync on one keep-alive connection, each timed and checked. */
  static final class Syncs {
    private final LeanHttp app;
    private final GuardianTokens tokens;
    private String etag;

    Syncs(LeanHttp app, GuardianTokens tokens) {
      this.app = app;
      this.tokens = tokens;
    }

    private String head() throws IOException, InterruptedException {
      // What the app's HTTP stack sends: JSON, gzip accepted.
      return "Authorization: Bearer "
          + tokens.current()
          + "\r\nAccept: application/json\r\nAccept-Encoding: gzip\r\n";
    }

    /** The first sync; keeps its cursor. */
    long full() throws Exception {
      String head = head();
      long start = System.nanoTime();
      LeanHttp.Reply reply = app.get(SYNC, head);
      long latency = System.nanoTime() - start;
      expect(reply, 200, "the first sync");
      etag = reply.header("ETag");
      return latency;
    }

    /** A delta with If-None-Match when nothing changed: 304. */
    long notModified() throws Exception {
      String head = head() + "If-None-Match: " + etag + "\r\n";
      long start = System.nanoTime();
      LeanHttp.Reply reply = app.get(SYNC, head);
      long latency = System.nanoTime() - start;
      if (reply.status() == 200 && onlySchedules(json(reply).path("changes"))) {
        // Midnight in Japan passed since the cursor: the schedules come again, once.
        etag = reply.header("ETag");
        return latency;
      }
      expect(reply, 304, "an empty delta with If-None-Match");
      if (!etag.equals(reply.header("ETag"))) {
        throw new IOException("A 304 must keep the cursor's ETag; it sent " + reply.header("ETag"));
      }
      return latency;
    }

    /** A delta with ?cursor= when nothing changed: 200, no changes, a new cursor. */
    long emptyDelta() throws Exception {
      String head = head();
      long start = System.nanoTime();
      LeanHttp.Reply reply = app.get(SYNC + "?cursor=" + cursor(), head);
      long latency = System.nanoTime() - start;
      expect(reply, 200, "an empty delta with ?cursor=");
      JsonNode body = json(reply);
      if (body.path("full").asBoolean(true) || !onlySchedules(body.path("changes"))) {
        throw new IOException("An empty delta must change nothing; it sent " + excerpt(body));
      }
      etag = reply.header("ETag");
      return latency;
    }

    /** A delta with If-None-Match after a write: 200 with what changed. */
    JsonNode delta(long[] latency) throws Exception {
      String head = head() + "If-None-Match: " + etag + "\r\n";
      long start = System.nanoTime();
      LeanHttp.Reply reply = app.get(SYNC, head);
      latency[0] = System.nanoTime() - start;
      expect(reply, 200, "a delta after a new checkup");
      etag = reply.header("ETag");
      return json(reply);
    }

    private String cursor() {
      return etag.substring(1, etag.length() - 1);
    }
  }

  /** A checkup submitted for the younger child, the delta timed, the checkup taken out again. */
  static final class SmallDeltas {
    private final HttpClient http;
    private final ServiceProcess service;
    private final ClinicTokens clinic;
    private final MeasuredFamily family;
    private final PreparedStatement[] remove;
    private final String runId;
    private int n;

    SmallDeltas(
        HttpClient http,
        ServiceProcess service,
        ClinicTokens clinic,
        MeasuredFamily family,
        Connection connection,
        String runId)
        throws SQLException {
      this.http = http;
      this.service = service;
      this.clinic = clinic;
      this.family = family;
      this.runId = runId;
      String submission =
          "SELECT id FROM raw_submission WHERE bundle_system = '"
              + ClinicBundle.SUBMISSION_SYSTEM
              + "' AND bundle_value = ?";
      remove =
          new PreparedStatement[] {
            connection.prepareStatement(
                "DELETE FROM checkup_finding WHERE encounter_id IN (SELECT id FROM"
                    + " checkup_encounter WHERE submission_id = ("
                    + submission
                    + "))"),
            connection.prepareStatement(
                "DELETE FROM checkup_encounter WHERE submission_id = (" + submission + ")"),
            connection.prepareStatement(
                "DELETE FROM raw_submission WHERE bundle_system = '"
                    + ClinicBundle.SUBMISSION_SYSTEM
                    + "' AND bundle_value = ?")
          };
    }

    /**
     * One small delta: submits a checkup, syncs, checks that the delta holds that checkup only, and
     * removes it, so that every small delta finds the family as it was. Answers the sync's latency.
     */
    long next(Syncs syncs) throws Exception {
      String bundleId = runId + "-small-delta-" + n++;
      submit(http, service, clinic, family.newCheckup(bundleId), "a new checkup");
      long[] latency = new long[1];
      JsonNode delta = syncs.delta(latency);
      int checkups = 0;
      int others = 0;
      for (JsonNode change : delta.path("changes")) {
        if (change.path("kind").asText().equals("checkup")) {
          checkups++;
        } else if (!change.path("kind").asText().equals("immunizationSchedule")) {
          others++;
        }
      }
      // (Schedules come again when midnight in Japan passed since the previous sync.)
      if (delta.path("full").asBoolean(true) || checkups != 1 || others != 0) {
        throw new IOException(
            "A delta after one new checkup must hold it alone: " + excerpt(delta));
      }
      for (PreparedStatement statement : remove) {
        statement.setString(1, bundleId);
        statement.executeUpdate();
      }
      return latency[0];
    }
  }

  /**
   * Whether a delta's changes are at most the children's schedules, which come again on the first
   * sync of a new day in Japan (due and overdue move with the date).
   */
  static boolean onlySchedules(JsonNode changes) {
    for (JsonNode change : changes) {
      if (!change.path("kind").asText().equals("immunizationSchedule")) {
        return false;
      }
    }
    return true;
  }

  interface Request {
    long run(int index) throws Exception;
  }

  /**
   * Runs one phase of {@code requests} and reads what the service logged and asked of PostgreSQL
   * meanwhile; {@code service} null for the baseline.
   */
  private static Phase phase(
      String name,
      BenchDatabase database,
      ServiceProcess service,
      int requests,
      int status,
      boolean report,
      Request request)
      throws Exception {
    try (Connection admin = database.connectAdmin()) {
      StatementProfile.reset(admin);
    }
    long logFrom = service == null ? 0 : AccessLogTimes.end(service.log());
    Optional<Duration> cpuBefore = service == null ? Optional.empty() : service.cpuTime();
    long[] latencies = new long[requests];
    for (int i = 0; i < requests; i++) {
      latencies[i] = request.run(i);
    }
    Optional<Duration> cpuAfter = service == null ? Optional.empty() : service.cpuTime();
    double[] sql = statements(database, requests);
    String busiest = "";
    if (report) {
      try (Connection admin = database.connectAdmin()) {
        busiest = StatementProfile.report(admin, name, requests, service == null ? "read" : "sync");
      }
    }
    Optional<Percentiles> server = Optional.empty();
    if (service != null) {
      server = logged(service, logFrom, status, requests);
    }
    double cpu =
        cpuBefore.isPresent() && cpuAfter.isPresent()
            ? cpuAfter.get().minus(cpuBefore.get()).toNanos() / 1e6 / requests
            : Double.NaN;
    return new Phase(name, Percentiles.of(latencies), server, cpu, sql[0], sql[1], busiest);
  }

  private static Phase smallDeltas(
      ServiceProcess service, int requests, SmallDeltas deltas, Syncs syncs) throws Exception {
    long logFrom = AccessLogTimes.end(service.log());
    long[] latencies = new long[requests];
    for (int i = 0; i < requests; i++) {
      latencies[i] = deltas.next(syncs);
    }
    // Submissions and removals run in between: no CPU or SQL figure is the delta's alone.
    return new Phase(
        "small",
        Percentiles.of(latencies),
        logged(service, logFrom, 200, requests),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        "");
  }

  /** The service's own times of the phase's syncs, once the access log has them all. */
  private static Optional<Percentiles> logged(
      ServiceProcess service, long from, int status, int requests) throws Exception {
    List<AccessLogTimes.Line> lines = List.of();
    // The line is written after the last byte was handed to the socket: give it a moment.
    for (int attempt = 0; attempt < 20 && lines.size() < requests; attempt++) {
      Thread.sleep(50);
      lines =
          AccessLogTimes.between(
              service.log(), from, AccessLogTimes.end(service.log()), SYNC, status);
    }
    return lines.isEmpty()
        ? Optional.empty()
        : Optional.of(Percentiles.of(AccessLogTimes.millis(lines)));
  }

  /** Statements and their execution time per request, from pg_stat_statements. */
  private static double[] statements(BenchDatabase database, int requests) throws SQLException {
    try (Connection admin = database.connectAdmin();
        PreparedStatement statement =
            admin.prepareStatement(
                "SELECT coalesce(sum(s.calls), 0), coalesce(sum(s.total_exec_time), 0)"
                    + " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
                    + " WHERE d.datname = ?")) {
      statement.setString(1, BenchDatabase.DATABASE);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return new double[] {rs.getLong(1) / (double) requests, rs.getDouble(2) / requests};
      }
    }
  }

  /**
   * The first sync, read back and checked against what the clinics submitted: every checkup (the
   * delivery under the pregnancy and, with the newborn's findings, under the child), every dose, a
   * schedule per child, the notices delivered online, the pregnancies and children.
   */
  private static Handbook firstSync(
      Syncs syncs, MeasuredFamily family, List<PregnancyRecords.Dated> submissions)
      throws Exception {
    LeanHttp.Reply reply = syncs.app.get(SYNC, syncs.head());
    expect(reply, 200, "the first sync");
    syncs.etag = reply.header("ETag");
    byte[] json = decoded(reply);
    JsonNode body = JSON.readTree(json);
    if (!body.path("full").asBoolean(false)) {
      throw new IOException("The first sync must be full: " + excerpt(body));
    }
    Map<String, Integer> entries = new TreeMap<>();
    for (JsonNode change : body.path("changes")) {
      entries.merge(change.path("kind").asText(), 1, Integer::sum);
    }
    long checkups = submissions.stream().filter(s -> !s.what().startsWith("予防接種")).count();
    long deliveries = submissions.stream().filter(s -> s.what().equals("出産の状態")).count();
    int[] doses = family.doses();
    Map<String, Integer> expected = new TreeMap<>();
    expected.put("checkup", (int) (checkups + deliveries));
    expected.put("child", 2);
    expected.put("immunization", doses[0] + doses[1]);
    expected.put("immunizationSchedule", 2);
    expected.put("notice", OtherFamilies.NOTICES / OtherFamilies.EVERY);
    expected.put("pregnancy", 2);
    if (!entries.equals(expected) || body.path("subjects").size() != 4) {
      throw new IOException(
          "The first sync holds "
              + entries
              + " entries about "
              + body.path("subjects").size()
              + " subjects; the family has "
              + expected
              + " about 4");
    }
    return new Handbook(
        body.path("subjects").size(),
        entries,
        json.length,
        reply.body().length,
        Optional.ofNullable(reply.header("Content-Encoding")).orElse("identity"));
  }

  private static void submit(
      HttpClient http, ServiceProcess service, ClinicTokens clinic, String bundle, String what)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(service.uri("/fhir"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", ServiceIngest.FHIR_JSON)
                .header("Accept", ServiceIngest.FHIR_JSON)
                .header("Authorization", "Bearer " + clinic.current())
                .POST(HttpRequest.BodyPublishers.ofString(bundle))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "The service refused "
              + what
              + ": "
              + response.statusCode()
              + " "
              + ServiceIngest.excerpt(response.body())
              + "\nThe bundle was: "
              + ServiceIngest.excerpt(bundle));
    }
  }

  private static void expect(LeanHttp.Reply reply, int status, String what) throws IOException {
    if (reply.status() != status) {
      throw new IOException(
          what
              + " answered "
              + reply.status()
              + " instead of "
              + status
              + ": "
              + ServiceIngest.excerpt(new String(decoded(reply), StandardCharsets.UTF_8)));
    }
    if (status == 200 && reply.header("ETag") == null) {
      throw new IOException(what + " answered without an ETag");
    }
  }

  private static JsonNode json(LeanHttp.Reply reply) throws IOException {
    return JSON.readTree(decoded(reply));
  }

  /** The body as sent, un-gzipped when the service compressed it. */
  private static byte[] decoded(LeanHttp.Reply reply) throws IOException {
    if ("gzip".equalsIgnoreCase(reply.header("Content-Encoding"))) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(reply.body()))) {
        return in.readAllBytes();
      }
    }
    return reply.body();
  }

  private static String excerpt(JsonNode body) {
    return ServiceIngest.excerpt(body.toString());
  }

  private static String kindsOf(List<PregnancyRecords.Dated> submissions) {
    Map<String, Integer> kinds = new TreeMap<>();
    for (PregnancyRecords.Dated s : submissions) {
      String what = s.what().startsWith("予防接種") ? "予防接種" : s.what().replaceAll(" [0-9]+$", "");
      kinds.merge(what, 1, Integer::sum);
    }
    return kinds.toString();
  }

  /**
   * The clinic's contract with the municipality and its registered key (SMART Backend Services).
   */
  private static void registerClinic(Connection connection, ECKey key, LocalDate today)
      throws SQLException {
    try (PreparedStatement contract =
            connection.prepareStatement(
                "INSERT INTO facility_contract (facility_id, municipality_id, valid_from)"
                    + " VALUES (?, ?, ?)");
        PreparedStatement client =
            connection.prepareStatement(
                "INSERT INTO clinic_client (client_id, facility_id, public_jwks, scopes, active,"
                    + " created_at) VALUES (?, ?, ?::jsonb, ?, true, ?)")) {
      contract.setObject(1, StoredForecastBenchmark.FACILITY);
      contract.setObject(2, StoredForecastBenchmark.MUNICIPALITY);
      contract.setDate(3, Date.valueOf(today.minusYears(10)));
      contract.executeUpdate();
      client.setString(1, CLIENT_ID);
      client.setObject(2, StoredForecastBenchmark.FACILITY);
      client.setString(3, new JWKSet(key.toPublicJWK()).toString(true));
      client.setString(4, SCOPES);
      client.setTimestamp(5, Timestamp.from(Instant.now()));
      client.executeUpdate();
    }
  }

  private static ECKey newKey() throws JOSEException {
    return new ECKeyGenerator(Curve.P_256)
        .keyID(UUID.randomUUID().toString())
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.ES256)
        .generate();
  }

  private static String databaseSize(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT pg_size_pretty(pg_database_size(current_database())),"
                    + " (SELECT count(*) FROM checkup_encounter),"
                    + " (SELECT count(*) FROM checkup_finding),"
                    + " (SELECT count(*) FROM immunization_record),"
                    + " (SELECT count(*) FROM notice_delivery),"
                    + " (SELECT count(*) FROM person)");
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return String.format(
          Locale.ROOT,
          "database %s: %,d persons, %,d checkups with %,d findings, %,d vaccination records,"
              + " %,d notice deliveries",
          rs.getString(1),
          rs.getLong(6),
          rs.getLong(2),
          rs.getLong(3),
          rs.getLong(4),
          rs.getLong(5));
    }
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  // --- The report ----------------------------------------------------------------------------

  private static void print(
      PrintStream out,
      Options options,
      Result r,
      int cores,
      double loadAtStart,
      String databaseSize) {
    double loadAtEnd = loadAverage();
    out.println();
    out.printf(
        Locale.ROOT,
        "Sukoyaka offline sync benchmark  (one family's handbook in a municipality of %,d"
            + " families, %d cores, load average %.1f at the start, %.1f at the end)%n",
        options.families(),
        cores,
        loadAtStart,
        loadAtEnd);
    out.println(databaseSize);
    Handbook h = r.handbook();
    FamilyRead.Rows rows = r.rows();
    out.printf(
        Locale.ROOT,
        "the family: 2 pregnancies, 2 children (about 5 and 2 years old), %d clinic submissions;"
            + " its rows: %d encounters, %d findings, %d vaccination records, %d credits, %d"
            + " notice deliveries, %d replies%n",
        r.submissions(),
        rows.encounters(),
        rows.findings(),
        rows.records(),
        rows.credits(),
        rows.notices(),
        rows.replies());
    out.printf(
        Locale.ROOT,
        "first sync: %d subjects, %d entries %s, %,d bytes of JSON, %,d on the wire (%s)%n",
        h.subjects(),
        h.total(),
        h.entries(),
        h.jsonBytes(),
        h.wireBytes(),
        h.contentEncoding());
    out.printf(
        Locale.ROOT,
        "%-46s %7s %7s %7s  %6s %5s %5s  %7s %8s %8s  %7s%n",
        "per request, N="
            + options.requests()
            + " (small delta "
            + options.smallDeltas()
            + "), warm-up "
            + options.warmup(),
        "p50 ms",
        "p95",
        "p99",
        "server",
        "p95",
        "p99",
        "CPU ms",
        "SQL stmt",
        "SQL ms",
        "/ read");
    double read = r.baseline().client().at(50);
    row(out, "full sync (no cursor)", r.full(), read);
    row(out, "empty delta, If-None-Match -> 304", r.notModified(), read);
    row(out, "empty delta, ?cursor= -> 200 no changes", r.emptyDelta(), read);
    row(out, "small delta, one new checkup -> 200", r.smallDelta(), read);
    row(out, "baseline: plain JDBC read of the family", r.baseline(), read);
    out.println(
        "client ms: a keep-alive client on loopback, sequential (an upper bound of server time);"
            + " server: the service's access log (whole ms); CPU: the service's, all threads;"
            + " SQL: pg_stat_statements; / read: p50 as a multiple of the plain read's p50");
    for (Phase phase : List.of(r.full(), r.notModified(), r.emptyDelta(), r.baseline())) {
      out.print(phase.sql());
    }
    goal(out, "full sync", r.full(), FULL_GOAL_MS);
    goal(out, "empty delta (304)", r.notModified(), EMPTY_GOAL_MS);
    goal(out, "empty delta (?cursor=)", r.emptyDelta(), EMPTY_GOAL_MS);
  }

  private static void row(PrintStream out, String label, Phase phase, double readNanos) {
    Percentiles c = phase.client();
    String server =
        phase
            .server()
            .map(s -> String.format(Locale.ROOT, "%6d %5d %5d", s.at(50), s.at(95), s.at(99)))
            .orElse(String.format(Locale.ROOT, "%6s %5s %5s", "-", "-", "-"));
    out.printf(
        Locale.ROOT,
        "%-46s %7.2f %7.2f %7.2f  %s  %7s %8s %8s  %6.1f x%n",
        label,
        c.at(50) / 1e6,
        c.at(95) / 1e6,
        c.at(99) / 1e6,
        server,
        figure(phase.cpuMillis(), "%.2f"),
        figure(phase.statements(), "%.1f"),
        figure(phase.sqlMillis(), "%.2f"),
        c.at(50) / readNanos);
  }

  private static String figure(double value, String format) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
  }

  private static void goal(PrintStream out, String what, Phase phase, double goalMillis) {
    double p50 = phase.client().at(50) / 1e6;
    double p99 = phase.client().at(99) / 1e6;
    String verdict =
        p99 < goalMillis ? "met" : p50 < goalMillis ? "met at the median, not at p99" : "missed";
    out.printf(
        Locale.ROOT,
        "goal %s < %.0f ms: %s (client p50 %.2f ms, p99 %.2f ms%s)%n",
        what,
        goalMillis,
        verdict,
        p50,
        p99,
        phase
            .server()
            .map(
                s ->
                    String.format(Locale.ROOT, "; server p50 %d ms, p99 %d ms", s.at(50), s.at(99)))
            .orElse(""));
  }
}
