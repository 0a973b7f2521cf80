package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private static Instant tokyo(String local) {
    return LocalDateTime.parse(local).atZone(JAPAN).toInstant();
  }

  @Test
  void a_push_at_half_past_ten_at_night_waits_until_eight_the_next_morning() {
    assertThat(QuietHours.DEFAULT.release(tokyo("2026-11-21T22:30")))
        .isEqualTo(tokyo("2026-11-22T08:00"));
  }

  @Test
  void a_push_at_three_in_the_morning_waits_until_eight_the_same_morning() {
    assertThat(QuietHours.DEFAULT.release(tokyo("2026-11-22T03:00")))
        .isEqualTo(tokyo("2026-11-22T08:00"));
  }

  @Test
  void a_push_in_the_afternoon_goes_at_once_and_the_edges_belong_to_the_day() {
    assertThat(QuietHours.DEFAULT.release(tokyo("2026-11-21T15:00")))
        .isEqualTo(tokyo("2026-11-21T15:00"));
    assertThat(QuietHours.DEFAULT.release(tokyo("2026-11-21T08:00")))
        .isEqualTo(tokyo("2026-11-21T08:00"));
    assertThat(QuietHours.DEFAULT.release(tokyo("2026-11-21T21:00")))
        .isEqualTo(tokyo("2026-11-22T08:00"));
  }

  @Test
  void quiet_hours_within_one_day_delay_until_their_end_and_equal_bounds_mean_none() {
    QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0));
    assertThat(lunch.release(tokyo("2026-11-21T12:10"))).isEqualTo(tokyo("2026-11-21T13:00"));
    assertThat(lunch.release(tokyo("2026-11-21T13:10"))).isEqualTo(tokyo("2026-11-21T13:10"));
    QuietHours none = new QuietHours(LocalTime.of(9, 0), LocalTime.of(9, 0));
    assertThat(none.release(tokyo("2026-11-21T09:00"))).isEqualTo(tokyo("2026-11-21T09:00"));
  }
}
