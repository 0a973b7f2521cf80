package app.sukoyaka.notice;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A notice as stored: its content, attachments, who wrote and who sent it.
 *
 * @param sentAt null while a draft; when sent, the legal arrival (到達) of its online deliveries
 * @param onlineCount null while a draft
 * @param paperCount null while a draft
 */
record StoredNotice(
    UUID id,
    UUID municipalityId,
    String status,
    NoticeContent content,
    List<StoredAttachment> attachments,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt,
    String sentBy,
    Instant sentAt,
    Integer onlineCount,
    Integer paperCount) {

  static final String DRAFT = "draft";
  static final String SENT = "sent";

  StoredNotice {
    attachments = List.copyOf(attachments);
  }

  boolean sent() {
    return SENT.equals(status);
  }

  /** An attachment's facts, without its bytes. */
  record StoredAttachment(
      UUID id, String fileName, String contentType, int size, String sha256, Instant createdAt) {}
}
