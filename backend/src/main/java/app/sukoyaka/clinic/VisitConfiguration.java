package app.sukoyaka.clinic;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Visit tokens (the QR code a parent shows at a vaccination).
 *
 * @param tokenLifetime how long a token can be redeemed, and re-read by the clinic that redeemed it
 *     ({@code SUKOYAKA_VISITS_TOKEN_LIFETIME}, default 30 minutes): long enough to get from the
 *     reception desk to the doctor, short enough that a photographed code is soon worthless
 * @param grantLifetime how long after redeeming the clinic may submit the child's vaccination
 *     whatever municipality it serves ({@code SUKOYAKA_VISITS_GRANT_LIFETIME}, default 12 hours:
 *     the rest of the clinic's day)
 */
@ConfigurationProperties("sukoyaka.visits")
public record VisitConfiguration(
    @Bindable(defaultValue = "30m") @NotNull Duration tokenLifetime,
    @Bindable(defaultValue = "12h") @NotNull Duration grantLifetime) {

  public VisitConfiguration {
    if (tokenLifetime != null && (tokenLifetime.isNegative() || tokenLifetime.isZero())) {
      throw new IllegalArgumentException("sukoyaka.visits.token-lifetime must be positive");
    }
    if (grantLifetime != null && (grantLifetime.isNegative() || grantLifetime.isZero())) {
      throw new IllegalArgumentException("sukoyaka.visits.grant-lifetime must be positive");
    }
  }
}
