package app.sukoyaka.security;

import app.sukoyaka.platform.Ids;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The sessions of staff logged in to the dashboard in a browser. A session starts from a principal
 * that the token service's own checks produced (an ID token exchanged as at {@code /oauth2/token},
 * or a demo identity as at {@code /dev/token}); the browser holds only a random 256-bit token in a
 * cookie limited to {@code /dashboard}, and the table only its SHA-256. Each request re-reads the
 * staff account, so removing it ends the access at once.
 */
@Singleton
public class StaffSessions {
  /** The request attribute holding the {@link Session} a request was authenticated with. */
  static final String SESSION_ATTRIBUTE = "sukoyaka.staff-session";

  /** The path the cookie is limited to: the API never sees it, so it cannot act for the API. */
  public static final String COOKIE_PATH = "/dashboard";

  /**
   * Writes of the last use are spared within this interval (pages load many assets at once), and
   * within a quarter of the idle timeout, so that a session in use is never taken for idle.
   */
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcOperations jdbc;
  private final PrincipalDirectory directory;
  private final StaffSessionConfiguration config;
  private final Clock clock;

  StaffSessions(
      JdbcOperations jdbc,
      PrincipalDirectory directory,
      StaffSessionConfiguration config,
      Clock clock) {
    this.jdbc = jdbc;
    this.directory = directory;
    this.config = config;
    this.clock = clock;
  }

  /** How the staff member logged in. */
  public enum Method {
    DEMO("demo"),
    OIDC("oidc");

    private final String code;

    Method(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * A live session.
   *
   * @param csrfToken the token every form of the session must post back
   * @param language the page language chosen, null for the browser's
   */
  public record Session(
      UUID id, Principal principal, String csrfToken, String language, Instant expiresAt) {}

  /** A session just opened, with the token for the cookie (shown once, never stored). */
  public record Opened(Session session, String token) {}

  /** The session a request was authenticated with, if it came with the cookie. */
  public static Optional<Session> current(HttpRequest<?> request) {
    return request.getAttribute(SESSION_ATTRIBUTE, Session.class);
  }

  /** Opens a session for a staff principal; refuses other roles. */
  @Transactional
  public Opened open(Principal staff, Method method, String identityProvider, String language) {
    if (staff.role() != Role.STAFF || staff.municipalityIds().size() != 1) {
      throw new IllegalArgumentException("Only staff of one municipality use the dashboard");
    }
    String token = randomToken();
    String csrf = randomToken();
    UUID id = Ids.newId();
    Instant now = clock.instant();
    Instant expires = now.plus(config.maxLifetime());
    jdbc.prepareStatement(
        "INSERT INTO staff_session (id, token_sha256, staff_subject, municipality_id, csrf_token,"
            + " language, login_method, identity_provider, created_at, last_seen_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setString(2, sha256(token));
          statement.setString(3, staff.subject());
          statement.setObject(4, staff.municipalityIds().iterator().next());
          statement.setString(5, csrf);
          statement.setString(6, language);
          statement.setString(7, method.code());
          statement.setString(8, identityProvider);
          statement.setTimestamp(9, Timestamp.from(now));
          statement.setTimestamp(10, Timestamp.from(now));
          statement.setTimestamp(11, Timestamp.from(expires));
          return statement.executeUpdate();
        });
    return new Opened(new Session(id, staff, csrf, language, expires), token);
  }

  private record Row(
      UUID id,
      String subject,
      String csrf,
      String language,
      Instant lastSeen,
      Instant expires,
      boolean ended) {}

