package app.sukoyaka.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the signing key on schedule: every few minutes ({@code
 * sukoyaka.security.key-rotation-check}, default 5 minutes) each instance asks whether the next key
 * is due; the first to find it so makes it, the others find it made ({@link SigningKeys}). Runs
 * outside any request: in the system scope.
 */
@Singleton
@Requires(property = "sukoyaka.security.key-rotation-check-enabled", notEquals = "false")
class SigningKeyRotation {
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeyRotation.class);

  private final SigningKeys keys;

  SigningKeyRotation(SigningKeys keys) {
    this.keys = keys;
  }

  @Scheduled(
      fixedDelay = "${sukoyaka.security.key-rotation-check:5m}",
      initialDelay = "${sukoyaka.security.key-rotation-check:5m}")
  void check() {
    try {
      keys.rotateIfDue();
    } catch (RuntimeException e) {
      LOG.warn("Checking whether the signing key is due failed; the next check tries again", e);
    }
  }
}
