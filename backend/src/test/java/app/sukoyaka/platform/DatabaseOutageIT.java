package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.ServiceProcess;
import app.sukoyaka.testing.TestService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for 30 s (the real server, stopped and started again on the same data directory
 * and port) while clients keep calling the service, which runs in a process of its own: every call
 * fails fast with 503 and Retry-After in its protocol, readiness goes DOWN while liveness stays UP,
 * and the service serves again by itself once the server is back. {@code
 * -Dsukoyaka.test.outage-seconds} shortens the outage when trying this out.
 */
class DatabaseOutageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration OUTAGE =
      Duration.ofSeconds(Long.getLong("sukoyaka.test.outage-seconds", 30));

  /** What the clients would wait at most; the service must answer well within it. */
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

  /** The slowest answer allowed during the outage: the pool's 2 s wait plus a margin. */
  private static final Duration FAIL_FAST = Duration.ofSeconds(6);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static Path dataDir;
  private static int port;
  private static EmbeddedPostgres postgres;
  private static ServiceProcess service;

  @BeforeAll
  static void aServiceOnADatabaseOfItsOwn() throws Exception {
    dataDir = Files.createTempDirectory("sukoyaka-outage-db");
    port = freePort();
    postgres = startPostgres();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE sukoyaka ENCODING 'UTF8' TEMPLATE template0");
    }
    Map<String, Object> settings = new HashMap<>(TestService.instanceProperties(Map.of()));
    settings.put("datasources.default.url", postgres.getJdbcUrl("postgres", "sukoyaka"));
    settings.put("datasources.default.username", "postgres");
    settings.put("datasources.default.password", "");
    // Demo mode seeds a municipality, its clinics and families to call with.
    settings.put("sukoyaka.demo", true);
    settings.put("sukoyaka.dashboard.demo-children", 10);
    settings.put("sukoyaka.intake.warm-up-submissions", 0);
    service = ServiceProcess.startWith("database-outage", settings);
  }

  @AfterAll
  static void stop() throws IOException {
    if (service != null) {
      service.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void whileTheDatabaseIsStoppedCallsFailFastWith503AndTheServiceRecoversByItself()
      throws Exception {
    JsonNode demo = json(send("GET", "/dev/demo", null, null));
    String clinicToken = token("clinic", demo.path("clinics").get(0).path("clientId").asText());
    JsonNode pregnancy = demo.path("pregnancies").get(0);
    String guardianToken = token("guardian", pregnancy.path("guardianSubject").asText());
    String handbook = "/api/v1/pregnancies/" + pregnancy.path("id").asText() + "/handbook";
    String patient = "/fhir/Encounter/" + java.util.UUID.randomUUID();

    assertThat(send("GET", handbook, guardianToken, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", patient, clinicToken, null).statusCode()).isEqualTo(404);
    assertThat(probe("/health/readiness")).isEqualTo(200);

    // Clients keep calling through the outage.
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      boolean fhir = i % 2 == 0;
      running.add(
          clients.submit(
              () -> {
                while (!stop.get()) {
                  calls.add(
                      fhir
                          ? call("GET", patient, clinicToken, "fhir")
                          : call("GET", handbook, guardianToken, "rest"));
                  pause(100);
                }
              }));
    }
    pause(1000);

    long stoppedAt = System.nanoTime();
    postgres.close();
    List<Integer> readiness = new ArrayList<>();
    List<Integer> liveness = new ArrayList<>();
    List<Long> readinessMillis = new ArrayList<>();
    while (System.nanoTime() - stoppedAt < OUTAGE.toNanos()) {
      long before = System.nanoTime();
      readiness.add(probe("/health/readiness"));
      readinessMillis.add((System.nanoTime() - before) / 1_000_000);
      liveness.add(probe("/health/liveness"));
      pause(1000);
    }
    List<Call> duringOutage = new ArrayList<>();
    long outageEnded = System.nanoTime();
    for (Call call : calls) {
      // Calls sent after the pool noticed (its first 2 s) and answered before the server came
      // back (a call waits up to 2 s for a connection).
      if (call.sentAt() > stoppedAt + 2_500_000_000L
          && call.sentAt() + 2_500_000_000L < outageEnded) {
        duringOutage.add(call);
      }
    }

    postgres = startPostgres();
    long restartedAt = System.nanoTime();
    boolean recovered = false;
    long recoveredAfterMillis = -1;
    while (System.nanoTime() - restartedAt < Duration.ofSeconds(30).toNanos()) {
      if (probe("/health/readiness") == 200
          && send("GET", handbook, guardianToken, null).statusCode() == 200
          && send("GET", patient, clinicToken, null).statusCode() == 404) {
        recovered = true;
        recoveredAfterMillis = (System.nanoTime() - restartedAt) / 1_000_000;
        break;
      }
      pause(250);
    }
    stop.set(true);
    for (Future<?> client : running) {
      client.get();
    }
    clients.shutdown();

    assertThat(service.alive()).as("the service process kept running").isTrue();
    assertThat(duringOutage).as("calls made while the database was stopped").hasSizeGreaterThan(20);
    for (Call call : duringOutage) {
      assertThat(call.status()).as(call.toString()).isEqualTo(503);
      assertThat(call.millis()).as(call.toString()).isLessThan(FAIL_FAST.toMillis());
      assertThat(call.retryAfter()).as(call.toString()).contains("5");
      assertThat(call.body()).as(call.toString()).doesNotContain("Exception", "\tat ", "jdbc:");
      if (call.protocol().equals("fhir")) {
        assertThat(call.contentType()).startsWith("application/fhir+json");
        JsonNode outcome = JSON.readTree(call.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").get(0).path("code").asText()).isEqualTo("transient");
        assertThat(outcome.toString()).contains("SKY-7001");
      } else {
        assertThat(call.contentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(call.body());
        assertThat(problem.path("code").asText()).isEqualTo("SKY-7001");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
      }
    }
    assertThat(duringOutage.stream().filter(c -> c.protocol().equals("fhir"))).isNotEmpty();
    assertThat(duringOutage.stream().filter(c -> c.protocol().equals("rest"))).isNotEmpty();
    // Readiness DOWN (503) after the pool's first wait, fast each time; liveness UP throughout.
    assertThat(readiness.subList(3, readiness.size())).containsOnly(503);
    assertThat(readinessMillis).allMatch(ms -> ms < FAIL_FAST.toMillis());
    assertThat(liveness).containsOnly(200);
    assertThat(recovered).as("serving again within 30 s of the database's return").isTrue();
    System.out.printf(
        "Database outage of %d s: %d calls answered 503 (slowest %d ms), served again %d ms after"
            + " the database returned%n",
        OUTAGE.toSeconds(),
        duringOutage.size(),
        duringOutage.stream().mapToLong(Call::millis).max().orElse(0),
        recoveredAfterMillis);
  }

  record Call(
      String protocol,
      long sentAt,
      long millis,
      int status,
      String contentType,
      Optional<String> retryAfter,
      String body) {}

  private static Call call(String method, String path, String token, String protocol) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = send(method, path, token, null);
      return new Call(
          protocol,
          start,
          (System.nanoTime() - start) / 1_000_000,
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Retry-After"),
          response.body());
    } catch (IOException e) {
      return new Call(
          protocol,
          start,
          (System.nanoTime() - start) / 1_000_000,
          -1,
          "",
          Optional.empty(),
          e.toString());
    }
  }

  private static String token(String role, String subject) throws IOException {
    HttpResponse<String> response =
        send(
            "POST",
            "/dev/token",
            null,
            "{\"role\":\"" + role + "\",\"subject\":\"" + subject + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).path("access_token").asText();
  }

  private static int probe(String path) throws IOException {
    return send("GET", path, null, null).statusCode();
  }

  private static HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException {
    URI uri = service.uri(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(CLIENT_TIMEOUT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static EmbeddedPostgres startPostgres() throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("timezone", "UTC")
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
