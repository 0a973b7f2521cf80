package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The token buckets: a burst of the limit, then one request per share of the period. */
class RateLimiterTest {
  private Instant now = Instant.parse("2026-04-01T00:00:00Z");

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private RateLimiter limiter(boolean enabled) {
    return new RateLimiter(
        new RateLimitConfiguration(enabled, Duration.ofMinutes(1), 3, 60, 300, 6000), clock);
  }

  @Test
  void aCallerMayUseItsWholeAllowanceAtOnceThenWaitsForTheNextShare() {
    RateLimiter limiter = limiter(true);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.1")).isEmpty();
    }

    Optional<Duration> wait = limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.1");

    // 3 a minute: one more every 20 seconds.
    assertThat(wait).contains(Duration.ofSeconds(20));
    assertThat(RateLimiter.retryAfter(wait.get())).isEqualTo("20");
    now = now.plusSeconds(20);
    assertThat(limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.1")).isEmpty();
    assertThat(limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.1")).isPresent();
  }

  @Test
  void callersAndKindsOfLimitCountApart() {
    RateLimiter limiter = limiter(true);
    for (int i = 0; i < 3; i++) {
      limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.1");
    }

    assertThat(limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.2")).isEmpty();
    assertThat(limiter.acquire(RateLimiter.Limit.TOKEN_PER_ADDRESS, "192.0.2.1")).isEmpty();
  }

  @Test
  void anIdleCallersAllowanceRefillsNoFurtherThanTheLimit() {
    RateLimiter limiter = limiter(true);
    limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.1");
    now = now.plus(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.1")).isEmpty();
    }

    assertThat(limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.1")).isPresent();
  }

  @Test
  void disabledLimitsLetEverythingThrough() {
    RateLimiter limiter = limiter(false);
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.acquire(RateLimiter.Limit.LOGIN_PER_ADDRESS, "192.0.2.1")).isEmpty();
    }
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    assertThat(RateLimiter.retryAfter(Duration.ofMillis(1))).isEqualTo("1");
    assertThat(RateLimiter.retryAfter(Duration.ofMillis(1001))).isEqualTo("2");
  }

  @Test
  void limitsAndTheirPeriodMustBePositive() {
    assertThatThrownBy(() -> new RateLimitConfiguration(true, Duration.ZERO, 3, 60, 300, 6000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new RateLimitConfiguration(true, Duration.ofMinutes(1), 0, 60, 300, 6000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeyMustBePublishedForLessThanItSigns() {
    assertThatThrownBy(
            () ->
                new SecurityConfiguration(
                    "https://sukoyaka.example",
                    "sukoyaka-api",
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(15),
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(60),
                    null,
                    Duration.ofMinutes(10),
                    Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key-publish-ahead");
  }
}
