package app.sukoyaka.phr.myportal;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;

/**
 * The link with マイナポータル ({@code sukoyaka.my-portal}, documented in the README). The portal's
 * endpoints, our client id and key come with the government's approval of the service; until they
 * are set the link is off (SKY-6401), except in demo mode, where the local simulator stands in.
 *
 * @param authorizationUrl the portal's authorisation page ({@code
 *     SUKOYAKA_MY_PORTAL_AUTHORIZATION_URL})
 * @param tokenUrl the token endpoint ({@code SUKOYAKA_MY_PORTAL_TOKEN_URL})
 * @param revocationUrl the token revocation endpoint, if the portal offers one
 * @param apiBaseUrl the base of the records APIs ({@code SUKOYAKA_MY_PORTAL_API_BASE_URL})
 * @param clientId our client id at the portal ({@code SUKOYAKA_MY_PORTAL_CLIENT_ID})
 * @param redirectUri where the portal sends the guardian back: our {@code
 *     /api/v1/my-portal/callback}; by default under {@code sukoyaka.security.issuer}
 * @param clientKey our private key as a JWK (EC P-256), which signs the client assertion at the
 *     token endpoint (private_key_jwt); its public half is registered with the portal ({@code
 *     SUKOYAKA_MY_PORTAL_CLIENT_KEY})
 * @param scope the scopes asked for
 * @param linkLifetime how long a link lasts (期間連携), about 90 days
 * @param stateLifetime how long the guardian has to finish at the portal
 * @param timeout the longest wait for one request to the portal
 * @param textVersion the version of the consent text the guardian agrees to when starting a link
 */
@ConfigurationProperties("sukoyaka.my-portal")
public record MyPortalConfiguration(
    @Nullable URI authorizationUrl,
    @Nullable URI tokenUrl,
    @Nullable URI revocationUrl,
    @Nullable URI apiBaseUrl,
    @Nullable String clientId,
    @Nullable URI redirectUri,
    @Nullable String clientKey,
    @NotBlank String scope,
    @NotNull Duration linkLifetime,
    @NotNull Duration stateLifetime,
    @NotNull Duration timeout,
    @NotBlank String textVersion) {

  /** Whether the portal's endpoints and our client are configured. */
  public boolean configured() {
    return authorizationUrl != null
        && tokenUrl != null
        && apiBaseUrl != null
        && clientId != null
        && !clientId.isBlank()
        && clientKey != null
        && !clientKey.isBlank();
  }
}
