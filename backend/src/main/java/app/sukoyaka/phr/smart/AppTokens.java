package app.sukoyaka.phr.smart;

import app.sukoyaka.security.AppTokenGrants;
import app.sukoyaka.security.OAuthException;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.Role;
import app.sukoyaka.security.TokenService;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tokens of third-party apps: the authorization code (single use, short-lived, PKCE S256) is
 * redeemed for a short-lived access token and, with {@code offline_access}, a refresh token that
 * rotates on each use. A code or refresh token presented a second time means a copy exists: the
 * grant is withdrawn, so neither the thief nor the app reads anything more until the guardian
 * consents again. Every token request authenticates the app: a public app names itself, a
 * confidential one proves its secret.
 */
@Singleton
class AppTokens implements AppTokenGrants {
  private final PhrApps apps;
  private final AppGrants grants;
  private final TokenService tokens;
  private final SmartAppConfiguration config;
  private final JdbcOperations jdbc;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;

  AppTokens(
      PhrApps apps,
      AppGrants grants,
      TokenService tokens,
      SmartAppConfiguration config,
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.apps = apps;
    this.grants = grants;
    this.tokens = tokens;
    this.config = config;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** Stores a new code for the grant in the caller's transaction and answers it. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  String newCode(UUID grantId, String redirectUri, String challenge, Set<String> scopes) {
    String code = Secrets.random();
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "INSERT INTO phr_app_code (code_sha256, grant_id, redirect_uri, code_challenge, scopes,"
            + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setString(1, Secrets.sha256(code));
          statement.setObject(2, grantId);
          statement.setString(3, redirectUri);
          statement.setString(4, challenge);
          statement.setString(5, AppScopes.format(scopes));
          statement.setTimestamp(6, Timestamp.from(now));
          statement.setTimestamp(7, Timestamp.from(now.plus(config.codeLifetime())));
          return statement.executeUpdate();
        });
    return code;
  }

  /**
   * What a token request came to: tokens, or a refusal, and perhaps a grant to withdraw. The
   * withdrawal is made after the request's own transaction, which a refusal rolls back.
   */
  private record Outcome(Issued issued, OAuthException error, UUID withdraw, String reason) {
    static Outcome issued(Issued issued) {
      return new Outcome(issued, null, null, null);
    }

    static Outcome refused(OAuthException error) {
      return new Outcome(null, error, null, null);
    }

    static Outcome refusedAndWithdrawn(OAuthException error, UUID grantId, String reason) {
      return new Outcome(null, error, grantId, reason);
    }
  }

  @Override
  public Issued token(String grantType, Map<String, String> form, String authorization) {
    PhrApps.PhrApp app = authenticate(form, authorization);
    Outcome outcome =
        transactions.executeWrite(
            status ->
                AUTHORIZATION_CODE.equals(grantType) ? redeem(app, form) : refresh(app, form));
    if (outcome.withdraw() != null) {
      grants.withdraw(
          outcome.withdraw(),
          outcome.reason().equals("code")
              ? AppGrants.Withdrawal.CODE_REUSED
              : AppGrants.Withdrawal.REFRESH_TOKEN_REUSED);
    }
    if (outcome.error() != null) {
      throw outcome.error();
    }
    return outcome.issued();
  }

  private Outcome redeem(PhrApps.PhrApp app, Map<String, String> form) {
    String code = form.get("code");
    String redirectUri = form.get("redirect_uri");
    String verifier = form.get("code_verifier");
    if (code == null || code.isBlank() || redirectUri == null) {
      return Outcome.refused(invalidRequest("code and redirect_uri are required."));
    }
    if (verifier == null || verifier.isBlank()) {
      return Outcome.refused(invalidGrant("code_verifier is required (PKCE)."));
    }
    Optional<StoredCode> found = code(code);
    if (found.isEmpty()) {
      return Outcome.refused(invalidGrant("Unknown or expired code."));
    }
    StoredCode stored = found.get();
    Instant now = clock.instant();
    AppGrants.Grant grant = grants.find(stored.grantId()).orElseThrow();
    if (!grant.clientId().equals(app.clientId())) {
      return Outcome.refused(invalidGrant("The code was issued to another app."));
    }
    if (stored.usedAt() != null) {
      return Outcome.refusedAndWithdrawn(
          invalidGrant("The code was used already; the authorization is withdrawn."),
          grant.id(),
          "code");
    }
    if (!now.isBefore(stored.expiresAt())) {
      return Outcome.refused(invalidGrant("The code has expired."));
    }
    if (!stored.redirectUri().equals(redirectUri)) {
      return Outcome.refused(invalidGrant("redirect_uri differs from the authorization's."));
    }
    if (!Secrets.validVerifier(verifier)
        || !Secrets.same(stored.challenge(), Secrets.s256(verifier))) {
      return Outcome.refused(invalidGrant("The code_verifier does not match the challenge."));
    }
    if (!grant.activeAt(now)) {
      return Outcome.refused(invalidGrant("The guardian's consent has ended."));
    }
    jdbc.prepareStatement(
        "UPDATE phr_app_code SET used_at = ? WHERE code_sha256 = ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setString(2, Secrets.sha256(code));
          return statement.executeUpdate();
        });
    return Outcome.issued(issue(grant, stored.scopes(), stored.scopes()));
  }

  private Outcome refresh(PhrApps.PhrApp app, Map<String, String> form) {
    String token = form.get("refresh_token");
    if (token == null || token.isBlank()) {
      return Outcome.refused(invalidRequest("refresh_token is required."));
    }
    Optional<StoredRefresh> found = refreshToken(token);
    if (found.isEmpty()) {
      return Outcome.refused(invalidGrant("Unknown refresh token."));
    }
    StoredRefresh stored = found.get();
    AppGrants.Grant grant = grants.find(stored.grantId()).orElseThrow();
    if (!grant.clientId().equals(app.clientId())) {
      return Outcome.refused(invalidGrant("The refresh token was issued to another app."));
    }
    if (stored.usedAt() != null) {
      return Outcome.refusedAndWithdrawn(
          invalidGrant("The refresh token was used already; the authorization is withdrawn."),
          grant.id(),
          "refresh");
    }
    Instant now = clock.instant();
    if (!grant.activeAt(now)) {
      return Outcome.refused(invalidGrant("The guardian's consent has ended."));
    }
    if (!now.isBefore(stored.expiresAt())) {
      return Outcome.refused(
          invalidGrant("The refresh token has expired (unused too long); authorise again."));
    }
    Set<String> requested = AppScopes.parse(form.get("scope"));
    Set<String> scopes = requested.isEmpty() ? stored.scopes() : requested;
    if (!stored.scopes().containsAll(scopes)) {
      Set<String> beyond = new java.util.TreeSet<>(scopes);
      beyond.removeAll(stored.scopes());
      return Outcome.refused(
          new OAuthException(
              "invalid_scope",
              "Beyond what the guardian consented to: " + String.join(" ", beyond) + ".",
              400));
    }
    jdbc.prepareStatement(
        "UPDATE phr_app_refresh_token SET used_at = ? WHERE token_sha256 = ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setString(2, Secrets.sha256(token));
          return statement.executeUpdate();
        });
    return Outcome.issued(issue(grant, scopes, stored.scopes()));
  }

  /** An access token with {@code scopes}; a refresh token (for all it may) with offline_access. */
  private Issued issue(AppGrants.Grant grant, Set<String> scopes, Set<String> refreshScopes) {
    Instant now = clock.instant();
    Principal principal =
        new Principal(
            Role.APP,
            grant.clientId(),
            Set.of(),
            null,
            scopes,
            new Principal.AppGrant(
                grant.id(),
                grant.guardianSubject(),
                grant.subjectType(),
                grant.subjectId(),
                grant.patientId()));
    // Never beyond the consent: a token outliving the grant would read after its end.
    java.time.Duration lifetime = config.accessTokenLifetime();
    if (now.plus(lifetime).isAfter(grant.expiresAt())) {
      lifetime = java.time.Duration.between(now, grant.expiresAt());
    }
    TokenService.IssuedToken access = tokens.issue(principal, now, lifetime);
    String refresh = null;
    if (refreshScopes.contains(AppScopes.OFFLINE_ACCESS)) {
      refresh = Secrets.random();
      String hash = Secrets.sha256(refresh);
      // Idle bound: unused this long it expires; absolute bound: the consent's end.
      Instant idleEnd = now.plus(config.refreshTokenIdleLifetime());
      Instant refreshEnds = idleEnd.isBefore(grant.expiresAt()) ? idleEnd : grant.expiresAt();
      jdbc.prepareStatement(
          "INSERT INTO phr_app_refresh_token (token_sha256, grant_id, scopes, issued_at,"
              + " expires_at) VALUES (?, ?, ?, ?, ?)",
          statement -> {
            statement.setString(1, hash);
            statement.setObject(2, grant.id());
            statement.setString(3, AppScopes.format(refreshScopes));
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setTimestamp(5, Timestamp.from(refreshEnds));
            return statement.executeUpdate();
          });
    }
    grants.used(grant.id());
    return new Issued(access, refresh, grant.patientId().toString());
  }

  private record StoredCode(
      UUID grantId,
      String redirectUri,
      String challenge,
      Set<String> scopes,
      Instant expiresAt,
      Instant usedAt) {}

  /** The code's row, locked: two redemptions at once are one after the other. */
  private Optional<StoredCode> code(String code) {
    return jdbc.prepareStatement(
        "SELECT grant_id, redirect_uri, code_challenge, scopes, expires_at, used_at"
            + " FROM phr_app_code WHERE code_sha256 = ? FOR UPDATE",
        statement -> {
          statement.setString(1, Secrets.sha256(code));
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            Timestamp used = rs.getTimestamp(6);
            return Optional.of(
                new StoredCode(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    AppScopes.parse(rs.getString(4)),
                    rs.getTimestamp(5).toInstant(),
                    used == null ? null : used.toInstant()));
          }
        });
  }

  private record StoredRefresh(
      UUID grantId, Set<String> scopes, Instant expiresAt, Instant usedAt) {}

  private Optional<StoredRefresh> refreshToken(String token) {
    return jdbc.prepareStatement(
        "SELECT grant_id, scopes, expires_at, used_at FROM phr_app_refresh_token"
            + " WHERE token_sha256 = ? FOR UPDATE",
        statement -> {
          statement.setString(1, Secrets.sha256(token));
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            Timestamp used = rs.getTimestamp(4);
            return Optional.of(
                new StoredRefresh(
                    rs.getObject(1, UUID.class),
                    AppScopes.parse(rs.getString(2)),
                    rs.getTimestamp(3).toInstant(),
                    used == null ? null : used.toInstant()));
          }
        });
  }

  /**
   * The grant a refresh token of this app belongs to, if it is one (RFC 7009 revocation). Access
   * tokens are recognised by the caller.
   */
  @Transactional
  Optional<UUID> grantOfRefreshToken(String token, String clientId) {
    return refreshToken(token)
        .map(StoredRefresh::grantId)
        .filter(id -> grants.find(id).map(g -> g.clientId().equals(clientId)).orElse(false));
  }

  /**
   * The app making a token or revocation request (RFC 6749 section 2.3): a confidential app by its
   * secret, in the Authorization header (client_secret_basic) or the form (client_secret_post); a
   * public app by its client_id alone.
   */
  PhrApps.PhrApp authenticate(Map<String, String> form, String authorization) {
    String clientId = form.get("client_id");
    String secret = form.get("client_secret");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw invalidClient("The Basic credentials are not base64.");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw invalidClient("The Basic credentials are client_id:client_secret.");
      }
      String basicId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
      if (clientId != null && !clientId.equals(basicId)) {
        throw invalidClient("client_id differs from the authenticated client.");
      }
      clientId = basicId;
      secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
    }
    if (clientId == null || clientId.isBlank()) {
      throw invalidClient("client_id is required.");
    }
    PhrApps.PhrApp app =
        apps.active(clientId).orElseThrow(() -> invalidClient("Unknown or inactive app."));
    if (app.confidential()) {
      if (secret == null || !Secrets.same(app.secretSha256(), Secrets.sha256(secret))) {
        throw invalidClient("The app's client secret is missing or wrong.");
      }
    } else if (secret != null) {
      throw invalidClient("A public app has no client secret.");
    }
    return app;
  }

  private static OAuthException invalidGrant(String description) {
    return new OAuthException("invalid_grant", description, 400);
  }

  private static OAuthException invalidRequest(String description) {
    return new OAuthException("invalid_request", description, 400);
  }

  private static OAuthException invalidClient(String description) {
    return new OAuthException("invalid_client", description, 401);
  }
}
