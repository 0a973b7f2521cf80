package app.sukoyaka.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * An OpenID Connect provider for tests: it publishes its RS256 key over real HTTP on loopback and
 * signs ID tokens, the way the app's login provider or a municipality's directory would.
 */
public final class TestIdentityProvider {
  public static final String CITIZENS_ISSUER = "https://login.sukoyaka.test";
  public static final String CITIZENS_AUDIENCE = "sukoyaka-app";
  public static final String STAFF_ISSUER = "https://idp.city.sukoyaka.test";
  public static final String STAFF_AUDIENCE = "sukoyaka-dashboard";

  private static TestIdentityProvider instance;

  private final RSAKey key;
  private final HttpServer server;

  private TestIdentityProvider() throws IOException, JOSEException {
    key =
        new RSAKeyGenerator(2048)
            .keyID(UUID.randomUUID().toString())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.RS256)
            .generate();
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(jwks);
          }
        });
    server.start();
  }

  public static synchronized TestIdentityProvider get() {
    if (instance == null) {
      try {
        instance = new TestIdentityProvider();
      } catch (IOException | JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  /** Service properties that register this provider for guardians and for staff. */
  public Map<String, Object> serviceProperties() {
    String jwks = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    String prefix = "sukoyaka.security.identity-providers.";
    return Map.of(
        prefix + "citizens.issuer", CITIZENS_ISSUER,
        prefix + "citizens.jwks-uri", jwks,
        prefix + "citizens.audience", CITIZENS_AUDIENCE,
        prefix + "citizens.role", "guardian",
        prefix + "city-staff.issuer", STAFF_ISSUER,
        prefix + "city-staff.jwks-uri", jwks,
        prefix + "city-staff.audience", STAFF_AUDIENCE,
        prefix + "city-staff.role", "staff");
  }

  public String idToken(String issuer, String audience, String subject, Instant expires) {
    return sign(key, issuer, audience, subject, expires);
  }

  public static String sign(
      RSAKey signingKey, String issuer, String audience, String subject, Instant expires) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(subject)
            .issueTime(new Date())
            .expirationTime(Date.from(expires))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(signingKey));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