  /**
   * The live session of a cookie's token, with the staff member's principal as of now; a session
   * past its end or idle too long is ended and not returned.
   */
  @Transactional
  public Optional<Session> find(String token) {
    if (token == null || token.length() < 40 || token.length() > 64) {
      return Optional.empty();
    }
    Optional<Row> found =
        jdbc.prepareStatement(
            "SELECT id, staff_subject, csrf_token, language, last_seen_at, expires_at,"
                + " ended_at IS NOT NULL FROM staff_session WHERE token_sha256 = ?",
            statement -> {
              statement.setString(1, sha256(token));
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                    ? Optional.of(
                        new Row(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6).toInstant(),
                            rs.getBoolean(7)))
                    : Optional.empty();
              }
            });
    if (found.isEmpty() || found.get().ended()) {
      return Optional.empty();
    }
    Row row = found.get();
    Instant now = clock.instant();
    if (!now.isBefore(row.expires())) {
      end(row.id(), "expired");
      return Optional.empty();
    }
    if (!now.isBefore(row.lastSeen().plus(config.idleTimeout()))) {
      end(row.id(), "idle");
      return Optional.empty();
    }
    Optional<Principal> principal = directory.staff(row.subject());
    if (principal.isEmpty()) {
      return Optional.empty();
    }
    Duration touch = TOUCH_INTERVAL;
    if (config.idleTimeout().dividedBy(4).compareTo(touch) < 0) {
      touch = config.idleTimeout().dividedBy(4);
    }
    if (!now.isBefore(row.lastSeen().plus(touch))) {
      jdbc.prepareStatement(
          "UPDATE staff_session SET last_seen_at = ? WHERE id = ?",
          statement -> {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setObject(2, row.id());
            return statement.executeUpdate();
          });
    }
    return Optional.of(
        new Session(row.id(), principal.get(), row.csrf(), row.language(), row.expires()));
  }

  /** The live session of the request's cookie, if it has one. */
  public Optional<Session> fromRequest(HttpRequest<?> request) {
    return request.getCookies().findCookie(config.cookieName()).flatMap(c -> find(c.getValue()));
  }

  /** Ends the session (logout). */
  @Transactional
  public void logout(UUID sessionId) {
    end(sessionId, "logout");
  }

  private void end(UUID sessionId, String reason) {
    jdbc.prepareStatement(
        "UPDATE staff_session SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(clock.instant()));
          statement.setString(2, reason);
          statement.setObject(3, sessionId);
          return statement.executeUpdate();
        });
  }

  /** Records the page language the staff member chose for this session (null: the browser's). */
  @Transactional
  public void setLanguage(UUID sessionId, String language) {
    jdbc.prepareStatement(
        "UPDATE staff_session SET language = ? WHERE id = ? AND ended_at IS NULL",
        statement -> {
          statement.setString(1, language);
          statement.setObject(2, sessionId);
          return statement.executeUpdate();
        });
  }

  /** The cookie that carries a session: HttpOnly, SameSite=Strict, limited to the dashboard. */
  public Cookie cookie(Opened opened) {
    return Cookie.of(config.cookieName(), opened.token())
        .path(COOKIE_PATH)
        .httpOnly(true)
        .secure(config.cookieSecure())
        .sameSite(SameSite.Strict)
        .maxAge(Duration.between(clock.instant(), opened.session().expiresAt()));
  }

  /** A cookie that makes the browser forget the session's. */
  public Cookie clearedCookie() {
    return Cookie.of(config.cookieName(), "")
        .path(COOKIE_PATH)
        .httpOnly(true)
        .secure(config.cookieSecure())
        .sameSite(SameSite.Strict)
        .maxAge(0);
  }

  /** Whether the two tokens are equal, in time that does not depend on where they differ. */
  public static boolean sameToken(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** 256 random bits, base64url without padding (43 characters). */
  public static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends sessions past their end and forgets logins that never came back. */
  @Transactional
  public void purge() {
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "UPDATE staff_session SET ended_at = ?, end_reason = 'expired'"
            + " WHERE ended_at IS NULL AND expires_at <= ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setTimestamp(2, Timestamp.from(now));
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "DELETE FROM staff_login_state WHERE expires_at <= ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          return statement.executeUpdate();
        });
  }
}
