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
 * signs ID tokens, the way the app's login provider or a municipality's directory would. For the
 * staff directory it also runs the authorization code flow with PKCE that the dashboard's browser
 * login (and a guardian authorising a PHR app) uses: {@code /authorize} logs in whoever {@code
 * login_hint} names (the user typing their password, in a test) and sends the browser back with a
 * code; {@code /token} redeems the code once, for the verifier of its challenge, with an ID token
 * carrying the request's nonce.
 */
public final class TestIdentityProvider {
  public static final String CITIZENS_ISSUER = "https://login.sukoyaka.test";
  public static final String CITIZENS_AUDIENCE = "sukoyaka-app";
  public static final String STAFF_ISSUER = "https://idp.city.sukoyaka.test";
  public static final String STAFF_AUDIENCE = "sukoyaka-dashboard";

  private static TestIdentityProvider instance;

  private final RSAKey key;
  private final HttpServer server;
  private final Map<String, Authorization> codes = new java.util.concurrent.ConcurrentHashMap<>();

  /** A code issued by /authorize, waiting to be redeemed. */
  private record Authorization(
      String subject, String nonce, String challenge, String redirectUri, String clientId) {}

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
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.start();
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      String[] kv = pair.split("=", 2);
      values.put(
          java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return values;
  }

  private void authorize(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
    if (!"code".equals(query.get("response_type"))
        || !"S256".equals(query.get("code_challenge_method"))
        || query.get("login_hint") == null
        || query.get("redirect_uri") == null) {
      exchange.sendResponseHeaders(400, -1);
      exchange.close();
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(
        code,
        new Authorization(
            query.get("login_hint"),
            query.get("nonce"),
            query.get("code_challenge"),
            query.get("redirect_uri"),
            query.get("client_id")));
    String location =
        query.get("redirect_uri")
            + "?code="
            + code
            + "&state="
            + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private void token(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    Map<String, String> body =
        form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Authorization granted = codes.remove(body.getOrDefault("code", ""));
    String verifier = body.getOrDefault("code_verifier", "");
    byte[] answer;
    int status;
    if (granted == null
        || !granted.redirectUri().equals(body.get("redirect_uri"))
        || !granted.clientId().equals(body.get("client_id"))
        || !granted.challenge().equals(challenge(verifier))) {
      status = 400;
      answer = "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8);
    } else {
      status = 200;
      String idToken =
          // The residents' provider logs guardians in too (to authorise a PHR app in a browser).
          sign(
              key,
              CITIZENS_AUDIENCE.equals(granted.clientId()) ? CITIZENS_ISSUER : STAFF_ISSUER,
              granted.clientId(),
              granted.subject(),
              Instant.now().plusSeconds(300),
              granted.nonce());
      answer =
          ("{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"id_token\":\"" + idToken + "\"}")
              .getBytes(StandardCharsets.UTF_8);
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  private static String challenge(String verifier) {
    try {
      return java.util.Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The provider's base URL on loopback. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
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
    return Map.ofEntries(
        Map.entry(prefix + "citizens.issuer", CITIZENS_ISSUER),
        Map.entry(prefix + "citizens.jwks-uri", jwks),
        Map.entry(prefix + "citizens.audience", CITIZENS_AUDIENCE),
        Map.entry(prefix + "citizens.role", "guardian"),
        Map.entry(prefix + "citizens.authorization-endpoint", baseUrl() + "/authorize"),
        Map.entry(prefix + "citizens.token-endpoint", baseUrl() + "/token"),
        Map.entry(prefix + "citizens.display-name", "テスト市 住民ログイン"),
        Map.entry(prefix + "city-staff.issuer", STAFF_ISSUER),
        Map.entry(prefix + "city-staff.jwks-uri", jwks),
        Map.entry(prefix + "city-staff.audience", STAFF_AUDIENCE),
        Map.entry(prefix + "city-staff.role", "staff"),
        Map.entry(prefix + "city-staff.authorization-endpoint", baseUrl() + "/authorize"),
        Map.entry(prefix + "city-staff.token-endpoint", baseUrl() + "/token"),
        Map.entry(prefix + "city-staff.display-name", "テスト市 職員認証"));
  }

  /** The provider's published key (the public half of what signs its ID tokens). */
  public RSAKey publicKey() {
    return key.toPublicJWK();
  }

  /** An ID token with exactly these claims, signed by the provider's key (RS256). */
  public String sign(JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  public String idToken(String issuer, String audience, String subject, Instant expires) {
    return sign(key, issuer, audience, subject, expires);
  }

  public static String sign(
      RSAKey signingKey, String issuer, String audience, String subject, Instant expires) {
    return sign(signingKey, issuer, audience, subject, expires, null);
  }

  /** An ID token with the nonce of the login request it answers (none when null). */
  public static String sign(
      RSAKey signingKey,
      String issuer,
      String audience,
      String subject,
      Instant expires,
      String nonce) {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(subject)
            .issueTime(new Date())
            .expirationTime(Date.from(expires));
    if (nonce != null) {
      builder.claim("nonce", nonce);
    }
    JWTClaimsSet claims = builder.build();
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
