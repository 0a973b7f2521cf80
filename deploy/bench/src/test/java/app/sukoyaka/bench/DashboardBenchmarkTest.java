package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The dashboard benchmark on a small database, end to end: its own PostgreSQL, the real service jar
 * of this build, a staff login through the form, the figures counted by the service, the overview
 * measured against the plain read of its cells, and the report naming both.
 */
class DashboardBenchmarkTest {
  private static final Path SERVICE_JAR = Path.of("../../backend/target/sukoyaka.jar");

  @Test
  void aSmallDatabasesOverviewIsMeasuredAgainstThePlainReadOfItsCells() throws Exception {
    assertThat(Files.isRegularFile(SERVICE_JAR))
        .as("the service jar is built by the backend module of this build: " + SERVICE_JAR)
        .isTrue();
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    DashboardBenchmark.Result result =
        DashboardBenchmark.run(
            DashboardBenchmark.Options.parse(
                "--children",
                "1500",
                "--database-children",
                "4000",
                "--requests",
                "20",
                "--warmup",
                "10",
                "--service-jar",
                SERVICE_JAR.toString()),
            new PrintStream(report, true, StandardCharsets.UTF_8),
            new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(result.databaseChildren()).isEqualTo(4000);
    // The measured municipality first; the others share the rest of the database between them.
    assertThat(result.loaded()).hasSizeGreaterThan(1);
    assertThat(result.loaded().stream().mapToInt(loaded -> loaded.children()).sum())
        .isEqualTo(4000);
    assertThat(result.loaded().get(0).children()).isEqualTo(1500);
    assertThat(result.cells()).isGreaterThan(1000);
    assertThat(result.countSeconds()).isPositive();
    assertThat(result.overview().client().count()).isEqualTo(20);
    assertThat(result.overview().server().at(50)).isGreaterThanOrEqualTo(0);
    assertThat(result.others()).hasSize(3);
    String text = report.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("service: overview GET /dashboard (N=20)")
        .contains("baseline: plain JDBC read of the cells the page shows")
        .contains("goal overview < 300 ms");
  }

  @Test
  void optionsDefaultToAHundredThousandChildrenInAMillion() {
    DashboardBenchmark.Options defaults = DashboardBenchmark.Options.parse();
    assertThat(defaults.children()).isEqualTo(100_000);
    assertThat(defaults.databaseChildren()).isEqualTo(1_000_000);
    assertThat(DashboardBenchmark.Options.parse("--children", "2,000").children()).isEqualTo(2000);
  }
}
