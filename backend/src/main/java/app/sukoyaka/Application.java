package app.sukoyaka;

import app.sukoyaka.platform.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Starts the Sukoyaka service, with an embedded PostgreSQL when no database is configured. */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    AtomicReference<EmbeddedDatabase> embedded = new AtomicReference<>();
    var databaseProperties = EmbeddedDatabase.startIfUnconfigured(args, embedded::set);
    ApplicationContext context =
        Micronaut.build(args)
            .mainClass(Application.class)
            .banner(false)
            .properties(databaseProperties)
            .start();
    EmbeddedDatabase database = embedded.get();
    if (database != null) {
      // The service must release its connections before the server goes away. Micronaut's own
      // shutdown hook stops the context; stopping it here as well, from a second hook, deadlocks
      // the two (each holds the lock the other waits for) and the process never ends. So this
      // hook only waits for the context to be stopped, then stops PostgreSQL.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    awaitStopped(context, Duration.ofSeconds(60));
                    database.close();
                  },
                  "embedded-postgres-shutdown"));
    }
  }

  private static void awaitStopped(ApplicationContext context, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (context.isRunning() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
