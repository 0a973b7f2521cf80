package app.sukoyaka.phr.smart;

import app.sukoyaka.platform.demo.DemoSeeder;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In demo mode, registers one public demo app (a PHR app on the developer's machine, its redirect
 * URI on loopback) so that the SMART authorization can be tried at once; {@code GET /dev/demo}
 * lists it. Once per database.
 */
@Singleton
@Requires(property = "sukoyaka.demo", value = "true")
public class PhrAppDemoSeeder {
  public static final String CLIENT_ID = "demo-phr-app";
  public static final String REDIRECT_URI = "http://127.0.0.1:8765/callback";
  private static final Logger LOG = LoggerFactory.getLogger(PhrAppDemoSeeder.class);

  private final DemoSeeder demo;
  private final PhrApps apps;

  PhrAppDemoSeeder(DemoSeeder demo, PhrApps apps) {
    this.demo = demo;
    this.apps = apps;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    demo.seed();
    if (apps.registerIfAbsent(
        new PhrApps.Registration(
            CLIENT_ID,
            "すこやかPHRデモアプリ (Sukoyaka demo PHR app)",
            List.of(REDIRECT_URI),
            false,
            Set.copyOf(AppScopes.SUPPORTED)))) {
      LOG.info("Demo PHR app {} registered, redirect URI {}", CLIENT_ID, REDIRECT_URI);
    }
  }
}
