package app.sukoyaka.immunization;

import app.sukoyaka.platform.ErrorResponses;
import app.sukoyaka.platform.ProblemException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A refused vaccination entry in the protocol of the request: problem+json naming the member on the
 * REST APIs, an OperationOutcome under {@code /fhir}.
 */
@Produces
@Singleton
class ImmunizationEntryExceptionHandler
    implements ExceptionHandler<ImmunizationEntryException, HttpResponse<?>> {
  private final ErrorResponses responses;

  ImmunizationEntryExceptionHandler(ErrorResponses responses) {
    this.responses = responses;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, ImmunizationEntryException exception) {
    String path = request.getPath();
    if (exception.field() == null || path.equals("/fhir") || path.startsWith("/fhir/")) {
      return responses.render(request, exception.errorCode(), exception.getMessage());
    }
    return ErrorResponses.problem(
        request,
        exception.errorCode(),
        exception.getMessage(),
        List.of(new ProblemException.FieldError(exception.field(), exception.getMessage())));
  }
}
