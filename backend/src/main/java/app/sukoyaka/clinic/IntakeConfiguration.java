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
 * @param warmUpSubmissions how many times the bundled example checkup is read, checked and mapped
 *     in the background after start-up ({@code SUKOYAKA_INTAKE_WARM_UP_SUBMISSIONS}; 0: none), so
 *     the JIT has compiled the intake path before clinics' traffic arrives instead of during it
 */
@ConfigurationProperties("sukoyaka.intake")
public record IntakeConfiguration(
    @Bindable(defaultValue = "0") @PositiveOrZero int maxConcurrentValidations,
    @Bindable(defaultValue = "1000") @PositiveOrZero int warmUpSubmissions) {

  int permits() {
    return maxConcurrentValidations > 0
        ? maxConcurrentValidations
        : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }
}
