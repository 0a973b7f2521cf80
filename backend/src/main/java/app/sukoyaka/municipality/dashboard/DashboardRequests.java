package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.RequestPrincipals;
import app.sukoyaka.security.Role;
import app.sukoyaka.security.StaffSessions;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is asking for a dashboard page and what they may see: staff of one municipality, checked by
 * the access policy (which logs a refusal); and the CSRF token every form posted with the session's
 * cookie must carry.
 */
@Singleton
public class DashboardRequests {
  /** The form field (and, for htmx, the request header) of the CSRF token. */
  public static final String CSRF_FIELD = "_csrf";

  public static final String CSRF_HEADER = "X-CSRF-Token";

  private final AccessGuard guard;

  DashboardRequests(AccessGuard guard) {
    this.guard = guard;
  }

  /** A staff member at the dashboard, with their municipality and page language. */
  public record Staff(
      Principal principal, UUID municipalityId, String language, StaffSessions.Session session) {

    /** The CSRF token of the session, or null when the request came with a bearer token. */
    public String csrfToken() {
      return session == null ? null : session.csrfToken();
    }
  }

  /** The municipality as a subject of the access policy: its figures and lists. */
  public static ProtectedSubject municipality(UUID municipalityId) {
    return new ProtectedSubject("municipality", municipalityId, municipalityId, Set.of(), Set.of());
  }

  /**
   * The staff member of the request; refuses other roles and staff tied to no single municipality,
   * and logs a refusal of the policy.
   */
  public Staff staff(HttpRequest<?> request, String what) {
    Principal principal =
        RequestPrincipals.of(request)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.AUTHENTICATION_REQUIRED, "Sign in to use the dashboard."));
    if (principal.role() != Role.STAFF) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "The dashboard is for the municipality's staff.");
    }
    if (principal.municipalityIds().size() != 1) {
      throw new ProblemException(
          ErrorCode.FORBIDDEN, "This staff account is not tied to exactly one municipality.");
    }
    UUID municipalityId = principal.municipalityIds().iterator().next();
    guard.require(
        principal, AccessPolicy.Action.READ, municipality(municipalityId), what, "dashboard");
    return new Staff(
        principal,
        municipalityId,
        DashboardLanguage.of(request),
        StaffSessions.current(request).orElse(null));
  }

  /**
   * Refuses a form posted with the session's cookie unless it carries the session's CSRF token (as
   * the form field or, from htmx, the header). A request with a bearer token needs none: a browser
   * never adds that on its own.
   */
  public static void requireCsrf(HttpRequest<?> request, String formToken) {
    Optional<StaffSessions.Session> session = StaffSessions.current(request);
    if (session.isEmpty()) {
      return;
    }
    String given = formToken != null ? formToken : request.getHeaders().get(CSRF_HEADER);
    if (!StaffSessions.sameToken(session.get().csrfToken(), given)) {
      throw new ProblemException(
          ErrorCode.DASHBOARD_CSRF, "The form's CSRF token is missing or not this session's.");
    }
  }
}
