package app.sukoyaka.fhir;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Produces
@Singleton
class FhirExceptionHandler implements ExceptionHandler<FhirException, HttpResponse<?>> {
  private final OperationOutcomes outcomes;

  FhirExceptionHandler(OperationOutcomes outcomes) {
    this.outcomes = outcomes;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, FhirException exception) {
    return outcomes.response(exception.errorCode(), exception.issues());
  }
}
