package app.sukoyaka.phr.myportal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link MyPortalClient} over HTTPS: OAuth 2.0 authorisation code with PKCE S256, our client
 * authenticated by a signed assertion (private_key_jwt, ES256), token revocation (RFC 7009) where
 * the portal has it, and the records APIs as JSON in the portal's data layout.
 */
public final class HttpMyPortalClient implements MyPortalClient {
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PortalEndpoints endpoints;
  private final Clock clock;
  private final HttpClient http;

  public HttpMyPortalClient(PortalEndpoints endpoints, Clock clock) {
    this.endpoints = endpoints;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(endpoints.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public URI authorizationUrl(String state, String codeChallenge) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", endpoints.clientId());
    query.put("redirect_uri", endpoints.redirectUri().toString());
    query.put("scope", endpoints.scope());
    query.put("state", state);
    query.put("code_challenge", codeChallenge);
    query.put("code_challenge_method", "S256");
    String base = endpoints.authorizationUrl().toString();
    return URI.create(base + (base.contains("?") ? "&" : "?") + form(query));
  }

  @Override
  public PortalTokens exchange(String code, String codeVerifier) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", endpoints.redirectUri().toString());
    body.put("code_verifier", codeVerifier);
    return tokens(body);
  }

  @Override
  public PortalTokens refresh(String refreshToken) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "refresh_token");
    body.put("refresh_token", refreshToken);
    return tokens(body);
  }

  @Override
  public boolean revoke(String token) {
    if (endpoints.revocationUrl() == null) {
      return false;
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("token", token);
    authenticate(body, endpoints.revocationUrl());
    HttpResponse<String> response = send(post(endpoints.revocationUrl(), body));
    // RFC 7009: 200 also for a token that is already invalid.
    if (response.statusCode() != 200) {
      throw failure(response, "revocation");
    }
    return true;
  }

  @Override
  public List<PortalPerson> persons(String accessToken) {
    JsonNode root = get(accessToken, "persons");
    List<PortalPerson> persons = new ArrayList<>();
    for (JsonNode person : root.path("persons")) {
      try {
        persons.add(
            new PortalPerson(
                person.path("personRef").asText(null),
                person.path("relation").asText(null),
                person.path("nameKana").asText(""),
                LocalDate.parse(person.path("birthDate").asText()),
                person.path("sex").asText("unknown")));
      } catch (RuntimeException e) {
        throw new MyPortalException(
            MyPortalException.Reason.MALFORMED, "The portal named a person without its facts", e);
      }
    }
    return persons;
  }

  @Override
  public List<PortalRecord> records(String accessToken, String personRef, PortalRecordType type) {
    JsonNode root =
        get(
            accessToken,
            "persons/" + URLEncoder.encode(personRef, StandardCharsets.UTF_8) + "/" + type.path());
    List<PortalRecord> records = new ArrayList<>();
    for (JsonNode record : root.path("records")) {
      String id = record.path("recordId").asText("");
      if (id.isBlank() || !record.path("items").isObject()) {
        throw new MyPortalException(
            MyPortalException.Reason.MALFORMED, "The portal sent a record without id or items");
      }
      records.add(new PortalRecord(id, type, record.path("items")));
    }
    return records;
  }

  private JsonNode get(String accessToken, String path) {
    String base = endpoints.apiBaseUrl().toString().replaceAll("/+$", "");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/" + path))
            .timeout(endpoints.timeout())
            .header("Authorization", "Bearer " + accessToken)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw failure(response, path);
    }
    return parse(response.body());
  }

  private PortalTokens tokens(Map<String, String> body) {
    authenticate(body, endpoints.tokenUrl());
    HttpResponse<String> response = send(post(endpoints.tokenUrl(), body));
    if (response.statusCode() != 200) {
      throw failure(response, "token");
    }
    JsonNode json = parse(response.body());
    String accessToken = json.path("access_token").asText("");
    if (accessToken.isBlank() || !json.path("expires_in").canConvertToLong()) {
      throw new MyPortalException(
          MyPortalException.Reason.MALFORMED, "The portal's token response has no access token");
    }
    Instant now = clock.instant();
    String refresh = json.path("refresh_token").asText(null);
    Instant refreshExpires =
        json.path("refresh_token_expires_in").canConvertToLong()
            ? now.plusSeconds(json.path("refresh_token_expires_in").asLong())
            : null;
    return new PortalTokens(
        accessToken,
        now.plusSeconds(json.path("expires_in").asLong()),
        refresh,
        refreshExpires,
        json.path("scope").asText(endpoints.scope()));
  }

  /** Adds our client authentication: a short-lived ES256 assertion for that endpoint. */
  private void authenticate(Map<String, String> body, URI audience) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(endpoints.clientId())
            .subject(endpoints.clientId())
            .audience(audience.toString())
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(endpoints.clientKey().getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(endpoints.clientKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign the client assertion for My Portal", e);
    }
    body.put("client_id", endpoints.clientId());
    body.put("client_assertion_type", ASSERTION_TYPE);
    body.put("client_assertion", jwt.serialize());
  }

  private HttpRequest post(URI uri, Map<String, String> body) {
    return HttpRequest.newBuilder(uri)
        .timeout(endpoints.timeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form(body)))
        .build();
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MyPortalException(
          MyPortalException.Reason.UNAVAILABLE,
          "My Portal cannot be reached: " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MyPortalException(MyPortalException.Reason.UNAVAILABLE, "Interrupted", e);
    }
  }

  private static MyPortalException failure(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    String error = "";
    try {
      error = JSON.readTree(response.body()).path("error").asText("");
    } catch (IOException | RuntimeException e) {
      // Not JSON: the status says enough.
    }
    if (status == 401 || "invalid_grant".equals(error) || "invalid_token".equals(error)) {
      return new MyPortalException(
          MyPortalException.Reason.REFUSED,
          "My Portal refused the " + what + " request (" + status + " " + error + ")");
    }
    if (status >= 500) {
      return new MyPortalException(
          MyPortalException.Reason.UNAVAILABLE, "My Portal answered " + status + " to " + what);
    }
    return new MyPortalException(
        MyPortalException.Reason.MALFORMED,
        "My Portal answered " + status + " " + error + " to " + what);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new MyPortalException(MyPortalException.Reason.MALFORMED, "My Portal sent no JSON", e);
    }
  }

  static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
