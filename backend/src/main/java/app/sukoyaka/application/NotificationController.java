package app.sukoyaka.application;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The pregnancy notification online: the form, the applicant's submission, corrected versions and
 * her list, and the review by her municipality's staff.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class NotificationController {
  private static final Set<String> STATUSES =
      Set.of(
          StoredNotification.SUBMITTED,
          StoredNotification.CORRECTION_REQUESTED,
          StoredNotification.ACCEPTED,
          StoredNotification.REJECTED);

  private final PregnancyNotifications notifications;

  NotificationController(PregnancyNotifications notifications) {
    this.notifications = notifications;
  }

  @Get(uri = "/pregnancy-notification-form", produces = MediaType.APPLICATION_JSON)
  io.micronaut.json.tree.JsonNode form(Principal principal) {
    return JsonTrees.of(notifications.form().document());
  }

  private static String signed(NotificationBodies.SignedNotification body) {
    if (body == null || body.signedContent() == null || body.signedContent().isBlank()) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "signedContent is required: the form signed as a JWS.",
          List.of(new ProblemException.FieldError("signedContent", "required")));
    }
    return body.signedContent();
  }

  @Post(
      uri = "/me/pregnancy-notifications",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<NotificationBodies.Notification> submit(
      @Body NotificationBodies.SignedNotification body, Principal principal) {
    StoredNotification stored = notifications.submit(principal, signed(body));
    return HttpResponse.<NotificationBodies.Notification>status(HttpStatus.CREATED)
        .body(NotificationBodies.notification(stored));
  }

  @Get(uri = "/me/pregnancy-notifications", produces = MediaType.APPLICATION_JSON)
  NotificationBodies.NotificationList mine(Principal principal) {
    return new NotificationBodies.NotificationList(
        notifications.mine(principal).stream().map(NotificationBodies::notification).toList());
  }

  @Get(uri = "/me/pregnancy-notifications/{notificationId}", produces = MediaType.APPLICATION_JSON)
  NotificationBodies.Notification mine(@PathVariable UUID notificationId, Principal principal) {
    return NotificationBodies.notification(notifications.readOwn(principal, notificationId));
  }

  @Post(
      uri = "/me/pregnancy-notifications/{notificationId}/versions",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<NotificationBodies.Notification> resubmit(
      @PathVariable UUID notificationId,
      @Body NotificationBodies.SignedNotification body,
      Principal principal) {
    StoredNotification stored = notifications.resubmit(principal, notificationId, signed(body));
    return HttpResponse.<NotificationBodies.Notification>status(HttpStatus.CREATED)
        .body(NotificationBodies.notification(stored));
  }

  @Get(uri = "/pregnancy-notifications", produces = MediaType.APPLICATION_JSON)
  NotificationBodies.ReviewPage list(
      @Nullable @QueryValue String status,
      @Nullable @QueryValue Integer page,
      @Nullable @QueryValue Integer size,
      Principal principal) {
    if (status != null && !STATUSES.contains(status)) {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "status: submitted, correction_requested, accepted or rejected.",
          List.of(new ProblemException.FieldError("status", "unknown status")));
    }
    int p = page == null ? 1 : page;
    int s = size == null ? 20 : size;
    if (p < 1 || s < 1 || s > 100) {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "page from 1, size from 1 to 100.",
          List.of(new ProblemException.FieldError(p < 1 ? "page" : "size", "out of range")));
    }
    NotificationStore.Page found = notifications.list(principal, status, p, s);
    return new NotificationBodies.ReviewPage(
        found.items().stream().map(NotificationBodies::summary).toList(), p, s, found.total());
  }

  @Get(uri = "/pregnancy-notifications/{notificationId}", produces = MediaType.APPLICATION_JSON)
  NotificationBodies.Review review(@PathVariable UUID notificationId, Principal principal) {
    return NotificationBodies.review(notifications.review(principal, notificationId));
  }

  @Post(
      uri = "/pregnancy-notifications/{notificationId}/acceptance",
      produces = MediaType.APPLICATION_JSON)
  NotificationBodies.Review accept(@PathVariable UUID notificationId, Principal principal) {
    return NotificationBodies.review(
        notifications.decide(
            principal, notificationId, PregnancyNotifications.Decision.ACCEPT, null));
  }

  @Post(
      uri = "/pregnancy-notifications/{notificationId}/correction-request",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  NotificationBodies.Review requestCorrection(
      @PathVariable UUID notificationId,
      @Body NotificationBodies.DecisionMessage body,
      Principal principal) {
    return NotificationBodies.review(
        notifications.decide(
            principal,
            notificationId,
            PregnancyNotifications.Decision.REQUEST_CORRECTION,
            body == null ? null : body.message()));
  }

  @Post(
      uri = "/pregnancy-notifications/{notificationId}/rejection",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  NotificationBodies.Review reject(
      @PathVariable UUID notificationId,
      @Body NotificationBodies.DecisionMessage body,
      Principal principal) {
    return NotificationBodies.review(
        notifications.decide(
            principal,
            notificationId,
            PregnancyNotifications.Decision.REJECT,
            body == null ? null : body.message()));
  }
}
