package app.sukoyaka.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/**
 * An OpenID Connect provider whose users may exchange their ID token for our access token, e.g.
 * {@code sukoyaka.security.identity-providers.citizens.*} for the app's login and one per
 * municipality for its staff directory.
 *
 * @param name the key under {@code identity-providers}
 * @param issuer the provider's {@code iss}
 * @param jwksUri where the provider publishes its signing keys
 * @param audience our client id at the provider, expected in the ID token's {@code aud}
 * @param role what its users are here: guardian or staff
 * @param authorizationEndpoint for a staff provider: where the dashboard sends the browser to log
 *     in (OpenID Connect authorization code flow with PKCE); unset, the dashboard offers no login
 *     there
 * @param tokenEndpoint where the dashboard exchanges the returned code for the ID token
 * @param clientSecret our client secret at the provider (client_secret_basic), if it gave one; a
 *     public client relies on PKCE alone
 * @param displayName the provider's name on the dashboard's login button (the key when unset)
 */
@EachProperty("sukoyaka.security.identity-providers")
public record IdentityProviderConfiguration(
    @Parameter String name,
    @NotBlank String issuer,
    @NotNull URI jwksUri,
    @NotBlank String audience,
    @NotNull Role role,
    @Nullable URI authorizationEndpoint,
    @Nullable URI tokenEndpoint,
    @Nullable String clientSecret,
    @Nullable String displayName) {

  /** Whether the dashboard's browser login can use this provider. */
  public boolean browserLogin() {
    return role == Role.STAFF && authorizationEndpoint != null && tokenEndpoint != null;
  }
}
