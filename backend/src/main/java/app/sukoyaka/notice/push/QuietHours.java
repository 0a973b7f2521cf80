package app.sukoyaka.notice.push;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A guardian's quiet hours in Japan time: a push that falls inside them waits until they end. The
 * window may run over midnight (21:00–08:00, the default); start equal to end means no quiet hours.
 */
public record QuietHours(LocalTime start, LocalTime end) {
  public static final QuietHours DEFAULT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  /** The earliest instant at or after {@code now} that lies outside the quiet hours. */
  public Instant release(Instant now) {
    if (start.equals(end)) {
      return now;
    }
    ZonedDateTime local = now.atZone(JAPAN);
    LocalTime time = local.toLocalTime();
    LocalDate day = local.toLocalDate();
    boolean overMidnight = start.isAfter(end);
    if (overMidnight) {
      if (!time.isBefore(start)) {
        return day.plusDays(1).atTime(end).atZone(JAPAN).toInstant();
      }
      if (time.isBefore(end)) {
        return day.atTime(end).atZone(JAPAN).toInstant();
      }
      return now;
    }
    if (!time.isBefore(start) && time.isBefore(end)) {
      return day.atTime(end).atZone(JAPAN).toInstant();
    }
    return now;
  }
}
