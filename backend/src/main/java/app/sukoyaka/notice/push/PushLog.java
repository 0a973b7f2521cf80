package app.sukoyaka.notice.push;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The guardian's delivery log: each push the service owes them, newest first, with every attempt to
 * every device (sent with FCM's message name, tried again after a transient error, failed with
 * FCM's error) and when the app reported it opened.
 */
@Singleton
public class PushLog {
  /** Largest page. */
  static final int MAX_LIMIT = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcOperations jdbc;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final Clock clock;

  PushLog(JdbcOperations jdbc, AccessGuard guard, AccessLog accessLog, Clock clock) {
    this.jdbc = jdbc;
    this.guard = guard;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** One attempt to one device. */
  public record Delivery(
      UUID deviceId,
      String platform,
      int attempt,
      String outcome,
      Instant at,
      String fcmMessageName,
      String errorCode,
      Integer httpStatus,
      String detail,
      Instant retryAt) {}

  /** One push with its attempts, oldest attempt first. */
  public record Entry(
      UUID id,
      String kind,
      UUID subjectId,
      String language,
      String title,
      String body,
      String deepLink,
      String status,
      Instant createdAt,
      Instant notBefore,
      Instant nextAttemptAt,
      int attempts,
      Instant finishedAt,
      Instant openedAt,
      String lastError,
      List<Delivery> deliveries) {

    Entry withDeliveries(List<Delivery> found) {
      return new Entry(
          id,
          kind,
          subjectId,
          language,
          title,
          body,
          deepLink,
          status,
          createdAt,
          notBefore,
          nextAttemptAt,
          attempts,
          finishedAt,
          openedAt,
          lastError,
          found);
    }
  }

  /** A page, and the cursor of the next one (null on the last page). */
  public record Page(List<Entry> entries, String nextCursor) {}

  private record Position(Instant createdAt, UUID id) {}

  @Transactional
  public Page page(Principal principal, Integer limit, String cursor) {
    PushRecipient recipient = PushRecipient.of(principal, jdbc);
    guard.require(
        principal,
        AccessPolicy.Action.READ,
        recipient.subject(),
        "read-push-log",
        PushRecipient.PURPOSE);
    int size = limit == null ? 20 : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw new ProblemException(
          ErrorCode.PUSH_INVALID_PAGE,
          "limit must be 1 to " + MAX_LIMIT + ".",
          List.of(new ProblemException.FieldError("limit", "must be 1 to " + MAX_LIMIT)));
    }
    Position after = cursor == null ? null : decode(cursor);
    List<Entry> entries =
        jdbc.prepareStatement(
            "SELECT id, kind, subject_id, payload::text, status, created_at, not_before,"
                + " next_attempt_at, attempts, finished_at, opened_at, last_error"
                + " FROM push_message WHERE person_id = ?"
                + (after == null ? "" : " AND (created_at, id) < (?, ?)")
                + " ORDER BY created_at DESC, id DESC LIMIT ?",
            statement -> {
              int i = 1;
              statement.setObject(i++, recipient.personId());
              if (after != null) {
                statement.setTimestamp(i++, Timestamp.from(after.createdAt()));
                statement.setObject(i++, after.id());
              }
              statement.setInt(i, size + 1);
              List<Entry> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(entry(rs));
                }
              }
              return found;
            });
    String next = null;
    if (entries.size() > size) {
      entries = entries.subList(0, size);
      Entry last = entries.get(size - 1);
      next = encode(new Position(last.createdAt(), last.id()));
    }
    Map<UUID, List<Delivery>> deliveries = deliveries(entries);
    List<Entry> complete = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      complete.add(e.withDeliveries(deliveries.getOrDefault(e.id(), List.of())));
    }
    accessLog.access(principal, recipient.subject(), "read-push-log", PushRecipient.PURPOSE, true);
    return new Page(complete, next);
  }

  /**
   * The app reports that the guardian opened a push: the first report's time is kept, later ones
   * change nothing.
   */
  @Transactional
  public void opened(Principal principal, UUID messageId) {
    PushRecipient recipient = PushRecipient.of(principal, jdbc);
    guard.require(
        principal,
        AccessPolicy.Action.WRITE,
        recipient.subject(),
        "report-push-opened",
        PushRecipient.PURPOSE);
    int found =
        jdbc.prepareStatement(
            "UPDATE push_message SET opened_at = coalesce(opened_at, ?)"
                + " WHERE id = ? AND person_id = ?",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(clock.instant()));
              statement.setObject(2, messageId);
              statement.setObject(3, recipient.personId());
              return statement.executeUpdate();
            });
    if (found == 0) {
      throw new ProblemException(
          ErrorCode.PUSH_MESSAGE_NOT_FOUND, "You have no push message " + messageId + ".");
    }
    accessLog.write(principal, recipient.subject(), "report-push-opened", PushRecipient.PURPOSE);
  }

  private Map<UUID, List<Delivery>> deliveries(List<Entry> entries) {
    Map<UUID, List<Delivery>> found = new HashMap<>();
    if (entries.isEmpty()) {
      return found;
    }
    return jdbc.prepareStatement(
        "SELECT a.message_id, a.device_id, d.platform, a.attempt, a.outcome, a.occurred_at,"
            + " a.fcm_message, a.error_code, a.http_status, a.detail, a.retry_at"
            + " FROM push_attempt a JOIN push_device d ON d.id = a.device_id"
            + " WHERE a.message_id = ANY (?) ORDER BY a.id",
        statement -> {
          Array ids =
              statement
                  .getConnection()
                  .createArrayOf("uuid", entries.stream().map(Entry::id).toArray());
          statement.setArray(1, ids);
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              Timestamp retryAt = rs.getTimestamp(11);
              int status = rs.getInt(9);
              Integer httpStatus = rs.wasNull() ? null : status;
              found
                  .computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                  .add(
                      new Delivery(
                          rs.getObject(2, UUID.class),
                          rs.getString(3),
                          rs.getInt(4),
                          rs.getString(5),
                          rs.getTimestamp(6).toInstant(),
                          rs.getString(7),
                          rs.getString(8),
                          httpStatus,
                          rs.getString(10),
                          retryAt == null ? null : retryAt.toInstant()));
            }
          }
          return found;
        });
  }

  private static Entry entry(ResultSet rs) throws SQLException {
    JsonNode payload;
    try {
      payload = JSON.readTree(rs.getString(4));
    } catch (IOException e) {
      payload = JSON.createObjectNode();
    }
    return new Entry(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getObject(3, UUID.class),
        payload.path("language").asText("ja"),
        payload.path("title").asText(""),
        payload.path("body").asText(""),
        payload.path("deepLink").asText(""),
        rs.getString(5),
        rs.getTimestamp(6).toInstant(),
        rs.getTimestamp(7).toInstant(),
        "queued".equals(rs.getString(5)) ? rs.getTimestamp(8).toInstant() : null,
        rs.getInt(9),
        instant(rs.getTimestamp(10)),
        instant(rs.getTimestamp(11)),
        rs.getString(12),
        List.of());
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  static String encode(Position position) {
    long micros =
        position.createdAt().getEpochSecond() * 1_000_000L + position.createdAt().getNano() / 1000;
    String raw = micros + ":" + position.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Position decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      long micros = Long.parseLong(raw.substring(0, colon));
      UUID id = UUID.fromString(raw.substring(colon + 1));
      return new Position(
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000),
          id);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new ProblemException(
          ErrorCode.PUSH_INVALID_PAGE,
          "cursor is not one this service gave out.",
          List.of(new ProblemException.FieldError("cursor", "not a cursor of this log")));
    }
  }
}
