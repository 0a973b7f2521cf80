package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.StaffLogins;
import app.sukoyaka.security.StaffSessions;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.views.ModelAndView;
import java.net.URI;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logging in to the dashboard and out: at the municipality's OpenID Connect provider (authorization
 * code flow with PKCE, {@link StaffLogins}) or, in demo mode, as a demo staff member ({@link
 * DemoLoginController}). Either way the result is a staff session and its cookie.
 */
@Controller("/dashboard")
@ExecuteOn(TaskExecutors.BLOCKING)
class LoginController {
  /** A short-lived cookie and form field against login CSRF (a form posted to log someone in). */
  static final String LOGIN_COOKIE = "sukoyaka-dashboard-login";

  private final DashboardPages pages;
  private final StaffSessions sessions;
  private final StaffLogins logins;
  private final JdbcOperations jdbc;
  private final boolean demo;

  LoginController(
      DashboardPages pages,
      StaffSessions sessions,
      StaffLogins logins,
      JdbcOperations jdbc,
      @Value("${sukoyaka.demo:false}") boolean demo) {
    this.pages = pages;
    this.sessions = sessions;
    this.logins = logins;
    this.jdbc = jdbc;
    this.demo = demo;
  }

  record DemoStaff(String subject, String label) {}

  @Get(uri = "/login", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> login(
      @Nullable @QueryValue String next,
      @Nullable @QueryValue String error,
      HttpRequest<?> request) {
    String language = DashboardLanguage.of(request);
    Map<String, Object> model = pages.open(language);
    String loginToken = StaffSessions.randomToken();
    model.put("next", safeNext(next));
    model.put("loginToken", loginToken);
    model.put("providers", logins.providers());
    model.put("demo", demo);
    model.put("demoStaff", demo ? demoStaff() : List.of());
    model.put("error", error != null);
    return HttpResponse.ok(new ModelAndView<>("dashboard/login", model))
        .cookie(loginCookie(loginToken, Duration.ofMinutes(30)));
  }

  private static Cookie loginCookie(String value, Duration maxAge) {
    return Cookie.of(LOGIN_COOKIE, value)
        .path("/dashboard/login")
        .httpOnly(true)
        .sameSite(SameSite.Strict)
        .maxAge(maxAge);
  }

  /** Refuses a login form that did not come from this browser's login page. */
  static void requireLoginToken(HttpRequest<?> request, String formToken) {
    String cookie =
        request.getCookies().findCookie(LOGIN_COOKIE).map(Cookie::getValue).orElse(null);
    if (cookie == null || !StaffSessions.sameToken(cookie, formToken)) {
      throw new ProblemException(
          ErrorCode.DASHBOARD_CSRF, "The login form is not from this browser's login page.");
    }
  }

  @Transactional(readOnly = true)
  List<DemoStaff> demoStaff() {
    return jdbc.prepareStatement(
        "SELECT s.subject, s.display_name, m.name_ja FROM staff_account s"
            + " JOIN municipality m ON m.id = s.municipality_id ORDER BY s.created_at, s.subject"
            + " LIMIT 100",
        statement -> {
          List<DemoStaff> staff = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              staff.add(
                  new DemoStaff(
                      rs.getString(1),
                      rs.getString(3) + " " + rs.getString(2) + " (" + rs.getString(1) + ")"));
            }
          }
          return staff;
        });
  }

  /** Where to go after logging in: a dashboard page of this service, else the overview. */
  static String safeNext(String next) {
    if (next == null
        || !(next.equals("/dashboard")
            || next.startsWith("/dashboard/")
            || next.startsWith("/dashboard?"))
        || next.contains("//")
        || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
        || next.startsWith("/dashboard/login")) {
      return "/dashboard";
    }
    return next;
  }

  @Get(uri = "/login/oidc/{provider}", produces = MediaType.TEXT_HTML)
  HttpResponse<?> oidc(@PathVariable String provider, @Nullable @QueryValue String next) {
    try {
      return HttpResponse.seeOther(logins.start(provider, safeNext(next)));
    } catch (StaffLogins.LoginFailed e) {
      throw new ProblemException(ErrorCode.DASHBOARD_LOGIN_FAILED, e.getMessage());
    }
  }

  @Get(uri = "/login/callback", produces = MediaType.TEXT_HTML)
  HttpResponse<?> callback(
      @Nullable @QueryValue String code,
      @Nullable @QueryValue String state,
      @Nullable @QueryValue String error,
      HttpRequest<?> request) {
    if (error != null) {
      throw new ProblemException(
          ErrorCode.DASHBOARD_LOGIN_FAILED, "The identity provider did not log you in.");
    }
    StaffLogins.Finished finished;
    try {
      finished = logins.finish(state, code);
    } catch (StaffLogins.LoginExpired e) {
      throw new ProblemException(ErrorCode.DASHBOARD_LOGIN_STATE, e.getMessage());
    } catch (StaffLogins.LoginFailed e) {
      throw new ProblemException(ErrorCode.DASHBOARD_LOGIN_FAILED, e.getMessage());
    }
    StaffSessions.Opened opened =
        sessions.open(finished.principal(), StaffSessions.Method.OIDC, finished.provider(), null);
    return HttpResponse.seeOther(URI.create(safeNext(finished.next())))
        .cookie(sessions.cookie(opened));
  }

  @Post(
      uri = "/logout",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  HttpResponse<?> logout(@Body Map<String, String> form, HttpRequest<?> request) {
    DashboardRequests.requireCsrf(request, form.get(DashboardRequests.CSRF_FIELD));
    StaffSessions.current(request).ifPresent(session -> sessions.logout(session.id()));
    return HttpResponse.seeOther(URI.create("/dashboard/login")).cookie(sessions.clearedCookie());
  }
}
