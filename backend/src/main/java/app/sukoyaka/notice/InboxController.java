package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.UUID;

/**
 * The guardian's inbox of notices (read receipts, replies, attachments) and their online-delivery
 * consent.
 */
@Controller("/api/v1/me")
@ExecuteOn(TaskExecutors.BLOCKING)
class InboxController {
  private final Inbox inbox;
  private final GuardianConsent consent;

  InboxController(Inbox inbox, GuardianConsent consent) {
    this.inbox = inbox;
    this.consent = consent;
  }

  @Get(uri = "/notices", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.InboxPage list(
      @Nullable @QueryValue String order,
      @Nullable @QueryValue Integer page,
      @Nullable @QueryValue Integer size,
      Principal principal) {
    boolean unreadFirst;
    if (order == null || order.equals("unread_first")) {
      unreadFirst = true;
    } else if (order.equals("newest")) {
      unreadFirst = false;
    } else {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "order: unread_first or newest.",
          List.of(new ProblemException.FieldError("order", "unread_first or newest")));
    }
    Paging paging = Paging.of(page, size);
    Inbox.Page found = inbox.page(principal, unreadFirst, paging.page(), paging.size());
    return new NoticeBodies.InboxPage(
        found.items().stream().map(NoticeMapper::inboxItem).toList(),
        paging.page(),
        paging.size(),
        found.total(),
        found.unread());
  }

  @Get(uri = "/notices/{noticeId}", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.InboxNotice read(@PathVariable UUID noticeId, Principal principal) {
    Inbox.Delivered delivered = inbox.read(principal, noticeId);
    return NoticeMapper.inboxNotice(
        delivered, inbox.canReply(delivered.notice().content(), delivered.reply()));
  }

  @Put(
      uri = "/notices/{noticeId}/reply",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  NoticeBodies.InboxNotice reply(
      @PathVariable UUID noticeId, @Body NoticeBodies.Answer answer, Principal principal) {
    Inbox.Delivered delivered = inbox.reply(principal, noticeId, answer);
    return NoticeMapper.inboxNotice(
        delivered, inbox.canReply(delivered.notice().content(), delivered.reply()));
  }

  @Get(uri = "/notices/{noticeId}/attachments/{attachmentId}", produces = "application/pdf")
  HttpResponse<byte[]> attachment(
      @PathVariable UUID noticeId, @PathVariable UUID attachmentId, Principal principal) {
    return Downloads.pdf(inbox.attachment(principal, noticeId, attachmentId));
  }

  @Get(uri = "/online-delivery-consent", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.Consent consent(Principal principal) {
    return NoticeMapper.consent(consent.history(principal));
  }

  @Delete(uri = "/online-delivery-consent", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.Consent withdraw(Principal principal) {
    return NoticeMapper.consent(consent.withdraw(principal));
  }
}
