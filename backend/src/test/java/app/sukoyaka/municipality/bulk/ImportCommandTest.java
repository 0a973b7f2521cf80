package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportCommandTest {

  private static ImportJob job(int total, int done, int stored, int errors) {
    Instant now = Instant.parse("2026-11-21T00:00:00Z");
    return new ImportJob(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "legacy-sjis",
        "checkup",
        "a.csv",
        "0".repeat(64),
        10,
        false,
        "running",
        "staff",
        total,
        done,
        stored,
        0,
        0,
        errors,
        errors,
        List.of(),
        null,
        null,
        now,
        now,
        now,
        null);
  }

  @Test
  void optionsNameTheMunicipalityTheSystemTheStaffMemberAndOneFile() {
    ImportCommand.Options options =
        ImportCommand.parse(
            new String[] {
              "--municipality",
              "131059",
              "--system",
              "legacy-sjis",
              "--staff",
              "s-1",
              "--dry-run",
              "--errors",
              "r.csv",
              "f.csv"
            });

    assertThat(options)
        .isEqualTo(
            new ImportCommand.Options(
                "131059", "legacy-sjis", "s-1", true, Path.of("r.csv"), Path.of("f.csv"), false));
    assertThatThrownBy(() -> ImportCommand.parse(new String[] {"--system", "x", "f.csv"}))
        .hasMessageContaining("required");
    assertThatThrownBy(() -> ImportCommand.parse(new String[] {"--colour", "red"}))
        .hasMessageContaining("Unknown option --colour");
  }

  @Test
  void theProgressBarShowsTheShareRowsCountsRateAndWhatIsLeft() {
    String line = ImportCommand.ProgressBar.line(job(100_000, 50_000, 49_000, 1_000), 20.0);

    assertThat(line)
        .startsWith("[###############---------------]  50%")
        .contains("50,000/100,000 rows")
        .contains("stored 49,000")
        .contains("errors 1,000")
        .contains("2,500 rows/s")
        .endsWith("ETA 0:20");
  }

  @Test
  void theSummarySaysWhatADryRunWouldStore() {
    ImportJob dry =
        new ImportJob(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "legacy-sjis",
            "checkup",
            "a.csv",
            "0".repeat(64),
            10,
            true,
            "completed",
            "staff",
            3,
            3,
            2,
            0,
            0,
            1,
            1,
            List.of(),
            null,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            Instant.EPOCH,
            Instant.EPOCH);

    assertThat(ImportCommand.summary(dry))
        .isEqualTo(
            "completed: 3 rows; would store 2, unchanged 0, already recorded 0, with errors 1"
                + " (1 errors)");
  }
}
