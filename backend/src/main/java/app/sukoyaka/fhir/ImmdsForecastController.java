package app.sukoyaka.fhir;

import app.sukoyaka.security.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code $immds-forecast} (HL7 Immunization Decision Support Forecast): at the base as the IG
 * defines it, on Immunization, and on a stored child's Patient.
 */
@Controller("/fhir")
@Produces({OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
@ExecuteOn(TaskExecutors.BLOCKING)
class ImmdsForecastController {
  private final ImmdsForecasts forecasts;

  ImmdsForecastController(ImmdsForecasts forecasts) {
    this.forecasts = forecasts;
  }

  @Post(
      uri = "/$immds-forecast",
      consumes = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> forecast(@Body String body, Principal principal) {
    return FhirResponses.bundle(forecasts.forecast(principal, body));
  }

  @Post(
      uri = "/Immunization/$immds-forecast",
      consumes = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> forecastOnImmunization(@Body String body, Principal principal) {
    return FhirResponses.bundle(forecasts.forecast(principal, body));
  }

  @Get("/Patient/{id}/$immds-forecast")
  HttpResponse<String> forecastOfPatient(
      @PathVariable String id, @Nullable @QueryValue String assessmentDate, Principal principal) {
    return FhirResponses.bundle(forecasts.forecast(principal, id, assessmentDate));
  }
}
