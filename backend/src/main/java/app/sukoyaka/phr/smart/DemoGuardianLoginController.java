package app.sukoyaka.phr.smart;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.security.PrincipalDirectory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Demo mode's guardian login for an app's authorization: a guardian chosen from a list, without an
 * identity provider, as {@code POST /dev/token} issues a demo guardian's token. Exists only with
 * {@code SUKOYAKA_DEMO=true}.
 */
@Controller("/oauth2/authorize")
@Requires(property = "sukoyaka.demo", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
class DemoGuardianLoginController {
  private final AppAuthorizations authorizations;
  private final PrincipalDirectory directory;
  private final AuthorizeController pages;

  DemoGuardianLoginController(
      AppAuthorizations authorizations, PrincipalDirectory directory, AuthorizeController pages) {
    this.authorizations = authorizations;
    this.directory = directory;
    this.pages = pages;
  }

  @Post(
      uri = "/{id}/demo-login",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  MutableHttpResponse<?> login(
      @PathVariable String id, @Body Map<String, String> form, HttpRequest<?> request) {
    Optional<AppAuthorizations.Pending> found = pages.pending(id, request);
    if (found.isEmpty() || !Secrets.same(found.get().formToken(), form.get("formToken"))) {
      return pages.expired(null);
    }
    String subject = form.getOrDefault("subject", "");
    if (directory.guardian(subject).isEmpty()) {
      return AuthorizeController.error(
          found.get().language(), ErrorCode.APP_LOGIN_FAILED, "No guardian has this login.");
    }
    authorizations.loggedIn(found.get().id(), subject);
    return AuthorizeController.secured(
        HttpResponse.seeOther(URI.create("/oauth2/authorize/" + found.get().id())));
  }
}
