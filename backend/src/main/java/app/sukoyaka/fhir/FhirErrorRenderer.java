package app.sukoyaka.fhir;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ErrorRenderer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.List;

/** Every error under {@code /fhir} is an OperationOutcome, whatever raised it. */
@Singleton
class FhirErrorRenderer implements ErrorRenderer {
  private final OperationOutcomes outcomes;

  FhirErrorRenderer(OperationOutcomes outcomes) {
    this.outcomes = outcomes;
  }

  @Override
  public boolean handles(HttpRequest<?> request) {
    String path = request.getPath();
    return path.equals("/fhir") || path.startsWith("/fhir/");
  }

  @Override
  public MutableHttpResponse<?> render(HttpRequest<?> request, ErrorCode code, String detail) {
    return outcomes.response(
        code, List.of(FhirIssue.error(OperationOutcomes.defaultType(code), detail)));
  }
}
