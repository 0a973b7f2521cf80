package app.sukoyaka.notice.reminder;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.mobile.DeepLinks;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The signed-in guardian's reminders and notification settings (the parent app). A pregnant person
 * is a guardian here too: her pregnancy's reminders are hers.
 */
@Controller("/api/v1/me")
@ExecuteOn(TaskExecutors.BLOCKING)
class MyRemindersController {
  private static final String PURPOSE = "notification-settings";

  private final NotificationSettings settings;
  private final MyReminders reminders;
  private final ReminderRules rules;
  private final FamilyService families;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final TransactionOperations<Connection> transactions;
  private final Clock clock;
  private final DeepLinks links = DeepLinks.load();

  MyRemindersController(
      NotificationSettings settings,
      MyReminders reminders,
      ReminderRules rules,
      FamilyService families,
      AccessGuard guard,
      AccessLog accessLog,
      TransactionOperations<Connection> transactions,
      Clock clock) {
    this.settings = settings;
    this.reminders = reminders;
    this.rules = rules;
    this.families = families;
    this.guard = guard;
    this.accessLog = accessLog;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Get(uri = "/notification-settings", produces = MediaType.APPLICATION_JSON)
  ReminderBodies.NotificationSettingsBody readSettings(Principal principal) {
    NotificationSettings.Person person = person(principal);
    ProtectedSubject subject = subject(principal, person);
    guard.require(
        principal, AccessPolicy.Action.READ, subject, "read-notification-settings", PURPOSE);
    NotificationSettings.Settings current = settings.of(person.id());
    accessLog.access(principal, subject, "read-notification-settings", PURPOSE, true);
    return ReminderBodies.settings(current, rules);
  }

  @Put(
      uri = "/notification-settings",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  ReminderBodies.NotificationSettingsBody replaceSettings(
      @Body ReminderBodies.NotificationSettingsRequest body, Principal principal) {
    NotificationSettings.Person person = person(principal);
    ProtectedSubject subject = subject(principal, person);
    guard.require(
        principal, AccessPolicy.Action.WRITE, subject, "replace-notification-settings", PURPOSE);
    NotificationSettings.Settings checked =
        settings.check(
            body.language(),
            body.quietHours() == null ? null : body.quietHours().start(),
            body.quietHours() == null ? null : body.quietHours().end(),
            body.quietHours() != null,
            body.remindersOff());
    NotificationSettings.Settings stored =
        transactions.executeWrite(
            status -> {
              NotificationSettings.Settings saved =
                  settings.replace(person, checked, clock.instant());
              accessLog.write(principal, subject, "replace-notification-settings", PURPOSE);
              return saved;
            });
    return ReminderBodies.settings(stored, rules);
  }

  @Get(uri = "/reminders", produces = MediaType.APPLICATION_JSON)
  ReminderBodies.MyRemindersBody reminders(Principal principal) {
    NotificationSettings.Person person = person(principal);
    Guardian guardian =
        families
            .guardian(principal.subject())
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No handbook for this login yet."));
    // Only reminders about the family the guardian holds now: a child taken out of the
    // guardian's care no longer shows, whatever was sent before.
    Map<UUID, ProtectedSubject> family = new HashMap<>();
    for (Pregnancy pregnancy : guardian.pregnancies()) {
      family.put(pregnancy.id(), FamilySubjects.of(pregnancy, Set.of()));
    }
    for (Child child : guardian.children()) {
      family.put(child.id(), FamilySubjects.of(child));
    }
    List<ReminderBodies.ReminderBody> bodies = new ArrayList<>();
    Set<UUID> read = new java.util.LinkedHashSet<>();
    for (MyReminders.Reminder reminder : reminders.current(person.id(), LocalDate.now(clock))) {
      ProtectedSubject subject = family.get(reminder.subjectId());
      if (subject == null || !guard.permits(principal, AccessPolicy.Action.READ, subject)) {
        continue;
      }
      read.add(reminder.subjectId());
      bodies.add(
          new ReminderBodies.ReminderBody(
              reminder.id(),
              reminder.kind(),
              ReminderBodies.Text.of(reminders.kindLabel(reminder.kind())),
              reminder.childId(),
              reminder.pregnancyId(),
              ReminderBodies.Text.of(reminders.about(reminder)),
              reminder.dueDate(),
              reminder.windowEnd(),
              reminder.occurrence(),
              reminder.createdAt(),
              links.build("reminder", Map.of("reminderId", reminder.id().toString()))));
    }
    for (UUID subject : read) {
      accessLog.access(principal, family.get(subject), "read-reminders", "parent-app", true);
    }
    return new ReminderBodies.MyRemindersBody(bodies);
  }

  private NotificationSettings.Person person(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Reminders and notification settings are a guardian's own.");
    }
    return settings
        .person(principal.subject())
        .orElseThrow(
            () -> new ProblemException(ErrorCode.NOT_FOUND, "No handbook for this login yet."));
  }

  /** The person's own settings, as the access policy sees them: the person alone may use them. */
  private static ProtectedSubject subject(Principal principal, NotificationSettings.Person person) {
    return new ProtectedSubject(
        "person", person.id(), person.municipalityId(), Set.of(principal.subject()), Set.of());
  }
}
