package app.sukoyaka.municipality.bulk;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Bulk import settings ({@code sukoyaka.bulk-import}).
 *
 * @param mappingDirs directories whose {@code *.json} files are a municipality's own column
 *     mappings, loaded at start-up beside the bundled ones ({@code
 *     SUKOYAKA_BULK_IMPORT_MAPPING_DIRS}, comma-separated); a file that does not fit the format or
 *     the catalogs stops the start-up with the reason
 * @param workerEnabled whether this instance runs queued imports ({@code
 *     SUKOYAKA_BULK_IMPORT_WORKER_ENABLED}); every instance may, a job is claimed by one
 * @param batchSize rows read, checked and stored per transaction
 * @param lease how long a claim holds a job without a committed batch; a crashed instance's job is
 *     taken over after it
 * @param pollInterval how often an idle worker looks for queued jobs
 * @param maxFileBytes the largest file accepted; the server's request limit ({@code
 *     micronaut.server.max-request-size}) must be at least this large
 * @param keepFor how long a finished job, its error report and its file's digest are kept
 */
@ConfigurationProperties("sukoyaka.bulk-import")
public record BulkImportConfiguration(
    @Nullable List<Path> mappingDirs,
    @Bindable(defaultValue = "true") boolean workerEnabled,
    @Bindable(defaultValue = "500") int batchSize,
    @Bindable(defaultValue = "5m") Duration lease,
    @Bindable(defaultValue = "2s") Duration pollInterval,
    @Bindable(defaultValue = "104857600") long maxFileBytes,
    @Bindable(defaultValue = "90d") Duration keepFor) {

  public BulkImportConfiguration {
    mappingDirs = mappingDirs == null ? List.of() : List.copyOf(mappingDirs);
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("sukoyaka.bulk-import.batch-size must be 1 to 10000");
    }
    if (lease.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException("sukoyaka.bulk-import.lease must be at least 10s");
    }
    if (maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "sukoyaka.bulk-import.max-file-bytes must be between 1 and 2 GiB");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("sukoyaka.bulk-import.poll-interval must be positive");
    }
  }
}
