package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The stored-children benchmark on a tiny size, end to end on its own PostgreSQL: the schema is the
 * service's, every loaded child is forecast, every forecast equals the forecast of the child's
 * records as generated (without the database), and the report names both figures.
 */
class StoredForecastBenchmarkTest {

  @Test
  void aTinyRunForecastsEveryChildAsItsRecordsSayAndReportsBothFigures() throws Exception {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    StoredForecastBenchmark.Result result =
        StoredForecastBenchmark.run(
            new StoredForecastBenchmark.Options(300, 60, 2, true, null),
            new PrintStream(report, true, StandardCharsets.UTF_8),
            new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(result.children()).isEqualTo(300);
    assertThat(result.forecast()).isEqualTo(300);
    // Fewer than 500 children: every one of them is compared with its records' forecast.
    assertThat(result.samplesChecked()).isEqualTo(300);
    assertThat(result.rows()).isGreaterThan(300 * 10);
    assertThat(result.counted()).isGreaterThan(result.notCounted() * 20);
    assertThat(result.recommendations()).isGreaterThan(300 * 20);
    assertThat(result.read().seconds()).isPositive();
    assertThat(result.batch().seconds()).isPositive();
    String text = report.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("baseline: plain read of the same rows")
        .contains("batch: the same read + forecast every child")
        .contains("ratio batch / plain read")
        .contains("300 of 300 children forecast");
  }

  @Test
  void optionsDefaultToAQuickRunAndTakeTheMillionByAFlag() {
    assertThat(StoredForecastBenchmark.Options.parse().children()).isEqualTo(100_000);
    assertThat(StoredForecastBenchmark.Options.parse("--children", "1,000,000").children())
        .isEqualTo(1_000_000);
    assertThat(StoredForecastBenchmark.Options.parse("--no-payloads").payloads()).isFalse();
  }
}
