package app.sukoyaka.notice.push;

import java.time.Duration;

/**
 * When to try a message again: exponential backoff ({@code initial × 2^(attempt−1)}, at most {@code
 * max}) with "equal jitter" (a random point in the upper half of the wait), so that messages that
 * failed together do not return together; never sooner than FCM's Retry-After.
 */
record Backoff(Duration initial, Duration max) {

  /**
   * The wait after the given attempt failed.
   *
   * @param attempt the attempt that failed, from 1
   * @param random a number in [0, 1)
   * @param retryAfter what FCM asked for, or null
   */
  Duration after(int attempt, double random, Duration retryAfter) {
    long cap = max.toMillis();
    long base = initial.toMillis();
    long wait = base;
    for (int i = 1; i < attempt && wait < cap; i++) {
      wait = Math.multiplyExact(wait, 2);
    }
    wait = Math.min(wait, cap);
    long jittered = wait / 2 + (long) (random * (wait - wait / 2));
    Duration chosen = Duration.ofMillis(jittered);
    if (retryAfter != null && retryAfter.compareTo(chosen) > 0) {
      chosen = retryAfter;
    }
    return chosen;
  }
}
