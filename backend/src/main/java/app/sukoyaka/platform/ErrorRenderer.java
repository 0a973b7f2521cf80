package app.sukoyaka.platform;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;

/**
 * Renders an error in the protocol of the request: the FHIR API answers with an OperationOutcome,
 * every other API with problem+json.
 */
public interface ErrorRenderer {

  /** Whether this renderer speaks the protocol of that request. */
  boolean handles(HttpRequest<?> request);

  MutableHttpResponse<?> render(HttpRequest<?> request, ErrorCode code, String detail);
}
