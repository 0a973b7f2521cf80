package app.sukoyaka.bench;

import app.sukoyaka.immunization.StoredForecastBatch;
import app.sukoyaka.immunization.SyntheticStoredChildren;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The daily reminder run of a municipality of N children (default 100,000), in the real service.
 * Children with realistic vaccination histories are loaded as the stored-children benchmark loads
 * them ({@link StoredForecastBenchmark}, {@code SyntheticStoredChildren}), with their guardians,
 * checkups, 要精密 referrals and the municipality's pregnancies ({@link ReminderFamilies}). The
 * service jar is started against that database with its daily timer ticking every two seconds: the
 * first tick runs the day for every municipality (the warm-up municipality first, so the service's
 * JIT is warm), and the run is timed by its own {@code reminder_run} row. Then the day's claim is
 * removed and the next tick runs the same day again, when nothing is new: the cost of an ordinary
 * day. The baseline of the same run is {@link StoredForecastBatch} alone over the same children,
 * and the plain read of its rows, in this JVM before the service starts.
 *
 * <p>{@code java -cp deploy/bench/target/sukoyaka-bench.jar app.sukoyaka.bench.ReminderBenchmark
 * [--children N] [--pool P] [--service-jar PATH] [--heap SIZE]}
 */
public final class ReminderBenchmark {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  static final long SEED = 20261121L;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

  /**
   * @param children children of the measured municipality
   * @param pool children who lived through the schedule, whose histories the children share
   * @param serviceJar the service to run
   * @param heap the service's {@code -Xmx}
   */
  record Options(
      int children, int pool, Path serviceJar, String heap, List<String> serviceJvmOptions) {
    static final String USAGE =
        """
        usage: java -cp sukoyaka-bench.jar app.sukoyaka.bench.ReminderBenchmark [options]
          --children N         children of the municipality (default 100000)
          --pool P             children who lived through the schedule, shared by the N (default 10000)
          --service-jar PATH   the service (default backend/target/sukoyaka.jar)
          --heap SIZE          the service's -Xmx (default 512m)
          --service-jvm-option OPTION
                               one more option for the service's JVM, repeatable
                               (e.g. -XX:StartFlightRecording=filename=/tmp/reminders.jfr)
        """;

    Options {
      if (children < 1 || pool < 1) {
        throw new IllegalArgumentException("--children and --pool must be at least 1");
      }
      serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    Options(int children, int pool, Path serviceJar, String heap) {
      this(children, pool, serviceJar, heap, List.of());
    }

    static Options parse(String... args) {
      int children = 100_000;
      int pool = 10_000;
      Path jar = Path.of("backend/target/sukoyaka.jar");
      String heap = "512m";
      List<String> jvmOptions = new java.util.ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--service-jvm-option" -> jvmOptions.add(value(args, ++i));
          case "--children" -> children = number(args, ++i);
          case "--pool" -> pool = number(args, ++i);
          case "--service-jar" -> jar = Path.of(value(args, ++i));
          case "--heap" -> heap = value(args, ++i);
          default -> throw new IllegalArgumentException("Unknown option " + args[i]);
        }
      }
      return new Options(children, pool, jar, heap, jvmOptions);
    }

    private static String value(String[] args, int i) {
      return StoredForecastBenchmark.Options.value(args, i);
    }

