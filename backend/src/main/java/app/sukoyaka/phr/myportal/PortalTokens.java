package app.sukoyaka.phr.myportal;

import java.time.Instant;
import java.util.Objects;

/**
 * The tokens the portal issued for a link.
 *
 * @param refreshToken null when the portal issued none (then the link lasts as long as the access
 *     token)
 * @param refreshExpiresAt when the refresh token ends (期間連携), or null when the portal did not say
 */
public record PortalTokens(
    String accessToken,
    Instant accessExpiresAt,
    String refreshToken,
    Instant refreshExpiresAt,
    String scope) {
  public PortalTokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
  }
}
