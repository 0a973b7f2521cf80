package app.sukoyaka.municipality.transfer;

import app.sukoyaka.family.FamilyService;
import app.sukoyaka.municipality.transfer.HandbookPackage.Sender;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Transfers between municipalities, for the municipality's staff: take a child's handbook in from
 * the previous municipality (a Bundle or the mandatory items), see the transfers with their
 * re-query, import a newer handbook or corrections, decide conflicts, and send a child's handbook
 * to the municipality it moves to, with the log of what was sent.
 */
@Controller("/api/v1/municipalities/{municipalityCode}")
@ExecuteOn(TaskExecutors.BLOCKING)
class TransferController {
  private final TransfersIn transfersIn;
  private final TransfersOut transfersOut;
  private final FamilyService families;
  private final Clock clock;

  TransferController(
      TransfersIn transfersIn, TransfersOut transfersOut, FamilyService families, Clock clock) {
    this.transfersIn = transfersIn;
    this.transfersOut = transfersOut;
    this.families = families;
    this.clock = clock;
  }

  @Post(
      uri = "/transfers-in",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> transferIn(
      @PathVariable String municipalityCode, @Body String body, Principal principal) {
    TransfersIn.Outcome outcome =
        transfersIn.transferIn(
            principal, municipalityCode, TransferBodies.source(TransferBodies.parse(body)));
    return outcome(outcome);
  }

  @Get(uri = "/transfers-in", produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> transfers(
      @PathVariable String municipalityCode,
      @Nullable @QueryValue Integer limit,
      Principal principal) {
    return json(
        TransferBodies.transferList(
                transfersIn.list(principal, municipalityCode, limit(limit)), LocalDate.now(clock))
            .toString());
  }

  @Get(uri = "/transfers-in/{transferId}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> transfer(
      @PathVariable String municipalityCode, @PathVariable String transferId, Principal principal) {
    return json(
        TransferBodies.detail(
                transfersIn.view(principal, municipalityCode, id(transferId)), LocalDate.now(clock))
            .toString());
  }

  @Post(
      uri = "/transfers-in/{transferId}/imports",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> importInto(
      @PathVariable String municipalityCode,
      @PathVariable String transferId,
      @Body String body,
      Principal principal) {
    return outcome(
        transfersIn.importForTransfer(
            principal,
            municipalityCode,
            id(transferId),
            TransferBodies.source(TransferBodies.parse(body))));
  }

  @Post(
      uri = "/transfers-in/{transferId}/requery-completion",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> completeRequery(
      @PathVariable String municipalityCode,
      @PathVariable String transferId,
      @Body String body,
      Principal principal) {
    JsonNode request = TransferBodies.parse(body);
    TransferStore.TransferRow done =
        transfersIn.completeRequery(
            principal,
            municipalityCode,
            id(transferId),
            TransferContent.text(request.path("note")));
    return json(
        TransferBodies.transfer(
                done, families.child(done.childId()).orElse(null), LocalDate.now(clock))
            .toString());
  }

  @Post(
      uri = "/transfer-conflicts/{conflictId}/resolution",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> resolve(
      @PathVariable String municipalityCode,
      @PathVariable String conflictId,
      @Body String body,
      Principal principal) {
    JsonNode request = TransferBodies.parse(body);
    return json(
        TransferBodies.conflict(
                transfersIn.resolve(
                    principal,
                    municipalityCode,
                    id(conflictId),
                    TransferContent.text(request.path("decision")),
                    TransferContent.text(request.path("note"))))
            .toString());
  }

  @Post(
      uri = "/transfers-out",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> transferOut(
      @PathVariable String municipalityCode, @Body String body, Principal principal) {
    JsonNode request = TransferBodies.parse(body);
    UUID childId;
    try {
      childId = UUID.fromString(request.path("childId").asText());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "childId: the child whose handbook to send.",
          List.of(new ProblemException.FieldError("childId", "a child's id")));
    }
    JsonNode to = request.path("to");
    TransfersOut.Sent sent =
        transfersOut.transferOut(
            principal,
            municipalityCode,
            childId,
            to.isObject()
                ? new Sender(
                    TransferContent.text(to.path("code")), TransferContent.text(to.path("name")))
                : null,
            TransferContent.text(request.path("note")));
    return HttpResponse.<String>status(HttpStatus.CREATED)
        .body(TransferBodies.sent(sent).toString())
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  @Get(uri = "/transfers-out", produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> transfersOut(
      @PathVariable String municipalityCode,
      @Nullable @QueryValue String childId,
      @Nullable @QueryValue Integer limit,
      Principal principal) {
    return json(
        TransferBodies.outList(
                transfersOut.log(
                    principal,
                    municipalityCode,
                    childId == null ? null : id(childId),
                    limit(limit)))
            .toString());
  }

  @Get(uri = "/transfers-out/{transferOutId}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> sent(
      @PathVariable String municipalityCode,
      @PathVariable String transferOutId,
      Principal principal) {
    return json(
        TransferBodies.sent(transfersOut.sent(principal, municipalityCode, id(transferOutId)))
            .toString());
  }

  private HttpResponse<String> outcome(TransfersIn.Outcome outcome) {
    String body =
        TransferBodies.outcome(
                outcome,
                families.child(outcome.transfer().childId()).orElse(null),
                LocalDate.now(clock))
            .toString();
    return HttpResponse.<String>status(outcome.repeated() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(body)
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  static HttpResponse<String> json(String body) {
    return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  static UUID id(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ErrorCode.NOT_FOUND, "No such record: " + text + ".");
    }
  }

  static int limit(Integer limit) {
    int value = limit == null ? 100 : limit;
    if (value < 1 || value > 1000) {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "limit must be 1 to 1000.",
          List.of(new ProblemException.FieldError("limit", "1 to 1000")));
    }
    return value;
  }
}
