package app.sukoyaka.notice.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's due pushes, safely from any number of service instances at once.
 *
 * <p>A round claims up to {@code batch-size} due messages ({@code queued}, {@code next_attempt_at}
 * and {@code not_before} passed, no live claim) with {@code FOR UPDATE SKIP LOCKED} in one short
 * statement that writes the claim and its lease and commits at once; then sends each message to
 * every live device of its recipient that has not had it yet ({@link PushGateway}, at most 500 per
 * call), and records every attempt in one transaction per call: only while the claim is still held,
 * so a round whose lease ran out records nothing and the round that took the messages over does.
 * Claims of an instance that died run out after the lease and are taken again: a message FCM
 * accepted but the dead instance never recorded is then sent again (the app de-duplicates by
 * message id, and the phone collapses the copies).
 *
 * <p>Outcomes: a transient error (quota, FCM failing or unavailable, network) is tried again after
 * an exponential backoff with jitter, outside the recipient's quiet hours, up to {@code
 * max-attempts} rounds; a dead token (unregistered, malformed, another project's) removes the
 * device with the reason kept; a message is {@code sent} when a device accepted it, {@code
 * no_device} when its recipient has no live device, {@code failed} otherwise.
 */
@Singleton
@Requires(beans = PushGateway.class)
public class PushDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PushDispatcher.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DETAIL_LIMIT = 500;

  private static final String CLAIM =
      "UPDATE push_message m SET claimed_by = ?, claimed_until = ?"
          + " FROM (SELECT id FROM push_message"
          + "   WHERE status = 'queued' AND next_attempt_at <= ? AND not_before <= ?"
          + "     AND (claimed_until IS NULL OR claimed_until <= ?)"
          + "   ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due"
          + " WHERE m.id = due.id"
          + " RETURNING m.id, m.person_id, m.attempts, m.payload::text";

  private static final String UPDATE_MESSAGES =
      "UPDATE push_message m SET status = u.status, attempts = u.attempts,"
          + " next_attempt_at = coalesce(u.next_at::timestamptz, m.next_attempt_at),"
          + " finished_at = u.finished_at::timestamptz, last_error = u.last_error,"
          + " claimed_by = NULL, claimed_until = NULL"
          + " FROM unnest(?::uuid[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[])"
          + "   AS u(id, status, attempts, next_at, finished_at, last_error)"
          + " WHERE m.id = u.id AND m.claimed_by = ?"
          + " RETURNING m.id";

  private static final String INSERT_ATTEMPTS =
      "INSERT INTO push_attempt (message_id, device_id, attempt, outcome, occurred_at,"
          + " fcm_message, error_code, http_status, detail, retry_at)"
          + " SELECT u.message_id, u.device_id, u.attempt, u.outcome, ?, u.fcm_message,"
          + "   u.error_code, u.http_status, u.detail, u.retry_at::timestamptz"
          + " FROM unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[],"
          + "   ?::int[], ?::text[], ?::text[])"
          + "   AS u(message_id, device_id, attempt, outcome, fcm_message, error_code,"
          + "     http_status, detail, retry_at)"
          + " ON CONFLICT DO NOTHING";

  private static final String REMOVE_DEVICES =
      "UPDATE push_device d SET removed_at = ?, removed_reason = u.reason,"
          + " removed_detail = u.detail"
          + " FROM unnest(?::uuid[], ?::text[], ?::text[]) AS u(id, reason, detail)"
          + " WHERE d.id = u.id AND d.removed_at IS NULL";

  private final DataSource dataSource;
  private final PushGateway gateway;
  private final PushConfiguration config;
  private final Clock clock;
  private final Backoff backoff;
  private final ExecutorService workers;
  private final PushMetrics metrics;
  private volatile boolean closed;

  PushDispatcher(
      DataSource dataSource, PushGateway gateway, PushConfiguration config, Clock clock) {
    this(dataSource, gateway, config, clock, PushMetrics.unregistered());
  }

  @Inject
  PushDispatcher(
      DataSource dataSource,
      PushGateway gateway,
      PushConfiguration config,
      Clock clock,
      PushMetrics metrics) {
    this.metrics = metrics;
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    this.gateway = gateway;
    this.config = config;
    this.clock = clock;
    this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    AtomicInteger number = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(1, config.workers() - 1),
            runnable -> {
              Thread thread = new Thread(runnable, "push-dispatch-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Runs rounds on {@code workers} threads until nothing is due; answers how many messages were
   * handled (a message tried again later counts once per round).
   */
  public int drain() {
    List<Future<Integer>> others = new ArrayList<>();
    for (int i = 1; i < config.workers(); i++) {
      others.add(workers.submit(this::loop));
    }
    int handled = loop();
    for (Future<Integer> other : others) {
      try {
        handled += other.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        LOG.error("A dispatch worker failed", e.getCause());
      }
    }
    return handled;
  }

  private int loop() {
    int handled = 0;
    while (!closed) {
      int claimed;
      try {
        claimed = round();
      } catch (RuntimeException e) {
        LOG.error("A push dispatch round failed; its messages are taken again after the lease", e);
        break;
      }
      if (claimed == 0) {
        break;
      }
      handled += claimed;
    }
    return handled;
  }

  /** One round: claim, send, record. Answers how many messages it claimed. */
  public int round() {
    if (closed) {
      return 0;
    }
    long started = System.nanoTime();
    UUID claim = UUID.randomUUID();
    List<Claimed> claimed = claim(claim, clock.instant());
    if (claimed.isEmpty()) {
      return 0;
    }
    Map<UUID, List<Device>> devices = devices(claimed);
    Map<UUID, Map<UUID, String>> done = doneDevices(claimed);
    List<List<Claimed>> chunks = chunks(claimed, devices, done);
    long budget = config.lease().toNanos() / 2;
    for (int i = 0; i < chunks.size(); i++) {
      if (i > 0 && System.nanoTime() - started > budget) {
        // Slow sends: hand the rest back rather than let the lease run out under them.
        List<UUID> rest = new ArrayList<>();
        chunks.subList(i, chunks.size()).forEach(c -> c.forEach(m -> rest.add(m.id())));
        release(claim, rest);
        LOG.warn("Push round ran long; {} messages handed back for the next round", rest.size());
        break;
      }
      List<Claimed> chunk = chunks.get(i);
      List<Send> sends = new ArrayList<>();
      for (Claimed message : chunk) {
        for (Device device : pending(message, devices, done)) {
          sends.add(new Send(message, device));
        }
      }
      List<PushGateway.Outcome> outcomes =
          sends.isEmpty()
              ? List.of()
              : metrics.send(
                  gateway,
                  sends.stream()
                      .map(
                          s ->
                              new PushGateway.DevicePush(
                                  s.device().token(),
                                  s.message().payload().title(),
                                  s.message().payload().body(),
                                  s.message().payload().data()))
                      .toList());
      record(claim, chunk, sends, outcomes, done);
    }
    return claimed.size();
  }

  @PreDestroy
  @Override
  public void close() {
    closed = true;
    workers.shutdown();
    try {
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- claim -----------------------------------------------------------------------------------

  record Payload(String title, String body, Map<String, String> data) {}

  record Claimed(UUID id, UUID personId, int attempts, Payload payload, String unreadable) {}

  record Device(UUID id, UUID personId, String token) {}

  record Send(Claimed message, Device device) {}

  private List<Claimed> claim(UUID claim, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(CLAIM)) {
      connection.setAutoCommit(true);
      Timestamp at = Timestamp.from(now);
      statement.setObject(1, claim);
      statement.setTimestamp(2, Timestamp.from(now.plus(config.lease())));
      statement.setTimestamp(3, at);
      statement.setTimestamp(4, at);
      statement.setTimestamp(5, at);
      statement.setInt(6, config.batchSize());
      List<Claimed> claimed = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          Payload payload = null;
          String unreadable = null;
          try {
            payload = payload(rs.getString(4));
          } catch (IOException | RuntimeException e) {
            unreadable = "payload unreadable: " + e.getMessage();
          }
          claimed.add(
              new Claimed(id, rs.getObject(2, UUID.class), rs.getInt(3), payload, unreadable));
        }
      }
      return claimed;
    } catch (SQLException e) {
      throw new IllegalStateException("Claiming due pushes failed", e);
    }
  }

  /** The FCM data map: the payload's members and its {@code data} ids, all strings. */
  static Payload payload(String json) throws IOException {
    JsonNode node = JSON.readTree(json);
    Map<String, String> data = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("data") && e.getValue().isValueNode()) {
                data.put(e.getKey(), e.getValue().asText());
              }
            });
    node.path("data")
        .fields()
        .forEachRemaining(e -> data.putIfAbsent(e.getKey(), e.getValue().asText()));
    String title = data.get("title");
    String body = data.get("body");
    if (title == null || body == null) {
      throw new IOException("title or body missing");
    }
    return new Payload(title, body, data);
  }

  private Map<UUID, List<Device>> devices(List<Claimed> claimed) {
    Set<UUID> persons = new HashSet<>();
    claimed.forEach(m -> persons.add(m.personId()));
    Map<UUID, List<Device>> devices = new HashMap<>();
    query(
        "SELECT id, person_id, token FROM push_device"
            + " WHERE removed_at IS NULL AND person_id = ANY (?) ORDER BY registered_at, id",
        persons,
        rs -> {
          Device device =
              new Device(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3));
          devices.computeIfAbsent(device.personId(), k -> new ArrayList<>()).add(device);
        });
    return devices;
  }

  /** Devices a message already reached or failed on for good (only messages tried before). */
  private Map<UUID, Map<UUID, String>> doneDevices(List<Claimed> claimed) {
    Set<UUID> tried = new HashSet<>();
    claimed.forEach(
        m -> {
          if (m.attempts() > 0) {
            tried.add(m.id());
          }
        });
    Map<UUID, Map<UUID, String>> done = new HashMap<>();
    if (tried.isEmpty()) {
      return done;
    }
    query(
        "SELECT message_id, device_id, outcome FROM push_attempt"
            + " WHERE message_id = ANY (?) AND outcome IN ('sent', 'failed')",
        tried,
        rs ->
            done.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                .merge(
                    rs.getObject(2, UUID.class),
                    rs.getString(3),
                    (a, b) -> "sent".equals(a) ? a : b));
    return done;
  }

  private static List<Device> pending(
      Claimed message, Map<UUID, List<Device>> devices, Map<UUID, Map<UUID, String>> done) {
    if (message.payload() == null) {
      return List.of();
    }
    Map<UUID, String> finished = done.getOrDefault(message.id(), Map.of());
    return devices.getOrDefault(message.personId(), List.of()).stream()
        .filter(d -> !finished.containsKey(d.id()))
        .toList();
  }

  /** Messages grouped so that one call sends at most 500 pushes and a message is not split. */
  private static List<List<Claimed>> chunks(
      List<Claimed> claimed, Map<UUID, List<Device>> devices, Map<UUID, Map<UUID, String>> done) {
    List<List<Claimed>> chunks = new ArrayList<>();
    List<Claimed> current = new ArrayList<>();
    int sends = 0;
    for (Claimed message : claimed) {
      int count = Math.min(pending(message, devices, done).size(), PushGateway.MAX_BATCH);
      if (!current.isEmpty() && sends + count > PushGateway.MAX_BATCH) {
        chunks.add(current);
        current = new ArrayList<>();
        sends = 0;
      }
      current.add(message);
      sends += count;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  private void release(UUID claim, List<UUID> ids) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "UPDATE push_message SET claimed_by = NULL, claimed_until = NULL"
                    + " WHERE id = ANY (?) AND claimed_by = ?")) {
      connection.setAutoCommit(true);
      statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      statement.setObject(2, claim);
      statement.executeUpdate();
    } catch (SQLException e) {
      LOG.warn("Handing back {} pushes failed; they return after the lease", ids.size(), e);
    }
  }

  // --- record ----------------------------------------------------------------------------------

  private record MessageUpdate(
      UUID id, String status, int attempts, Instant next, Instant finished, String lastError) {}

  private record Attempt(
      UUID messageId,
      UUID deviceId,
      int attempt,
      String outcome,
      String fcmMessage,
      String errorCode,
      Integer httpStatus,
      String detail,
      Instant retryAt) {

    static Attempt failed(
        UUID messageId, UUID deviceId, int attempt, PushGateway.Outcome outcome, String detail) {
      return new Attempt(
          messageId,
          deviceId,
          attempt,
          "failed",
          null,
          outcome.errorCode(),
          outcome.httpStatus(),
          detail,
          null);
    }
  }

  private record Removal(UUID deviceId, String reason, String detail) {}

  private void record(
      UUID claim,
      List<Claimed> chunk,
      List<Send> sends,
      List<PushGateway.Outcome> outcomes,
      Map<UUID, Map<UUID, String>> done) {
    Instant now = clock.instant();
    Map<UUID, List<Integer>> byMessage = new HashMap<>();
    for (int i = 0; i < sends.size(); i++) {
      byMessage.computeIfAbsent(sends.get(i).message().id(), k -> new ArrayList<>()).add(i);
    }
    Map<UUID, QuietHours> quiet = quietHoursOfRetries(chunk, byMessage, outcomes);
    List<MessageUpdate> updates = new ArrayList<>();
    List<Attempt> attempts = new ArrayList<>();
    List<Removal> removals = new ArrayList<>();
    for (Claimed message : chunk) {
      Map<UUID, String> before = done.getOrDefault(message.id(), Map.of());
      boolean sentBefore = before.containsValue("sent");
      boolean failedBefore = before.containsValue("failed");
      List<Integer> indexes = byMessage.getOrDefault(message.id(), List.of());
      if (message.payload() == null) {
        updates.add(
            new MessageUpdate(
                message.id(), "failed", message.attempts(), null, now, message.unreadable()));
        continue;
      }
      if (indexes.isEmpty()) {
        String status = sentBefore ? "sent" : failedBefore ? "failed" : "no_device";
        updates.add(new MessageUpdate(message.id(), status, message.attempts(), null, now, null));
        continue;
      }
      int attempt = message.attempts() + 1;
      boolean anyRetry = false;
      Duration retryAfter = null;
      for (int i : indexes) {
        PushGateway.Outcome outcome = outcomes.get(i);
        if (outcome.result() == PushGateway.Result.RETRY) {
          anyRetry = true;
          if (outcome.retryAfter() != null
              && (retryAfter == null || outcome.retryAfter().compareTo(retryAfter) > 0)) {
            retryAfter = outcome.retryAfter();
          }
        }
      }
      boolean again = anyRetry && attempt < config.maxAttempts();
      Instant next = null;
      if (again) {
        Duration wait =
            backoff.after(attempt, ThreadLocalRandom.current().nextDouble(), retryAfter);
        next = quiet.getOrDefault(message.personId(), QuietHours.DEFAULT).release(now.plus(wait));
      }
      boolean anySent = sentBefore;
      boolean anyFailed = failedBefore;
      String lastError = null;
      for (int i : indexes) {
        Send send = sends.get(i);
        PushGateway.Outcome outcome = outcomes.get(i);
        String detail = truncate(outcome.detail());
        switch (outcome.result()) {
          case SENT -> {
            anySent = true;
            attempts.add(
                new Attempt(
                    message.id(),
                    send.device().id(),
                    attempt,
                    "sent",
                    outcome.messageName() == null ? "" : outcome.messageName(),
                    null,
                    null,
                    null,
                    null));
          }
          case RETRY -> {
            if (again) {
              attempts.add(
                  new Attempt(
                      message.id(),
                      send.device().id(),
                      attempt,
                      "retry",
                      null,
                      outcome.errorCode(),
                      outcome.httpStatus(),
                      detail,
                      next));
            } else {
              anyFailed = true;
              lastError = outcome.errorCode() + ": gave up after " + attempt + " attempts";
              attempts.add(
                  Attempt.failed(
                      message.id(),
                      send.device().id(),
                      attempt,
                      outcome,
                      truncate("gave up after " + attempt + " attempts: " + outcome.detail())));
            }
          }
          case TOKEN_DEAD -> {
            attempts.add(
                Attempt.failed(message.id(), send.device().id(), attempt, outcome, detail));
            removals.add(
                new Removal(
                    send.device().id(),
                    outcome.removalReason(),
                    truncate(outcome.errorCode() + ": " + outcome.detail())));
          }
          case FAILED -> {
            anyFailed = true;
            lastError = truncate(outcome.errorCode() + ": " + outcome.detail());
            attempts.add(
                Attempt.failed(message.id(), send.device().id(), attempt, outcome, detail));
          }
          default -> throw new IllegalStateException("Unknown outcome " + outcome.result());
        }
      }
      if (again) {
        updates.add(new MessageUpdate(message.id(), "queued", attempt, next, null, null));
      } else {
        String status = anySent ? "sent" : anyFailed ? "failed" : "no_device";
        updates.add(
            new MessageUpdate(
                message.id(),
                status,
                attempt,
                null,
                now,
                "failed".equals(status) ? lastError : null));
      }
    }
    store(claim, now, updates, attempts, removals);
  }

  private void store(
      UUID claim,
      Instant now,
      List<MessageUpdate> updates,
      List<Attempt> attempts,
      List<Removal> removals) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Set<UUID> held = updateMessages(connection, claim, updates);
        if (held.size() < updates.size()) {
          LOG.warn(
              "{} pushes were recorded by another round (this round's lease ran out); they may"
                  + " have been sent twice",
              updates.size() - held.size());
        }
        insertAttempts(
            connection, now, attempts.stream().filter(a -> held.contains(a.messageId())).toList());
        removeDevices(connection, now, removals);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Recording push outcomes failed", e);
    }
  }

  private static Set<UUID> updateMessages(
      Connection connection, UUID claim, List<MessageUpdate> updates) throws SQLException {
    int n = updates.size();
    Object[] ids = new Object[n];
    Object[] statuses = new Object[n];
    Object[] attempts = new Object[n];
    Object[] next = new Object[n];
    Object[] finished = new Object[n];
    Object[] errors = new Object[n];
    for (int i = 0; i < n; i++) {
      MessageUpdate u = updates.get(i);
      ids[i] = u.id();
      statuses[i] = u.status();
      attempts[i] = u.attempts();
      next[i] = u.next() == null ? null : u.next().toString();
      finished[i] = u.finished() == null ? null : u.finished().toString();
      errors[i] = u.lastError();
    }
    Set<UUID> held = new HashSet<>();
    try (PreparedStatement statement = connection.prepareStatement(UPDATE_MESSAGES)) {
      statement.setArray(1, connection.createArrayOf("uuid", ids));
      statement.setArray(2, connection.createArrayOf("text", statuses));
      statement.setArray(3, connection.createArrayOf("int4", attempts));
      statement.setArray(4, connection.createArrayOf("text", next));
      statement.setArray(5, connection.createArrayOf("text", finished));
      statement.setArray(6, connection.createArrayOf("text", errors));
      statement.setObject(7, claim);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          held.add(rs.getObject(1, UUID.class));
        }
      }
    }
    return held;
  }

  private static void insertAttempts(Connection connection, Instant now, List<Attempt> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int n = rows.size();
    Object[][] columns = new Object[9][n];
    for (int i = 0; i < n; i++) {
      Attempt a = rows.get(i);
      columns[0][i] = a.messageId();
      columns[1][i] = a.deviceId();
      columns[2][i] = a.attempt();
      columns[3][i] = a.outcome();
      columns[4][i] = a.fcmMessage();
      columns[5][i] = a.errorCode();
      columns[6][i] = a.httpStatus();
      columns[7][i] = a.detail();
      columns[8][i] = a.retryAt() == null ? null : a.retryAt().toString();
    }
    String[] types = {"uuid", "uuid", "int4", "text", "text", "text", "int4", "text", "text"};
    try (PreparedStatement statement = connection.prepareStatement(INSERT_ATTEMPTS)) {
      statement.setTimestamp(1, Timestamp.from(now));
      for (int c = 0; c < types.length; c++) {
        statement.setArray(c + 2, connection.createArrayOf(types[c], columns[c]));
      }
      statement.executeUpdate();
    }
  }

  private static void removeDevices(Connection connection, Instant now, List<Removal> removals)
      throws SQLException {
    if (removals.isEmpty()) {
      return;
    }
    int n = removals.size();
    Object[] ids = new Object[n];
    Object[] reasons = new Object[n];
    Object[] details = new Object[n];
    for (int i = 0; i < n; i++) {
      ids[i] = removals.get(i).deviceId();
      reasons[i] = removals.get(i).reason();
      details[i] = removals.get(i).detail();
    }
    try (PreparedStatement statement = connection.prepareStatement(REMOVE_DEVICES)) {
      statement.setTimestamp(1, Timestamp.from(now));
      statement.setArray(2, connection.createArrayOf("uuid", ids));
      statement.setArray(3, connection.createArrayOf("text", reasons));
      statement.setArray(4, connection.createArrayOf("text", details));
      int removed = statement.executeUpdate();
      LOG.info("Removed {} device tokens FCM no longer accepts", removed);
    }
  }

  /** Quiet hours of the recipients whose message will be tried again. */
  private Map<UUID, QuietHours> quietHoursOfRetries(
      List<Claimed> chunk, Map<UUID, List<Integer>> byMessage, List<PushGateway.Outcome> outcomes) {
    Set<UUID> persons = new HashSet<>();
    for (Claimed message : chunk) {
      for (int i : byMessage.getOrDefault(message.id(), List.of())) {
        if (outcomes.get(i).result() == PushGateway.Result.RETRY) {
          persons.add(message.personId());
        }
      }
    }
    Map<UUID, QuietHours> quiet = new HashMap<>();
    if (persons.isEmpty()) {
      return quiet;
    }
    query(
        "SELECT person_id, quiet_start, quiet_end FROM notification_preference"
            + " WHERE person_id = ANY (?)",
        persons,
        rs ->
            quiet.put(
                rs.getObject(1, UUID.class),
                new QuietHours(
                    rs.getObject(2, LocalTime.class), rs.getObject(3, LocalTime.class))));
    return quiet;
  }

  private interface Row {
    void read(ResultSet rs) throws SQLException;
  }

  private void query(String sql, Set<UUID> ids, Row row) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      connection.setAutoCommit(true);
      Array array = connection.createArrayOf("uuid", ids.toArray());
      statement.setArray(1, array);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          row.read(rs);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading push recipients failed", e);
    }
  }

  private static String truncate(String text) {
    if (text == null || text.length() <= DETAIL_LIMIT) {
      return text;
    }
    return text.substring(0, DETAIL_LIMIT);
  }
}
