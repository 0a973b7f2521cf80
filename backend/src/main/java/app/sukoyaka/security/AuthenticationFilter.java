package app.sukoyaka.security;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ErrorResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the bearer token of every request and attaches the verified {@link Principal}; requests to
 * anything but the few public endpoints are refused without one. The dashboard's pages ({@code
 * /dashboard}) are also reached with a staff session's cookie ({@link StaffSessions}), which no
 * other path accepts; without either they are passed on, and the dashboard sends the browser to its
 * login page.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(AuthenticationFilter.ORDER)
class AuthenticationFilter {
  /** Before every other filter of the service, which may read the principal. */
  static final int ORDER = 39000;

  static final String PRINCIPAL_ATTRIBUTE = "sukoyaka.principal";
  private static final Set<String> PUBLIC_PATHS =
      Set.of(
          "/health",
          "/health/liveness",
          "/health/readiness",
          "/.well-known/jwks.json",
          "/.well-known/smart-configuration",
          "/oauth2/token",
          "/dev/token",
          "/dev/demo",
          "/dev/fcm/messages",
          // My Portal sends the guardian's browser back here: the single-use state names them.
          "/api/v1/my-portal/callback",
          "/fhir/metadata");

  private final TokenService tokens;
  private final StaffSessions sessions;
  private final ErrorResponses errors;

  AuthenticationFilter(TokenService tokens, StaffSessions sessions, ErrorResponses errors) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.errors = errors;
  }

  /** Whether the path is the dashboard's, where the session cookie is accepted. */
  static boolean dashboard(String path) {
    return path.equals(StaffSessions.COOKIE_PATH)
        || path.startsWith(StaffSessions.COOKIE_PATH + "/");
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable HttpResponse<?> authenticate(HttpRequest<?> request) {
    Optional<String> header = request.getHeaders().getAuthorization();
    if (header.isEmpty()) {
      if (PUBLIC_PATHS.contains(request.getPath())) {
        return null;
      }
      if (dashboard(request.getPath())) {
        sessions
            .fromRequest(request)
            .ifPresent(
                session -> {
                  request.setAttribute(PRINCIPAL_ATTRIBUTE, session.principal());
                  request.setAttribute(StaffSessions.SESSION_ATTRIBUTE, session);
                });
        return null;
      }
      return errors
          .render(request, ErrorCode.AUTHENTICATION_REQUIRED, "Send a bearer access token.")
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    String value = header.get();
    if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return invalid(request, "The Authorization header must carry a bearer token.");
    }
    try {
      Principal principal = tokens.verify(value.substring(7).trim());
      request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
      return null;
    } catch (InvalidTokenException e) {
      return invalid(request, e.getMessage());
    }
  }

  private HttpResponse<?> invalid(HttpRequest<?> request, String reason) {
    return errors
        .render(request, ErrorCode.INVALID_TOKEN, reason)
        .header(
            HttpHeaders.WWW_AUTHENTICATE,
            "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"");
  }
}
