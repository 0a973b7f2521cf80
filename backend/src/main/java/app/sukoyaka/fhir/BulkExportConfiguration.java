package app.sukoyaka.fhir;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * FHIR bulk export settings ({@code sukoyaka.bulk-export}).
 *
 * @param workerEnabled whether this instance runs pending exports
 * @param pageSize records (children, people, checkups, vaccinations) read per page: what a job
 *     holds at once besides one part
 * @param partChars the size of a file part, in characters: lines gather until a part is that large,
 *     then it is stored and let go
 * @param lease how long a running job stays this instance's without a sign of progress (renewed
 *     with every part stored); a job whose instance died is taken over by another once it lapses
 */
@ConfigurationProperties("sukoyaka.bulk-export")
public record BulkExportConfiguration(
    @Bindable(defaultValue = "true") boolean workerEnabled,
    @Bindable(defaultValue = "500") int pageSize,
    @Bindable(defaultValue = "1048576") int partChars,
    @Bindable(defaultValue = "5m") @NotNull Duration lease) {

  public BulkExportConfiguration {
    if (lease == null || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("sukoyaka.bulk-export.lease must be positive");
    }
    if (pageSize < 1 || pageSize > 10_000) {
      throw new IllegalArgumentException("sukoyaka.bulk-export.page-size must be 1 to 10000");
    }
    if (partChars < 1024 || partChars > 64 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "sukoyaka.bulk-export.part-chars must be between 1 KiB and 64 Mi characters");
    }
  }
}
