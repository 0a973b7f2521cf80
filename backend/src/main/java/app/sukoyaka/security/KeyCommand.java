package app.sukoyaka.security;

import app.sukoyaka.platform.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator rotates or removes the service's token signing keys from the command line, against
 * the database the service is configured with (the same environment as the service's, including
 * {@code SUKOYAKA_SECURITY_KEY_ENCRYPTION_KEY}); running instances pick the change up within a
 * minute, no restart:
 *
 * <pre>
 * java -cp backend/target/sukoyaka.jar app.sukoyaka.security.KeyCommand list
 * java -cp … app.sukoyaka.security.KeyCommand rotate
 * java -cp … app.sukoyaka.security.KeyCommand retire --kid KID
 * </pre>
 *
 * {@code rotate} publishes a new key that signs after {@code key-publish-ahead}; the current one
 * keeps verifying until its last token expires. {@code retire} removes a key at once (one thought
 * compromised): its tokens are refused, and a new key signs if it was signing. Exit status: 0 done,
 * 1 refused, 2 wrong usage.
 */
public final class KeyCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private KeyCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, Map.of(), System.out, System.err));
  }

  static String usage() {
    return "usage: KeyCommand list\n       KeyCommand rotate\n       KeyCommand retire --kid KID";
  }

  /** Runs the command; {@code properties} are added to the service's configuration (tests). */
  static int run(String[] args, Map<String, Object> properties, PrintStream out, PrintStream err) {
    String kid = null;
    boolean retire = args.length == 3 && args[0].equals("retire") && args[1].equals("--kid");
    if (retire) {
      kid = args[2];
    } else if (args.length != 1 || !(args[0].equals("list") || args[0].equals("rotate"))) {
      err.println(usage());
      return USAGE;
    }
    AtomicReference<EmbeddedDatabase> embedded = new AtomicReference<>();
    Map<String, Object> configuration = new HashMap<>();
    if (!properties.containsKey("datasources.default.url")) {
      configuration.putAll(EmbeddedDatabase.startIfUnconfigured(new String[0], embedded::set));
    }
    configuration.put("logger.levels.ROOT", "WARN");
    configuration.put("logger.levels.org.flywaydb", "WARN");
    configuration.putAll(properties);
    // This process changes keys and nothing else of the service's.
    configuration.put("sukoyaka.bulk-import.worker-enabled", false);
    configuration.put("sukoyaka.bulk-export.worker-enabled", false);
    configuration.put("sukoyaka.push.enabled", false);
    configuration.put("sukoyaka.reminders.schedule.enabled", false);
    configuration.put("sukoyaka.account-deletion.schedule.enabled", false);
    configuration.put("sukoyaka.intake.warm-up-submissions", 0);
    configuration.put("sukoyaka.security.key-rotation-check-enabled", false);
    try (ApplicationContext context =
        ApplicationContext.builder().properties(configuration).environments("cli").start()) {
      SigningKeys keys = context.getBean(SigningKeys.class);
      switch (args[0]) {
        case "rotate" -> {
          out.println("New signing key " + keys.rotate());
          list(keys, out);
          return OK;
        }
        case "retire" -> {
          if (!keys.retire(kid)) {
            err.println("No published key " + kid + ".");
            return FAILED;
          }
          out.println("Retired " + kid);
          keys.signingKey();
          list(keys, out);
          return OK;
        }
        default -> {
          list(keys, out);
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

  private static void list(SigningKeys keys, PrintStream out) {
    for (SigningKeys.KeyState key : keys.published()) {
      out.println(
          String.join(
              "\t",
              key.kid(),
              key.signing() ? "signing" : "published",
              "active-from=" + key.activeFrom(),
              "retire-after=" + key.retireAfter()));
    }
  }
}
