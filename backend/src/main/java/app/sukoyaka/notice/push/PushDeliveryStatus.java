package app.sukoyaka.notice.push;

import app.sukoyaka.platform.SukoyakaConfiguration;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says at start-up when pushes go nowhere, so an operator notices before guardians do. */
@Singleton
class PushDeliveryStatus {
  private static final Logger LOG = LoggerFactory.getLogger(PushDeliveryStatus.class);

  private final PushConfiguration config;
  private final SukoyakaConfiguration service;

  PushDeliveryStatus(PushConfiguration config, SukoyakaConfiguration service) {
    this.config = config;
    this.service = service;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    if (config.mode(service.demo()) == PushConfiguration.Mode.OFF) {
      LOG.warn(
          "Push delivery is off: pushes stay queued until SUKOYAKA_PUSH_CREDENTIALS_FILE (a"
              + " Firebase service account) or SUKOYAKA_PUSH_ENDPOINT is set");
    } else if (!config.enabled()) {
      LOG.info("This instance does not dispatch pushes (sukoyaka.push.enabled=false)");
    }
  }
}
