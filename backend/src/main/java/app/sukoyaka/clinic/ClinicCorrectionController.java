package app.sukoyaka.clinic;

import app.sukoyaka.fhir.FhirResponses;
import app.sukoyaka.fhir.OperationOutcomes;
import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Clinics correct (update) or retract (delete) an Observation they submitted. */
@Controller("/fhir/Observation/{id}")
@ExecuteOn(TaskExecutors.BLOCKING)
class ClinicCorrectionController {
  private final CorrectionService corrections;

  ClinicCorrectionController(CorrectionService corrections) {
    this.corrections = corrections;
  }

  @Put(
      consumes = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON},
      produces = OperationOutcomes.FHIR_JSON)
  HttpResponse<String> correct(
      @PathVariable String id,
      @Body String body,
      @Nullable @Header("If-Match") String ifMatch,
      Principal principal) {
    return FhirResponses.resource(corrections.correct(principal, id, body, ifMatch));
  }

  @Delete
  HttpResponse<?> retract(@PathVariable String id, Principal principal) {
    corrections.retract(principal, id);
    return HttpResponse.status(HttpStatus.NO_CONTENT);
  }
}
