package app.sukoyaka.fhir;

import io.micronaut.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Successful FHIR responses: the media type, and for a single resource its version as ETag. */
public final class FhirResponses {
  private static final Pattern VERSION = Pattern.compile("\"versionId\":\"(\\d+)\"");

  private FhirResponses() {}

  /** A resource, with the ETag version-aware updates (If-Match) compare against. */
  public static HttpResponse<String> resource(String json) {
    Matcher version = VERSION.matcher(json);
    String etag = "W/\"" + (version.find() ? version.group(1) : "1") + "\"";
    return HttpResponse.ok(json).contentType(OperationOutcomes.FHIR_JSON).header("ETag", etag);
  }

  /** A Bundle (search result, document, transaction response). */
  public static HttpResponse<String> bundle(String json) {
    return HttpResponse.ok(json).contentType(OperationOutcomes.FHIR_JSON);
  }
}
