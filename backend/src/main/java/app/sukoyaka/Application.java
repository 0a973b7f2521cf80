package app.sukoyaka;

import app.sukoyaka.platform.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
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
      // The service must release its connections before the server goes away.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    if (context.isRunning()) {
                      context.stop();
                    }
                    database.close();
                  },
                  "embedded-postgres-shutdown"));
    }
  }
}
