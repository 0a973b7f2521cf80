package app.sukoyaka.notice;

import app.sukoyaka.security.Principal;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The notices as the municipal dashboard uses them: the same services as the notices API ({@code
 * /api/v1/notices}), with its checks, access policy, limits and legal arrival, behind a small
 * public surface for another package's pages. Nothing here decides anything the API does not.
 */
@Singleton
public class NoticeDesk {
  private final Notices notices;
  private final Audiences audiences;
  private final FollowUps followUps;

  NoticeDesk(Notices notices, Audiences audiences, FollowUps followUps) {
    this.notices = notices;
    this.audiences = audiences;
    this.followUps = followUps;
  }

  /** A saved audience staff can send to. */
  public record Audience(UUID id, String name) {}

  /**
   * A notice as the dashboard lists and shows it.
   *
   * @param online recipients reached in the app, null for a draft
   * @param paper recipients on paper, null for a draft
   */
  public record Notice(
      UUID id,
      String status,
      Map<String, String> title,
      Map<String, String> body,
      UUID audienceId,
      Integer paperAfterDays,
      Instant createdAt,
      String sentBy,
      Instant sentAt,
      Integer online,
      Integer paper) {

    public boolean sent() {
      return StoredNotice.SENT.equals(status);
    }
  }

  /** How many a draft's audience reaches today. */
  public record Recipients(int total, int online, int paper) {}

  /** What became of a sent notice. */
  public record FollowUp(
      int total, int online, int paper, int read, int unread, int replied, int paperFollowUp) {}

  public List<Audience> audiences(Principal principal) {
    return audiences.list(principal).stream().map(a -> new Audience(a.id(), a.name())).toList();
  }

  /** The municipality's notices, newest first: {@code status} draft, sent or null for both. */
  public List<Notice> list(Principal principal, String status, int page, int size) {
    return notices.list(principal, status, page, size).items().stream()
        .map(NoticeDesk::notice)
        .toList();
  }

  public Notice get(Principal principal, UUID noticeId) {
    return notice(notices.get(principal, noticeId));
  }

  /**
   * Drafts an official notice (checked as the API checks it).
   *
   * @param title by language; Japanese required
   * @param body by language; Japanese required
   */
  public Notice compose(
      Principal principal,
      Map<String, String> title,
      Map<String, String> body,
      UUID audienceId,
      Integer paperAfterDays) {
    NoticeBodies.NoticeDraft draft =
        new NoticeBodies.NoticeDraft(
            NoticeKind.OFFICIAL.code(),
            title,
            body,
            List.of(),
            null,
            null,
            null,
            null,
            paperAfterDays,
            audienceId);
    return notice(notices.compose(principal, draft));
  }

  public Recipients recipients(Principal principal, UUID noticeId) {
    NoticeSending.Counts counts = notices.recipientCount(principal, noticeId);
    return new Recipients(counts.total(), counts.online(), counts.paper());
  }

  /** Sends the draft now: the same one transaction as {@code POST /api/v1/notices/{id}/send}. */
  public Notice send(Principal principal, UUID noticeId) {
    return notice(notices.send(principal, noticeId));
  }

  public FollowUp followUp(Principal principal, UUID noticeId) {
    FollowUps.Summary s = followUps.summary(principal, noticeId);
    return new FollowUp(
        s.total(), s.online(), s.paper(), s.read(), s.unread(), s.replied(), s.paperFollowUp());
  }

  /** The paper follow-up list as CSV (UTF-8 with BOM); every recipient listed is logged. */
  public byte[] paperListCsv(Principal principal, UUID noticeId) {
    return PaperListDocuments.csv(followUps.paperList(principal, noticeId));
  }

  private static Notice notice(StoredNotice n) {
    return new Notice(
        n.id(),
        n.status(),
        n.content().title(),
        n.content().body(),
        n.content().audienceId(),
        n.content().paperAfterDays(),
        n.createdAt(),
        n.sentBy(),
        n.sentAt(),
        n.onlineCount(),
        n.paperCount());
  }
}
