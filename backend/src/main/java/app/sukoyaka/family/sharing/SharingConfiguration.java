package app.sukoyaka.family.sharing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Family sharing invitations.
 *
 * @param invitationLifetime how long a code can be accepted ({@code
 *     SUKOYAKA_SHARING_INVITATION_LIFETIME}, default 72 hours)
 * @param maxFailedAttemptsPerInvitation wrong secrets typed for one invitation before it is locked
 *     (default 5); the inviter then makes a new one
 * @param maxFailedAttemptsPerLogin wrong codes one login may type within {@code attemptWindow}
 *     before it is refused until the window has passed (default 5)
 * @param attemptWindow the window of the per-login limit (default 24 hours)
 * @param maxPendingPerInviter invitations one guardian may have waiting at once (default 5)
 */
@ConfigurationProperties("sukoyaka.sharing")
public record SharingConfiguration(
    @Bindable(defaultValue = "72h") @NotNull Duration invitationLifetime,
    @Bindable(defaultValue = "5") int maxFailedAttemptsPerInvitation,
    @Bindable(defaultValue = "5") int maxFailedAttemptsPerLogin,
    @Bindable(defaultValue = "24h") @NotNull Duration attemptWindow,
    @Bindable(defaultValue = "5") int maxPendingPerInviter) {

  public SharingConfiguration {
    if (invitationLifetime != null
        && (invitationLifetime.isNegative() || invitationLifetime.isZero())) {
      throw new IllegalArgumentException("sukoyaka.sharing.invitation-lifetime must be positive");
    }
    if (maxFailedAttemptsPerInvitation < 1 || maxFailedAttemptsPerLogin < 1) {
      throw new IllegalArgumentException("sukoyaka.sharing attempt limits must be at least 1");
    }
    if (maxPendingPerInviter < 1) {
      throw new IllegalArgumentException("sukoyaka.sharing.max-pending-per-inviter must be >= 1");
    }
  }
}
