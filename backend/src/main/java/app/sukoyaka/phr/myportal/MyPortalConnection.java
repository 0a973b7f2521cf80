package app.sukoyaka.phr.myportal;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.SukoyakaConfiguration;
import app.sukoyaka.security.SecretSealing;
import app.sukoyaka.security.SecurityConfiguration;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal we link with and how its tokens are kept: the configured portal, or in demo mode
 * without one the local {@link MyPortalSimulator}; and the sealing of tokens at rest under the
 * key-encryption key (in demo mode without one, a key that lasts as long as the process). Without a
 * portal or a key the link is off: starting one answers SKY-6401.
 */
@Singleton
public class MyPortalConnection {
  private static final Logger LOG = LoggerFactory.getLogger(MyPortalConnection.class);

  private final MyPortalClient client;
  private final MyPortalSimulator simulator;
  private final SecretSealing sealing;
  private final String unavailable;

  MyPortalConnection(
      MyPortalConfiguration configuration,
      SukoyakaConfiguration service,
      SecurityConfiguration security,
      Clock clock) {
    URI redirect =
        configuration.redirectUri() != null
            ? configuration.redirectUri()
            : URI.create(security.issuer().replaceAll("/+$", "") + "/api/v1/my-portal/callback");
    SecretSealing configured = SecretSealing.of(security).orElse(null);
    if (configuration.configured()) {
      this.simulator = null;
      this.client =
          new HttpMyPortalClient(
              new PortalEndpoints(
                  configuration.authorizationUrl(),
                  configuration.tokenUrl(),
                  configuration.revocationUrl(),
                  configuration.apiBaseUrl(),
                  configuration.clientId(),
                  redirect,
                  clientKey(configuration.clientKey()),
                  configuration.scope(),
                  configuration.timeout()),
              clock);
    } else if (service.demo()) {
      this.simulator = MyPortalSimulator.start(clock, redirect);
      this.client =
          new HttpMyPortalClient(
              simulator.endpoints(configuration.scope(), configuration.timeout()), clock);
      LOG.info(
          "My Portal is simulated locally at {}",
          simulator.endpoints(configuration.scope(), configuration.timeout()).authorizationUrl());
    } else {
      this.simulator = null;
      this.client = null;
    }
    if (configured == null && service.demo()) {
      LOG.warn("My Portal tokens are sealed under a key that ends with this process (demo mode)");
      configured = SecretSealing.ephemeral();
    }
    this.sealing = configured;
    if (client == null) {
      this.unavailable =
          "The My Portal link is not set up here: the portal's endpoints, client id and key"
              + " (sukoyaka.my-portal.*) are not configured.";
    } else if (sealing == null) {
      this.unavailable =
          "The My Portal link needs SUKOYAKA_SECURITY_KEY_ENCRYPTION_KEY, which seals the portal's"
              + " tokens at rest.";
    } else {
      this.unavailable = null;
    }
  }

  private static ECKey clientKey(String jwk) {
    try {
      JWK key = JWK.parse(jwk);
      if (!(key instanceof ECKey) || !key.isPrivate()) {
        throw new IllegalArgumentException(
            "sukoyaka.my-portal.client-key must be a private EC JWK (P-256)");
      }
      return (ECKey) key;
    } catch (ParseException e) {
      throw new IllegalArgumentException("sukoyaka.my-portal.client-key is not a JWK", e);
    }
  }

  /** The portal, or SKY-6401 when the link is not set up. */
  public MyPortalClient client() {
    if (unavailable != null) {
      throw new ProblemException(ErrorCode.MY_PORTAL_NOT_AVAILABLE, unavailable);
    }
    return client;
  }

  SecretSealing sealing() {
    if (unavailable != null) {
      throw new ProblemException(ErrorCode.MY_PORTAL_NOT_AVAILABLE, unavailable);
    }
    return sealing;
  }

  /** Whether the link is set up: a portal and a key to seal its tokens. */
  public boolean available() {
    return unavailable == null;
  }

  /** The local simulator, when it stands in for the portal. */
  public Optional<MyPortalSimulator> simulator() {
    return Optional.ofNullable(simulator);
  }

  @PreDestroy
  void stop() {
    if (simulator != null) {
      simulator.close();
    }
  }
}
