package app.sukoyaka.clinic;

import app.sukoyaka.profiles.SukoyakaValidator;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the intake path over the bundled example checkup in the background after start-up. Without
 * it the first few thousand submissions after a deploy cost about twice the CPU of later ones while
 * the JIT compiles; with it, that work happens before the clinics' traffic, on a spare thread.
 */
@Singleton
class IntakeWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeWarmUp.class);
  static final String EXAMPLE = SukoyakaValidator.WARM_UP_EXAMPLE;

  private final IntakeService intake;
  private final int submissions;
  private volatile Thread thread;

  IntakeWarmUp(IntakeService intake, IntakeConfiguration configuration) {
    this.intake = intake;
    this.submissions = configuration.warmUpSubmissions();
  }

  @EventListener
  void onStartup(StartupEvent event) {
    if (submissions == 0) {
      return;
    }
    byte[] example = example();
    Thread warmUp = new Thread(() -> run(example), "intake-warm-up");
    warmUp.setDaemon(true);
    warmUp.setPriority(Thread.MIN_PRIORITY);
    thread = warmUp;
    warmUp.start();
  }

  @EventListener
  void onShutdown(ShutdownEvent event) {
    Thread running = thread;
    if (running != null) {
      running.interrupt();
    }
  }

  /** How many rehearsals ran; the example must pass the fast path every time. */
  int run(byte[] example) {
    long start = System.nanoTime();
    int done = 0;
    try {
      for (; done < submissions && !Thread.currentThread().isInterrupted(); done++) {
        if (!intake.rehearse(example)) {
          LOG.warn("The fast path refused the bundled example; intake warm-up stopped");
          return done;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Intake warm-up stopped after {} submissions: {}", done, e.toString());
      return done;
    }
    LOG.info(
        "Intake path warmed with {} example submissions in {} ms",
        done,
        (System.nanoTime() - start) / 1_000_000);
    return done;
  }

  static byte[] example() {
    try (InputStream in = IntakeWarmUp.class.getResourceAsStream(EXAMPLE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + EXAMPLE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
