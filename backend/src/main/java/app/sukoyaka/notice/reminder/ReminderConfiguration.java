package app.sukoyaka.notice.reminder;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The daily reminder run. The timer itself is {@code sukoyaka.reminders.schedule.cron} (Japan time,
 * default every hour on the hour from 09:00 to 20:00: the first tick of the day runs it, the later
 * ones find it done and catch up a day a stopped service missed) and {@code
 * sukoyaka.reminders.schedule.enabled} (default true), read by {@link DailyReminderSchedule}.
 *
 * @param lease how long an instance may go without reporting progress before another instance takes
 *     over its run ({@code SUKOYAKA_REMINDERS_LEASE}, default 10 minutes)
 * @param maxDaysBack how many days back staff may run a missed day ({@code
 *     SUKOYAKA_REMINDERS_MAX_DAYS_BACK}, default 7): the forecast of a day long past would remind
 *     of what the family has done since
 */
@ConfigurationProperties("sukoyaka.reminders")
public record ReminderConfiguration(
    @Bindable(defaultValue = "10m") @NotNull Duration lease,
    @Bindable(defaultValue = "7") int maxDaysBack) {

  public ReminderConfiguration {
    if (lease != null && (lease.isNegative() || lease.isZero())) {
      throw new IllegalArgumentException("sukoyaka.reminders.lease must be positive");
    }
    if (maxDaysBack < 0) {
      throw new IllegalArgumentException("sukoyaka.reminders.max-days-back must not be negative");
    }
  }
}
