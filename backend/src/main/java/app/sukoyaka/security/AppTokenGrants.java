package app.sukoyaka.security;

import java.util.Map;

/**
 * The token endpoint's grants for third-party PHR apps (SMART App Launch): {@code
 * authorization_code} with PKCE and {@code refresh_token}. Their errors are {@link
 * OAuthException}s.
 */
public interface AppTokenGrants {
  String AUTHORIZATION_CODE = "authorization_code";
  String REFRESH_TOKEN = "refresh_token";

  /**
   * Answers one token request.
   *
   * @param grantType {@link #AUTHORIZATION_CODE} or {@link #REFRESH_TOKEN}
   * @param form the request's parameters
   * @param authorization the request's Authorization header (client_secret_basic), or null
   */
  Issued token(String grantType, Map<String, String> form, String authorization);

  /**
   * An access token for an app, with the launch context.
   *
   * @param token the access token
   * @param refreshToken the next refresh token, or null without {@code offline_access}
   * @param patient the FHIR Patient id of the launch
   */
  record Issued(TokenService.IssuedToken token, String refreshToken, String patient) {}
}
