package app.sukoyaka.security;

import java.util.UUID;

/**
 * Whether a guardian's consent for a third-party app still holds. Asked on every request an app
 * makes, so that withdrawing the consent takes effect at once, not when its token expires.
 */
public interface AppGrantCheck {

  /** True while the grant exists for that app, has not expired and was not withdrawn. */
  boolean active(UUID grantId, String clientId);
}
