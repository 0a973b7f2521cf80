package app.sukoyaka.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

@Produces
@Singleton
class OAuthExceptionHandler implements ExceptionHandler<OAuthException, HttpResponse<?>> {

  @Serdeable
  record OAuthError(
      @JsonProperty("error") String error,
      @JsonProperty("error_description") String errorDescription) {}

  @Override
  public HttpResponse<?> handle(HttpRequest request, OAuthException exception) {
    MutableHttpResponse<OAuthError> response =
        HttpResponse.<OAuthError>status(HttpStatus.valueOf(exception.status()))
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .header("Cache-Control", "no-store")
            .body(new OAuthError(exception.error(), exception.getMessage()));
    if (exception.retryAfter() != null) {
      response.header("Retry-After", exception.retryAfter());
    }
    return response;
  }
}
