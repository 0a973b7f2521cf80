package app.sukoyaka.municipality.transfer;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Period;

/**
 * Transfers between municipalities. The periods the rules give (transfer-rules.json, from seed 000)
 * apply unless a municipality's deployment sets its own.
 *
 * @param requeryAfter when the re-query of the previous municipality is due after a child moved in
 *     ({@code SUKOYAKA_TRANSFERS_REQUERY_AFTER}, an ISO-8601 period; default the rules' P3M, 概ね 3
 *     ヶ月程度)
 * @param registrationWithin how soon after the dose a vaccination is to be registered ({@code
 *     SUKOYAKA_TRANSFERS_REGISTRATION_WITHIN}; default the rules' P2M, 概ね 2 ヶ月程度)
 * @param registrationWarnAfter from when after the dose an unregistered vaccination shows on the
 *     late-registration list as getting late ({@code SUKOYAKA_TRANSFERS_REGISTRATION_WARN_AFTER};
 *     default the rules' P6W)
 * @param registeredLateShownFor how long a vaccination registered late stays on that list after its
 *     registration, for staff to see the delay ({@code
 *     SUKOYAKA_TRANSFERS_REGISTERED_LATE_SHOWN_FOR}, default P90D)
 */
@ConfigurationProperties("sukoyaka.transfers")
public record TransferConfiguration(
    @Nullable Period requeryAfter,
    @Nullable Period registrationWithin,
    @Nullable Period registrationWarnAfter,
    @Bindable(defaultValue = "P90D") @NotNull Period registeredLateShownFor) {

  public TransferConfiguration {
    for (Period period :
        new Period[] {
          requeryAfter, registrationWithin, registrationWarnAfter, registeredLateShownFor
        }) {
      if (period != null && (period.isNegative() || period.isZero())) {
        throw new IllegalArgumentException(
            "sukoyaka.transfers periods must be positive: " + period);
      }
    }
  }
}
