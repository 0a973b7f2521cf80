package app.sukoyaka.notice.reminder;

import app.sukoyaka.platform.i18n.Language;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of the reminder routes (api-spec: NotificationSettings*, MyReminders, Reminder,
 * ReminderRun*, MunicipalReminderSettings*), with the pure mappers from the domain.
 */
final class ReminderBodies {
  private ReminderBodies() {}

  @Serdeable
  record Text(String ja, String en) {
    static Text of(ReminderRules.Text text) {
      return new Text(text.ja(), text.en());
    }
  }

  // --- The guardian's settings ------------------------------------------------------------

  @Serdeable
  record QuietHoursBody(String start, String end) {}

  @Serdeable
  record ReminderKindBody(String kind, Text label, Text description, boolean enabled) {}

  @Serdeable
  record NotificationSettingsBody(
      String language,
      List<String> languages,
      QuietHoursBody quietHours,
      List<String> remindersOff,
      List<ReminderKindBody> reminderKinds,
      @Nullable Instant updatedAt) {}

  @Serdeable
  record QuietHoursRequest(@Nullable String start, @Nullable String end) {}

  @Serdeable
  record NotificationSettingsRequest(
      @Nullable String language,
      @Nullable QuietHoursRequest quietHours,
      @Nullable List<String> remindersOff) {}

  static NotificationSettingsBody settings(
      NotificationSettings.Settings settings, ReminderRules rules) {
    List<ReminderKindBody> kinds =
        rules.kindCodes().stream()
            .map(
                code -> {
                  ReminderRules.Kind kind = rules.latest(code);
                  return new ReminderKindBody(
                      code,
                      Text.of(kind.label()),
                      Text.of(kind.description()),
                      !settings.remindersOff().contains(code));
                })
            .toList();
    return new NotificationSettingsBody(
        settings.language(),
        Language.codes(),
        new QuietHoursBody(
            settings.quietHours().start().format(NotificationSettings.HH_MM),
            settings.quietHours().end().format(NotificationSettings.HH_MM)),
        settings.remindersOff(),
        kinds,
        settings.updatedAt());
  }

  // --- The guardian's reminders -----------------------------------------------------------

  /**
   * @param deepLink the app's link to this reminder (the route a reminder push opens)
   */
  @Serdeable
  record ReminderBody(
      UUID id,
      String kind,
      Text kindLabel,
      @Nullable UUID childId,
      @Nullable UUID pregnancyId,
      Text about,
      LocalDate dueDate,
      @Nullable LocalDate windowEnd,
      int occurrence,
      Instant createdAt,
      String deepLink) {}

  @Serdeable
  record MyRemindersBody(List<ReminderBody> reminders) {}

  // --- Municipal staff ----------------------------------------------------------------------

  @Serdeable
  record RunRequest(@Nullable String runDate) {}

  @Serdeable
  record RunBody(
      String municipalityCode,
      LocalDate runDate,
      String status,
      String startedBy,
      int attempts,
      Instant startedAt,
      @Nullable Instant finishedAt,
      @Nullable Integer children,
      @Nullable Integer pregnancies,
      @Nullable Integer remindersCreated,
      @Nullable Integer pushesQueued,
      @Nullable Integer remindersResolved,
      @Nullable Integer pushesWithdrawn,
      @Nullable String error) {}

  @Serdeable
  record RunListBody(List<RunBody> runs) {}

  static RunBody run(DailyReminders.Run run, String municipalityCode) {
    return new RunBody(
        municipalityCode,
        run.runDate(),
        run.status(),
        run.startedBy(),
        run.attempts(),
        run.startedAt(),
        run.finishedAt(),
        run.children(),
        run.pregnancies(),
        run.remindersCreated(),
        run.pushesQueued(),
        run.remindersResolved(),
        run.pushesWithdrawn(),
        run.error());
  }

  /**
   * @param byDefault whether the rules remind of it when the municipality has set nothing
   * @param reminded whether the municipality's reminders remind of it now
   */
  @Serdeable
  record CheckupChoiceBody(String checkupKind, Text label, boolean byDefault, boolean reminded) {}

  @Serdeable
  record MunicipalSettingsBody(
      String municipalityCode,
      List<String> infantCheckups,
      boolean setByMunicipality,
      List<CheckupChoiceBody> checkups,
      @Nullable String updatedBy,
      @Nullable Instant updatedAt) {}

  @Serdeable
  record MunicipalSettingsRequest(@Nullable List<String> infantCheckups) {}
}
