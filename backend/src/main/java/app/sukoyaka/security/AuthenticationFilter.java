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
 * login page. A third-party app's token reaches only FHIR reads, and only while the guardian's
 * consent it was issued under holds (checked on each request). The pages where a guardian
 * authorises an app ({@code /oauth2/authorize}) are a browser's, without a token.
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
          "/oauth2/revoke",
          "/dev/token",
          "/dev/demo",
          "/dev/fcm/messages",
          // My Portal sends the guardian's browser back here: the single-use state names them.
          "/api/v1/my-portal/callback",
          "/fhir/metadata");

  /** The OAuth endpoints, which authenticate the client themselves (RFC 6749 section 2.3). */
  private static final Set<String> CLIENT_AUTHENTICATED_PATHS =
      Set.of("/oauth2/token", "/oauth2/revoke");

  private final TokenService tokens;
  private final StaffSessions sessions;
  private final ErrorResponses errors;
  private final AppGrantCheck appGrants;

  AuthenticationFilter(
      TokenService tokens, StaffSessions sessions, ErrorResponses errors, AppGrantCheck appGrants) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.errors = errors;
    this.appGrants = appGrants;
  }

  /** Whether the path is one of the pages where a guardian authorises an app. */
  static boolean appAuthorization(String path) {
    return path.equals("/oauth2/authorize") || path.startsWith("/oauth2/authorize/");
  }

  /** Whether the path is the dashboard's, where the session cookie is accepted. */
  static boolean dashboard(String path) {
    return path.equals(StaffSessions.COOKIE_PATH)
        || path.startsWith(StaffSessions.COOKIE_PATH + "/");
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable HttpResponse<?> authenticate(HttpRequest<?> request) {
    if (CLIENT_AUTHENTICATED_PATHS.contains(request.getPath())) {
      // Their Authorization header, if any, is an app's client_secret_basic, not a bearer token.
      return null;
    }
    Optional<String> header = request.getHeaders().getAuthorization();
    if (header.isEmpty()) {
      if (PUBLIC_PATHS.contains(request.getPath()) || appAuthorization(request.getPath())) {
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
      if (principal.role() == Role.APP) {
        HttpResponse<?> refused = appRefusal(request, principal);
        if (refused != null) {
          return refused;
        }
      }
      request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
      return null;
    } catch (InvalidTokenException e) {
      return invalid(request, e.getMessage());
    }
  }

  /** An app reads FHIR resources, nothing else, and only under a consent that still holds. */
  private @Nullable HttpResponse<?> appRefusal(HttpRequest<?> request, Principal app) {
    String method = request.getMethodName();
    if (!(method.equals("GET") || method.equals("HEAD"))
        || !request.getPath().startsWith("/fhir/")) {
      return errors.render(
          request, ErrorCode.APP_ROUTE_NOT_ALLOWED, "An app's token reads FHIR resources only.");
    }
    if (!appGrants.active(app.appGrant().grantId(), app.subject())) {
      return invalid(request, "The guardian's consent for this app was withdrawn or has ended.");
    }
    return null;
  }

  private HttpResponse<?> invalid(HttpRequest<?> request, String reason) {
    return errors
        .render(request, ErrorCode.INVALID_TOKEN, reason)
        .header(
            HttpHeaders.WWW_AUTHENTICATE,
            "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"");
  }
}
