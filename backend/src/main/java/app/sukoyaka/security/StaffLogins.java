package app.sukoyaka.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Staff logging in to the dashboard at their municipality's OpenID Connect provider: the
 * authorization code flow with PKCE (RFC 7636), state and nonce. The ID token the provider returns
 * is checked by the same exchange as {@code /oauth2/token}'s (issuer, audience, signature by the
 * provider's published keys, expiry; a staff account for its subject), and must carry the nonce of
 * this login.
 */
@Singleton
public class StaffLogins {
  /** The path the provider sends the browser back to, under the service's public base URL. */
  public static final String CALLBACK_PATH = "/dashboard/login/callback";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<IdentityProviderConfiguration> providers;
  private final IdTokenExchange exchange;
  private final JdbcOperations jdbc;
  private final SecurityConfiguration security;
  private final StaffSessionConfiguration sessions;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  StaffLogins(
      List<IdentityProviderConfiguration> providers,
      IdTokenExchange exchange,
      JdbcOperations jdbc,
      SecurityConfiguration security,
      StaffSessionConfiguration sessions,
      Clock clock) {
    this.providers =
        providers.stream().filter(IdentityProviderConfiguration::browserLogin).toList();
    this.exchange = exchange;
    this.jdbc = jdbc;
    this.security = security;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** A provider staff can log in at, by its configuration key and the name shown. */
  public record Provider(String name, String displayName) {}

  /** Why a login did not succeed (shown to the staff member; details in the log). */
  public static class LoginFailed extends RuntimeException {
    public LoginFailed(String message) {
      super(message);
    }
  }

  /** The browser came back with a state this service did not issue, used already, or too late. */
  public static final class LoginExpired extends LoginFailed {
    public LoginExpired() {
      super("This login was not started here, was used already or took too long; start again.");
    }
  }

  /** A finished login: the staff principal and where to go. */
  public record Finished(Principal principal, String provider, String next) {}

  public List<Provider> providers() {
    return providers.stream()
        .map(p -> new Provider(p.name(), p.displayName() == null ? p.name() : p.displayName()))
        .toList();
  }

  private Optional<IdentityProviderConfiguration> provider(String name) {
    return providers.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  String redirectUri() {
    return security.issuer().replaceAll("/+$", "") + CALLBACK_PATH;
  }

  /**
   * Starts a login at the provider: stores the state (its hash), nonce and PKCE verifier, and
   * answers the provider's authorization URL to send the browser to.
   */
  @Transactional
  public URI start(String providerName, String next) {
    IdentityProviderConfiguration provider =
        provider(providerName)
            .orElseThrow(() -> new LoginFailed("No such identity provider for staff."));
    String state = StaffSessions.randomToken();
    String nonce = StaffSessions.randomToken();
    String verifier = StaffSessions.randomToken() + StaffSessions.randomToken();
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "INSERT INTO staff_login_state (state_sha256, identity_provider, nonce, code_verifier,"
            + " next_path, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setString(1, StaffSessions.sha256(state));
          statement.setString(2, provider.name());
          statement.setString(3, nonce);
          statement.setString(4, verifier);
          statement.setString(5, next);
          statement.setTimestamp(6, Timestamp.from(now));
          statement.setTimestamp(7, Timestamp.from(now.plus(sessions.loginStateLifetime())));
          return statement.executeUpdate();
        });
    return UriBuilder.of(provider.authorizationEndpoint())
        .queryParam("response_type", "code")
        .queryParam("client_id", provider.audience())
        .queryParam("redirect_uri", redirectUri())
        .queryParam("scope", "openid")
        .queryParam("state", state)
        .queryParam("nonce", nonce)
        .queryParam("code_challenge", challenge(verifier))
        .queryParam("code_challenge_method", "S256")
        .build();
  }

  private record State(String provider, String nonce, String verifier, String next) {}

  /**
   * Finishes a login: the state must be one this service issued and not used, not expired (it is
   * used up either way); the code is exchanged at the provider's token endpoint; the ID token is
   * checked and must name a staff account.
   */
  public Finished finish(String state, String code) {
    if (state == null || code == null || state.isBlank() || code.isBlank()) {
      throw new LoginFailed("The provider sent no code or state.");
    }
    State stored = takeState(state).orElseThrow(LoginExpired::new);
    IdentityProviderConfiguration provider =
        provider(stored.provider())
            .orElseThrow(() -> new LoginFailed("The identity provider is no longer configured."));
    String idToken = redeem(http, provider, code, stored.verifier(), redirectUri());
    Principal principal;
    try {
      principal = exchange.exchange(idToken);
    } catch (OAuthException e) {
      throw new LoginFailed(e.getMessage());
    }
    if (principal.role() != Role.STAFF) {
      throw new LoginFailed("This provider does not log in staff.");
    }
    try {
      Object nonce = SignedJWT.parse(idToken).getJWTClaimsSet().getClaim("nonce");
      if (!stored.nonce().equals(nonce)) {
        throw new LoginFailed("The ID token was not issued for this login (nonce).");
      }
    } catch (ParseException e) {
      throw new LoginFailed("The ID token is not a signed JWT.");
    }
    return new Finished(principal, provider.name(), stored.next());
  }

  @Transactional
  Optional<State> takeState(String state) {
    return jdbc.prepareStatement(
        "DELETE FROM staff_login_state WHERE state_sha256 = ? AND expires_at > ?"
            + " RETURNING identity_provider, nonce, code_verifier, next_path",
        statement -> {
          statement.setString(1, StaffSessions.sha256(state));
          statement.setTimestamp(2, Timestamp.from(clock.instant()));
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next()
                ? Optional.of(
                    new State(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                : Optional.empty();
          }
        });
  }

  /** Redeems a code at the provider's token endpoint for the ID token (guardians' logins too). */
  static String redeem(
      HttpClient http,
      IdentityProviderConfiguration provider,
      String code,
      String verifier,
      String redirectUri) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", verifier);
    form.put("client_id", provider.audience());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(provider.tokenEndpoint())
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (provider.clientSecret() != null && !provider.clientSecret().isBlank()) {
      String credentials =
          URLEncoder.encode(provider.audience(), StandardCharsets.UTF_8)
              + ":"
              + URLEncoder.encode(provider.clientSecret(), StandardCharsets.UTF_8);
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new LoginFailed("The identity provider could not be reached.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoginFailed("Interrupted while asking the identity provider.");
    }
    if (response.statusCode() != 200) {
      throw new LoginFailed(
          "The identity provider refused the code (HTTP " + response.statusCode() + ").");
    }
    try {
      JsonNode token = JSON.readTree(response.body());
      String idToken = token.path("id_token").asText("");
      if (idToken.isEmpty()) {
        throw new LoginFailed("The identity provider returned no ID token.");
      }
      return idToken;
    } catch (IOException e) {
      throw new LoginFailed("The identity provider's answer is not JSON.");
    }
  }

  /** The PKCE S256 challenge of a verifier. */
  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
