package app.sukoyaka.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The running service the integration tests talk to over real HTTP: started once per test JVM
 * against {@link TestDatabase}, with demo mode on so the demo endpoints can be tested too.
 */
public final class TestService {
  public static final String ISSUER = "https://sukoyaka.test";

  /** A fixed test key: signing keys in the test database are sealed with it. */
  public static final String KEY_ENCRYPTION_KEY = "c3VrLW95YWthLXRlc3Qta2V5LWVuY3J5cHRpb24tMzI=";

  private static EmbeddedServer server;

  private TestService() {}

  public static synchronized EmbeddedServer server() {
    if (server == null) {
      server = start(sharedProperties());
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return server;
  }

  private static Map<String, Object> sharedProperties() {
    Map<String, Object> properties = new HashMap<>(TestIdentityProvider.get().serviceProperties());
    // Signed applications (妊娠届出) are checked against the tests' own CA and its CRL.
    properties.putAll(TestSigningCa.get().serviceProperties());
    properties.put("sukoyaka.demo", true);
    // The suite is not a load test: a short warm-up proves the path, the full one costs CPU.
    properties.put("sukoyaka.intake.warm-up-submissions", 20);
    properties.put("sukoyaka.security.key-encryption-key", KEY_ENCRYPTION_KEY);
    // Pushes stay queued unless a test dispatches them (notice.push tests run dispatchers of
    // their own, with their own clock and FCM endpoint); the demo's local FCM endpoint runs.
    properties.put("sukoyaka.push.enabled", false);
    // The demo municipality's made-up families for its dashboard: a few are enough here.
    properties.put("sukoyaka.dashboard.demo-children", 60);
    // Every test logs in and gets tokens from one address, far beyond any real caller's rate;
    // security.RateLimitIT proves the limits on instances of its own.
    properties.put("sukoyaka.security.rate-limits.enabled", false);
    // A rotated key signs at once here (production publishes it 10 minutes ahead);
    // security.KeyRotationIT runs instances with a lead of their own.
    properties.put("sukoyaka.security.key-publish-ahead", "0s");
    return properties;
  }

  /**
   * A second instance configured like the shared one (same database, keys and identity providers),
   * as a cluster would run it; the caller stops it.
   */
  public static EmbeddedServer another() {
    server();
    return start(sharedProperties());
  }

  /**
   * Another instance configured like the shared one but for these settings (same database, keys and
   * identity providers); the caller stops it.
   */
  public static EmbeddedServer anotherWith(Map<String, Object> overrides) {
    server();
    Map<String, Object> properties = sharedProperties();
    // These instances check tokens, keys and limits, not clinical content: the validator's
    // minute-long warm-up on a busy machine would be all their start-up.
    properties.put("sukoyaka.intake.warm-up-validator", false);
    properties.put("sukoyaka.intake.warm-up-submissions", 0);
    properties.putAll(overrides);
    return start(properties);
  }

  /** Another instance with its own settings on the same database; the caller stops it. */
  public static EmbeddedServer start(Map<String, Object> overrides) {
    Map<String, Object> properties = instanceSettings(overrides);
    properties.put("micronaut.server.port", -1);
    return ApplicationContext.run(EmbeddedServer.class, properties, "test");
  }

  /**
   * The settings of an instance like the shared one (same database, keys and identity providers)
   * with {@code overrides}, without its port: for an instance run in a process of its own ({@link
   * ServiceProcess}).
   */
  public static Map<String, Object> instanceProperties(Map<String, Object> overrides) {
    Map<String, Object> properties = new HashMap<>(sharedProperties());
    properties.putAll(instanceSettings(overrides));
    return properties;
  }

  private static Map<String, Object> instanceSettings(Map<String, Object> overrides) {
    Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
    // The management port (metrics) on a free port: several services may run on this machine.
    properties.put("sukoyaka.management.port", 0);
    properties.put("sukoyaka.security.issuer", ISSUER);
    // The daily reminder timer would run every municipality of the test database on the hour;
    // tests run the reminders themselves, for the days they choose.
    properties.put("sukoyaka.reminders.schedule.enabled", false);
    // Account deletions are carried out by the tests that ask for them (the job's runOnce).
    properties.put("sukoyaka.account-deletion.schedule.initial-delay", "3650d");
    properties.putAll(overrides);
    return properties;
  }

  public static URI uri(String path) {
    return server().getURI().resolve(path);
  }

  public static <T> T bean(Class<T> type) {
    return server().getApplicationContext().getBean(type);
  }
}
