package app.sukoyaka.security;

import com.nimbusds.jwt.SignedJWT;
import io.micronaut.http.uri.UriBuilder;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A guardian logging in in a browser at the residents' OpenID Connect provider (authorization code
 * flow with PKCE, state and nonce), as they log in in the app: to authorise a third-party app. The
 * caller keeps the state, nonce and verifier of the login under way; the ID token is checked by the
 * same exchange as {@code /oauth2/token}'s and must name a guardian with a handbook here.
 */
@Singleton
public class GuardianBrowserLogins {
  private final List<IdentityProviderConfiguration> providers;
  private final IdTokenExchange exchange;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  GuardianBrowserLogins(List<IdentityProviderConfiguration> providers, IdTokenExchange exchange) {
    this.providers =
        providers.stream()
            .filter(
                p ->
                    p.role() == Role.GUARDIAN
                        && p.authorizationEndpoint() != null
                        && p.tokenEndpoint() != null)
            .toList();
    this.exchange = exchange;
  }

  /** The providers guardians can log in at in a browser: key and the name shown. */
  public List<StaffLogins.Provider> providers() {
    return providers.stream()
        .map(
            p ->
                new StaffLogins.Provider(
                    p.name(), p.displayName() == null ? p.name() : p.displayName()))
        .toList();
  }

  private Optional<IdentityProviderConfiguration> provider(String name) {
    return providers.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The provider's authorization URL for this login; empty when no such provider. */
  public Optional<URI> start(
      String providerName, String redirectUri, String state, String nonce, String verifier) {
    return provider(providerName)
        .map(
            provider ->
                UriBuilder.of(provider.authorizationEndpoint())
                    .queryParam("response_type", "code")
                    .queryParam("client_id", provider.audience())
                    .queryParam("redirect_uri", redirectUri)
                    .queryParam("scope", "openid")
                    .queryParam("state", state)
                    .queryParam("nonce", nonce)
                    .queryParam("code_challenge", StaffLogins.challenge(verifier))
                    .queryParam("code_challenge_method", "S256")
                    .build());
  }

  /**
   * Redeems the code the provider sent back and answers the guardian who logged in.
   *
   * @throws StaffLogins.LoginFailed with the reason to show
   */
  public Principal finish(
      String providerName, String code, String verifier, String redirectUri, String nonce) {
    IdentityProviderConfiguration provider =
        provider(providerName)
            .orElseThrow(
                () ->
                    new StaffLogins.LoginFailed("The identity provider is no longer configured."));
    String idToken = StaffLogins.redeem(http, provider, code, verifier, redirectUri);
    Principal principal;
    try {
      principal = exchange.exchange(idToken);
    } catch (OAuthException e) {
      throw new StaffLogins.LoginFailed(e.getMessage());
    }
    try {
      Object claimed = SignedJWT.parse(idToken).getJWTClaimsSet().getClaim("nonce");
      if (!nonce.equals(claimed)) {
        throw new StaffLogins.LoginFailed("The ID token was not issued for this login (nonce).");
      }
    } catch (ParseException e) {
      throw new StaffLogins.LoginFailed("The ID token is not a signed JWT.");
    }
    if (principal.role() != Role.GUARDIAN) {
      throw new StaffLogins.LoginFailed("There is no handbook here for this login.");
    }
    return principal;
  }
}
