package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The daily reminder benchmark on a small municipality, end to end: its own PostgreSQL, the real
 * service jar of this build with its daily timer, every kind of reminder written once with its
 * push, the same day run again writing nothing, and the report naming both figures.
 */
class ReminderBenchmarkTest {
  /** The service jar the reactor built before this module (deploy/bench is its last module). */
  private static final Path SERVICE_JAR = Path.of("../../backend/target/sukoyaka.jar");

  @Test
  void aSmallMunicipalitysDailyRunRemindsOfEveryKindOnceAndReportsBothFigures() throws Exception {
    assertThat(Files.isRegularFile(SERVICE_JAR))
        .as("the service jar is built by the backend module of this build: " + SERVICE_JAR)
        .isTrue();
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    ReminderBenchmark.Result result =
        ReminderBenchmark.run(
            new ReminderBenchmark.Options(2000, 600, SERVICE_JAR, "512m"),
            new PrintStream(report, true, StandardCharsets.UTF_8),
            new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(result.first().children()).isEqualTo(2000);
    assertThat(result.byKind())
        .containsKeys("vaccine-due", "vaccine-overdue", "prenatal-checkup", "infant-checkup");
    // Referrals without a result 60 to 150 days back are few in a small town, and change with
    // the day; each is reminded of to each of its child's guardians.
    assertThat(result.byKind().getOrDefault("checkup-follow-up", 0L))
        .isBetween(result.families().followUpsDue(), 2 * result.families().followUpsDue());
    assertThat(result.first().created()).isGreaterThan(result.first().pushes() / 2);
    assertThat(result.again().created()).isZero();
    assertThat(result.englishPushes()).isPositive();
    assertThat(result.batch().seconds()).isPositive();
    String text = report.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("baseline: StoredForecastBatch alone")
        .contains("service: daily reminder run, first day")
        .contains("ratio first day / StoredForecastBatch alone")
        .contains("the same day again wrote nothing");
  }

  @Test
  void optionsDefaultToAHundredThousandChildren() {
    assertThat(ReminderBenchmark.Options.parse().children()).isEqualTo(100_000);
    assertThat(ReminderBenchmark.Options.parse("--children", "1,000").children()).isEqualTo(1000);
    assertThat(ReminderBenchmark.Options.parse("--heap", "1g").heap()).isEqualTo("1g");
  }
}
