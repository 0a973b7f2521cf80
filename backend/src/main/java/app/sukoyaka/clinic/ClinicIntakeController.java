package app.sukoyaka.clinic;

import app.sukoyaka.fhir.FhirResponses;
import app.sukoyaka.fhir.OperationOutcomes;
import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** FHIR transaction endpoint: clinics submit checkups right after the visit. */
@Controller("/fhir")
@ExecuteOn(TaskExecutors.BLOCKING)
class ClinicIntakeController {
  private final IntakeService intake;

  ClinicIntakeController(IntakeService intake) {
    this.intake = intake;
  }

  @Post(
      consumes = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON},
      produces = OperationOutcomes.FHIR_JSON)
  HttpResponse<String> transaction(@Body byte[] body, Principal principal) {
    return FhirResponses.bundle(intake.submit(principal, body));
  }
}
