package app.sukoyaka.bench;

import app.sukoyaka.immunization.StoredForecastBatch;
import app.sukoyaka.notice.push.LocalFcmEndpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Push delivery at a municipality's scale: a notice to M guardians (D devices each) is queued
 * overnight and becomes due at once when quiet hours end; the real service, as its own process,
 * dispatches it through the Firebase Admin SDK to a local FCM endpoint in this JVM (which holds
 * every payload to mobile-contract's schemas). The baseline of the same run is the same number of
 * FCM requests posted to the same endpoint by a plain HTTP client with nothing else to do: the
 * limit of the endpoint, the loopback and the cores. The ratio is what claiming, the SDK and
 * recording every attempt cost on top.
 *
 * <p>{@code java -cp deploy/bench/target/sukoyaka-bench.jar app.sukoyaka.bench.PushBenchmark
 * [--messages M] [--devices D] [--clients K] [--service-jar PATH] [--heap SIZE]}
 */
public final class PushBenchmark {
  static final UUID MUNICIPALITY = UUID.nameUUIDFromBytes("bench-push-municipality".getBytes());
  static final String PROJECT = "sukoyaka-bench";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GOAL = Duration.ofSeconds(60);
  private static final int GOAL_PUSHES = 100_000;

  /**
   * @param messages guardians a notice goes to, one push message each
   * @param devices devices per guardian: each message is sent to every one
   * @param clients concurrent HTTP clients of the baseline
   * @param serviceJar the service's executable jar
   * @param heap the service's {@code -Xmx}
   */
  record Options(
      int messages,
      int devices,
      int clients,
      Path serviceJar,
      String heap,
      List<String> serviceJvmOptions) {
    static final String USAGE =
        """
        usage: java -cp sukoyaka-bench.jar app.sukoyaka.bench.PushBenchmark [options]
          --messages M        guardians the notice goes to (default 100000)
          --devices D         devices per guardian (default 1)
          --clients K         concurrent HTTP clients of the baseline (default 32, the
                              service's send-concurrency)
          --service-jar PATH  the service jar (default backend/target/sukoyaka.jar)
          --heap SIZE         the service's -Xmx (default 512m)
          --service-jvm-option OPTION
                              pass OPTION to the service's JVM (repeatable), e.g.
                              -XX:StartFlightRecording=filename=service.jfr
        """;

    Options {
      if (messages < 1 || devices < 1 || devices > 10 || clients < 1) {
        throw new IllegalArgumentException(
            "--messages and --clients must be at least 1, --devices 1 to 10");
      }
      serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    int pushes() {
      return messages * devices;
    }

    static Options parse(String... args) {
      int messages = 100_000;
      int devices = 1;
      int clients = 32;
      Path jar = Path.of("backend", "target", "sukoyaka.jar");
      String heap = "512m";
      List<String> jvmOptions = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args[++i];
        switch (option) {
          case "--messages" -> messages = Integer.parseInt(value.replace(",", ""));
          case "--devices" -> devices = Integer.parseInt(value);
          case "--clients" -> clients = Integer.parseInt(value);
          case "--service-jar" -> jar = Path.of(value);
          case "--heap" -> heap = value;
          case "--service-jvm-option" -> jvmOptions.add(value);
          default -> throw new IllegalArgumentException("Unknown option " + option);
        }
      }
      return new Options(messages, devices, clients, jar, heap, jvmOptions);
    }
  }

  /** One side's figure. */
  record Phase(double seconds, long pushes) {
    double rate() {
      return pushes / seconds;
    }
  }

  /**
   * @param service the service's dispatch, from due to all recorded
   * @param baseline the plain client's posts
   * @param serviceCpuSeconds CPU the service used while dispatching
   * @param sent messages the service recorded as sent
   * @param recordedSends sends the service recorded (push_attempt rows, outcome sent)
   * @param acceptedOnce sends the endpoint accepted exactly once
   * @param duplicates sends the endpoint accepted more than once
   * @param violations payloads that broke mobile-contract's schemas
   */
  record Result(
      Phase service,
      Phase baseline,
      double serviceCpuSeconds,
      long sent,
      long recordedSends,
      long acceptedOnce,
      long duplicates,
      int violations) {}

  private PushBenchmark() {}

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
      System.exit(result.sent() == options.messages() && result.duplicates() == 0 ? 0 : 1);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  static Result run(Options options, PrintStream out, PrintStream progress) throws Exception {
    Path work = Files.createTempDirectory("sukoyaka-push-bench");
    progress.println("Work directory " + work);
    try (BenchDatabase database = BenchDatabase.start(work.resolve("postgres"), false);
        LocalFcmEndpoint endpoint =
            LocalFcmEndpoint.start(new LocalFcmEndpoint.Options(0, true, 100, 8))) {
      // The schema is applied here, as the database's owner: the service connects as an
      // ordinary role the row-level security binds, which may not create it.
      try (Connection connection = database.connect()) {
        SchemaMigrations.apply(connection, SchemaMigrations.names(StoredForecastBatch.class));
      }
      Result result;
      Phase service;
      double cpu;
      try (ServiceProcess process =
          ServiceProcess.start(
              options.serviceJar(),
              options.heap(),
              options.serviceJvmOptions(),
              database.jdbcUrl(),
              database.serviceRole(),
              work,
              Map.of(
                  "SUKOYAKA_PUSH_ENDPOINT",
                  endpoint.uri().toString(),
                  "SUKOYAKA_PUSH_PROJECT_ID",
                  PROJECT,
                  "FLYWAY_DATASOURCES_DEFAULT_ENABLED",
                  "false"))) {
        HttpClient http = HttpClient.newHttpClient();
        try {
          process.awaitHealthy(http, Duration.ofSeconds(120));
        } catch (IOException e) {
          process.logTail(40).forEach(progress::println);
          throw e;
        }
        progress.printf(
            "Queuing a notice to %,d guardians with %d device(s) each%n",
            options.messages(), options.devices());
        queue(database, options);
        double cpuBefore = cpuSeconds(process);
        long started = System.nanoTime();
        release(database);
        awaitDispatched(database, process, progress);
        service = new Phase((System.nanoTime() - started) / 1e9, options.pushes());
        cpu = cpuSeconds(process) - cpuBefore;
      }
      long sent = count(database, "SELECT count(*) FROM push_message WHERE status = 'sent'");
      long recorded = count(database, "SELECT count(*) FROM push_attempt WHERE outcome = 'sent'");
      long once = 0;
      long duplicates = 0;
      for (int count : endpoint.acceptedByMessageAndToken().values()) {
        if (count == 1) {
          once++;
        } else {
          duplicates++;
        }
      }
      int violations = endpoint.violations().size();
      progress.printf(
          "Baseline: %,d plain posts from %d clients%n", options.pushes(), options.clients());
      Phase baseline = baseline(endpoint, options);
      result = new Result(service, baseline, cpu, sent, recorded, once, duplicates, violations);
      report(out, options, result);
      return result;
    }
  }

  /** Guardians, their devices, no quiet hours, and the notice's pushes, not yet due. */
  private static void queue(BenchDatabase database, Options options)
      throws SQLException, IOException {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO municipality (id, code, name_ja, name_en, created_at) VALUES ('"
                + MUNICIPALITY
                + "', '131059', '文京区', 'Bunkyo City', now())");
      }
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      StringBuilder persons = new StringBuilder();
      StringBuilder devices = new StringBuilder();
      StringBuilder preferences = new StringBuilder();
      StringBuilder messages = new StringBuilder();
      UUID notice = UUID.nameUUIDFromBytes("bench-notice".getBytes());
      String m = MUNICIPALITY.toString();
      String at = "2026-04-01T00:00:00Z";
      String later = "2999-01-01T00:00:00Z";
      for (int i = 0; i < options.messages(); i++) {
        UUID person = new UUID(0x5055_5348_0000_0000L, i);
        persons
            .append(person)
            .append(',')
            .append(m)
            .append(",佐藤,美咲,1991-09-03,female,guardian-")
            .append(i)
            .append(',')
            .append(at)
            .append('\n');
        for (int d = 0; d < options.devices(); d++) {
          devices
              .append(new UUID(0x4445_5649_0000_0000L | d, i))
              .append(',')
              .append(person)
              .append(',')
              .append(m)
              .append(",bench-token-")
              .append(i)
              .append('-')
              .append(d)
              .append(":APA91bBench,")
              .append(d % 2 == 0 ? "android" : "ios")
              .append(",ja-JP,1.0.0,")
              .append(at)
              .append(',')
              .append(at)
              .append('\n');
        }
        preferences
            .append(person)
            .append(',')
            .append(m)
            .append(",00:00,00:00,")
            .append(at)
            .append('\n');
        UUID message = new UUID(0x4d45_5353_0000_0000L, i);
        UUID subject = new UUID(0x4e4f_5449_0000_0000L, i);
        ObjectNode payload = JSON.createObjectNode();
        payload.put("messageId", message.toString());
        payload.put("kind", "notice");
        payload.put("language", "ja");
        payload.put("title", "乳幼児健診（3〜4か月児）のご案内");
        payload.put("body", "文京区からお知らせが届きました。アプリでご確認ください。");
        payload.put("deepLink", "sukoyaka://home");
        payload.putObject("data").put("noticeId", notice.toString());
        messages
            .append(message)
            .append(',')
            .append(m)
            .append(',')
            .append(person)
            .append(",notice,")
            .append(subject)
            .append(",\"")
            .append(JSON.writeValueAsString(payload).replace("\"", "\"\""))
            .append("\",")
            .append(at)
            .append(',')
            .append(later)
            .append(',')
            .append(later)
            .append('\n');
      }
      copy.copyIn(
          "COPY person (id, municipality_id, family_name, given_name, birth_date, sex,"
              + " login_subject, created_at) FROM STDIN WITH (FORMAT csv)",
          new StringReader(persons.toString()));
      copy.copyIn(
          "COPY push_device (id, person_id, municipality_id, token, platform, locale,"
              + " app_version, registered_at, updated_at) FROM STDIN WITH (FORMAT csv)",
          new StringReader(devices.toString()));
      copy.copyIn(
          "COPY notification_preference (person_id, municipality_id, quiet_start, quiet_end,"
              + " updated_at) FROM STDIN WITH (FORMAT csv)",
          new StringReader(preferences.toString()));
      copy.copyIn(
          "COPY push_message (id, municipality_id, person_id, kind, subject_id, payload,"
              + " created_at, not_before, next_attempt_at) FROM STDIN WITH (FORMAT csv)",
          new StringReader(messages.toString()));
      connection.commit();
    }
  }

  /** Quiet hours end: the whole notice becomes due at once, and the dispatchers are woken. */
  private static void release(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.executeUpdate(
          "UPDATE push_message SET not_before = now(), next_attempt_at = now()");
      statement.execute("SELECT pg_notify('sukoyaka_push', '')");
      connection.commit();
    }
  }

  private static void awaitDispatched(
      BenchDatabase database, ServiceProcess process, PrintStream progress) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    long lastReport = System.nanoTime();
    while (true) {
      long queued = count(database, "SELECT count(*) FROM push_message WHERE status = 'queued'");
      if (queued == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        process.logTail(40).forEach(progress::println);
        throw new IllegalStateException(queued + " pushes still queued after 15 minutes");
      }
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        progress.printf("  %,d still queued%n", queued);
        lastReport = System.nanoTime();
      }
      Thread.sleep(50);
    }
  }

  /** The same FCM requests as the SDK sends, posted by plain clients. */
  static Phase baseline(LocalFcmEndpoint endpoint, Options options) throws Exception {
    int total = options.pushes();
    List<byte[]> bodies = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      String id = new UUID(0x4241_5345_0000_0000L, i).toString();
      ObjectNode message = JSON.createObjectNode();
      ObjectNode root = JSON.createObjectNode().set("message", message);
      message.put("token", "baseline-token-" + i + ":APA91bBench");
      message
          .putObject("notification")
          .put("title", "乳幼児健診（3〜4か月児）のご案内")
          .put("body", "文京区からお知らせが届きました。アプリでご確認ください。");
      message
          .putObject("data")
          .put("messageId", id)
          .put("kind", "notice")
          .put("language", "ja")
          .put("title", "乳幼児健診（3〜4か月児）のご案内")
          .put("body", "文京区からお知らせが届きました。アプリでご確認ください。")
          .put("deepLink", "sukoyaka://home")
          .put("noticeId", UUID.nameUUIDFromBytes("bench-notice".getBytes()).toString());
      message.putObject("android").putObject("notification").put("tag", id);
      ObjectNode apns = message.putObject("apns");
      apns.putObject("headers").put("apns-collapse-id", id);
      apns.putObject("payload").putObject("aps");
      bodies.add(JSON.writeValueAsBytes(root));
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = endpoint.uri().resolve("/v1/projects/" + PROJECT + "/messages:send");
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(options.clients());
    long started = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < options.clients(); c++) {
      running.add(
          clients.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                  HttpRequest request =
                      HttpRequest.newBuilder(uri)
                          .header("Authorization", "Bearer baseline")
                          .header("Content-Type", "application/json; charset=UTF-8")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                          .build();
                  HttpResponse<byte[]> response;
                  try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                  } catch (java.io.IOException closed) {
                    // A kept-alive connection the endpoint closed as the post went out (seen at
                    // half a million posts): sent again once, on a fresh connection.
                    response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                  }
                  if (response.statusCode() != 200) {
                    failed.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    clients.shutdown();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " baseline posts were refused");
    }
    return new Phase(seconds, total);
  }

  private static void report(PrintStream out, Options options, Result r) {
    out.printf(
        "Sukoyaka push benchmark  (a notice to %,d guardians, %d device(s) each: %,d pushes, %d"
            + " cores)%n",
        options.messages(),
        options.devices(),
        options.pushes(),
        Runtime.getRuntime().availableProcessors());
    out.printf("%-58s %8s %11s%n", "", "wall s", "pushes/s");
    out.printf(
        "%-58s %8.2f %,11.0f%n",
        "service: claim, send through the Firebase SDK, record",
        r.service().seconds(),
        r.service().rate());
    out.printf(
        "%-58s %8.2f %,11.0f%n",
        "baseline: the same FCM requests, " + options.clients() + " plain HTTP clients",
        r.baseline().seconds(),
        r.baseline().rate());
    out.printf(
        "%-58s %8.2f %%%n",
        "ratio service / baseline (pushes/s)", 100 * r.service().rate() / r.baseline().rate());
    out.printf(
        "service CPU: %.3f ms per push (all its threads)%n",
        1000 * r.serviceCpuSeconds() / options.pushes());
    out.printf(
        "checked: %,d of %,d messages sent, %,d sends recorded, %,d accepted once, %,d"
            + " duplicates, %d schema violations%n",
        r.sent(),
        options.messages(),
        r.recordedSends(),
        r.acceptedOnce(),
        r.duplicates(),
        r.violations());
    if (options.pushes() >= GOAL_PUSHES) {
      double projected = r.service().seconds();
      out.printf(
          "goal < %d s for %,d pushes on 2 cores: %s (%.1f s for %,d)%n",
          GOAL.toSeconds(),
          GOAL_PUSHES,
          projected < GOAL.toSeconds() ? "met" : "missed",
          projected,
          options.pushes());
    }
  }

  private static double cpuSeconds(ServiceProcess process) {
    return process.cpuTime().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  private static long count(BenchDatabase database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
