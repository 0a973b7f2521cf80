package app.sukoyaka.platform;

import app.sukoyaka.platform.observability.RequestIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.List;

/** Picks the renderer for a request's protocol; problem+json unless another one claims it. */
@Singleton
public class ErrorResponses {
  private final List<ErrorRenderer> renderers;

  public ErrorResponses(List<ErrorRenderer> renderers) {
    this.renderers = renderers;
  }

  public MutableHttpResponse<?> render(HttpRequest<?> request, ErrorCode code, String detail) {
    for (ErrorRenderer renderer : renderers) {
      if (renderer.handles(request)) {
        return renderer.render(request, code, detail);
      }
    }
    return problem(request, code, detail, List.of());
  }

  public static MutableHttpResponse<Problem> problem(
      HttpRequest<?> request,
      ErrorCode code,
      String detail,
      List<ProblemException.FieldError> errors) {
    return HttpResponse.<Problem>status(HttpStatus.valueOf(code.status()))
        .contentType(Problem.MEDIA_TYPE)
        .body(
            Problem.of(code, detail, request.getPath(), errors)
                .withRequestId(RequestIds.of(request).orElse(null)));
  }
}
