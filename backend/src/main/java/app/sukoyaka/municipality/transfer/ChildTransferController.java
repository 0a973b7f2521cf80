package app.sukoyaka.municipality.transfer;

import app.sukoyaka.family.FamilyService;
import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.LocalDate;

/**
 * Records from the previous municipality taken into a child of this one: by staff, or by a guardian
 * of the child with their consent (their own download; unverified until staff confirm it).
 */
@Controller("/api/v1/children/{childId}/transfers-in")
@ExecuteOn(TaskExecutors.BLOCKING)
class ChildTransferController {
  private final TransfersIn transfersIn;
  private final FamilyService families;
  private final Clock clock;

  ChildTransferController(TransfersIn transfersIn, FamilyService families, Clock clock) {
    this.transfersIn = transfersIn;
    this.families = families;
    this.clock = clock;
  }

  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> importRecords(
      @PathVariable String childId, @Body String body, Principal principal) {
    TransfersIn.Outcome outcome =
        transfersIn.importForChild(
            principal,
            TransferController.id(childId),
            TransferBodies.source(TransferBodies.parse(body)));
    return HttpResponse.<String>status(outcome.repeated() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(
            TransferBodies.outcome(
                    outcome,
                    families.child(outcome.transfer().childId()).orElse(null),
                    LocalDate.now(clock))
                .toString())
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
