package app.sukoyaka.notice;

import app.sukoyaka.family.sync.SyncProbe;
import app.sukoyaka.family.sync.SyncWindow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The guardian's inbox: the notices delivered to them online, read receipts, replies and
 * attachments. Only the recipient of an online delivery sees it; anyone else is told there is no
 * such notice.
 */
@Singleton
class Inbox {
  private final JdbcOperations jdbc;
  private final Areas areas;
  private final NoticeStore store;
  private final Consents consents;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final Clock clock;

  Inbox(
      JdbcOperations jdbc,
      Areas areas,
      NoticeStore store,
      Consents consents,
      AccessGuard guard,
      AccessLog accessLog,
      Clock clock) {
    this.jdbc = jdbc;
    this.areas = areas;
    this.store = store;
    this.consents = consents;
    this.guard = guard;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** The inbox lines of a person (the first parameter), to be ordered by the caller. */
  private static final String ITEM_SELECT =
      "SELECT n.id, n.kind, n.title::text, n.sent_at, d.read_at, n.question IS NOT NULL,"
          + " n.reply_deadline, EXISTS (SELECT 1 FROM notice_reply r WHERE r.notice_id ="
          + " n.id AND r.person_id = d.person_id AND r.superseded_at IS NULL),"
          + " (SELECT count(*) FROM notice_attachment a WHERE a.notice_id = n.id)"
          + " FROM notice_delivery d JOIN notice n ON n.id = d.notice_id"
          + " WHERE d.person_id = ? AND d.channel = 'online'";

  /** A line of the inbox. */
  record Item(
      UUID noticeId,
      NoticeKind kind,
      Map<String, String> title,
      Instant arrivedAt,
      Instant readAt,
      boolean hasQuestion,
      Instant replyDeadline,
      boolean replied,
      int attachmentCount) {}

  record Page(List<Item> items, long total, long unread) {}

  /** A reply as stored. */
  record Reply(List<String> choices, LocalDate date, String text, Instant answeredAt) {}

  /** One notice as its recipient reads it. */
  record Delivered(
      StoredNotice notice,
      String municipalityCode,
      String municipalityName,
      Instant readAt,
      Reply reply) {}

  /** The signed-in guardian as a recipient; refuses other roles. */
  Areas.Person recipient(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "The inbox is the guardian's own; staff follow notices up.");
    }
    return areas
        .personByLogin(principal.subject())
        .orElseThrow(
            () -> new ProblemException(ErrorCode.NOT_FOUND, "No handbook for this login yet."));
  }

  static ProtectedSubject subject(Areas.Person person) {
    return NoticeSubjects.person(person.id(), person.municipalityId(), person.loginSubject());
  }

  Page page(Principal principal, boolean unreadFirst, int page, int size) {
    Areas.Person person = recipient(principal);
    ProtectedSubject subject = subject(person);
    guard.require(principal, AccessPolicy.Action.READ, subject, "list-notices", "notices");
    Page found = page(person.id(), unreadFirst, page, size);
    accessLog.access(principal, subject, "list-notices", "notices", true);
    return found;
  }

  @Transactional(readOnly = true)
  public Page page(UUID personId, boolean unreadFirst, int page, int size) {
    List<Item> items =
        jdbc.prepareStatement(
            ITEM_SELECT
                + (unreadFirst
                    ? " ORDER BY d.read_at IS NULL DESC, n.sent_at DESC, n.id DESC"
                    : " ORDER BY n.sent_at DESC, n.id DESC")
                + " LIMIT ? OFFSET ?",
            statement -> {
              statement.setObject(1, personId);
              statement.setInt(2, size);
              statement.setLong(3, (long) (page - 1) * size);
              return items(statement);
            });
    long[] counts =
        jdbc.prepareStatement(
            "SELECT count(*), count(*) FILTER (WHERE read_at IS NULL) FROM notice_delivery"
                + " WHERE person_id = ? AND channel = 'online'",
            statement -> {
              statement.setObject(1, personId);
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
              }
            });
    return new Page(items, counts[0], counts[1]);
  }

  /**
   * The inbox lines whose delivery (its read receipt) or reply was written in the sync's window,
   * newest first; nothing is marked read.
   */
  List<Item> items(UUID personId, SyncWindow window) {
    return jdbc.prepareStatement(
        ITEM_SELECT
            + " AND ("
            + window.changed("d")
            // A changed reply is a new current row, so the current replies' index serves.
            + " OR EXISTS (SELECT 1 FROM notice_reply r WHERE r.notice_id = d.notice_id"
            + " AND r.person_id = d.person_id AND r.superseded_at IS NULL AND "
            + window.changed("r")
            + ")) ORDER BY n.sent_at DESC, n.id DESC",
        statement -> {
          statement.setObject(1, personId);
          window.bind(statement, window.bind(statement, 2));
          return items(statement);
        });
  }

  /** Whether {@link #items(UUID, SyncWindow)} would find anything: the sync's probe. */
  SyncProbe probe(UUID personId, SyncWindow window) {
    return SyncProbe.when(
        "EXISTS (SELECT 1 FROM notice_delivery d WHERE d.person_id = ? AND d.channel = 'online'"
            + " AND ("
            + window.changed("d")
            + " OR EXISTS (SELECT 1 FROM notice_reply r WHERE r.notice_id = d.notice_id"
            + " AND r.person_id = d.person_id AND r.superseded_at IS NULL AND "
            + window.changed("r")
            + ")))",
        (statement, index) -> {
          statement.setObject(index, personId);
          return window.bind(statement, window.bind(statement, index + 1));
        });
  }

  private static List<Item> items(PreparedStatement statement) throws SQLException {
    List<Item> found = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        found.add(
            new Item(
                rs.getObject(1, UUID.class),
                NoticeKind.of(rs.getString(2)).orElseThrow(),
                NoticeJson.texts(rs.getString(3)),
                rs.getTimestamp(4).toInstant(),
                instant(rs.getTimestamp(5)),
                rs.getBoolean(6),
                instant(rs.getTimestamp(7)),
                rs.getBoolean(8),
                rs.getInt(9)));
      }
    }
    return found;
  }

  /**
   * The notice as its recipient reads it; the first read records the read receipt, in the
   * transaction that logs the access.
   */
  @Transactional
  public Delivered read(Principal principal, UUID noticeId) {
    Areas.Person person = recipient(principal);
    ProtectedSubject subject = subject(person);
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-notice", "notices");
    Delivery delivery = delivery(noticeId, person.id(), false);
    Instant readAt = delivery.readAt();
    if (readAt == null) {
      readAt = now();
      markRead(noticeId, person.id(), readAt);
    }
    accessLog.write(principal, subject, "read-notice", "notices");
    StoredNotice notice = store.find(noticeId).orElseThrow();
    return new Delivered(
        notice,
        delivery.municipalityCode(),
        delivery.municipalityName(),
        readAt,
        currentReply(noticeId, person.id()).orElse(null));
  }

  /**
   * Stores the guardian's reply, as the question and its rules allow: before the deadline, once or
   * changeable. A reply to a consent request records the consent decision in the same transaction.
   */
  @Transactional
  public Delivered reply(Principal principal, UUID noticeId, NoticeBodies.Answer given) {
    Areas.Person person = recipient(principal);
    ProtectedSubject subject = subject(person);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "reply-to-notice", "notices");
    Delivery delivery = delivery(noticeId, person.id(), true);
    StoredNotice notice = store.find(noticeId).orElseThrow();
    NoticeContent content = notice.content();
    if (content.question() == null) {
      throw new ProblemException(
          ErrorCode.NOTICE_REPLY_NO_QUESTION,
          "This notice asks no question; there is nothing to reply.");
    }
    Instant now = now();
    if (now.isAfter(content.replyDeadline())) {
      throw new ProblemException(
          ErrorCode.NOTICE_REPLY_DEADLINE_PASSED,
          "Replies to this notice were accepted until " + content.replyDeadline() + ".");
    }
    Optional<Reply> current = currentReply(noticeId, person.id());
    if (current.isPresent() && content.replyPolicy() == ReplyPolicy.ONCE) {
      throw new ProblemException(
          ErrorCode.NOTICE_REPLY_ONCE_ONLY,
          "This notice takes one answer and yours was received at "
              + current.get().answeredAt()
              + "; it cannot be changed.");
    }
    NoticeAnswer answer = NoticeAnswer.read(given, content.question());
    if (content.kind() == NoticeKind.CONSENT_REQUEST) {
      consents.lock(person.id());
    }
    jdbc.prepareStatement(
        "UPDATE notice_reply SET superseded_at = ? WHERE notice_id = ? AND person_id = ?"
            + " AND superseded_at IS NULL",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setObject(2, noticeId);
          statement.setObject(3, person.id());
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "INSERT INTO notice_reply (id, notice_id, person_id, municipality_id, choices,"
            + " date_answer, text_answer, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, Ids.newId());
          statement.setObject(2, noticeId);
          statement.setObject(3, person.id());
          statement.setObject(4, notice.municipalityId());
          statement.setArray(
              5,
              answer.choices() == null
                  ? null
                  : statement.getConnection().createArrayOf("text", answer.choices().toArray()));
          statement.setDate(6, answer.date() == null ? null : Date.valueOf(answer.date()));
          statement.setString(7, answer.text());
          statement.setTimestamp(8, Timestamp.from(now));
          return statement.executeUpdate();
        });
    Instant readAt = delivery.readAt();
    if (readAt == null) {
      // Replying is reading: the app shows the notice with its question.
      readAt = now;
      markRead(noticeId, person.id(), now);
    }
    if (content.kind() == NoticeKind.CONSENT_REQUEST) {
      boolean yes = answer.choices().contains(NoticeContent.CONSENT_YES);
      consents.record(
          person.id(),
          notice.municipalityId(),
          new Consents.Decision(
              yes ? Consents.GRANTED : Consents.REFUSED,
              content.consentTextVersion(),
              noticeId,
              now));
    }
    accessLog.write(principal, subject, "reply-to-notice", "notices");
    return new Delivered(
        notice,
        delivery.municipalityCode(),
        delivery.municipalityName(),
        readAt,
        new Reply(answer.choices(), answer.date(), answer.text(), now));
  }

  /** An attachment of a notice in the guardian's inbox. */
  @Transactional(readOnly = true)
  public NoticeStore.AttachmentContent attachment(
      Principal principal, UUID noticeId, UUID attachmentId) {
    Areas.Person person = recipient(principal);
    ProtectedSubject subject = subject(person);
    guard.require(
        principal, AccessPolicy.Action.READ, subject, "read-notice-attachment", "notices");
    delivery(noticeId, person.id(), false);
    NoticeStore.AttachmentContent content =
        store
            .attachmentContent(noticeId, attachmentId)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.NOT_FOUND, "This notice has no such attachment."));
    accessLog.access(principal, subject, "read-notice-attachment", "notices", true);
    return content;
  }

  /** Whether a reply is accepted now. */
  boolean canReply(NoticeContent content, Reply reply) {
    return content.question() != null
        && !clock.instant().isAfter(content.replyDeadline())
        && (reply == null || content.replyPolicy() == ReplyPolicy.CHANGEABLE);
  }

  private record Delivery(Instant readAt, String municipalityCode, String municipalityName) {}

  /** The online delivery of the notice to the person (locked when asked), or 404. */
  private Delivery delivery(UUID noticeId, UUID personId, boolean lock) {
    return jdbc.prepareStatement(
        "SELECT d.read_at, m.code, m.name_ja FROM notice_delivery d"
            + " JOIN municipality m ON m.id = d.municipality_id"
            + " WHERE d.notice_id = ? AND d.person_id = ? AND d.channel = 'online'"
            + (lock ? " FOR UPDATE OF d" : ""),
        statement -> {
          statement.setObject(1, noticeId);
          statement.setObject(2, personId);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              throw new ProblemException(ErrorCode.NOT_FOUND, "No such notice in your inbox.");
            }
            return new Delivery(instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3));
          }
        });
  }

  private void markRead(UUID noticeId, UUID personId, Instant at) {
    jdbc.prepareStatement(
        "UPDATE notice_delivery SET read_at = ? WHERE notice_id = ? AND person_id = ?"
            + " AND read_at IS NULL",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(at));
          statement.setObject(2, noticeId);
          statement.setObject(3, personId);
          return statement.executeUpdate();
        });
  }

  private Optional<Reply> currentReply(UUID noticeId, UUID personId) {
    return jdbc.prepareStatement(
        "SELECT choices, date_answer, text_answer, answered_at FROM notice_reply"
            + " WHERE notice_id = ? AND person_id = ? AND superseded_at IS NULL",
        statement -> {
          statement.setObject(1, noticeId);
          statement.setObject(2, personId);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(reply(rs, 1)) : Optional.empty();
          }
        });
  }

  /** A reply from four columns: choices, date, text, answered at. */
  static Reply reply(ResultSet rs, int from) throws SQLException {
    Array choices = rs.getArray(from);
    Date date = rs.getDate(from + 1);
    return new Reply(
        choices == null ? null : Arrays.asList((String[]) choices.getArray()),
        date == null ? null : date.toLocalDate(),
        rs.getString(from + 2),
        rs.getTimestamp(from + 3).toInstant());
  }

  /** Now, as precisely as PostgreSQL keeps it: what is answered is what a later read shows. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
