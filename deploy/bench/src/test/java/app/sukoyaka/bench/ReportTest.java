package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void theTablePutsOurFigureNextToTheBaselineWithTheirRatio() {
    Report report =
        new Report(
            2000,
            8,
            2,
            650.0,
            11.25,
            30.5,
            1300.0,
            Optional.of(new ProcessMemory(400 * 1024, 450 * 1024)),
            "512m",
            Optional.of(3.456));

    assertThat(report.ratioPercent()).isEqualTo(50.0);
    assertThat(report.format().lines().toList())
        .containsExactly(
            "Sukoyaka ingest benchmark  (N=2000 bundles, K=8 clients, 12 resources per bundle,"
                + " 2 cores)",
            "                                bundles/s   p50 ms   p99 ms",
            "service: validated FHIR ingest      650.0     11.3     30.5",
            "baseline: plain JDBC batch         1300.0        -        -",
            "ratio service / baseline            50.00 %",
            "service memory: RSS 400 MiB, peak 450 MiB (heap limit 512m)",
            "service CPU: 3.46 ms per bundle (all its threads: requests, JIT, GC)");
  }

  @Test
  void residentAndPeakMemoryAreReadFromProcStatus() {
    List<String> status =
        List.of(
            "Name:\tjava",
            "VmPeak:\t 4000000 kB",
            "VmHWM:\t  524288 kB",
            "VmRSS:\t  409600 kB",
            "Threads:\t42");

    assertThat(ProcessMemory.parse(status)).contains(new ProcessMemory(409600, 524288));
    assertThat(ProcessMemory.parse(status).orElseThrow().residentMib()).isEqualTo(400);
    assertThat(ProcessMemory.parse(List.of("Name:\tjava"))).isEmpty();
  }

  @Test
  void optionsDefaultToTheDesignRunAndRefuseNonsense() {
    Options defaults = Options.parse();

    assertThat(defaults.bundles()).isEqualTo(4000);
    assertThat(defaults.clients()).isEqualTo(8);
    assertThat(defaults.warmup()).isEqualTo(3000);
    assertThat(defaults.heap()).isEqualTo("512m");
    assertThat(defaults.serviceJar()).isEqualTo(Path.of("backend/target/sukoyaka.jar"));
    assertThat(defaults.serviceJvmOptions()).isEmpty();
    assertThat(
            Options.parse(
                    "--service-jvm-option", "-XX:+UseSerialGC",
                    "--service-jvm-option", "-XX:StartFlightRecording")
                .serviceJvmOptions())
        .containsExactly("-XX:+UseSerialGC", "-XX:StartFlightRecording");
    assertThat(Options.parse("--bundles", "1000", "--clients", "4", "--heap", "1g").bundles())
        .isEqualTo(1000);
    assertThatThrownBy(() -> Options.parse("--bundles", "0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Options.parse("--heap", "lots"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Options.parse("--clients"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
