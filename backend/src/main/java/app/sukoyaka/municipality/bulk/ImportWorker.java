package app.sukoyaka.municipality.bulk;

import app.sukoyaka.platform.Ids;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued imports on this instance, one at a time: every poll claims the oldest queued job (or
 * one whose instance stopped: its lease lapsed) in one statement, so however many instances poll, a
 * job is run by one; and it goes on from the last committed batch. Also drops finished jobs older
 * than {@code sukoyaka.bulk-import.keep-for}.
 */
@Singleton
@Requires(property = "sukoyaka.bulk-import.worker-enabled", notEquals = "false")
class ImportWorker {
  private static final Logger LOG = LoggerFactory.getLogger(ImportWorker.class);

  private final ImportStore store;
  private final ImportRunner runner;
  private final BulkImportConfiguration configuration;
  private final Clock clock;
  private final java.util.concurrent.atomic.AtomicBoolean running =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.ExecutorService thread =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          task -> {
            Thread worker = new Thread(task, "bulk-import");
            worker.setDaemon(true);
            return worker;
          });

  ImportWorker(
      ImportStore store, ImportRunner runner, BulkImportConfiguration configuration, Clock clock) {
    this.store = store;
    this.runner = runner;
    this.configuration = configuration;
    this.clock = clock;
  }

  /**
   * Hands the round to the worker's own thread, unless a round is still running there: an import of
   * a large file takes minutes, which the scheduler's shared threads should not wait for.
   */
  @Scheduled(fixedDelay = "${sukoyaka.bulk-import.poll-interval:2s}", initialDelay = "3s")
  void poll() {
    if (running.compareAndSet(false, true)) {
      try {
        thread.execute(this::round);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        running.set(false);
      }
    }
  }

  /** The runner stops a running job at its next batch when the service stops (it is taken over). */
  @PreDestroy
  void stop() {
    thread.shutdown();
  }

  private void round() {
    try {
      store.dropFinishedBefore(clock.instant().minus(configuration.keepFor()));
      while (!runner.stopping() && runOne()) {
        // Another job may be waiting: run it before sleeping.
      }
    } catch (RuntimeException e) {
      LOG.error("Import worker round failed; it tries again at the next poll", e);
    } finally {
      running.set(false);
    }
  }

  /** Claims and runs one job; false when none is waiting. */
  boolean runOne() {
    UUID claim = Ids.newId();
    Instant now = clock.instant();
    Optional<UUID> job = store.claimNext(claim, now, now.plus(configuration.lease()));
    if (job.isEmpty()) {
      return false;
    }
    LOG.info("Running import job {}", job.get());
    ImportJob ended = runner.run(job.get(), claim, ImportRunner.Progress.NONE);
    LOG.info(
        "Import job {} {}: {} rows, {} stored, {} unchanged, {} already recorded, {} with errors",
        ended.id(),
        ended.status(),
        ended.rowsDone(),
        ended.stored(),
        ended.unchanged(),
        ended.alreadyRecorded(),
        ended.rowsWithErrors());
    return true;
  }
}
