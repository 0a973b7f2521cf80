package app.sukoyaka.fhir;

import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FHIR read and search of the handbook's records: Patient (mother or child), Encounter, Observation
 * and the EPDS QuestionnaireResponse.
 */
@Controller("/fhir")
@Produces({OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
@ExecuteOn(TaskExecutors.BLOCKING)
class FhirReadController {

  private final FhirReads reads;

  FhirReadController(FhirReads reads) {
    this.reads = reads;
  }

  @Get("/Patient/{id}")
  HttpResponse<String> patient(@PathVariable String id, Principal principal) {
    return FhirResponses.resource(reads.patient(principal, id));
  }

  @Get("/Patient/{id}/$everything")
  HttpResponse<String> everything(
      @PathVariable String id, HttpRequest<?> request, Principal principal) {
    return FhirResponses.bundle(reads.everything(principal, id, query(request)));
  }

  @Get("/Patient/{id}/$summary")
  HttpResponse<String> summary(@PathVariable String id, Principal principal) {
    return FhirResponses.bundle(reads.summary(principal, id));
  }

  @Get("/Encounter/{id}")
  HttpResponse<String> encounter(@PathVariable String id, Principal principal) {
    return FhirResponses.resource(reads.encounter(principal, id));
  }

  @Get("/Observation/{id}")
  HttpResponse<String> observation(@PathVariable String id, Principal principal) {
    return FhirResponses.resource(reads.observation(principal, id));
  }

  @Get("/QuestionnaireResponse/{id}")
  HttpResponse<String> questionnaireResponse(@PathVariable String id, Principal principal) {
    return FhirResponses.resource(reads.questionnaireResponse(principal, id));
  }

  @Get("/Encounter")
  HttpResponse<String> searchEncounters(HttpRequest<?> request, Principal principal) {
    return FhirResponses.bundle(reads.searchEncounters(principal, query(request)));
  }

  @Get("/Observation")
  HttpResponse<String> searchObservations(HttpRequest<?> request, Principal principal) {
    return FhirResponses.bundle(reads.searchObservations(principal, query(request)));
  }

  @Get("/QuestionnaireResponse")
  HttpResponse<String> searchQuestionnaireResponses(HttpRequest<?> request, Principal principal) {
    return FhirResponses.bundle(reads.searchQuestionnaireResponses(principal, query(request)));
  }

  private static Map<String, List<String>> query(HttpRequest<?> request) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    request.getParameters().forEach((name, values) -> query.put(name, List.copyOf(values)));
    return query;
  }
}
