package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.PrincipalDirectory;
import app.sukoyaka.security.StaffSessions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.Map;

/**
 * Demo mode's login: a staff account chosen from a list, as {@code POST /dev/token} issues a demo
 * staff token, without an identity provider. Exists only with {@code SUKOYAKA_DEMO=true}.
 */
@Controller("/dashboard/login")
@Requires(property = "sukoyaka.demo", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
class DemoLoginController {
  private final PrincipalDirectory directory;
  private final StaffSessions sessions;

  DemoLoginController(PrincipalDirectory directory, StaffSessions sessions) {
    this.directory = directory;
    this.sessions = sessions;
  }

  @Post(
      uri = "/demo",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  HttpResponse<?> login(@Body Map<String, String> form, HttpRequest<?> request) {
    LoginController.requireLoginToken(request, form.get("loginToken"));
    String subject = form.getOrDefault("subject", "");
    Principal staff =
        directory
            .staff(subject)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.DASHBOARD_LOGIN_FAILED, "No staff member has this login."));
    String language = form.get("language");
    StaffSessions.Opened opened =
        sessions.open(
            staff,
            StaffSessions.Method.DEMO,
            null,
            DashboardLanguage.offered(language) ? language : null);
    return HttpResponse.seeOther(URI.create(LoginController.safeNext(form.get("next"))))
        .cookie(sessions.cookie(opened));
  }
}
