package app.sukoyaka.notice.reminder;

import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.MunicipalityRow;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.LocalizedText;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Municipal staff and reminders: run a day's reminders now (a day the timer missed, or the first
 * day), see the runs, and choose which infant and child checkups the municipality runs and so
 * reminds of. Staff of the municipality only.
 */
@Controller("/api/v1/municipalities/{municipalityCode}")
@ExecuteOn(TaskExecutors.BLOCKING)
class MunicipalRemindersController {
  private final MunicipalityRepository municipalities;
  private final DailyReminders reminders;
  private final MunicipalReminderSettings settings;
  private final ReminderConfiguration configuration;
  private final CheckupItemCatalog catalog;
  private final ReminderRules rules;
  private final Clock clock;

  MunicipalRemindersController(
      MunicipalityRepository municipalities,
      DailyReminders reminders,
      MunicipalReminderSettings settings,
      ReminderConfiguration configuration,
      CheckupItemCatalog catalog,
      ReminderRules rules,
      Clock clock) {
    this.municipalities = municipalities;
    this.reminders = reminders;
    this.settings = settings;
    this.configuration = configuration;
    this.catalog = catalog;
    this.rules = rules;
    this.clock = clock;
  }

  @Post(
      uri = "/reminder-runs",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  HttpResponse<ReminderBodies.RunBody> run(
      @PathVariable String municipalityCode,
      @Body ReminderBodies.RunRequest body,
      Principal principal) {
    MunicipalityRow municipality = municipality(municipalityCode, principal);
    LocalDate today = LocalDate.now(clock);
    LocalDate day = today;
    if (body.runDate() != null) {
      try {
        day = LocalDate.parse(body.runDate());
      } catch (DateTimeParseException e) {
        throw new ProblemException(
            ErrorCode.REMINDER_RUN_DATE,
            "runDate is not a date (YYYY-MM-DD).",
            List.of(new ProblemException.FieldError("runDate", "not a date (YYYY-MM-DD)")));
      }
    }
    if (day.isAfter(today) || day.isBefore(today.minusDays(configuration.maxDaysBack()))) {
      throw new ProblemException(
          ErrorCode.REMINDER_RUN_DATE,
          "Reminders are run for today or a day at most "
              + configuration.maxDaysBack()
              + " days back ("
              + today.minusDays(configuration.maxDaysBack())
              + " to "
              + today
              + ").",
          List.of(new ProblemException.FieldError("runDate", "not a day to run")));
    }
    Optional<DailyReminders.Run> run = reminders.run(municipality.id(), day, principal.actorId());
    if (run.isEmpty()) {
      DailyReminders.Run held = reminders.find(municipality.id(), day).orElse(null);
      throw new ProblemException(
          ErrorCode.REMINDER_RUN_TAKEN,
          "The reminders of "
              + day
              + " are "
              + (held == null ? "being run" : held.status())
              + (held == null ? "" : " (started by " + held.startedBy() + ")")
              + "; a day is run once.");
    }
    return HttpResponse.created(ReminderBodies.run(run.get(), municipality.code()));
  }

  @Get(uri = "/reminder-runs", produces = MediaType.APPLICATION_JSON)
  ReminderBodies.RunListBody runs(
      @PathVariable String municipalityCode,
      @Nullable @QueryValue Integer limit,
      Principal principal) {
    MunicipalityRow municipality = municipality(municipalityCode, principal);
    int count = limit == null ? 31 : limit;
    if (count < 1 || count > 366) {
      throw new ProblemException(
          ErrorCode.INVALID_PARAMETER,
          "limit must be 1 to 366.",
          List.of(new ProblemException.FieldError("limit", "1 to 366")));
    }
    return new ReminderBodies.RunListBody(
        reminders.runs(municipality.id(), null, count).stream()
            .map(run -> ReminderBodies.run(run, municipality.code()))
            .toList());
  }

  @Get(uri = "/reminder-settings", produces = MediaType.APPLICATION_JSON)
  ReminderBodies.MunicipalSettingsBody readSettings(
      @PathVariable String municipalityCode, Principal principal) {
    MunicipalityRow municipality = municipality(municipalityCode, principal);
    return body(municipality, settings.of(municipality.id()));
  }

  @Put(
      uri = "/reminder-settings",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  ReminderBodies.MunicipalSettingsBody replaceSettings(
      @PathVariable String municipalityCode,
      @Body ReminderBodies.MunicipalSettingsRequest body,
      Principal principal) {
    MunicipalityRow municipality = municipality(municipalityCode, principal);
    if (body.infantCheckups() == null) {
      throw new ProblemException(
          ErrorCode.INVALID_BODY,
          "infantCheckups is required (an empty list: no checkup reminders).",
          List.of(new ProblemException.FieldError("infantCheckups", "required")));
    }
    List<String> known = settings.knownCheckups();
    List<ProblemException.FieldError> errors = new ArrayList<>();
    Set<String> chosen = new LinkedHashSet<>();
    for (int i = 0; i < body.infantCheckups().size(); i++) {
      String kind = body.infantCheckups().get(i);
      if (kind == null || !known.contains(kind)) {
        errors.add(
            new ProblemException.FieldError(
                "infantCheckups/" + i, "not a checkup reminders know; one of " + known));
      } else {
        chosen.add(kind);
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.REMINDER_UNKNOWN_CHECKUP,
          "Reminders know the checkups " + known + "; nothing was changed.",
          errors);
    }
    return body(
        municipality,
        settings.replace(
            municipality.id(), List.copyOf(chosen), principal.actorId(), clock.instant()));
  }

  private ReminderBodies.MunicipalSettingsBody body(
      MunicipalityRow municipality, MunicipalReminderSettings.Settings current) {
    List<String> defaults = rules.latest(ReminderRules.INFANT_CHECKUP).defaultCheckups();
    List<ReminderBodies.CheckupChoiceBody> choices =
        settings.knownCheckups().stream()
            .map(
                kind -> {
                  LocalizedText label = catalog.kindLabel(kind);
                  return new ReminderBodies.CheckupChoiceBody(
                      kind,
                      new ReminderBodies.Text(label.ja(), label.en()),
                      defaults.contains(kind),
                      current.infantCheckups().contains(kind));
                })
            .toList();
    return new ReminderBodies.MunicipalSettingsBody(
        municipality.code(),
        current.infantCheckups(),
        current.setByMunicipality(),
        choices,
        current.updatedBy(),
        current.updatedAt());
  }

  /** The municipality, when the caller is one of its staff. */
  private MunicipalityRow municipality(String code, Principal principal) {
    if (principal.role() != Role.STAFF) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only municipal staff run and set the municipality's reminders.");
    }
    MunicipalityRow municipality =
        municipalities
            .findByCode(code)
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No municipality " + code + "."));
    if (!principal.municipalityIds().contains(municipality.id())) {
      throw new ProblemException(
          ErrorCode.FORBIDDEN, "Staff see and run only their own municipality's reminders.");
    }
    return municipality;
  }
}
