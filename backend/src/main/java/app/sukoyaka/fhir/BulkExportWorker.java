package app.sukoyaka.fhir;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/**
 * Runs pending bulk exports on this instance ({@code sukoyaka.bulk-export.worker-enabled}, default
 * true; a process that only runs a command, such as the import command, leaves them to the
 * service).
 */
@Singleton
@Requires(property = "sukoyaka.bulk-export.worker-enabled", notEquals = "false")
class BulkExportWorker {
  private final BulkExports exports;

  BulkExportWorker(BulkExports exports) {
    this.exports = exports;
  }

  @Scheduled(fixedDelay = "1s", initialDelay = "2s")
  void work() {
    exports.work();
  }
}
