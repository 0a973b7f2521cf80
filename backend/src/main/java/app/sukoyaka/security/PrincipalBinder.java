package app.sukoyaka.security;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Lets controllers take the authenticated {@link Principal} as a parameter. */
@Singleton
class PrincipalBinder implements TypedRequestArgumentBinder<Principal> {

  @Override
  public Argument<Principal> argumentType() {
    return Argument.of(Principal.class);
  }

  @Override
  public BindingResult<Principal> bind(
      ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
    Optional<Principal> principal =
        source.getAttribute(AuthenticationFilter.PRINCIPAL_ATTRIBUTE, Principal.class);
    if (principal.isEmpty()) {
      // Only public endpoints run without a principal, and they do not ask for one.
      throw new ProblemException(ErrorCode.AUTHENTICATION_REQUIRED, "Send a bearer access token.");
    }
    return () -> principal;
  }
}
