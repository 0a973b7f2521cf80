package app.sukoyaka.platform.i18n;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The signed-in guardian's language and calendar: the language of every text the parent app shows
 * and every push and reminder, and whether dates are written with the Japanese era.
 */
@Controller("/api/v1/me/language")
@ExecuteOn(TaskExecutors.BLOCKING)
class LanguageController {
  private static final String PURPOSE = "language-setting";

  private final GuardianLanguages languages;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;
  private final Translations translations = Translations.load();

  LanguageController(
      GuardianLanguages languages,
      AccessGuard guard,
      AccessLog accessLog,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.languages = languages;
    this.guard = guard;
    this.accessLog = accessLog;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  LanguageBodies.MyLanguage read(Principal principal) {
    GuardianLanguages.Setting setting = setting(principal);
    ProtectedSubject subject = subject(principal, setting);
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-language", PURPOSE);
    accessLog.access(principal, subject, "read-language", PURPOSE, true);
    return LanguageBodies.of(setting, translations);
  }

  /**
   * Replaces the language and the calendar; a calendar left out (or null) means the language's
   * default, and follows the language when it changes later.
   */
  @Put(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  LanguageBodies.MyLanguage replace(
      @Body LanguageBodies.MyLanguageUpdate body, Principal principal) {
    GuardianLanguages.Setting setting = setting(principal);
    ProtectedSubject subject = subject(principal, setting);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "replace-language", PURPOSE);
    List<ProblemException.FieldError> errors = new ArrayList<>();
    ErrorCode first = null;
    Language language = null;
    if (body.language() == null) {
      first = ErrorCode.INVALID_BODY;
      errors.add(new ProblemException.FieldError("language", "required"));
    } else {
      language = Language.ofCode(body.language()).orElse(null);
      if (language == null) {
        first = ErrorCode.LANGUAGE_NOT_OFFERED;
        errors.add(
            new ProblemException.FieldError(
                "language", "not offered; one of " + String.join(", ", Language.codes())));
      }
    }
    CalendarSystem calendar = null;
    if (body.calendar() != null) {
      calendar = CalendarSystem.ofCode(body.calendar()).orElse(null);
      if (calendar == null) {
        first = first == null ? ErrorCode.CALENDAR_UNKNOWN : first;
        errors.add(new ProblemException.FieldError("calendar", "one of gregorian, japanese"));
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          first,
          "The language was not changed: "
              + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList())
              + ".",
          errors);
    }
    Language chosen = language;
    CalendarSystem chosenCalendar = calendar;
    GuardianLanguages.Setting stored =
        transactions.executeWrite(
            status -> {
              GuardianLanguages.Setting saved =
                  languages.replace(
                      setting.personId(),
                      setting.municipalityId(),
                      chosen,
                      chosenCalendar,
                      clock.instant());
              accessLog.write(principal, subject, "replace-language", PURPOSE);
              return saved;
            });
    return LanguageBodies.of(stored, translations);
  }

  private GuardianLanguages.Setting setting(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "The language setting is a guardian's own; send Accept-Language.");
    }
    return languages
        .ofLogin(principal.subject())
        .orElseThrow(
            () -> new ProblemException(ErrorCode.NOT_FOUND, "No handbook for this login yet."));
  }

  /** The person's own setting, as the access policy sees it: the person alone may use it. */
  private static ProtectedSubject subject(Principal principal, GuardianLanguages.Setting setting) {
    return new ProtectedSubject(
        "person",
        setting.personId(),
        setting.municipalityId(),
        Set.of(principal.subject()),
        Set.of());
  }
}
