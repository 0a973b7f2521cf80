package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.platform.ProblemException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Notices and their attachments in PostgreSQL: drafts are written, changed and deleted here; a sent
 * notice is refused any change (SKY-5109), and the database refuses it too (a trigger).
 */
@Singleton
class NoticeStore {
  private static final String SELECT =
      "SELECT id, municipality_id, status, kind, title::text, body::text, links::text,"
          + " question::text, reply_deadline, reply_policy, consent_text_version,"
          + " paper_after_days, audience_id, created_by, created_at, updated_by, updated_at,"
          + " sent_by, sent_at, online_count, paper_count FROM notice";

  private final JdbcOperations jdbc;
  private final Clock clock;

  NoticeStore(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The bytes of an attachment, with its name. */
  record AttachmentContent(String fileName, String sha256, byte[] bytes) {}

  @Transactional
  public StoredNotice create(UUID municipalityId, NoticeContent content, String actor) {
    UUID id = Ids.newId();
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "INSERT INTO notice (id, municipality_id, kind, title, body, links, question,"
            + " reply_deadline, reply_policy, consent_text_version, paper_after_days, audience_id,"
            + " created_by, created_at, updated_by, updated_at)"
            + " VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setObject(2, municipalityId);
          int i = content(statement, 3, content);
          statement.setString(i++, actor);
          statement.setTimestamp(i++, Timestamp.from(now));
          statement.setString(i++, actor);
          statement.setTimestamp(i, Timestamp.from(now));
          return statement.executeUpdate();
        });
    return find(id).orElseThrow();
  }

  /** Replaces a draft's content; refuses a sent notice. */
  @Transactional
  public StoredNotice update(UUID id, NoticeContent content, String actor) {
    lockDraft(id);
    jdbc.prepareStatement(
        "UPDATE notice SET kind = ?, title = ?::jsonb, body = ?::jsonb, links = ?::jsonb,"
            + " question = ?::jsonb, reply_deadline = ?, reply_policy = ?,"
            + " consent_text_version = ?, paper_after_days = ?, audience_id = ?,"
            + " updated_by = ?, updated_at = ? WHERE id = ?",
        statement -> {
          int i = content(statement, 1, content);
          statement.setString(i++, actor);
          statement.setTimestamp(i++, Timestamp.from(clock.instant()));
          statement.setObject(i, id);
          return statement.executeUpdate();
        });
    return find(id).orElseThrow();
  }

  /** Deletes a draft and its attachments; refuses a sent notice. */
  @Transactional
  public void delete(UUID id) {
    lockDraft(id);
    jdbc.prepareStatement(
        "DELETE FROM notice WHERE id = ?",
        statement -> {
          statement.setObject(1, id);
          return statement.executeUpdate();
        });
  }

  /**
   * Locks the notice's row for the rest of the transaction; refuses when it was sent. Two requests
   * changing, sending or attaching to the same draft run one after the other.
   */
  void lockDraft(UUID id) {
    String status =
        jdbc.prepareStatement(
            "SELECT status FROM notice WHERE id = ? FOR UPDATE",
            statement -> {
              statement.setObject(1, id);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
              }
            });
    if (status == null) {
      throw new ProblemException(ErrorCode.NOT_FOUND, "No such notice.");
    }
    if (StoredNotice.SENT.equals(status)) {
      throw new ProblemException(
          ErrorCode.NOTICE_ALREADY_SENT,
          "This notice was sent and cannot be changed; send a new notice to correct it.");
    }
  }

  private static int content(PreparedStatement statement, int from, NoticeContent content)
      throws SQLException {
    int i = from;
    statement.setString(i++, content.kind().code());
    statement.setString(i++, NoticeJson.texts(content.title()));
    statement.setString(i++, NoticeJson.texts(content.body()));
    statement.setString(i++, NoticeJson.links(content.links()));
    statement.setString(i++, NoticeJson.question(content.question()));
    statement.setTimestamp(
        i++, content.replyDeadline() == null ? null : Timestamp.from(content.replyDeadline()));
    statement.setString(i++, content.replyPolicy() == null ? null : content.replyPolicy().code());
    statement.setString(i++, content.consentTextVersion());
    statement.setObject(i++, content.paperAfterDays(), Types.INTEGER);
    statement.setObject(i++, content.audienceId());
    return i;
  }

  @Transactional(readOnly = true)
  public Optional<StoredNotice> find(UUID id) {
    Optional<StoredNotice> notice =
        jdbc.prepareStatement(
            SELECT + " WHERE id = ?",
            statement -> {
              statement.setObject(1, id);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(notice(rs, List.of())) : Optional.empty();
              }
            });
    return notice.map(n -> withAttachments(n, attachments(id)));
  }

  /** A page of the municipality's notices, newest first; status null for all. */
  @Transactional(readOnly = true)
  public List<StoredNotice> list(UUID municipalityId, String status, int page, int size) {
    return jdbc.prepareStatement(
        SELECT
            + " WHERE municipality_id = ? AND (?::text IS NULL OR status = ?::text)"
            + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, status);
          statement.setString(3, status);
          statement.setInt(4, size);
          statement.setLong(5, (long) (page - 1) * size);
          List<StoredNotice> notices = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              notices.add(notice(rs, List.of()));
            }
          }
          return notices;
        });
  }

  @Transactional(readOnly = true)
  public long count(UUID municipalityId, String status) {
    return jdbc.prepareStatement(
        "SELECT count(*) FROM notice WHERE municipality_id = ?"
            + " AND (?::text IS NULL OR status = ?::text)",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, status);
          statement.setString(3, status);
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /**
   * Adds an attachment to a draft, checked beforehand by {@link PdfPolicy}; refuses a sent notice
   * and one that has {@code limit} attachments already.
   */
  @Transactional
  public StoredNotice.StoredAttachment attach(
      UUID noticeId,
      UUID municipalityId,
      String fileName,
      byte[] bytes,
      String sha256,
      String actor,
      int limit) {
    lockDraft(noticeId);
    if (attachments(noticeId).size() >= limit) {
      throw new ProblemException(
          ErrorCode.NOTICE_ATTACHMENT_LIMIT,
          "A notice carries at most " + limit + " attachments; remove one first.");
    }
    UUID id = Ids.newId();
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "INSERT INTO notice_attachment (id, notice_id, municipality_id, file_name, content_type,"
            + " size_bytes, sha256, content, created_by, created_at)"
            + " VALUES (?, ?, ?, ?, 'application/pdf', ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setObject(2, noticeId);
          statement.setObject(3, municipalityId);
          statement.setString(4, fileName);
          statement.setInt(5, bytes.length);
          statement.setString(6, sha256);
          statement.setBytes(7, bytes);
          statement.setString(8, actor);
          statement.setTimestamp(9, Timestamp.from(now));
          return statement.executeUpdate();
        });
    return new StoredNotice.StoredAttachment(
        id, fileName, "application/pdf", bytes.length, sha256, now);
  }

  /** Removes a draft's attachment; false when it has none of that id. */
  @Transactional
  public boolean detach(UUID noticeId, UUID attachmentId) {
    lockDraft(noticeId);
    return jdbc.prepareStatement(
            "DELETE FROM notice_attachment WHERE id = ? AND notice_id = ?",
            statement -> {
              statement.setObject(1, attachmentId);
              statement.setObject(2, noticeId);
              return statement.executeUpdate();
            })
        == 1;
  }

  @Transactional(readOnly = true)
  public Optional<AttachmentContent> attachmentContent(UUID noticeId, UUID attachmentId) {
    return jdbc.prepareStatement(
        "SELECT file_name, sha256, content FROM notice_attachment WHERE id = ? AND notice_id = ?",
        statement -> {
          statement.setObject(1, attachmentId);
          statement.setObject(2, noticeId);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next()
                ? Optional.of(
                    new AttachmentContent(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                : Optional.empty();
          }
        });
  }

  List<StoredNotice.StoredAttachment> attachments(UUID noticeId) {
    return jdbc.prepareStatement(
        "SELECT id, file_name, content_type, size_bytes, sha256, created_at"
            + " FROM notice_attachment WHERE notice_id = ? ORDER BY created_at, id",
        statement -> {
          statement.setObject(1, noticeId);
          List<StoredNotice.StoredAttachment> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(
                  new StoredNotice.StoredAttachment(
                      rs.getObject(1, UUID.class),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getInt(4),
                      rs.getString(5),
                      rs.getTimestamp(6).toInstant()));
            }
          }
          return found;
        });
  }

  private static StoredNotice withAttachments(
      StoredNotice n, List<StoredNotice.StoredAttachment> attachments) {
    return new StoredNotice(
        n.id(),
        n.municipalityId(),
        n.status(),
        n.content(),
        attachments,
        n.createdBy(),
        n.createdAt(),
        n.updatedBy(),
        n.updatedAt(),
        n.sentBy(),
        n.sentAt(),
        n.onlineCount(),
        n.paperCount());
  }

  static StoredNotice notice(ResultSet rs, List<StoredNotice.StoredAttachment> attachments)
      throws SQLException {
    NoticeContent content =
        new NoticeContent(
            NoticeKind.of(rs.getString(4)).orElseThrow(),
            NoticeJson.texts(rs.getString(5)),
            NoticeJson.texts(rs.getString(6)),
            NoticeJson.links(rs.getString(7)),
            NoticeJson.question(rs.getString(8)),
            instant(rs.getTimestamp(9)),
            rs.getString(10) == null ? null : ReplyPolicy.of(rs.getString(10)).orElseThrow(),
            rs.getString(11),
            (Integer) rs.getObject(12),
            rs.getObject(13, UUID.class));
    return new StoredNotice(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        content,
        attachments,
        rs.getString(14),
        rs.getTimestamp(15).toInstant(),
        rs.getString(16),
        rs.getTimestamp(17).toInstant(),
        rs.getString(18),
        instant(rs.getTimestamp(19)),
        (Integer) rs.getObject(20),
        (Integer) rs.getObject(21));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
