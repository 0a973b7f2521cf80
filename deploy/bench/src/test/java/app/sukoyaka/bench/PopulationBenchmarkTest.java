package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The population benchmark's one command on 2,000 children, end to end: loaded into a kept data
 * directory, every scenario measured against the real service jar of this build, the table printed;
 * then the kept database reopened and found to hold the same population.
 */
class PopulationBenchmarkTest {
  private static final Path SERVICE_JAR = Path.of("../../backend/target/sukoyaka.jar");

  @TempDir Path dir;

  @Test
  void twoThousandChildrenGiveEveryFigureAndTheKeptDatabaseIsReused() throws Exception {
    assertThat(Files.isRegularFile(SERVICE_JAR))
        .as("the service jar is built by the backend module of this build: " + SERVICE_JAR)
        .isTrue();
    Path data = dir.resolve("data");
    String[] args = {
      "--children", "2000",
      "--data-dir", data.toString(),
      "--service-jar", SERVICE_JAR.toString(),
      "--connections", "16",
      "--seconds", "4",
      "--warmup-seconds", "8",
      "--sync-connections", "2",
      "--families", "100",
      "--bundles", "40",
      "--ingest-warmup", "10",
      "--dashboard-requests", "5"
    };
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    PopulationBenchmark.Result first =
        PopulationBenchmark.run(
            PopulationBenchmark.Options.parse(args),
            new PrintStream(report, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(first.load().reused()).isFalse();
    assertThat(first.load().rows().get(Population.Table.CHILD)).isEqualTo(2000);
    assertThat(first.reads().failed()).isZero();
    assertThat(first.reads().latencyNanos()).isNotEmpty();
    assertThat(first.syncs().failed()).isZero();
    assertThat(first.ingest().succeeded()).isEqualTo(40);
    assertThat(first.steadyRssMib()).isPositive();
    // Every municipality's reminder run (the prefecture's 30 and the clinic's 文京区), and each of
    // their pushes sent once through the local FCM endpoint, every payload as the contract says.
    assertThat(first.reminders().municipalities()).isEqualTo(31);
    assertThat(first.reminders().children()).isEqualTo(2000);
    assertThat(first.reminders().reminders()).isPositive();
    assertThat(first.reminders().pushes()).isPositive();
    assertThat(first.reminders().sent()).isEqualTo(first.reminders().pushes());
    assertThat(first.reminders().violations()).isZero();
    String text = report.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("parents' reads")
        .contains("first sync")
        .contains("clinic ingest")
        .contains("dashboard overview")
        .contains("daily reminders, all towns")
        .contains("push fan-out")
        .contains("goal: parents' read p99 < 25 ms")
        .contains("goal: steady RSS < 512 MiB");

    // Reopened, the kept database is the same population: nothing loaded, nothing to migrate.
    try (BenchDatabase database = BenchDatabase.open(data, true)) {
      PopulationDatabase.Load again =
          PopulationDatabase.prepare(
              database,
              new Population(20261122L, 2000, first.asOf()),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThat(again.reused()).isTrue();
      assertThat(again.migrated()).isEmpty();
      assertThat(again.rows().get(Population.Table.CHILD)).isEqualTo(2000);
    }
  }
}
