package app.sukoyaka.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Measures validated FHIR ingest through the real service against plain JDBC inserts of the same
 * rows, in one run on one PostgreSQL, and prints both with their ratio (DESIGN.md, "What we measure
 * against").
 *
 * <p>Exit status: 0 when the run completed, 1 when the service did not start, refused the probe
 * bundle, or failed more than 1% of the bundles, 2 for bad options.
 */
public final class IngestBenchmark {
  private static final int MOTHERS = 1000;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
  private static final int LOG_TAIL = 40;

  /** The start of the line the service logs with its intake paths (clinic.IntakePaths). */
  private static final String INTAKE_PATHS = "Clinic checkup submissions since start:";

  private final Options options;
  private final PrintStream out;
  private final PrintStream progress;

  private IngestBenchmark(Options options, PrintStream out, PrintStream progress) {
    this.options = options;
    this.out = out;
    this.progress = progress;
  }

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
    int status;
    try {
      status = new IngestBenchmark(options, System.out, System.err).run();
    } catch (Exception e) {
      System.err.println("Benchmark failed: " + e);
      status = 1;
    }
    System.exit(status);
  }

  private int run() throws IOException, SQLException, InterruptedException {
    if (!Files.isRegularFile(options.serviceJar())) {
      progress.println(
          "No service jar at "
              + options.serviceJar().toAbsolutePath()
              + "; build backend first or pass --service-jar");
      return 1;
    }
    Path work = Files.createTempDirectory("sukoyaka-bench-");
    Resources resources = new Resources();
    // An interrupted run (Ctrl-C) must not leave a service or a PostgreSQL behind.
    Thread hook =
        new Thread(
            () -> {
              progress.println("Interrupted: stopping the service and PostgreSQL");
              resources.close();
            },
            "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      int status = run(work, resources);
      if (status != 0) {
        resources.pointToServiceLog(progress);
      }
      return status;
    } catch (IOException | SQLException | RuntimeException e) {
      resources.pointToServiceLog(progress);
      throw e;
    } finally {
      resources.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run; nothing left to do.
      }
    }
  }

  private int run(Path work, Resources resources)
      throws IOException, SQLException, InterruptedException {
    String runId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    int maxFailures = options.bundles() / 100;

    progress.println("Starting PostgreSQL in " + work);
    BenchDatabase database = BenchDatabase.start(work.resolve("postgres"), options.statements());
    resources.database = database;
    // The schema is applied here, as the database's owner: the service connects as an ordinary
    // role the row-level security binds, which may not create it.
    try (java.sql.Connection connection = database.connect()) {
      SchemaMigrations.apply(
          connection, SchemaMigrations.names(app.sukoyaka.immunization.StoredForecastBatch.class));
    }

    progress.println(
        "Starting the service " + options.serviceJar() + " (-Xmx" + options.heap() + ")");
    ServiceProcess service =
        ServiceProcess.start(
            options.serviceJar(),
            options.heap(),
            options.serviceJvmOptions(),
            database.jdbcUrl(),
            database.serviceRole(),
            work,
            java.util.Map.of("FLYWAY_DATASOURCES_DEFAULT_ENABLED", "false"));
    resources.service = service;
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      service.awaitHealthy(http, STARTUP_TIMEOUT);
    } catch (IOException e) {
      progress.println(e.getMessage() + "; the end of " + service.log() + ":");
      service.logTail(LOG_TAIL).forEach(progress::println);
      return 1;
    }

    Fixtures.Arranged arranged;
    try (Connection connection = database.connect()) {
      arranged = Fixtures.arrange(connection, MOTHERS);
    }
    progress.println(
        "Arranged municipality "
            + PrenatalVisit.MUNICIPALITY_CODE
            + ", clinic "
            + arranged.clientId()
            + ", "
            + arranged.mothers().size()
            + " pregnancies");

    ServiceIngest ingest = new ServiceIngest(http, service, arranged, runId);
    if (!probe(ingest)) {
      return 1;
    }

    if (options.warmup() > 0) {
      progress.println("Warming up with " + options.warmup() + " bundles");
      byte[][] warmupBodies = ingest.prepare("warmup", options.warmup(), 0);
      ConcurrentRun.Result warmup =
          ConcurrentRun.run(
              options.warmup(),
              options.clients(),
              t -> ingest.client(warmupBodies),
              options.warmup() / 100);
      if (warmup.aborted()) {
        return failed("warm-up", warmup, options.warmup());
      }
    }

    if (options.statements()) {
      try (Connection admin = database.connectAdmin()) {
        StatementProfile.install(admin);
        StatementProfile.reset(admin);
      }
    }
    progress.println(
        "Measuring the service: "
            + options.bundles()
            + " bundles from "
            + options.clients()
            + " clients");
    byte[][] bodies = ingest.prepare("measure", options.bundles(), options.warmup());
    Optional<Duration> cpuBefore = service.cpuTime();
    ConcurrentRun.Result measured =
        ConcurrentRun.run(
            options.bundles(), options.clients(), t -> ingest.client(bodies), maxFailures);
    Optional<Duration> cpuAfter = service.cpuTime();
    if (measured.aborted() || measured.failed() > maxFailures) {
      return failed("service", measured, options.bundles());
    }
    Optional<ProcessMemory> memory = service.memory();
    String statements = null;
    if (options.statements()) {
      try (Connection admin = database.connectAdmin()) {
        statements = StatementProfile.report(admin, "service", measured.succeeded());
      }
    }
    String stored;
    try (Connection connection = database.connect()) {
      stored = storedRows(connection, runId + "-measure-%", measured.succeeded());
    }
    if (stored == null) {
      return 1;
    }

    progress.println("Measuring the baseline: plain JDBC inserts of the same rows");
    JdbcBaseline baseline = new JdbcBaseline(database, arranged, runId);
    if (options.warmup() > 0) {
      // The same warm-up as the service's, so that neither side is measured cold.
      JdbcBaseline.Prepared[] baselineWarmup = baseline.prepare("warmup", options.warmup());
      ConcurrentRun.Result warmup =
          ConcurrentRun.run(
              options.warmup(),
              options.clients(),
              t -> baseline.client(baselineWarmup),
              options.warmup() / 100);
      if (warmup.aborted()) {
        return failed("baseline warm-up", warmup, options.warmup());
      }
    }
    if (options.statements()) {
      try (Connection admin = database.connectAdmin()) {
        StatementProfile.reset(admin);
      }
    }
    JdbcBaseline.Prepared[] baselineUnits = baseline.prepare("measure", options.bundles());
    ConcurrentRun.Result plain =
        ConcurrentRun.run(
            options.bundles(), options.clients(), t -> baseline.client(baselineUnits), maxFailures);
    if (plain.aborted() || plain.failed() > maxFailures) {
      return failed("baseline", plain, options.bundles());
    }
    if (options.statements()) {
      try (Connection admin = database.connectAdmin()) {
        statements += StatementProfile.report(admin, "baseline", plain.succeeded());
      }
    }

    Percentiles latencies = Percentiles.of(measured.latencyNanos());
    Report report =
        new Report(
            options.bundles(),
            options.clients(),
            Runtime.getRuntime().availableProcessors(),
            measured.perSecond(),
            latencies.at(50) / 1e6,
            latencies.at(99) / 1e6,
            plain.perSecond(),
            memory,
            options.heap(),
            cpuPerBundle(cpuBefore, cpuAfter, measured.succeeded()));
    out.println();
    out.print(report.format());
    if (measured.failed() > 0) {
      out.printf(
          "service failures: %d of %d (first: %s)%n",
          measured.failed(), options.bundles(), measured.failureSamples().get(0));
    }
    out.println(stored);
    // The service logs how it read the clinics' submissions as it stops (SIGTERM).
    service.close();
    out.println(
        "service intake paths (the whole run: probe, warm-up, measured): "
            + service
                .lastLogLine(INTAKE_PATHS)
                .orElse("not logged (an older service build, or it did not stop cleanly)"));
    if (statements != null) {
      out.print(statements);
    }
    progress.println("Service log: " + service.log());
    return 0;
  }

  private static Optional<Double> cpuPerBundle(
      Optional<Duration> before, Optional<Duration> after, int bundles) {
    if (before.isEmpty() || after.isEmpty() || bundles == 0) {
      return Optional.empty();
    }
    return Optional.of(after.get().minus(before.get()).toNanos() / 1e6 / bundles);
  }

  /** Sends one bundle first, so that a refused bundle shows its OperationOutcome, not a count. */
  private boolean probe(ServiceIngest ingest) throws IOException, InterruptedException {
    String bundle = ingest.bundle("probe", 0, 0);
    HttpResponse<String> response = ingest.post(ingest.newTokens().current(), bundle);
    if (response.statusCode() == 200) {
      return true;
    }
    progress.println("The service refused the probe bundle: " + response.statusCode());
    progress.println(response.body());
    progress.println("The bundle was:");
    progress.println(bundle);
    return false;
  }

  private int failed(String phase, ConcurrentRun.Result result, int units) {
    progress.printf(
        Locale.ROOT,
        "Aborted: %d of %d %s bundles failed (more than 1%%). First failures:%n",
        result.failed(),
        units,
        phase);
    result.failureSamples().forEach(sample -> progress.println("  " + sample));
    return 1;
  }

  /**
   * Checks that every measured bundle left its rows, so that the rate is one of stored checkups;
   * returns the line to print, or null (after saying why) if rows are missing.
   */
  private String storedRows(Connection connection, String bundlePattern, int expected)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(DISTINCT r.id), count(DISTINCT e.id), count(f.id)"
                + " FROM raw_submission r"
                + " LEFT JOIN checkup_encounter e ON e.submission_id = r.id"
                + " LEFT JOIN checkup_finding f ON f.encounter_id = e.id"
                + " WHERE r.bundle_system = ? AND r.bundle_value LIKE ?")) {
      statement.setString(1, PrenatalVisit.SUBMISSION_SYSTEM);
      statement.setString(2, bundlePattern);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        long submissions = rs.getLong(1);
        long encounters = rs.getLong(2);
        long findings = rs.getLong(3);
        String line =
            String.format(
                Locale.ROOT,
                "stored by the service: %d submissions, %d checkups, %d findings",
                submissions,
                encounters,
                findings);
        long expectedFindings = (long) expected * PrenatalVisit.FINDINGS.size();
        if (submissions != expected || encounters != expected || findings != expectedFindings) {
          progress.println(
              line
                  + "; expected "
                  + expected
                  + ", "
                  + expected
                  + ", "
                  + expectedFindings
                  + " for the bundles it accepted");
          return null;
        }
        return line + " (all accepted bundles)";
      }
    }
  }

  /** What must be stopped however the run ends; closing twice is harmless. */
  private static final class Resources {
    private volatile ServiceProcess service;
    private volatile BenchDatabase database;

    void pointToServiceLog(PrintStream progress) {
      if (service != null) {
        progress.println("Service log: " + service.log());
      }
    }

    synchronized void close() {
      // The service first: it holds connections to the database.
      if (service != null) {
        service.close();
      }
      if (database != null) {
        database.close();
      }
    }
  }
}
