package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The offline sync benchmark on a small municipality, end to end: its own PostgreSQL, the real
 * service jar of this build, the family's records submitted by the clinic, every kind of sync
 * answered and checked, and the report naming each figure.
 */
class SyncBenchmarkTest {
  /** The service jar the reactor built before this module (deploy/bench is its last module). */
  private static final Path SERVICE_JAR = Path.of("../../backend/target/sukoyaka.jar");

  @Test
  void aFamilysWholeHandbookAndItsDeltasAreSyncedCheckedAndReported() throws Exception {
    assertThat(Files.isRegularFile(SERVICE_JAR))
        .as("the service jar is built by the backend module of this build: " + SERVICE_JAR)
        .isTrue();
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    SyncBenchmark.Result result =
        SyncBenchmark.run(
            new SyncBenchmark.Options(300, 8, 4, SERVICE_JAR, "512m", true, List.of()),
            new PrintStream(report, true, StandardCharsets.UTF_8),
            new PrintStream(progress, true, StandardCharsets.UTF_8));

    // 28 妊婦健診, 2 deliveries under the pregnancies and again under the children, 11 child
    // checkups; every dose; a schedule per child; every fourth of the municipality's notices.
    assertThat(result.handbook().entries())
        .containsEntry("checkup", 28 + 2 + 2 + 11)
        .containsEntry("immunization", (int) result.rows().records())
        .containsEntry("immunizationSchedule", 2)
        .containsEntry("notice", 50)
        .containsEntry("pregnancy", 2)
        .containsEntry("child", 2);
    assertThat(result.rows().encounters()).isEqualTo(28 + 2 + 11);
    assertThat(result.rows().records()).isBetween(35L, 45L);
    assertThat(result.rows().credits()).isEqualTo(result.rows().records());
    assertThat(result.handbook().wireBytes()).isLessThan(result.handbook().jsonBytes());
    assertThat(result.full().client().count()).isEqualTo(8);
    assertThat(result.notModified().server().orElseThrow().count()).isEqualTo(8);
    assertThat(result.emptyDelta().statements()).isPositive();
    assertThat(result.smallDelta().client().count()).isEqualTo(2);
    // Nine statements a read; the statistics may also count a statement of the service's own.
    assertThat(result.baseline().statements()).isBetween(9.0, 10.0);
    String text = report.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("full sync (no cursor)")
        .contains("empty delta, If-None-Match -> 304")
        .contains("small delta, one new checkup -> 200")
        .contains("baseline: plain JDBC read of the family")
        .contains("goal full sync < 200 ms")
        .contains("full sync SQL per");
  }

  @Test
  void optionsDefaultToTwentyThousandFamiliesAndAThousandSyncsAfterAThousandRounds() {
    SyncBenchmark.Options defaults = SyncBenchmark.Options.parse();

    assertThat(defaults.families()).isEqualTo(20_000);
    assertThat(defaults.requests()).isEqualTo(1000);
    assertThat(defaults.warmup()).isEqualTo(1000);
    assertThat(defaults.smallDeltas()).isEqualTo(250);
    assertThat(defaults.serviceJar()).isEqualTo(Path.of("backend", "target", "sukoyaka.jar"));
    assertThat(defaults.heap()).isEqualTo("512m");
    assertThat(defaults.statements()).isFalse();
  }

  @Test
  void optionsAreReadWithThousandsSeparatorsAndRepeatedJvmOptions() {
    SyncBenchmark.Options options =
        SyncBenchmark.Options.parse(
            "--families",
            "100,000",
            "--requests",
            "200",
            "--warmup",
            "0",
            "--heap",
            "1g",
            "--statements",
            "--service-jar",
            "/opt/sukoyaka.jar",
            "--service-jvm-option",
            "-XX:+UseSerialGC",
            "--service-jvm-option",
            "-XX:StartFlightRecording=filename=/tmp/sync.jfr");

    assertThat(options.families()).isEqualTo(100_000);
    assertThat(options.requests()).isEqualTo(200);
    assertThat(options.smallDeltas()).isEqualTo(50);
    assertThat(options.warmup()).isZero();
    assertThat(options.heap()).isEqualTo("1g");
    assertThat(options.statements()).isTrue();
    assertThat(options.serviceJar()).isEqualTo(Path.of("/opt/sukoyaka.jar"));
    assertThat(options.serviceJvmOptions())
        .containsExactly("-XX:+UseSerialGC", "-XX:StartFlightRecording=filename=/tmp/sync.jfr");
  }

  @Test
  void badOptionsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> SyncBenchmark.Options.parse("--families", "0"))
        .hasMessageContaining("--families");
    assertThatThrownBy(() -> SyncBenchmark.Options.parse("--requests", "3"))
        .hasMessageContaining("--requests");
    assertThatThrownBy(() -> SyncBenchmark.Options.parse("--warmup", "-1"))
        .hasMessageContaining("--warmup");
    assertThatThrownBy(() -> SyncBenchmark.Options.parse("--heap", "lots"))
        .hasMessageContaining("--heap");
    assertThatThrownBy(() -> SyncBenchmark.Options.parse("--requests"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyncBenchmark.Options.parse("--cores", "2"))
        .hasMessageContaining("Unknown option --cores");
  }

  @Test
  void aDeltaWithOnlyTheChildrensSchedulesIsEmptyButForTheNewDay() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();

    assertThat(SyncBenchmark.onlySchedules(json.readTree("[]"))).isTrue();
    assertThat(
            SyncBenchmark.onlySchedules(
                json.readTree(
                    "[{\"kind\": \"immunizationSchedule\"}, {\"kind\": \"immunizationSchedule\"}]")))
        .isTrue();
    assertThat(
            SyncBenchmark.onlySchedules(
                json.readTree("[{\"kind\": \"immunizationSchedule\"}, {\"kind\": \"checkup\"}]")))
        .isFalse();
  }
}
