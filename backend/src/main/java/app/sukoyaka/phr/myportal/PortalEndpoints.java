package app.sukoyaka.phr.myportal;

import com.nimbusds.jose.jwk.ECKey;
import java.net.URI;
import java.time.Duration;

/**
 * Where the portal is and who we are there: from {@link MyPortalConfiguration}, or the local
 * simulator's in demo mode.
 *
 * @param revocationUrl null when the portal offers no revocation
 */
public record PortalEndpoints(
    URI authorizationUrl,
    URI tokenUrl,
    URI revocationUrl,
    URI apiBaseUrl,
    String clientId,
    URI redirectUri,
    ECKey clientKey,
    String scope,
    Duration timeout) {}
