package app.sukoyaka.phr.consent;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.Principal;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;

/**
 * The guardian's consent register (every consent, current, expired and withdrawn; withdrawing one)
 * and the consent texts the app shows before a guardian agrees.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class ConsentController {
  private final ConsentRegister register;
  private final ConsentTexts texts;
  private final Clock clock;

  ConsentController(ConsentRegister register, ConsentTexts texts, Clock clock) {
    this.register = register;
    this.texts = texts;
    this.clock = clock;
  }

  @Get(uri = "/me/consents", produces = MediaType.APPLICATION_JSON)
  ConsentBodies.Consents consents(Principal principal) {
    ConsentRegister.Register found = register.of(principal, "read-consents");
    return new ConsentBodies.Consents(
        found.entries().stream()
            .map(e -> ConsentBodies.consent(e, found.readAt(), texts))
            .toList());
  }

  @Post(uri = "/me/consents/{kind}/{consentId}/withdrawal", produces = MediaType.APPLICATION_JSON)
  ConsentBodies.Consent withdraw(
      @PathVariable String kind, @PathVariable String consentId, Principal principal) {
    ConsentEntry entry = register.withdraw(principal, kind, consentId);
    return ConsentBodies.consent(entry, clock.instant(), texts);
  }

  @Get(uri = "/consent-texts", produces = MediaType.APPLICATION_JSON)
  ConsentBodies.Texts texts() {
    return new ConsentBodies.Texts(texts.all().stream().map(ConsentBodies::text).toList());
  }

  @Get(uri = "/consent-texts/{kind}/{version}", produces = MediaType.APPLICATION_JSON)
  ConsentBodies.Text text(@PathVariable String kind, @PathVariable String version) {
    return texts
        .find(kind, version)
        .map(ConsentBodies::text)
        .orElseThrow(
            () ->
                new ProblemException(
                    ErrorCode.CONSENT_TEXT_NOT_FOUND,
                    "No text " + version + " of the consent " + kind + "."));
  }
}