    private static int number(String[] args, int i) {
      return StoredForecastBenchmark.Options.number(args, i);
    }
  }

  /** A run of the service as its {@code reminder_run} row recorded it. */
  record RunFigures(
      double seconds,
      double cpuSeconds,
      int children,
      int pregnancies,
      int created,
      int pushes,
      int resolved,
      int withdrawn) {}

  /** What one benchmark run measured and checked (the test reads it). */
  record Result(
      long children,
      LocalDate day,
      ReminderFamilies.Loaded families,
      StoredForecastBenchmark.Phase read,
      StoredForecastBenchmark.Phase batch,
      RunFigures first,
      RunFigures again,
      Map<String, Long> byKind,
      long englishPushes,
      long recipients) {}

  private ReminderBenchmark() {}

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
    LocalDate day = LocalDate.now(JAPAN);
    Path dir = Files.createTempDirectory("reminder-bench");
    int cores = Runtime.getRuntime().availableProcessors();
    try (BenchDatabase database = BenchDatabase.start(dir.resolve("postgres"), false)) {
      long started = System.nanoTime();
      SyntheticStoredChildren synthetic = new SyntheticStoredChildren(day, options.pool(), SEED);
      progress.printf(
          "pool of %,d children lived through the schedule in %.1f s%n",
          options.pool(), (System.nanoTime() - started) / 1e9);
      StoredForecastBenchmark.Options load =
          new StoredForecastBenchmark.Options(
              options.children(), options.pool(), cores, true, null);
      StoredForecastBenchmark.Load loaded =
          StoredForecastBenchmark.load(database, synthetic, load, "reminders", progress);
      progress.println("loading guardians, checkups, referrals and pregnancies");
      started = System.nanoTime();
      ReminderFamilies.Loaded families;
      try (Connection connection = database.connect()) {
        connection.setAutoCommit(false);
        families =
            ReminderFamilies.copyInto(
                connection,
                synthetic,
                StoredForecastBenchmark.MUNICIPALITY,
                StoredForecastBenchmark.FACILITY,
                0,
                options.children(),
                SEED);
        ReminderFamilies.copyInto(
            connection,
            synthetic,
            StoredForecastBenchmark.WARMUP_MUNICIPALITY,
            StoredForecastBenchmark.FACILITY,
            options.children(),
            load.warmupChildren(),
            SEED);
        connection.commit();
        connection.setAutoCommit(true);
        ReminderFamilies.analyze(connection);
      }
      double familySeconds = (System.nanoTime() - started) / 1e9;

      // The baseline, in this JVM while nothing else runs.
      StoredForecastBenchmark.Phase read;
      StoredForecastBenchmark.Phase batchPhase;
      try (HeldConnections held =
          new HeldConnections(
              List.of(database.connect(), database.connect(), database.connect()))) {
        StoredForecastBatch batch =
            StoredForecastBatch.standalone(held, Clock.system(JAPAN), cores);
        progress.println("baseline: warming up, then the plain read and the batch alone");
        StoredForecastBenchmark.plainRead(held, StoredForecastBenchmark.MUNICIPALITY);
        batch.forEachForecast(StoredForecastBenchmark.WARMUP_MUNICIPALITY, day, child -> {});
        batch.forEachForecast(StoredForecastBenchmark.WARMUP_MUNICIPALITY, day, child -> {});
        read =
            StoredForecastBenchmark.measure(
                held,
                () ->
                    StoredForecastBenchmark.plainRead(held, StoredForecastBenchmark.MUNICIPALITY));
        batchPhase =
            StoredForecastBenchmark.measure(
                held,
                () ->
                    batch.forEachForecast(StoredForecastBenchmark.MUNICIPALITY, day, child -> {}));
      }

      progress.println("starting the service with its daily timer ticking every 2 s");
      HttpClient http = HttpClient.newHttpClient();
      RunFigures first;
      RunFigures again;
      Map<String, Long> byKind;
      long english;
      long recipients;
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
                  // The bench applied the same migrations when it loaded the children.
                  "FLYWAY_DATASOURCES_DEFAULT_ENABLED",
                  "false"))) {
        try {
          service.awaitHealthy(http, Duration.ofSeconds(180));
          first = awaitRun(database, service, day);
          progress.printf("first day: %.2f s, %,d reminders%n", first.seconds(), first.created());
          byKind = byKind(database);
          english = check(database, options, first);
          recipients = recipients(database);
          try (Connection connection = database.connect();
              PreparedStatement statement =
                  connection.prepareStatement(
                      "DELETE FROM reminder_run WHERE municipality_id = ? AND run_date = ?")) {
            statement.setObject(1, StoredForecastBenchmark.MUNICIPALITY);
            statement.setDate(2, Date.valueOf(day));
            statement.executeUpdate();
          }
          again = awaitRun(database, service, day);
          if (again.created() != 0 || again.pushes() != 0) {
            throw new IllegalStateException(
                "The same day run again wrote "
                    + again.created()
                    + " reminders and "
                    + again.pushes()
                    + " pushes; it must write none");
          }
        } catch (Exception e) {
          service.logTail(40).forEach(progress::println);
          throw e;
        }
      }
      Result result =
          new Result(
              options.children(),
              day,
              families,
              read,
              batchPhase,
              first,
              again,
              byKind,
              english,
              recipients);
      print(out, options, loaded, familySeconds, result, cores);
      return result;
    } finally {
      StoredForecastBenchmark.delete(dir);
    }
  }

  /** Waits for the measured municipality's run of the day to finish; its row has the figures. */
  private static RunFigures awaitRun(BenchDatabase database, ServiceProcess service, LocalDate day)
      throws Exception {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    // The service's CPU from when the run is first seen running to when it is seen done (polled
    // every 100 ms): its JVM does nothing else meanwhile but tick.
    Duration cpuAtStart = null;
    while (System.nanoTime() < deadline) {
      try (Connection connection = database.connect();
          PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT status, started_at, finished_at, children, pregnancies,"
                      + " reminders_created, pushes_queued, reminders_resolved, pushes_withdrawn,"
                      + " error FROM reminder_run WHERE municipality_id = ? AND run_date = ?")) {
        statement.setObject(1, StoredForecastBenchmark.MUNICIPALITY);
        statement.setDate(2, Date.valueOf(day));
        try (ResultSet rs = statement.executeQuery()) {
          if (rs.next()) {
            String status = rs.getString(1);
            if (status.equals("failed")) {
              throw new IllegalStateException("The reminder run failed: " + rs.getString(10));
            }
            if (status.equals("running") && cpuAtStart == null) {
              cpuAtStart = service.cpuTime().orElse(null);
            }
            if (status.equals("done")) {
              Timestamp start = rs.getTimestamp(2);
              Timestamp end = rs.getTimestamp(3);
              Duration cpuAtEnd = service.cpuTime().orElse(null);
              return new RunFigures(
                  Duration.between(start.toInstant(), end.toInstant()).toNanos() / 1e9,
                  cpuAtStart == null || cpuAtEnd == null
                      ? Double.NaN
                      : cpuAtEnd.minus(cpuAtStart).toNanos() / 1e9,
                  rs.getInt(4),
                  rs.getInt(5),
                  rs.getInt(6),
                  rs.getInt(7),
                  rs.getInt(8),
                  rs.getInt(9));
            }
          }
        }
      }
      if (service.cpuTime().isEmpty()) {
        throw new IOException("The service stopped; its log is in " + service.log());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("The reminder run did not finish in " + RUN_TIMEOUT);
  }

  private static Map<String, Long> byKind(BenchDatabase database) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT kind, count(*) FROM reminder WHERE municipality_id = ? GROUP BY kind"
                    + " ORDER BY kind")) {
      statement.setObject(1, StoredForecastBenchmark.MUNICIPALITY);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return counts;
  }

  private static long recipients(BenchDatabase database) throws SQLException {
    return count(
        database,
        "SELECT count(DISTINCT person_id) FROM reminder WHERE municipality_id = ?",
        StoredForecastBenchmark.MUNICIPALITY);
  }

  /**
   * What the first run must have done: read every child, written the reminders and pushes its row
   * counts, every push a reminder push about its own reminder, no reminder of a kind its recipient
   * switched off, English where the recipient chose it. Answers the number of English pushes.
   */
  private static long check(BenchDatabase database, Options options, RunFigures first)
      throws SQLException {
    UUID m = StoredForecastBenchmark.MUNICIPALITY;
    require(first.children() == options.children(), "every child forecast", first.children());
    require(first.created() > 0, "reminders were written", first.created());
    long rows = count(database, "SELECT count(*) FROM reminder WHERE municipality_id = ?", m);
    require(rows == first.created(), "the run's count is the rows written", rows);
    long pushes =
        count(
            database,
            "SELECT count(*) FROM push_message p JOIN reminder r ON r.id = p.subject_id"
                + " WHERE r.municipality_id = ?",
            m);
    require(pushes == first.pushes(), "one push per recipient, child and kind", pushes);
    long groups =
        count(
            database,
            "SELECT count(*) FROM (SELECT DISTINCT person_id, subject_id, kind FROM reminder"
                + " WHERE municipality_id = ?) g",
            m);
    require(groups == pushes, "reminders of one kind for one child share one push", groups);
    long wrong =
        count(
            database,
            "SELECT count(*) FROM push_message p JOIN reminder r ON r.id = p.subject_id"
                + " WHERE r.municipality_id = ? AND (p.payload->>'kind' <> 'reminder'"
                + " OR p.payload->'data'->>'reminderId' <> r.id::text"
                + " OR p.payload->'data'->>'reminderKind' <> r.kind"
                + " OR p.payload->>'deepLink' <> 'sukoyaka://reminders/' || r.id)",
            m);
    require(wrong == 0, "every push names its reminder", wrong);
    long switchedOff =
        count(
            database,
            "SELECT count(*) FROM reminder r JOIN notification_preference np"
                + " ON np.person_id = r.person_id WHERE r.municipality_id = ?"
                + " AND r.kind = ANY (np.reminders_off)",
            m);
    require(switchedOff == 0, "no reminder of a kind its recipient switched off", switchedOff);
    long english =
        count(
            database,
            "SELECT count(*) FROM push_message p JOIN reminder r ON r.id = p.subject_id"
                + " JOIN notification_preference np ON np.person_id = p.person_id"
                + " WHERE r.municipality_id = ? AND np.language = 'en'"
                + " AND p.payload->>'language' = 'en'",
            m);
    long englishWanted =
        count(
            database,
            "SELECT count(*) FROM push_message p JOIN reminder r ON r.id = p.subject_id"
                + " JOIN notification_preference np ON np.person_id = p.person_id"
                + " WHERE r.municipality_id = ? AND np.language = 'en'",
            m);
    require(english == englishWanted, "English for those who chose it", english);
    return english;
  }

  private static void require(boolean holds, String what, long seen) {
    if (!holds) {
      throw new IllegalStateException("Check failed: " + what + " (saw " + seen + ")");
    }
  }

  private static long count(BenchDatabase database, String sql, UUID municipality)
      throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, municipality);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void print(
      PrintStream out,
      Options options,
      StoredForecastBenchmark.Load load,
      double familySeconds,
      Result r,
      int cores) {
    ReminderFamilies.Loaded f = r.families();
    out.printf(
        "%nSukoyaka daily reminder benchmark  (N=%,d children, %,d pregnancies, %d cores, run day"
            + " %s)%n",
        r.children(), f.pregnancies(), cores, r.day());
    SyntheticStoredChildren.Loaded l = load.loaded();
    out.printf(
        "load (not measured below): %,d children with %,d vaccination records in %.1f s;"
            + " %,d guardians (%,d with own settings), %,d checkups attended (%,d 要精密 referrals,"
            + " %,d with a result), %,d pregnancies with %,d 妊婦健診 visits in %.1f s%n",
        l.children(),
        l.records(),
        load.copySeconds() + load.indexSeconds() + load.vacuumSeconds(),
        f.guardians(),
        f.settings(),
        f.checkups(),
        f.referrals(),
        f.results(),
        f.pregnancies(),
        f.prenatalVisits(),
        familySeconds);
    out.printf("%-58s %8s %8s %12s%n", "", "wall s", "JVM CPU", "children/s");
    row(
        out,
        "baseline: plain read of the vaccination rows (bench JVM)",
        r.read().seconds(),
        r.read().cpuSeconds(),
        r.children());
    row(
        out,
        "baseline: StoredForecastBatch alone (bench JVM)",
        r.batch().seconds(),
        r.batch().cpuSeconds(),
        r.children());
    row(
        out,
        "service: daily reminder run, first day (all new)",
        r.first().seconds(),
        r.first().cpuSeconds(),
        r.children());
    row(
        out,
        "service: the same day again (nothing new)",
        r.again().seconds(),
        r.again().cpuSeconds(),
        r.children());
    out.printf(
        "%-58s %8.2f x wall, %.2f x CPU%n",
        "ratio first day / StoredForecastBatch alone",
        r.first().seconds() / r.batch().seconds(),
        r.first().cpuSeconds() / r.batch().cpuSeconds());
    out.printf(
        "%-58s %8.2f x wall, %.2f x CPU%n",
        "ratio nothing new / StoredForecastBatch alone",
        r.again().seconds() / r.batch().seconds(),
        r.again().cpuSeconds() / r.batch().cpuSeconds());
    out.printf(
        "first day: %,d reminders to %,d people, %,d pushes queued (%,d in English); by kind %s%n",
        r.first().created(), r.recipients(), r.first().pushes(), r.englishPushes(), r.byKind());
    out.printf(
        "checked: %,d children forecast by the run; rows and pushes as counted; one push per"
            + " person, child and kind; every push names its reminder; no kind a guardian switched"
            + " off; English where chosen; the same day again wrote nothing%n",
        r.first().children());
    out.printf(
        "machine load average at the end: %.1f (other work on the cores inflates the wall times;"
            + " the CPU times barely move with it)%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void row(
      PrintStream out, String label, double seconds, double cpuSeconds, long children) {
    out.printf("%-58s %8.2f %8.2f %,12.0f%n", label, seconds, cpuSeconds, children / seconds);
  }
}
