package app.sukoyaka.clinic;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Clinic intake settings.
 *
 * @param maxConcurrentValidations how many submissions HAPI's validator checks at once (those the
 *     compiled fast path accepts do not count) ({@code
 *     SUKOYAKA_INTAKE_MAX_CONCURRENT_VALIDATIONS}); 0 means one per processor. Validation is
 *     CPU-bound and each one in flight holds HAPI's working tables (tens of MB), so running more at
 *     once than there are cores only adds memory and garbage collection; the others queue.
 */
@ConfigurationProperties("sukoyaka.intake")
public record IntakeConfiguration(
    @Bindable(defaultValue = "0") @PositiveOrZero int maxConcurrentValidations) {

  int permits() {
    return maxConcurrentValidations > 0
        ? maxConcurrentValidations
        : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }
}
