package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));

  @Test
  void theWaitDoublesAfterEachAttemptWithinTheUpperHalfOfTheStep() {
    assertThat(backoff.after(1, 0.0, null)).isEqualTo(Duration.ofSeconds(15));
    assertThat(backoff.after(1, 0.999999, null))
        .isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
    assertThat(backoff.after(2, 0.0, null)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.after(3, 0.0, null)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theWaitStopsGrowingAtTheMaximum() {
    assertThat(backoff.after(40, 0.0, null)).isEqualTo(Duration.ofMinutes(30));
    assertThat(backoff.after(40, 0.999999, null)).isLessThanOrEqualTo(Duration.ofHours(1));
  }

  @Test
  void fcmsRetryAfterWinsWhenItIsLonger() {
    assertThat(backoff.after(1, 0.5, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.after(1, 0.0, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(15));
  }
}
