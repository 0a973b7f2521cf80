package app.sukoyaka.family.sharing;

import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.UUID;

/** Family sharing routes of the parent app. */
@Controller("/api/v1/family")
@ExecuteOn(TaskExecutors.BLOCKING)
class SharingController {
  private final FamilySharing sharing;

  SharingController(FamilySharing sharing) {
    this.sharing = sharing;
  }

  @Post(
      uri = "/invitations",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<SharingBodies.CreatedInvitation> invite(
      @Body SharingBodies.NewInvitation request, Principal principal) {
    SharingBodies.CreatedInvitation created = sharing.invite(principal, request);
    // The code is shown once: nothing on the way may keep it.
    return HttpResponse.status(HttpStatus.CREATED)
        .body(created)
        .header("Cache-Control", "no-store");
  }

  @Get(uri = "/invitations", produces = MediaType.APPLICATION_JSON)
  SharingBodies.Invitations invitations(Principal principal) {
    return sharing.invitations(principal);
  }

  @Post(
      uri = "/invitations/accept",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  SharingBodies.Accepted accept(@Body SharingBodies.Acceptance request, Principal principal) {
    return sharing.accept(principal, request);
  }

  @Delete(uri = "/invitations/{invitationId}", produces = MediaType.APPLICATION_JSON)
  SharingBodies.Invitation end(@PathVariable UUID invitationId, Principal principal) {
    return sharing.end(principal, invitationId);
  }

  @Get(uri = "/sharing-log", produces = MediaType.APPLICATION_JSON)
  SharingBodies.SharingLog log(Principal principal) {
    return sharing.log(principal);
  }
}
