package app.sukoyaka.clinic;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Clinics correct (update) or retract (delete) an Observation they submitted. */
@Controller("/fhir/Observation/{id}")
@ExecuteOn(TaskExecutors.BLOCKING)
class ClinicCorrectionController {
  private static final Pattern VERSION = Pattern.compile("\"versionId\":\"(\\d+)\"");

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
    String json = corrections.correct(principal, id, body, ifMatch);
    Matcher version = VERSION.matcher(json);
    return HttpResponse.ok(json)
        .contentType(OperationOutcomes.FHIR_JSON)
        .header("ETag", "W/\"" + (version.find() ? version.group(1) : "1") + "\"");
  }

  @Delete
  HttpResponse<?> retract(@PathVariable String id, Principal principal) {
    corrections.retract(principal, id);
    return HttpResponse.status(HttpStatus.NO_CONTENT);
  }
}
