package app.sukoyaka.platform;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;

/** The one clock every rule reads; local dates (visits, births) are dates in Japan. */
@Factory
class ClockFactory {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  @Singleton
  Clock clock() {
    return Clock.system(JAPAN);
  }
}
