package app.sukoyaka.security;

import io.micronaut.http.HttpRequest;
import java.util.Optional;

/** The principal a request was authenticated as, for filters that run after authentication. */
public final class RequestPrincipals {
  private RequestPrincipals() {}

  /** Empty on the public endpoints, which run without one. */
  public static Optional<Principal> of(HttpRequest<?> request) {
    return request.getAttribute(AuthenticationFilter.PRINCIPAL_ATTRIBUTE, Principal.class);
  }
}
