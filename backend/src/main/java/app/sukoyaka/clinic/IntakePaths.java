package app.sukoyaka.clinic;

import app.sukoyaka.profiles.SubmissionRead.Fallback;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts how clinics' checkup submissions were read: by the streaming reader, or by HAPI's model
 * and for which reason the streaming path was unsure. The counts since start are logged every ten
 * minutes when they changed, and at shutdown: how often realistic traffic leaves the fast path is
 * something to watch, not to guess. Rehearsals of the warm-up are not counted.
 */
@Singleton
class IntakePaths {
  private static final Logger LOG = LoggerFactory.getLogger(IntakePaths.class);

  private final LongAdder streamed = new LongAdder();
  private final Map<Fallback, LongAdder> fellBack = new EnumMap<>(Fallback.class);
  private long lastLogged = -1;

  IntakePaths() {
    for (Fallback reason : Fallback.values()) {
      fellBack.put(reason, new LongAdder());
    }
  }

  /** A submission read, checked and mapped by the streaming path. */
  void streamed() {
    streamed.increment();
  }

  /** A submission handed to HAPI's path, and why. */
  void fellBack(Fallback reason) {
    fellBack.get(reason).increment();
  }

  /** The counts since start. */
  Counts counts() {
    Map<Fallback, Long> reasons = new EnumMap<>(Fallback.class);
    fellBack.forEach(
        (reason, count) -> {
          long value = count.sum();
          if (value > 0) {
            reasons.put(reason, value);
          }
        });
    return new Counts(streamed.sum(), Collections.unmodifiableMap(reasons));
  }

  /**
   * Counts since start.
   *
   * @param fellBack submissions handed to HAPI's path, by reason (reasons never seen left out)
   */
  record Counts(long streamed, Map<Fallback, Long> fellBack) {
    long total() {
      return streamed + fellBack.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The line the service logs; the ingest benchmark reads it. */
    String summary() {
      long total = total();
      return String.format(
          Locale.ROOT,
          "Clinic checkup submissions since start: %d, read by the streaming reader %d (%.2f%%),"
              + " by HAPI's model %d %s",
          total,
          streamed,
          total == 0 ? 0.0 : 100.0 * streamed / total,
          total - streamed,
          fellBack);
    }
  }

  @Scheduled(fixedDelay = "10m", initialDelay = "10m")
  synchronized void logIfChanged() {
    Counts counts = counts();
    if (counts.total() != lastLogged) {
      lastLogged = counts.total();
      LOG.info(counts.summary());
    }
  }

  @EventListener
  void onShutdown(ShutdownEvent event) {
    LOG.info(counts().summary());
  }
}
