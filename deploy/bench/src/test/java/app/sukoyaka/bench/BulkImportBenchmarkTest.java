package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The bulk import benchmark on a tiny size, end to end: the packaged service's import command as
 * its own process on its own PostgreSQL, both files, the baseline, the second import that stores
 * nothing, and the report naming every figure.
 */
class BulkImportBenchmarkTest {
  /** The service jar the reactor packaged before this module's tests. */
  private static final Path SERVICE_JAR = Path.of("..", "..", "backend", "target", "sukoyaka.jar");

  @Test
  void aTinyRunImportsBothFilesOnceAndReportsTheCommandNextToThePlainCopy() throws Exception {
    assertThat(SERVICE_JAR).as("the packaged service (mvn package)").isRegularFile();
    ByteArrayOutputStream report = new ByteArrayOutputStream();

    BulkImportBenchmark.Result result =
        BulkImportBenchmark.run(
            new BulkImportBenchmark.Options(40, SERVICE_JAR, "384m"),
            new PrintStream(report, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(result.ok()).isTrue();
    assertThat(result.figures()).hasSize(2);
    assertThat(result.figures().get(0).rowsStored()).isEqualTo(40 + 40 * 17);
    assertThat(result.figures().get(1).rowsStored()).isEqualTo(40 + 40);
    assertThat(result.figures()).allSatisfy(f -> assertThat(f.unchangedAgain()).isEqualTo(40));
    assertThat(report.toString(StandardCharsets.UTF_8))
        .contains("service: import command, whole process")
        .contains("baseline: plain COPY of the same table rows")
        .contains("ratio service job / baseline")
        .contains("checked: 40 of 40 rows stored");
  }

  @Test
  void optionsDefaultToTheGoalsHundredThousandRows() {
    assertThat(BulkImportBenchmark.Options.parse().rows()).isEqualTo(100_000);
    assertThat(BulkImportBenchmark.Options.parse("--rows", "20,000").rows()).isEqualTo(20_000);
  }
}
