package app.sukoyaka.family.account;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Account deletion. The job's timer is {@code sukoyaka.account-deletion.schedule.enabled} (default
 * true) and {@code sukoyaka.account-deletion.schedule.interval} (default 1 hour).
 *
 * @param gracePeriod how long a request waits, cancellable, before it is carried out ({@code
 *     SUKOYAKA_ACCOUNT_DELETION_GRACE_PERIOD}, default 30 days)
 */
@ConfigurationProperties("sukoyaka.account-deletion")
public record AccountDeletionConfiguration(
    @Bindable(defaultValue = "30d") @NotNull Duration gracePeriod) {

  public AccountDeletionConfiguration {
    if (gracePeriod != null && gracePeriod.isNegative()) {
      throw new IllegalArgumentException("sukoyaka.account-deletion.grace-period must not be < 0");
    }
  }
}
