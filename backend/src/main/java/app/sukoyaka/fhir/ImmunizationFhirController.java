package app.sukoyaka.fhir;

import app.sukoyaka.security.Principal;
import app.sukoyaka.security.SecurityConfiguration;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vaccination records as FHIR: read and search (every source), and the create of a dose given
 * abroad by a family or staff. Clinics submit their own doses in a transaction to {@code POST
 * /fhir} and retract them with {@code DELETE}.
 */
@Controller("/fhir/Immunization")
@ExecuteOn(TaskExecutors.BLOCKING)
class ImmunizationFhirController {
  private final FhirReads reads;
  private final ImmunizationCreates creates;
  private final String base;

  ImmunizationFhirController(
      FhirReads reads, ImmunizationCreates creates, SecurityConfiguration security) {
    this.reads = reads;
    this.creates = creates;
    this.base = security.issuer().replaceAll("/+$", "") + "/fhir";
  }

  @Get(
      uri = "/{id}",
      produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> read(@PathVariable String id, Principal principal) {
    return FhirResponses.resource(reads.immunization(principal, id));
  }

  @Get(produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> search(HttpRequest<?> request, Principal principal) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    request.getParameters().forEach((name, values) -> query.put(name, List.copyOf(values)));
    return FhirResponses.bundle(reads.searchImmunizations(principal, query));
  }

  @Post(
      consumes = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON},
      produces = OperationOutcomes.FHIR_JSON)
  HttpResponse<String> create(@Body String body, Principal principal) {
    ImmunizationCreates.Created created = creates.create(principal, body);
    return HttpResponse.<String>status(HttpStatus.CREATED)
        .body(created.json())
        .contentType(OperationOutcomes.FHIR_JSON)
        .header("Location", base + "/Immunization/" + created.id() + "/_history/1")
        .header("ETag", "W/\"1\"");
  }
}
