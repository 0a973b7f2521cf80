package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.mobile.DeepLinks;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Push delivery as a test drives it: dispatchers of the test's own on the test database, with a
 * clock the test moves (starting 2001-06-01 10:00 in Japan, so that only what the test queued is
 * due for them) and a local FCM endpoint of the test's own that the real Firebase SDK sends to and
 * that holds every payload to mobile-contract's schemas. Pushes are queued through {@link
 * PushOutbox} as producers queue them.
 */
final class PushFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2001-06-01T01:00:00Z");
  static final String PROJECT = "sukoyaka-test";

  final TestClock clock = new TestClock(START);
  final LocalFcmEndpoint endpoint = LocalFcmEndpoint.start(LocalFcmEndpoint.Options.forTests());
  final PushConfiguration config;
  final PushOutbox outbox;
  private final TransactionOperations<Connection> transactions;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<UUID> subjects = new ArrayList<>();

  PushFixture() {
    this(config(8, 500, 2));
  }

  @SuppressWarnings("unchecked")
  PushFixture(PushConfiguration config) {
    this.config = config;
    this.outbox = new PushOutbox(TestService.bean(JdbcOperations.class), clock);
    this.transactions = TestService.bean(TransactionOperations.class);
  }

  /** Settings as in production, with these bounds. */
  static PushConfiguration config(int maxAttempts, int batchSize, int workers) {
    return new PushConfiguration(
        true,
        PROJECT,
        null,
        URI.create("http://127.0.0.1:1"),
        batchSize,
        maxAttempts,
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        Duration.ofSeconds(2),
        workers,
        16,
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        10);
  }

  /** A dispatcher of another service instance: its own Firebase app, the same queue. */
  PushDispatcher dispatcher() {
    FirebasePushGateway gateway = FirebasePushGateway.toEndpoint(config, endpoint.uri(), PROJECT);
    PushDispatcher dispatcher =
        new PushDispatcher(TestService.bean(DataSource.class), gateway, config, clock);
    closing.add(dispatcher);
    closing.add(gateway);
    return dispatcher;
  }

  /** Queues a notice's push to the mother; answers the notice id. */
  UUID notice(Personas.Mother mother) {
    UUID notice = UUID.randomUUID();
    enqueue(List.of(noticeRequest(mother, notice)));
    return notice;
  }

  PushRequest noticeRequest(Personas.Mother mother, UUID notice) {
    return new PushRequest(
        mother.personId(),
        mother.municipality().id(),
        PushKind.NOTICE,
        notice,
        Map.of("ja", "お知らせが届きました", "en", "You have a new notice"),
        Map.of("ja", "アプリで内容をご確認ください", "en", "Open the app to read it"),
        DeepLinks.load().build("home", Map.of()),
        Map.of("noticeId", notice.toString()));
  }

  void enqueue(List<PushRequest> requests) {
    requests.forEach(r -> subjects.add(r.subjectId()));
    transactions.executeWrite(status -> outbox.enqueueAll(requests));
  }

  /** The message id of the push about that subject. */
  static UUID messageId(UUID subject) {
    return UUID.fromString(text("SELECT id::text FROM push_message WHERE subject_id = ?", subject));
  }

  static String status(UUID subject) {
    return text("SELECT status FROM push_message WHERE subject_id = ?", subject);
  }

  static int attempts(UUID subject) {
    return (int) Db.count("SELECT attempts FROM push_message WHERE subject_id = ?", subject);
  }

  static Instant nextAttempt(UUID subject) {
    return Instant.parse(
        text(
            "SELECT to_char(next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                + " FROM push_message WHERE subject_id = ?",
            subject));
  }

  /** The attempts to the device, oldest first: outcome, error code. */
  static List<String> attemptsTo(UUID subject, Personas.Device device) {
    return texts(
        "SELECT a.outcome || coalesce(' ' || a.error_code, '') FROM push_attempt a"
            + " JOIN push_message m ON m.id = a.message_id"
            + " WHERE m.subject_id = ? AND a.device_id = ? ORDER BY a.id",
        subject,
        device.id());
  }

  static String text(String sql, Object... args) {
    List<String> found = texts(sql, args);
    assertThat(found).as(sql).hasSize(1);
    return found.get(0);
  }

  static List<String> texts(String sql, Object... args) {
    try (Connection c = Db.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Withdraws what the test left queued, so no other dispatcher ever sends it. */
  @Override
  public void close() throws Exception {
    if (!subjects.isEmpty()) {
      try (Connection c = Db.connect();
          PreparedStatement s =
              c.prepareStatement(
                  "UPDATE push_message SET status = 'cancelled', finished_at = now(),"
                      + " claimed_by = NULL, claimed_until = NULL"
                      + " WHERE subject_id = ANY (?) AND status = 'queued'")) {
        s.setArray(1, c.createArrayOf("uuid", subjects.toArray()));
        s.executeUpdate();
      }
    }
    for (AutoCloseable resource : closing) {
      resource.close();
    }
    endpoint.close();
  }
}
