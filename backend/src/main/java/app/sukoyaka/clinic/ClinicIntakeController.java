package app.sukoyaka.clinic;

import app.sukoyaka.fhir.FhirResponses;
import app.sukoyaka.fhir.OperationOutcomes;
import app.sukoyaka.security.Principal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.concurrent.TimeUnit;

/** FHIR transaction endpoint: clinics submit checkups right after the visit. */
@Controller("/fhir")
@ExecuteOn(TaskExecutors.BLOCKING)
class ClinicIntakeController {
  private final IntakeService intake;
  private final Timer accepted;
  private final Timer rejected;

  ClinicIntakeController(IntakeService intake, MeterRegistry meters) {
    this.intake = intake;
    // The ingest rate: submissions by outcome, with the time each took (validation included).
    this.accepted = submissions(meters, "accepted");
    this.rejected = submissions(meters, "rejected");
  }

  private static Timer submissions(MeterRegistry meters, String outcome) {
    return Timer.builder("sukoyaka.intake.submissions")
        .description("Clinic FHIR transaction submissions")
        .tag("outcome", outcome)
        .register(meters);
  }

  @Post(
      consumes = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON},
      produces = OperationOutcomes.FHIR_JSON)
  HttpResponse<String> transaction(@Body byte[] body, Principal principal) {
    long started = System.nanoTime();
    Timer outcome = rejected;
    try {
      HttpResponse<String> response = FhirResponses.bundle(intake.submit(principal, body));
      outcome = accepted;
      return response;
    } finally {
      outcome.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }
}
