package app.sukoyaka.notice.push;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the dispatcher on this instance: every {@code poll-interval}, and at once when a producer's
 * transaction that queued pushes commits (the outbox sends a PostgreSQL {@code NOTIFY}, which
 * PostgreSQL delivers only on commit, to every instance listening). Each instance claims its own
 * messages ({@link PushDispatcher}), so all of them may run this.
 */
@Singleton
@Requires(beans = PushDispatcher.class)
@Requires(property = "sukoyaka.push.enabled", notEquals = "false")
class PushDispatchJob {
  /** The channel the outbox notifies on. */
  static final String CHANNEL = "sukoyaka_push";

  private static final Logger LOG = LoggerFactory.getLogger(PushDispatchJob.class);

  private final PushDispatcher dispatcher;
  private final DataSource dataSource;
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "push-dispatch");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile boolean stopped;
  private Thread listener;

  PushDispatchJob(PushDispatcher dispatcher, DataSource dataSource) {
    this.dispatcher = dispatcher;
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
  }

  @EventListener
  void onStartup(StartupEvent event) {
    listener = new Thread(this::listen, "push-wake-up");
    listener.setDaemon(true);
    listener.start();
  }

  @Scheduled(
      fixedDelay = "${sukoyaka.push.poll-interval:2s}",
      initialDelay = "${sukoyaka.push.poll-interval:2s}")
  void poll() {
    trigger();
  }

  /** Drains the queue on the dispatch thread; a trigger during a drain runs one more. */
  void trigger() {
    pending.set(true);
    while (!stopped && pending.get() && running.compareAndSet(false, true)) {
      try {
        runner.execute(this::drain);
        return;
      } catch (java.util.concurrent.RejectedExecutionException e) {
        running.set(false);
        return;
      }
    }
  }

  private void drain() {
    try {
      while (!stopped && pending.getAndSet(false)) {
        dispatcher.drain();
      }
    } catch (RuntimeException e) {
      LOG.error("Push dispatch failed", e);
    } finally {
      running.set(false);
    }
    // A trigger that came after the loop's last look but before running was cleared.
    if (!stopped && pending.get()) {
      trigger();
    }
  }

  private void listen() {
    while (!stopped) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        connection.setAutoCommit(true);
        statement.execute("LISTEN " + CHANNEL);
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!stopped) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications != null && notifications.length > 0) {
            trigger();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (stopped) {
          return;
        }
        // Polling still runs; listening resumes when the database is back.
        LOG.debug("Listening for queued pushes failed: {}", e.toString());
        sleep(5000);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  void stop() {
    stopped = true;
    runner.shutdown();
    try {
      if (listener != null) {
        listener.join(3000);
      }
      runner.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
