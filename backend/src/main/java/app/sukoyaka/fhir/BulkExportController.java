package app.sukoyaka.fhir;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.SecurityConfiguration;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** FHIR Bulk Data export (async pattern): kick-off, status polling, NDJSON files, delete. */
@Controller("/fhir")
@ExecuteOn(TaskExecutors.BLOCKING)
class BulkExportController {
  static final String NDJSON = "application/fhir+ndjson";
  private static final Set<String> FORMATS = Set.of(NDJSON, "application/ndjson", "ndjson");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BulkExports exports;
  private final String base;

  BulkExportController(BulkExports exports, SecurityConfiguration security) {
    this.exports = exports;
    this.base = security.issuer().replaceAll("/+$", "") + "/fhir";
  }

  @Get(
      uri = "/$export",
      produces = {OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
  HttpResponse<?> kickOff(HttpRequest<?> request, Principal principal) {
    String format = request.getParameters().get("_outputFormat");
    if (format != null && !FORMATS.contains(format)) {
      throw invalid("_outputFormat", "Only " + NDJSON + " is produced.");
    }
    List<String> types = types(request.getParameters().get("_type"));
    Instant since = since(request.getParameters().get("_since"));
    UUID id = exports.start(principal, types, since, request.getUri().toString());
    return HttpResponse.status(HttpStatus.ACCEPTED)
        .header("Content-Location", base + "/$export-status/" + id);
  }

  @Get(uri = "/$export-status/{id}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<?> status(@PathVariable String id, Principal principal) {
    BulkExports.Job job = exports.job(principal, uuid(id));
    return switch (job.status()) {
      case "pending", "running" ->
          HttpResponse.status(HttpStatus.ACCEPTED)
              .header("X-Progress", job.status())
              .header("Retry-After", "1");
      case "failed" ->
          throw new FhirException(ErrorCode.INTERNAL, FhirIssue.error("exception", job.error()));
      default -> HttpResponse.ok(manifest(job)).contentType(MediaType.APPLICATION_JSON_TYPE);
    };
  }

  @Delete(uri = "/$export-status/{id}")
  HttpResponse<?> delete(@PathVariable String id, Principal principal) {
    exports.delete(principal, uuid(id));
    return HttpResponse.status(HttpStatus.ACCEPTED);
  }

  @Get(uri = "/$export-file/{id}/{type}", produces = NDJSON)
  HttpResponse<StreamedFile> file(
      @PathVariable String id, @PathVariable String type, Principal principal) {
    // Sent as it is read, a part at a time.
    return HttpResponse.ok(
        new StreamedFile(exports.file(principal, uuid(id), type), MediaType.of(NDJSON)));
  }

  private String manifest(BulkExports.Job job) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("transactionTime", job.transactionTime().toString());
    manifest.put("request", job.requestUrl());
    manifest.put("requiresAccessToken", true);
    ArrayNode output = manifest.putArray("output");
    job.counts()
        .forEach(
            (type, count) ->
                output
                    .addObject()
                    .put("type", type)
                    .put("url", base + "/$export-file/" + job.id() + "/" + type)
                    .put("count", count));
    manifest.putArray("error");
    return manifest.toString();
  }

  private static List<String> types(String parameter) {
    if (parameter == null || parameter.isBlank()) {
      return BulkExports.TYPES;
    }
    List<String> types = new ArrayList<>();
    for (String type : parameter.split(",")) {
      if (!BulkExports.TYPES.contains(type.trim())) {
        throw invalid("_type", type + " is not exported; use " + BulkExports.TYPES + ".");
      }
      types.add(type.trim());
    }
    return types;
  }

  private static Instant since(String parameter) {
    if (parameter == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(parameter).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(
          "_since", "_since must be an instant with its zone, e.g. 2026-11-01T00:00:00+09:00.");
    }
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new FhirException(
          ErrorCode.NOT_FOUND, FhirIssue.error("not-found", "No such export job."));
    }
  }

  private static FhirException invalid(String parameter, String message) {
    return new FhirException(
        ErrorCode.INVALID_PARAMETER, FhirIssue.error("invalid", message, parameter));
  }
}
