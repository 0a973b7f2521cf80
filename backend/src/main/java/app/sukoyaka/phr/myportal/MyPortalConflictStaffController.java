package app.sukoyaka.phr.myportal;

import app.sukoyaka.security.Principal;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.UUID;

/**
 * Staff settle a conflict of the work list {@code myportal-conflicts} over the municipal API, as
 * the dashboard's work-list page does with its two actions.
 */
@Controller("/api/v1/municipalities/{municipalityCode}/my-portal-conflicts")
@ExecuteOn(TaskExecutors.BLOCKING)
class MyPortalConflictStaffController {
  private final MyPortalSettlements settlements;

  MyPortalConflictStaffController(MyPortalSettlements settlements) {
    this.settlements = settlements;
  }

  @Post(
      uri = "/{conflictId}/settlement",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  MyPortalBodies.Settlement settle(
      @PathVariable String municipalityCode,
      @PathVariable UUID conflictId,
      @Body MyPortalBodies.SettlementRequest body,
      Principal principal) {
    return MyPortalBodies.settlement(
        settlements.byStaff(
            principal, municipalityCode, conflictId, body == null ? null : body.choice()));
  }
}
