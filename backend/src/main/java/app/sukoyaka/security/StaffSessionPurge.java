package app.sukoyaka.security;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends staff sessions past their end and forgets logins that never came back, every hour. */
@Singleton
class StaffSessionPurge {
  private static final Logger LOG = LoggerFactory.getLogger(StaffSessionPurge.class);

  private final StaffSessions sessions;

  StaffSessionPurge(StaffSessions sessions) {
    this.sessions = sessions;
  }

  @Scheduled(fixedDelay = "1h", initialDelay = "5m")
  void purge() {
    try {
      sessions.purge();
    } catch (RuntimeException e) {
      LOG.warn("Purging ended staff sessions failed; the next round tries again", e);
    }
  }
}
