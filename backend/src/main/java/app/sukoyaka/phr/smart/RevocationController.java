package app.sukoyaka.phr.smart;

import app.sukoyaka.security.InvalidTokenException;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.Role;
import app.sukoyaka.security.TokenService;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Token revocation (RFC 7009) for third-party apps: the app, authenticated as at the token
 * endpoint, revokes its refresh token or access token, and with it the guardian's consent it was
 * issued under (every later request is refused at once). Unknown tokens, or another app's, are
 * answered alike with 200, as the RFC asks, and change nothing.
 */
@Controller("/oauth2/revoke")
@ExecuteOn(TaskExecutors.BLOCKING)
class RevocationController {
  private final AppTokens appTokens;
  private final AppGrants grants;
  private final TokenService tokens;

  RevocationController(AppTokens appTokens, AppGrants grants, TokenService tokens) {
    this.appTokens = appTokens;
    this.grants = grants;
    this.tokens = tokens;
  }

  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> revoke(@Body Map<String, String> form, HttpRequest<?> request) {
    PhrApps.PhrApp app =
        appTokens.authenticate(form, request.getHeaders().get(HttpHeaders.AUTHORIZATION));
    String token = form.get("token");
    if (token == null || token.isBlank()) {
      throw new app.sukoyaka.security.OAuthException("invalid_request", "token is required.", 400);
    }
    grantOf(token, app.clientId())
        .ifPresent(grant -> grants.withdraw(grant, AppGrants.Withdrawal.APP));
    return HttpResponse.ok().header("Cache-Control", "no-store");
  }

  private Optional<UUID> grantOf(String token, String clientId) {
    Optional<UUID> refresh = appTokens.grantOfRefreshToken(token, clientId);
    if (refresh.isPresent()) {
      return refresh;
    }
    try {
      Principal principal = tokens.verify(token);
      if (principal.role() == Role.APP && principal.subject().equals(clientId)) {
        return Optional.of(principal.appGrant().grantId());
      }
    } catch (InvalidTokenException e) {
      // Not ours, expired or not a token at all: nothing to revoke.
    }
    return Optional.empty();
  }
}
