package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestDatabase;
import app.sukoyaka.testing.TestService;
import io.micronaut.transaction.TransactionOperations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The service as its own process (the packaged jar), dispatching a large batch to a local FCM
 * endpoint in this JVM, is killed with SIGKILL in the middle and started again on the same
 * database: every push is delivered, none is lost, and the only duplicates are the pushes FCM
 * accepted but the killed instance had not recorded yet (the app de-duplicates those by message
 * id).
 */
class PushCrashRecoveryIT {
  private static final int PEOPLE = 2_000;
  private static final int PUSHES_EACH = 10;
  private static final int BATCH = 500;
  private static final int WORKERS = 2;

  @Test
  void aServiceKilledMidDispatchLosesNoPushAndSendsAgainOnlyWhatItHadNotRecorded()
      throws Exception {
    Path jar = Path.of("target", "sukoyaka.jar");
    assertThat(jar).as("the packaged service (mvn package)").isRegularFile();
    Personas.Municipality city = Personas.municipality();
    List<UUID> subjects = queue(city);
    Set<String> ours = new HashSet<>();
    for (String id : messageIds(city)) {
      ours.add(id);
    }
    assertThat(ours).hasSize(PEOPLE * PUSHES_EACH);

    try (LocalFcmEndpoint endpoint =
        LocalFcmEndpoint.start(new LocalFcmEndpoint.Options(0, true, 1000, 8))) {
      Path work = Files.createTempDirectory("sukoyaka-crash");
      Process first = start(jar, endpoint, work, "first");
      try {
        await(() -> endpoint.acceptedCount() >= 4_000, Duration.ofSeconds(240), first, work);
      } finally {
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, nothing recorded after
        first.waitFor(10, TimeUnit.SECONDS);
      }
      long acceptedAtKill = endpoint.acceptedCount();
      Set<String> recordedSent =
          new HashSet<>(
              PushFixture.texts(
                  "SELECT id::text FROM push_message WHERE municipality_id = ? AND status = 'sent'",
                  city.id()));
      Set<String> claimedAtKill =
          new HashSet<>(
              PushFixture.texts(
                  "SELECT id::text FROM push_message WHERE municipality_id = ?"
                      + " AND status = 'queued' AND claimed_by IS NOT NULL",
                  city.id()));
      Set<String> acceptedButUnrecorded = new HashSet<>();
      endpoint
          .acceptedByMessageAndToken()
          .keySet()
          .forEach(
              key -> {
                String messageId = key.substring(0, key.indexOf('\n'));
                if (ours.contains(messageId) && !recordedSent.contains(messageId)) {
                  acceptedButUnrecorded.add(messageId);
                }
              });
      assertThat(recordedSent.size()).as("killed mid-dispatch").isLessThan(ours.size());
      assertThat(claimedAtKill.size()).isLessThanOrEqualTo(WORKERS * BATCH);
      assertThat(claimedAtKill).containsAll(acceptedButUnrecorded);

      Process second = start(jar, endpoint, work, "second");
      try {
        await(
            () ->
                Db.count(
                        "SELECT count(*) FROM push_message WHERE municipality_id = ?"
                            + " AND status = 'queued'",
                        city.id())
                    == 0,
            Duration.ofSeconds(300),
            second,
            work);
      } finally {
        second.destroy();
        second.waitFor(20, TimeUnit.SECONDS);
        second.destroyForcibly();
      }

      assertThat(
              PushFixture.texts(
                  "SELECT DISTINCT status FROM push_message WHERE municipality_id = ?", city.id()))
          .containsExactly("sent");
      assertThat(
              Db.count(
                  "SELECT count(*) FROM push_attempt a JOIN push_message m ON m.id = a.message_id"
                      + " WHERE m.municipality_id = ? AND a.outcome = 'sent'",
                  city.id()))
          .as("one recorded send per push")
          .isEqualTo(ours.size());
      Set<String> delivered = new HashSet<>();
      Set<String> duplicates = new HashSet<>();
      endpoint
          .acceptedByMessageAndToken()
          .forEach(
              (key, count) -> {
                String messageId = key.substring(0, key.indexOf('\n'));
                if (ours.contains(messageId)) {
                  delivered.add(messageId);
                  if (count > 1) {
                    duplicates.add(messageId);
                  }
                }
              });
      assertThat(delivered).as("none lost").isEqualTo(ours);
      assertThat(duplicates).isEqualTo(acceptedButUnrecorded);
      assertThat(endpoint.violations()).isEmpty();
      System.out.printf(
          "Crash recovery: %d pushes; killed after %d accepted, %d recorded as sent, %d claimed"
              + " in flight, %d accepted but unrecorded; after restart all delivered, %d"
              + " duplicates (bound %d)%n",
          ours.size(),
          acceptedAtKill,
          recordedSent.size(),
          claimedAtKill.size(),
          acceptedButUnrecorded.size(),
          duplicates.size(),
          WORKERS * BATCH);
    } finally {
      Db.update(
          "UPDATE push_message SET status = 'cancelled' WHERE municipality_id = ?"
              + " AND status = 'queued'",
          city.id());
    }
  }

