package app.sukoyaka.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Authenticates a clinic system by its {@code private_key_jwt} client assertion, as SMART Backend
 * Services prescribe: signed (ES256 or RS384) by a key the clinic registered, {@code iss} and
 * {@code sub} both the client id, {@code aud} our token endpoint, a short {@code exp}, and a {@code
 * jti} never seen before.
 */
@Singleton
class ClientAssertionVerifier {
  private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS384);

  private final PrincipalDirectory directory;
  private final JdbcOperations jdbc;
  private final SecurityConfiguration config;
  private final Clock clock;

  ClientAssertionVerifier(
      PrincipalDirectory directory,
      JdbcOperations jdbc,
      SecurityConfiguration config,
      Clock clock) {
    this.directory = directory;
    this.jdbc = jdbc;
    this.config = config;
    this.clock = clock;
  }

  /** The verified client; the assertion's {@code jti} is spent in the same transaction. */
  @Transactional
  PrincipalDirectory.ClinicClient verify(String assertion) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(assertion);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw OAuthException.invalidClient("The client assertion is not a signed JWT.");
    }
    JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
    if (!ACCEPTED.contains(algorithm)) {
      throw OAuthException.invalidClient(
          "The client assertion must be signed with ES256 or RS384.");
    }
    String clientId = claims.getIssuer();
    if (clientId == null || !clientId.equals(claims.getSubject())) {
      throw OAuthException.invalidClient(
          "The client assertion's iss and sub must be the client id.");
    }
    PrincipalDirectory.ClinicClient client =
        directory
            .clinicClient(clientId)
            .orElseThrow(() -> OAuthException.invalidClient("Unknown or inactive client."));
    if (!signedByRegisteredKey(jwt, algorithm, client)) {
      throw OAuthException.invalidClient(
          "The client assertion is not signed by a key registered for this client.");
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(config.tokenEndpoint())) {
      throw OAuthException.invalidClient(
          "The client assertion's aud must be " + config.tokenEndpoint() + ".");
    }
    Instant now = clock.instant();
    if (claims.getExpirationTime() == null) {
      throw OAuthException.invalidClient("The client assertion has no exp.");
    }
    Instant exp = claims.getExpirationTime().toInstant();
    if (!exp.plus(config.clockSkew()).isAfter(now)) {
      throw OAuthException.invalidClient("The client assertion has expired.");
    }
    if (exp.isAfter(now.plus(config.assertionMaxLifetime()).plus(config.clockSkew()))) {
      throw OAuthException.invalidClient(
          "The client assertion's exp is more than "
              + config.assertionMaxLifetime().toMinutes()
              + " minutes ahead.");
    }
    if (claims.getNotBeforeTime() != null
        && claims.getNotBeforeTime().toInstant().minus(config.clockSkew()).isAfter(now)) {
      throw OAuthException.invalidClient("The client assertion is not valid yet (nbf).");
    }
    if (claims.getIssueTime() != null
        && claims.getIssueTime().toInstant().minus(config.clockSkew()).isAfter(now)) {
      throw OAuthException.invalidClient("The client assertion was issued in the future (iat).");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank()) {
      throw OAuthException.invalidClient("The client assertion has no jti.");
    }
    spend(clientId, jti, exp.plus(config.clockSkew()));
    return client;
  }

  private boolean signedByRegisteredKey(
      SignedJWT jwt, JWSAlgorithm algorithm, PrincipalDirectory.ClinicClient client) {
    JWKSet keys;
    try {
      keys = JWKSet.parse(client.publicJwks());
    } catch (ParseException e) {
      throw new IllegalStateException("Registered keys of " + client.clientId() + " unreadable", e);
    }
    String kid = jwt.getHeader().getKeyID();
    for (JWK key : keys.getKeys()) {
      if (kid != null && key.getKeyID() != null && !kid.equals(key.getKeyID())) {
        continue;
      }
      try {
        JWSVerifier verifier = verifierFor(algorithm, key);
        if (verifier != null && jwt.verify(verifier)) {
          return true;
        }
      } catch (JOSEException e) {
        // A key of the wrong type or size for this algorithm: try the next one.
      }
    }
    return false;
  }

  private static JWSVerifier verifierFor(JWSAlgorithm algorithm, JWK key) throws JOSEException {
    if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec) {
      return new ECDSAVerifier(ec);
    }
    if (JWSAlgorithm.RS384.equals(algorithm) && key instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa);
    }
    return null;
  }

  private void spend(String clientId, String jti, Instant keepUntil) {
    Instant now = clock.instant();
    int inserted =
        jdbc.prepareStatement(
            "INSERT INTO client_assertion_jti (client_id, jti, expires_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING",
            statement -> {
              statement.setString(1, clientId);
              statement.setString(2, jti);
              statement.setTimestamp(3, Timestamp.from(keepUntil));
              return statement.executeUpdate();
            });
    if (inserted == 0) {
      throw OAuthException.invalidClient("The client assertion has been used before (jti replay).");
    }
    // Spent ids are needed only until their assertion would have expired anyway.
    jdbc.prepareStatement(
        "DELETE FROM client_assertion_jti WHERE client_id = ? AND expires_at < ?",
        statement -> {
          statement.setString(1, clientId);
          statement.setTimestamp(2, Timestamp.from(now));
          return statement.executeUpdate();
        });
  }
}
