package app.sukoyaka.municipality.transfer;

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

/**
 * Staff correct or withdraw a child's record; whom to tell of it and how that goes; the Bundle of
 * the corrected records for the municipalities told.
 */
@Controller("/api/v1/municipalities/{municipalityCode}")
@ExecuteOn(TaskExecutors.BLOCKING)
class CorrectionController {
  private final Corrections corrections;

  CorrectionController(Corrections corrections) {
    this.corrections = corrections;
  }

  @Post(
      uri = "/corrections",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> correct(
      @PathVariable String municipalityCode, @Body String body, Principal principal) {
    Corrections.Done done =
        corrections.correct(principal, municipalityCode, TransferBodies.parse(body));
    Corrections.CorrectionView view =
        corrections.view(principal, municipalityCode, done.correction().id());
    return HttpResponse.<String>status(HttpStatus.CREATED)
        .body(TransferBodies.done(done, view.bundle()).toString())
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  @Get(uri = "/corrections", produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> list(
      @PathVariable String municipalityCode,
      @Nullable @QueryValue Integer limit,
      Principal principal) {
    return TransferController.json(
        TransferBodies.correctionList(
                corrections.list(principal, municipalityCode, TransferController.limit(limit)))
            .toString());
  }

  @Get(uri = "/corrections/{correctionId}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> view(
      @PathVariable String municipalityCode,
      @PathVariable String correctionId,
      Principal principal) {
    return TransferController.json(
        TransferBodies.correctionView(
                corrections.view(principal, municipalityCode, TransferController.id(correctionId)))
            .toString());
  }

  @Post(
      uri = "/correction-contacts/{contactId}/status",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<String> contact(
      @PathVariable String municipalityCode,
      @PathVariable String contactId,
      @Body String body,
      Principal principal) {
    JsonNode request = TransferBodies.parse(body);
    return TransferController.json(
        TransferBodies.contact(
                corrections.updateContact(
                    principal,
                    municipalityCode,
                    TransferController.id(contactId),
                    TransferContent.text(request.path("status")),
                    TransferContent.text(request.path("note"))))
            .toString());
  }
}
