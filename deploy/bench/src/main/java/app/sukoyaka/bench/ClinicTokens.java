package app.sukoyaka.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One clinic system's access token, obtained as SMART Backend Services prescribe (a client
 * assertion signed with the clinic's key) and renewed before it expires. Not thread-safe: each
 * client holds its own.
 */
final class ClinicTokens {
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(4);
  // Renew this long before expiry, so that no request is sent with a token about to lapse.
  private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);
  private static final int MAX_ATTEMPTS = 3;
  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

  private final HttpClient http;
  private final URI tokenEndpoint;
  private final String clientId;
  private final ECKey key;
  private String token;
  private Instant expires;

  ClinicTokens(HttpClient http, URI tokenEndpoint, String clientId, ECKey key) {
    this.http = http;
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.key = key;
  }

  String current() throws IOException, InterruptedException {
    if (token == null || Instant.now().isAfter(expires.minus(RENEW_BEFORE))) {
      renew();
    }
    return token;
  }

  private void renew() throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Instant asked = Instant.now();
      HttpResponse<String> response = request();
      if (response.statusCode() == 200) {
        accept(response.body(), asked);
        return;
      }
      String refusal = response.statusCode() + " " + response.body().strip();
      // A server error is retried as an OAuth client would, but said out loud: it is a finding.
      if (response.statusCode() < 500 || attempt == MAX_ATTEMPTS) {
        throw new IOException("Token refused: " + refusal);
      }
      System.err.println("Token endpoint answered " + refusal + "; asking again");
      Thread.sleep(RETRY_PAUSE.toMillis());
    }
  }

  private HttpResponse<String> request() throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_assertion_type", ASSERTION_TYPE);
    form.put("client_assertion", assertion());
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(tokenEndpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void accept(String body, Instant asked) throws IOException {
    JsonNode answer = JSON.readTree(body);
    token = answer.path("access_token").asText(null);
    long lifetime = answer.path("expires_in").asLong(0);
    if (token == null || lifetime <= 0) {
      throw new IOException("Token answer without access_token or expires_in: " + answer);
    }
    expires = asked.plusSeconds(lifetime);
  }

  private String assertion() {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(tokenEndpoint.toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("The client assertion could not be signed", e);
    }
    return jwt.serialize();
  }
}
