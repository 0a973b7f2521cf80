package app.sukoyaka.phr.smart;

import app.sukoyaka.platform.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator registers third-party PHR apps from the command line, against the database the
 * service is configured with (the same environment: {@code DATASOURCES_DEFAULT_URL} … or the
 * embedded PostgreSQL under {@code SUKOYAKA_DATA_DIR}):
 *
 * <pre>
 * java -cp backend/target/sukoyaka.jar app.sukoyaka.phr.smart.AppCommand register \
 *     --client-id example-phr --name "Example PHR" \
 *     --redirect-uri https://phr.example.jp/callback [--redirect-uri …] \
 *     [--confidential] [--scope "launch/patient offline_access patient/Immunization.rs"]
 * java -cp … app.sukoyaka.phr.smart.AppCommand list
 * java -cp … app.sukoyaka.phr.smart.AppCommand deactivate --client-id example-phr
 * </pre>
 *
 * Registering an app again changes it; a confidential app gets a new secret each time, printed once
 * (only its hash is kept). Without {@code --scope} the app may ask for every supported scope. Exit
 * status: 0 done, 1 refused, 2 wrong usage.
 */
public final class AppCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private AppCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, Map.of(), System.out, System.err));
  }

  static String usage() {
    return "usage: AppCommand register --client-id ID --name NAME --redirect-uri URI..."
        + " [--confidential] [--scope \"SCOPES\"]\n"
        + "       AppCommand list\n"
        + "       AppCommand deactivate --client-id ID";
  }

  /** Runs the command; {@code properties} are added to the service's configuration (tests). */
  static int run(String[] args, Map<String, Object> properties, PrintStream out, PrintStream err) {
    if (args.length == 0 || !List.of("register", "list", "deactivate").contains(args[0])) {
      err.println(usage());
      return USAGE;
    }
    String clientId = null;
    String name = null;
    List<String> redirectUris = new ArrayList<>();
    boolean confidential = false;
    Set<String> scopes = new LinkedHashSet<>(AppScopes.SUPPORTED);
    for (int i = 1; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--confidential")) {
        confidential = true;
        continue;
      }
      if (i + 1 >= args.length) {
        err.println("Missing value of " + option);
        err.println(usage());
        return USAGE;
      }
      String value = args[++i];
      switch (option) {
        case "--client-id" -> clientId = value;
        case "--name" -> name = value;
        case "--redirect-uri" -> redirectUris.add(value);
        case "--scope" -> scopes = AppScopes.parse(value);
        default -> {
          err.println("Unknown option " + option);
          err.println(usage());
          return USAGE;
        }
      }
    }
    if (!args[0].equals("list") && clientId == null) {
      err.println("--client-id is required.");
      return USAGE;
    }
    PhrApps.Registration registration =
        new PhrApps.Registration(clientId, name, redirectUris, confidential, scopes);
    if (args[0].equals("register")) {
      try {
        PhrApps.validate(registration);
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return USAGE;
      }
    }
    AtomicReference<EmbeddedDatabase> embedded = new AtomicReference<>();
    Map<String, Object> configuration = new HashMap<>();
    if (!properties.containsKey("datasources.default.url")) {
      configuration.putAll(EmbeddedDatabase.startIfUnconfigured(new String[0], embedded::set));
    }
    configuration.put("logger.levels.ROOT", "WARN");
    configuration.put("logger.levels.org.flywaydb", "WARN");
    configuration.putAll(properties);
    // This process registers and nothing else of the service's.
    configuration.put("sukoyaka.bulk-import.worker-enabled", false);
    configuration.put("sukoyaka.bulk-export.worker-enabled", false);
    configuration.put("sukoyaka.push.enabled", false);
    configuration.put("sukoyaka.reminders.schedule.enabled", false);
    configuration.put("sukoyaka.account-deletion.schedule.enabled", false);
    configuration.put("sukoyaka.intake.warm-up-submissions", 0);
    try (ApplicationContext context =
        ApplicationContext.builder().properties(configuration).environments("cli").start()) {
      PhrApps apps = context.getBean(PhrApps.class);
      switch (args[0]) {
        case "register" -> {
          String secret = apps.register(registration);
          out.println(
              "Registered " + clientId + " (" + (confidential ? "confidential" : "public") + ")");
          if (secret != null) {
            out.println("client_secret: " + secret);
            out.println("Give it to the app's operator now; it is not shown again.");
          }
          return OK;
        }
        case "deactivate" -> {
          if (!apps.deactivate(clientId)) {
            err.println("No app " + clientId + ".");
            return FAILED;
          }
          out.println("Deactivated " + clientId);
          return OK;
        }
        default -> {
          for (PhrApps.PhrApp app : apps.all()) {
            out.println(
                String.join(
                    "\t",
                    app.clientId(),
                    app.active() ? "active" : "inactive",
                    app.confidential() ? "confidential" : "public",
                    app.name(),
                    String.join(" ", app.redirectUris()),
                    AppScopes.format(app.scopes())));
          }
          return OK;
        }
      }
    } finally {
      EmbeddedDatabase database = embedded.get();
      if (database != null) {
        database.close();
      }
    }
  }
}
