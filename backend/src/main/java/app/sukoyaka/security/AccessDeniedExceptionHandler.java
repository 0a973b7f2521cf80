package app.sukoyaka.security;

import app.sukoyaka.platform.ErrorResponses;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Produces
@Singleton
class AccessDeniedExceptionHandler
    implements ExceptionHandler<AccessDeniedException, HttpResponse<?>> {
  private final ErrorResponses responses;

  AccessDeniedExceptionHandler(ErrorResponses responses) {
    this.responses = responses;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, AccessDeniedException exception) {
    return responses.render(request, exception.errorCode(), exception.getMessage());
  }
}
