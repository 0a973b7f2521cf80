package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/**
 * Municipal staff's notices: compose, attach, count the audience, send, follow up, and the paper
 * follow-up list as CSV and as a printable page.
 */
@Controller("/api/v1/notices")
@ExecuteOn(TaskExecutors.BLOCKING)
class NoticeController {
  private final Notices notices;
  private final FollowUps followUps;

  NoticeController(Notices notices, FollowUps followUps) {
    this.notices = notices;
    this.followUps = followUps;
  }

  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  HttpResponse<NoticeBodies.Notice> compose(
      @Body NoticeBodies.NoticeDraft draft, Principal principal) {
    return HttpResponse.<NoticeBodies.Notice>status(HttpStatus.CREATED)
        .body(NoticeMapper.notice(notices.compose(principal, draft)));
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  NoticeBodies.NoticePage list(
      @Nullable @QueryValue String status,
      @Nullable @QueryValue Integer page,
      @Nullable @QueryValue Integer size,
      Principal principal) {
    if (status != null && !status.equals(StoredNotice.DRAFT) && !status.equals(StoredNotice.SENT)) {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "status: draft or sent.",
          List.of(new ProblemException.FieldError("status", "draft or sent")));
    }
    Paging paging = Paging.of(page, size);
    Notices.Page found = notices.list(principal, status, paging.page(), paging.size());
    return new NoticeBodies.NoticePage(
        found.items().stream().map(NoticeMapper::summary).toList(),
        paging.page(),
        paging.size(),
        found.total());
  }

  @Get(uri = "/{noticeId}", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.Notice get(@PathVariable UUID noticeId, Principal principal) {
    return NoticeMapper.notice(notices.get(principal, noticeId));
  }

  @Put(
      uri = "/{noticeId}",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  NoticeBodies.Notice edit(
      @PathVariable UUID noticeId, @Body NoticeBodies.NoticeDraft draft, Principal principal) {
    return NoticeMapper.notice(notices.edit(principal, noticeId, draft));
  }

  @Delete(uri = "/{noticeId}")
  HttpResponse<Void> delete(@PathVariable UUID noticeId, Principal principal) {
    notices.delete(principal, noticeId);
    return HttpResponse.noContent();
  }

  @Post(
      uri = "/{noticeId}/attachments",
      consumes = "application/pdf",
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<NoticeBodies.Attachment> attach(
      @PathVariable UUID noticeId,
      @Nullable @QueryValue String fileName,
      @Body InputStream body,
      Principal principal) {
    return HttpResponse.<NoticeBodies.Attachment>status(HttpStatus.CREATED)
        .body(NoticeMapper.attachment(notices.attach(principal, noticeId, fileName, body)));
  }

  @Get(uri = "/{noticeId}/attachments/{attachmentId}", produces = "application/pdf")
  HttpResponse<byte[]> attachment(
      @PathVariable UUID noticeId, @PathVariable UUID attachmentId, Principal principal) {
    return Downloads.pdf(notices.attachment(principal, noticeId, attachmentId));
  }

  @Delete(uri = "/{noticeId}/attachments/{attachmentId}")
  HttpResponse<Void> detach(
      @PathVariable UUID noticeId, @PathVariable UUID attachmentId, Principal principal) {
    notices.detach(principal, noticeId, attachmentId);
    return HttpResponse.noContent();
  }

  @Get(uri = "/{noticeId}/recipient-count", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.RecipientCounts recipientCount(@PathVariable UUID noticeId, Principal principal) {
    return NoticeMapper.counts(notices.recipientCount(principal, noticeId));
  }

  @Post(uri = "/{noticeId}/send", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.Notice send(@PathVariable UUID noticeId, Principal principal) {
    return NoticeMapper.notice(notices.send(principal, noticeId));
  }

  @Get(uri = "/{noticeId}/follow-up", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.FollowUp followUp(@PathVariable UUID noticeId, Principal principal) {
    return NoticeMapper.followUp(followUps.summary(principal, noticeId));
  }

  @Get(uri = "/{noticeId}/recipients", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.RecipientPage recipients(
      @PathVariable UUID noticeId,
      @Nullable @QueryValue String state,
      @Nullable @QueryValue Integer page,
      @Nullable @QueryValue Integer size,
      Principal principal) {
    FollowUps.State chosen =
        FollowUps.State.of(state == null ? "all" : state)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.INVALID_PARAMETER,
                        "state: all, online, paper, read, unread, replied, not_replied or"
                            + " paper_follow_up.",
                        List.of(new ProblemException.FieldError("state", "unknown state"))));
    Paging paging = Paging.of(page, size);
    FollowUps.Page found =
        followUps.recipients(principal, noticeId, chosen, paging.page(), paging.size());
    return new NoticeBodies.RecipientPage(
        found.items().stream().map(NoticeMapper::recipient).toList(),
        paging.page(),
        paging.size(),
        found.total());
  }

  @Get(uri = "/{noticeId}/paper-list.csv", produces = "text/csv")
  HttpResponse<byte[]> paperListCsv(@PathVariable UUID noticeId, Principal principal) {
    FollowUps.PaperList list = followUps.paperList(principal, noticeId);
    return Downloads.csv(PaperListDocuments.csv(list), "paper-list-" + noticeId + ".csv");
  }

  @Get(uri = "/{noticeId}/paper-list.html", produces = MediaType.TEXT_HTML)
  HttpResponse<String> paperListHtml(@PathVariable UUID noticeId, Principal principal) {
    return Downloads.html(PaperListDocuments.html(followUps.paperList(principal, noticeId)));
  }
}
