package app.sukoyaka.notice.reminder;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;

/**
 * The timer of the daily run, in Japan time. Every instance ticks; the claim on each municipality's
 * day lets one of them run it, the others find it taken. Later ticks of the same day catch up what
 * a stopped service missed, and take over a run whose instance stopped.
 */
@Singleton
@Requires(property = "sukoyaka.reminders.schedule.enabled", notEquals = "false")
class DailyReminderSchedule {
  static final String STARTED_BY = "schedule";

  private final DailyReminders reminders;
  private final Clock clock;

  DailyReminderSchedule(DailyReminders reminders, Clock clock) {
    this.reminders = reminders;
    this.clock = clock;
  }

  @Scheduled(cron = "${sukoyaka.reminders.schedule.cron:0 0 9-20 * * *}", zoneId = "Asia/Tokyo")
  void tick() {
    reminders.runAll(LocalDate.now(clock), STARTED_BY);
  }
}
