package app.sukoyaka.fhir;

import app.sukoyaka.security.Principal;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** FHIR read and search of the handbook's records: Patient, Encounter, Observation. */
@Controller("/fhir")
@ExecuteOn(TaskExecutors.BLOCKING)
class FhirReadController {

  private final FhirReads reads;

  FhirReadController(FhirReads reads) {
    this.reads = reads;
  }

  @Get(
      uri = "/Patient/{id}",
      produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> patient(@PathVariable String id, Principal principal) {
    return resource(reads.patient(principal, id));
  }

  @Get(
      uri = "/Patient/{id}/$everything",
      produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> everything(
      @PathVariable String id, HttpRequest<?> request, Principal principal) {
    return bundle(reads.everything(principal, id, query(request)));
  }

  @Get(
      uri = "/Patient/{id}/$summary",
      produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> summary(@PathVariable String id, Principal principal) {
    return bundle(reads.summary(principal, id));
  }

  @Get(
      uri = "/Encounter/{id}",
      produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> encounter(@PathVariable String id, Principal principal) {
    return resource(reads.encounter(principal, id));
  }

  @Get(
      uri = "/Observation/{id}",
      produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> observation(@PathVariable String id, Principal principal) {
    return resource(reads.observation(principal, id));
  }

  @Get(
      uri = "/Encounter",
      produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> searchEncounters(HttpRequest<?> request, Principal principal) {
    return bundle(reads.searchEncounters(principal, query(request)));
  }

  @Get(
      uri = "/Observation",
      produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<String> searchObservations(HttpRequest<?> request, Principal principal) {
    return bundle(reads.searchObservations(principal, query(request)));
  }

  private static Map<String, List<String>> query(HttpRequest<?> request) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    request.getParameters().forEach((name, values) -> query.put(name, List.copyOf(values)));
    return query;
  }

  private static final java.util.regex.Pattern VERSION =
      java.util.regex.Pattern.compile("\"versionId\":\"(\\d+)\"");

  /** The ETag is the resource's version, as FHIR's version-aware updates expect. */
  static HttpResponse<String> resource(String json) {
    java.util.regex.Matcher version = VERSION.matcher(json);
    String etag = "W/\"" + (version.find() ? version.group(1) : "1") + "\"";
    return HttpResponse.ok(json).contentType(OperationOutcomes.FHIR_JSON).header("ETag", etag);
  }

  private static HttpResponse<String> bundle(String json) {
    return HttpResponse.ok(json).contentType(OperationOutcomes.FHIR_JSON);
  }
}