  /** PEOPLE guardians with a phone each and no quiet hours; PUSHES_EACH notices each. */
  @SuppressWarnings("unchecked")
  private static List<UUID> queue(Personas.Municipality city) throws Exception {
    List<UUID> people = new ArrayList<>();
    try (Connection c = Db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement person =
              c.prepareStatement(
                  "INSERT INTO person (id, municipality_id, family_name, given_name, birth_date,"
                      + " sex, login_subject, created_at) VALUES (?, ?, '佐藤', '美咲', '1991-09-03',"
                      + " 'female', ?, now())");
          PreparedStatement device =
              c.prepareStatement(
                  "INSERT INTO push_device (id, person_id, municipality_id, token, platform,"
                      + " locale, app_version, registered_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, 'android', 'ja-JP', '1.0.0', now(), now())");
          PreparedStatement preference =
              c.prepareStatement(
                  "INSERT INTO notification_preference (person_id, municipality_id, quiet_start,"
                      + " quiet_end, updated_at) VALUES (?, ?, '00:00', '00:00', now())")) {
        for (int i = 0; i < PEOPLE; i++) {
          UUID id = UUID.randomUUID();
          people.add(id);
          person.setObject(1, id);
          person.setObject(2, city.id());
          person.setString(3, "crash-" + id);
          person.addBatch();
          device.setObject(1, UUID.randomUUID());
          device.setObject(2, id);
          device.setObject(3, city.id());
          device.setString(4, "crash-phone-" + id + ":APA91b");
          device.addBatch();
          preference.setObject(1, id);
          preference.setObject(2, city.id());
          preference.addBatch();
        }
        person.executeBatch();
        device.executeBatch();
        preference.executeBatch();
      }
      c.commit();
    }
    List<PushRequest> requests = new ArrayList<>();
    List<UUID> subjects = new ArrayList<>();
    for (UUID person : people) {
      for (int n = 0; n < PUSHES_EACH; n++) {
        UUID notice = UUID.randomUUID();
        subjects.add(notice);
        requests.add(
            new PushRequest(
                person,
                city.id(),
                PushKind.NOTICE,
                notice,
                Map.of("ja", "お知らせが届きました"),
                Map.of("ja", "アプリで内容をご確認ください"),
                "sukoyaka://home",
                Map.of("noticeId", notice.toString())));
      }
    }
    TransactionOperations<Connection> transactions = TestService.bean(TransactionOperations.class);
    PushOutbox outbox = TestService.bean(PushOutbox.class);
    transactions.executeWrite(status -> outbox.enqueueAll(requests));
    return subjects;
  }

  private static List<String> messageIds(Personas.Municipality city) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = Db.connect();
        PreparedStatement s =
            c.prepareStatement("SELECT id::text FROM push_message WHERE municipality_id = ?")) {
      s.setObject(1, city.id());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static Process start(Path jar, LocalFcmEndpoint endpoint, Path work, String name)
      throws IOException {
    Map<String, Object> database = TestDatabase.properties();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile());
    Map<String, String> env = builder.environment();
    env.put("DATASOURCES_DEFAULT_URL", (String) database.get("datasources.default.url"));
    env.put("DATASOURCES_DEFAULT_USERNAME", (String) database.get("datasources.default.username"));
    env.put("DATASOURCES_DEFAULT_PASSWORD", (String) database.get("datasources.default.password"));
    int port = freePort();
    env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
    env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
    env.put("SUKOYAKA_SECURITY_ISSUER", TestService.ISSUER);
    env.put("SUKOYAKA_SECURITY_KEY_ENCRYPTION_KEY", TestService.KEY_ENCRYPTION_KEY);
    env.put("SUKOYAKA_DEMO", "false");
    env.put("SUKOYAKA_DATA_DIR", work.resolve("data").toString());
    env.put("SUKOYAKA_PUSH_ENDPOINT", endpoint.uri().toString());
    env.put("SUKOYAKA_PUSH_PROJECT_ID", "sukoyaka-crash-test");
    env.put("SUKOYAKA_PUSH_BATCH_SIZE", Integer.toString(BATCH));
    env.put("SUKOYAKA_PUSH_WORKERS", Integer.toString(WORKERS));
    // Short, so the restarted instance takes the dead one's claims over within the test.
    // Longer than a round takes on a busy two-core machine, or a second round resends its pushes.
    env.put("SUKOYAKA_PUSH_LEASE", "30s");
    env.put("SUKOYAKA_PUSH_POLL_INTERVAL", "200ms");
    return builder.start();
  }

  private static void await(BooleanSupplier done, Duration timeout, Process process, Path work)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "The service exited (" + process.exitValue() + "); its log is in " + work);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + "; the service log is in " + work);
      }
      Thread.sleep(20);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
