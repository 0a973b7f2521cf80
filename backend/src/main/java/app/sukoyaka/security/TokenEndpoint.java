package app.sukoyaka.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The OAuth 2.0 token endpoint: clinic systems use {@code client_credentials} with a {@code
 * private_key_jwt} client assertion (SMART Backend Services); guardians and staff exchange the ID
 * token of their OpenID Connect login; third-party PHR apps redeem the code of a guardian's consent
 * and refresh their tokens ({@link AppTokenGrants}).
 */
@Controller("/oauth2/token")
@ExecuteOn(TaskExecutors.BLOCKING)
class TokenEndpoint {
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
  static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  private final ClientAssertionVerifier assertions;
  private final PrincipalDirectory directory;
  private final TokenService tokens;
  private final IdTokenExchange idTokens;
  private final AppTokenGrants apps;
  private final RateLimiter limiter;
  private final HttpClientAddressResolver addresses;

  TokenEndpoint(
      ClientAssertionVerifier assertions,
      PrincipalDirectory directory,
      TokenService tokens,
      IdTokenExchange idTokens,
      AppTokenGrants apps,
      RateLimiter limiter,
      HttpClientAddressResolver addresses) {
    this.limiter = limiter;
    this.addresses = addresses;
    this.idTokens = idTokens;
    this.apps = apps;
    this.assertions = assertions;
    this.directory = directory;
    this.tokens = tokens;
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TokenResponse(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("expires_in") long expiresIn,
      @JsonProperty("scope") String scope,
      @JsonProperty("issued_token_type") @Nullable String issuedTokenType,
      @JsonProperty("refresh_token") @Nullable String refreshToken,
      @JsonProperty("patient") @Nullable String patient) {}

  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
  HttpResponse<TokenResponse> token(@Body Map<String, String> form, HttpRequest<?> request) {
    limit(RateLimiter.Limit.TOKEN_PER_ADDRESS, addresses.resolve(request), "this address");
    limit(
        RateLimiter.Limit.TOKEN_PER_CLIENT,
        namedClient(form, request.getHeaders().get(HttpHeaders.AUTHORIZATION)),
        "this client");
    String grantType = form.get("grant_type");
    if (grantType == null) {
      throw OAuthException.invalidRequest("grant_type is required.");
    }
    if (TOKEN_EXCHANGE.equals(grantType)) {
      return exchange(form);
    }
    if (AppTokenGrants.AUTHORIZATION_CODE.equals(grantType)
        || AppTokenGrants.REFRESH_TOKEN.equals(grantType)) {
      AppTokenGrants.Issued issued =
          apps.token(grantType, form, request.getHeaders().get(HttpHeaders.AUTHORIZATION));
      return answer(issued.token(), null, issued.refreshToken(), issued.patient());
    }
    if (!"client_credentials".equals(grantType)) {
      throw new OAuthException(
          "unsupported_grant_type",
          "Use client_credentials (clinic systems), "
              + TOKEN_EXCHANGE
              + " (ID tokens), authorization_code or refresh_token (apps).",
          400);
    }
    if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
      throw OAuthException.invalidRequest("client_assertion_type must be " + ASSERTION_TYPE + ".");
    }
    String assertion = form.get("client_assertion");
    if (assertion == null || assertion.isBlank()) {
      throw OAuthException.invalidRequest("client_assertion is required.");
    }
    PrincipalDirectory.ClinicClient client = assertions.verify(assertion);
    Set<String> granted = grantedScopes(form.get("scope"), client.scopes());
    Principal principal =
        directory
            .clinic(client.clientId(), granted)
            .orElseThrow(() -> OAuthException.invalidClient("Unknown or inactive client."));
    return answer(tokens.issue(principal), null);
  }

  private void limit(RateLimiter.Limit limit, String caller, String whose) {
    limiter
        .acquire(limit, caller)
        .ifPresent(
            wait -> {
              String seconds = RateLimiter.retryAfter(wait);
              throw OAuthException.rateLimited(
                  "Too many token requests from " + whose + "; try again in " + seconds + " s.",
                  seconds);
            });
  }

  /**
   * The client a token request names, before it is authenticated: the client assertion's issuer, an
   * app's client_id (form or Basic credentials); null for an ID token exchange, limited by address
   * only. Counting unauthenticated names lets a stranger spend a client's allowance, but only as
   * fast as the per-address limit lets them.
   */
  static String namedClient(Map<String, String> form, String authorization) {
    String assertion = form.get("client_assertion");
    if (assertion != null) {
      try {
        String issuer = SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
        return issuer == null ? null : "clinic:" + issuer;
      } catch (java.text.ParseException e) {
        return null;
      }
    }
    String clientId = form.get("client_id");
    if (clientId == null
        && authorization != null
        && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        clientId = colon < 0 ? null : decoded.substring(0, colon);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return clientId == null ? null : "app:" + clientId;
  }

  /** A guardian or staff member exchanges the ID token of their login (RFC 8693). */
  private HttpResponse<TokenResponse> exchange(Map<String, String> form) {
    if (!ID_TOKEN_TYPE.equals(form.get("subject_token_type"))) {
      throw OAuthException.invalidRequest("subject_token_type must be " + ID_TOKEN_TYPE + ".");
    }
    String requested = form.get("requested_token_type");
    if (requested != null && !ACCESS_TOKEN_TYPE.equals(requested)) {
      throw OAuthException.invalidRequest("Only access tokens are issued here.");
    }
    String idToken = form.get("subject_token");
    if (idToken == null || idToken.isBlank()) {
      throw OAuthException.invalidRequest("subject_token is required.");
    }
    return answer(tokens.issue(idTokens.exchange(idToken)), ACCESS_TOKEN_TYPE);
  }

  /** RFC 6749 §5.1: tokens are never cached by anyone on the way. */
  private static HttpResponse<TokenResponse> answer(
      TokenService.IssuedToken token, String issuedTokenType) {
    return answer(token, issuedTokenType, null, null);
  }

  private static HttpResponse<TokenResponse> answer(
      TokenService.IssuedToken token, String issuedTokenType, String refreshToken, String patient) {
    return HttpResponse.ok(
            new TokenResponse(
                token.value(),
                "Bearer",
                token.expiresInSeconds(),
                String.join(" ", token.scopes().stream().sorted().toList()),
                issuedTokenType,
                refreshToken,
                patient))
        .header("Cache-Control", "no-store")
        .header("Pragma", "no-cache");
  }

  private static Set<String> grantedScopes(String requested, Set<String> allowed) {
    if (requested == null || requested.isBlank()) {
      return allowed;
    }
    Set<String> asked = new LinkedHashSet<>(Set.of(requested.trim().split("\\s+")));
    if (!allowed.containsAll(asked)) {
      asked.removeAll(allowed);
      throw new OAuthException(
          "invalid_scope", "Not allowed for this client: " + String.join(" ", asked) + ".", 400);
    }
    return asked;
  }
}
