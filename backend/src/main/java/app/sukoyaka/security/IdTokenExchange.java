package app.sukoyaka.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Exchanges an ID token from a configured OpenID Connect provider for the principal of a registered
 * guardian or staff member (RFC 8693). The provider authenticates the person; we decide what they
 * may see.
 */
@Singleton
class IdTokenExchange {
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256);

  private final Map<String, Provider> providers = new HashMap<>();
  private final PrincipalDirectory directory;
  private final SecurityConfiguration config;
  private final Clock clock;

  private record Provider(
      IdentityProviderConfiguration configuration,
      DefaultJWTProcessor<SecurityContext> processor) {}

  IdTokenExchange(
      List<IdentityProviderConfiguration> configured,
      PrincipalDirectory directory,
      SecurityConfiguration config,
      Clock clock) {
    this.directory = directory;
    this.config = config;
    this.clock = clock;
    for (IdentityProviderConfiguration provider : configured) {
      JWKSource<SecurityContext> keys;
      try {
        // Cached and refreshed when an unknown kid appears, so provider key rotation just works.
        keys = JWKSourceBuilder.create(provider.jwksUri().toURL()).retrying(true).build();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("jwks-uri of " + provider.name() + " is not a URL", e);
      }
      DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
      processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
      processor.setJWTClaimsSetVerifier((claims, context) -> verify(provider, claims));
      providers.put(provider.issuer(), new Provider(provider, processor));
    }
  }

  Principal exchange(String idToken) {
    String issuer;
    try {
      issuer = SignedJWT.parse(idToken).getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw invalidGrant("The subject_token is not a signed JWT.");
    }
    Provider provider = issuer == null ? null : providers.get(issuer);
    if (provider == null) {
      throw invalidGrant("The ID token was not issued by a configured identity provider.");
    }
    JWTClaimsSet claims;
    try {
      claims = provider.processor().process(idToken, null);
    } catch (BadJOSEException e) {
      throw invalidGrant("The ID token is not acceptable: " + e.getMessage());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new OAuthException(
          "temporarily_unavailable", "The identity provider's keys could not be fetched.", 503);
    } catch (ParseException e) {
      throw invalidGrant("The subject_token is not a signed JWT.");
    }
    String subject = claims.getSubject();
    // Residents need no registration: notifying a pregnancy is how a handbook begins.
    Optional<Principal> principal =
        provider.configuration().role() == Role.STAFF
            ? directory.staff(subject)
            : Optional.of(directory.resident(subject));
    return principal.orElseThrow(
        () ->
            invalidGrant(
                "No "
                    + provider.configuration().role().claim()
                    + " is registered for this login."));
  }

  private void verify(IdentityProviderConfiguration provider, JWTClaimsSet claims)
      throws BadJWTException {
    Instant now = clock.instant();
    if (!provider.issuer().equals(claims.getIssuer())) {
      throw new BadJWTException("wrong issuer");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(provider.audience())) {
      throw new BadJWTException("it is for another audience");
    }
    if (claims.getExpirationTime() == null
        || !claims.getExpirationTime().toInstant().plus(config.clockSkew()).isAfter(now)) {
      throw new BadJWTException("it has expired");
    }
    if (claims.getNotBeforeTime() != null
        && claims.getNotBeforeTime().toInstant().minus(config.clockSkew()).isAfter(now)) {
      throw new BadJWTException("it is not valid yet");
    }
    if (claims.getIssueTime() != null
        && claims.getIssueTime().toInstant().minus(config.clockSkew()).isAfter(now)) {
      throw new BadJWTException("it was issued in the future");
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw new BadJWTException("it has no subject");
    }
  }

  private static OAuthException invalidGrant(String description) {
    return new OAuthException("invalid_grant", description, 400);
  }
}
