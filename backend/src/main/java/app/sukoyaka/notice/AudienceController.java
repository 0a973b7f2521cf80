package app.sukoyaka.notice;

import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.UUID;

/** Saved audiences of notices, and counting a query before saving it. */
@Controller("/api/v1/notice-audiences")
@ExecuteOn(TaskExecutors.BLOCKING)
class AudienceController {
  private final Audiences audiences;
  private final Notices notices;

  AudienceController(Audiences audiences, Notices notices) {
    this.audiences = audiences;
    this.notices = notices;
  }

  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  HttpResponse<NoticeBodies.Audience> create(
      @Body NoticeBodies.AudienceDraft draft, Principal principal) {
    return HttpResponse.<NoticeBodies.Audience>status(HttpStatus.CREATED)
        .body(NoticeMapper.audience(audiences.create(principal, draft)));
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  NoticeBodies.AudienceList list(Principal principal) {
    return new NoticeBodies.AudienceList(
        audiences.list(principal).stream().map(NoticeMapper::audience).toList());
  }

  @Get(uri = "/{audienceId}", produces = MediaType.APPLICATION_JSON)
  NoticeBodies.Audience get(@PathVariable UUID audienceId, Principal principal) {
    return NoticeMapper.audience(
        audiences.get(principal, audienceId, AccessPolicy.Action.READ, "read-audience"));
  }

  @Put(
      uri = "/{audienceId}",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  NoticeBodies.Audience update(
      @PathVariable UUID audienceId, @Body NoticeBodies.AudienceDraft draft, Principal principal) {
    return NoticeMapper.audience(audiences.update(principal, audienceId, draft));
  }

  @Post(
      uri = "/count",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  NoticeBodies.RecipientCounts count(
      @Body NoticeBodies.AudienceCountRequest request, Principal principal) {
    return NoticeMapper.counts(notices.count(principal, request.query(), request.kind()));
  }
}
