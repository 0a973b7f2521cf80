package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The push benchmark on a tiny size, end to end: the packaged service as its own process on its own
 * PostgreSQL, the local FCM endpoint here. Every push is sent once, recorded, conforms to
 * mobile-contract, and the report names both figures.
 */
class PushBenchmarkTest {
  /** The service jar the reactor packaged before this module's tests. */
  private static final Path SERVICE_JAR = Path.of("..", "..", "backend", "target", "sukoyaka.jar");

  @Test
  void aTinyRunSendsEveryPushOnceAndReportsTheServiceNextToThePlainClient() throws Exception {
    assertThat(SERVICE_JAR).as("the packaged service (mvn package)").isRegularFile();
    ByteArrayOutputStream report = new ByteArrayOutputStream();

    PushBenchmark.Result result =
        PushBenchmark.run(
            new PushBenchmark.Options(300, 2, 8, SERVICE_JAR, "384m", java.util.List.of()),
            new PrintStream(report, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(result.sent()).isEqualTo(300);
    assertThat(result.recordedSends()).isEqualTo(600);
    assertThat(result.acceptedOnce()).isEqualTo(600);
    assertThat(result.duplicates()).isZero();
    assertThat(result.violations()).isZero();
    assertThat(result.service().seconds()).isPositive();
    assertThat(result.baseline().pushes()).isEqualTo(600);
    assertThat(report.toString(StandardCharsets.UTF_8))
        .contains("service: claim, send through the Firebase SDK, record")
        .contains("baseline: the same FCM requests, 8 plain HTTP clients")
        .contains("ratio service / baseline")
        .contains("300 of 300 messages sent");
  }

  @Test
  void optionsDefaultToTheGoalsHundredThousandPushes() {
    PushBenchmark.Options options = PushBenchmark.Options.parse();
    assertThat(options.pushes()).isEqualTo(100_000);
    assertThat(PushBenchmark.Options.parse("--messages", "50,000", "--devices", "2").pushes())
        .isEqualTo(100_000);
  }
}
