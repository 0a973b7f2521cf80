package app.sukoyaka.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets per kind of limit and caller, in this instance's memory: a bucket holds up to the
 * limit's number of requests and refills at that number per period. An idle caller's bucket is
 * forgotten after two periods (it would be full again by then anyway).
 */
@Singleton
public class RateLimiter {
  /** What a limit counts, each with its own buckets. */
  public enum Limit {
    LOGIN_PER_ADDRESS,
    TOKEN_PER_CLIENT,
    TOKEN_PER_ADDRESS,
    INTAKE_PER_CLINIC
  }

  private record Key(Limit limit, String caller) {}

  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.refilledAt = at;
    }
  }

  private final RateLimitConfiguration config;
  private final Clock clock;
  private final Cache<Key, Bucket> buckets;

  RateLimiter(RateLimitConfiguration config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(config.period().multipliedBy(2))
            .build();
  }

  private int capacity(Limit limit) {
    return switch (limit) {
      case LOGIN_PER_ADDRESS -> config.loginPerAddress();
      case TOKEN_PER_CLIENT -> config.tokenPerClient();
      case TOKEN_PER_ADDRESS -> config.tokenPerAddress();
      case INTAKE_PER_CLINIC -> config.intakePerClinic();
    };
  }

  /**
   * Takes one request from the caller's bucket.
   *
   * @return empty when the request may go on; else how long until the next one may
   */
  public Optional<Duration> acquire(Limit limit, String caller) {
    if (!config.enabled() || caller == null) {
      return Optional.empty();
    }
    int capacity = capacity(limit);
    double perMilli = capacity / (double) config.period().toMillis();
    long now = clock.millis();
    Bucket bucket = buckets.get(new Key(limit, caller), key -> new Bucket(capacity, now));
    synchronized (bucket) {
      long elapsed = Math.max(0, now - bucket.refilledAt);
      bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * perMilli);
      bucket.refilledAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Optional.empty();
      }
      long wait = (long) Math.ceil((1 - bucket.tokens) / perMilli);
      return Optional.of(Duration.ofMillis(Math.max(1, wait)));
    }
  }

  /** The Retry-After value of a wait: whole seconds, rounded up, at least one. */
  public static String retryAfter(Duration wait) {
    long seconds = (wait.toMillis() + 999) / 1000;
    return Long.toString(Math.max(1, seconds));
  }
}
