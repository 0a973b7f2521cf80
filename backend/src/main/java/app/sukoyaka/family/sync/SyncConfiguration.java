package app.sukoyaka.family.sync;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Offline sync settings.
 *
 * @param cursorLifetime how long a cursor stays good ({@code SUKOYAKA_SYNC_CURSOR_LIFETIME},
 *     default 90 days); an older one gets a full sync, so tombstones need to be kept only this long
 */
@ConfigurationProperties("sukoyaka.sync")
public record SyncConfiguration(@Bindable(defaultValue = "P90D") Duration cursorLifetime) {

  public SyncConfiguration {
    if (cursorLifetime.isNegative() || cursorLifetime.isZero()) {
      throw new IllegalArgumentException("sukoyaka.sync.cursor-lifetime must be positive");
    }
  }
}
