package app.sukoyaka.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Token settings.
 *
 * @param issuer the {@code iss} of our tokens and the base of the token endpoint URL that client
 *     assertions must name as their audience ({@code SUKOYAKA_SECURITY_ISSUER})
 * @param audience the {@code aud} our access tokens carry and that we accept
 * @param clinicTokenLifetime clinic access tokens (SMART Backend Services: short-lived)
 * @param userTokenLifetime guardian and staff access tokens
 * @param keyRotationInterval a new signing key after this long; the old one stays published until
 *     every token it signed has expired
 * @param assertionMaxLifetime the longest a client assertion may be valid for
 * @param clockSkew tolerated difference between our clock and a client's
 * @param keyPublishAhead a new signing key is published (JWKS) this long before it signs, longer
 *     than anyone caches our JWKS (we say 5 minutes); default 10 minutes
 * @param keyReloadInterval each instance reads the keys from the database again this often (default
 *     60 s): how soon it sees another instance's or the operator's change
 * @param keyEncryptionKey base64 AES-256 key that seals the private signing keys in the database
 *     ({@code SUKOYAKA_SECURITY_KEY_ENCRYPTION_KEY}); unset, they are stored unsealed
 */
@ConfigurationProperties("sukoyaka.security")
public record SecurityConfiguration(
    @NotBlank String issuer,
    @NotBlank String audience,
    @NotNull Duration clinicTokenLifetime,
    @NotNull Duration userTokenLifetime,
    @NotNull Duration keyRotationInterval,
    @NotNull Duration assertionMaxLifetime,
    @NotNull Duration clockSkew,
    @Nullable String keyEncryptionKey,
    @Bindable(defaultValue = "10m") Duration keyPublishAhead,
    @Bindable(defaultValue = "60s") Duration keyReloadInterval) {

  public SecurityConfiguration {
    if (keyPublishAhead.isNegative()) {
      throw new IllegalArgumentException("sukoyaka.security.key-publish-ahead must be >= 0");
    }
    if (keyRotationInterval.compareTo(keyPublishAhead) <= 0) {
      throw new IllegalArgumentException(
          "sukoyaka.security.key-rotation-interval must be longer than key-publish-ahead");
    }
  }

  public String tokenEndpoint() {
    return issuer.replaceAll("/+$", "") + "/oauth2/token";
  }

  public Duration longestTokenLifetime() {
    return clinicTokenLifetime.compareTo(userTokenLifetime) > 0
        ? clinicTokenLifetime
        : userTokenLifetime;
  }
}
