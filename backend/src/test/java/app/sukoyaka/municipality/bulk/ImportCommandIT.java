package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestDatabase;
import app.sukoyaka.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import command on a small file: as staff, into the configured database, with a report. */
class ImportCommandIT {

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    TestService.server();
    Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
    properties.put("sukoyaka.security.key-encryption-key", TestService.KEY_ENCRYPTION_KEY);
    return ImportCommand.run(
        args,
        properties,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theCommandImportsAShiftJisFileWithAProgressBarAndWritesTheErrorReport(@TempDir Path dir)
      throws Exception {
    Personas.Municipality town = Personas.municipality();
    Personas.Staff staff = Personas.staffOf(town);
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 5, 0);
    LocalDate twoMonths = child.birthDate().plusMonths(2);
    Path file = dir.resolve("予防接種_2024.csv");
    Files.write(
        file,
        LegacyFiles.legacyVaccinations()
            .row(dose(child, "ヒブ", "1回目", twoMonths))
            .row(dose(child, "小児肺炎球菌", "1回目", twoMonths))
            // A dose the mapping does not know.
            .row(dose(child, "日本脳炎", "9回目", twoMonths))
            .bytes());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        run(
            out,
            err,
            "--municipality",
            town.code(),
            "--system",
            "legacy-sjis",
            "--staff",
            staff.subject(),
            file.toString());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(printed + err).isEqualTo(ImportCommand.ROW_ERRORS);
    assertThat(printed).contains("vaccination rows of legacy-sjis, 3 rows");
    assertThat(printed).contains("completed: 3 rows; stored 2, unchanged 0");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("[##############################] 100%")
        .contains("3/3 rows");
    Path report = dir.resolve("予防接種_2024.csv.errors.csv");
    assertThat(printed).contains("Error report: " + report);
    String csv = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(csv).startsWith("\uFEFF行番号,列,値,エラーコード,メッセージ,message\r\n");
    assertThat(csv).contains("4,接種回,9回目,SKY-6114");
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ? AND source = 'municipal'"
                    + " AND recorded_by = ?",
                child.childId(),
                staff.subject()))
        .isEqualTo(2);

    // The same file again: nothing new.
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    run(
        again,
        new ByteArrayOutputStream(),
        "--municipality",
        town.code(),
        "--system",
        "legacy-sjis",
        "--staff",
        staff.subject(),
        file.toString());
    assertThat(again.toString(StandardCharsets.UTF_8)).contains("stored 0, unchanged 2");
  }

  @Test
  void wrongUsageAndAStrangerAreRefusedBeforeAnythingIsStored(@TempDir Path dir) throws Exception {
    Personas.Municipality town = Personas.municipality();
    Path file = dir.resolve("x.csv");
    Files.write(file, LegacyFiles.legacyVaccinations().bytes());
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertThat(run(new ByteArrayOutputStream(), err, "--system", "legacy-sjis", file.toString()))
        .isEqualTo(ImportCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    ByteArrayOutputStream stranger = new ByteArrayOutputStream();
    assertThat(
            run(
                new ByteArrayOutputStream(),
                stranger,
                "--municipality",
                town.code(),
                "--system",
                "legacy-sjis",
                "--staff",
                Personas.staffOf(Personas.municipality()).subject(),
                file.toString()))
        .isEqualTo(ImportCommand.FAILED);
    assertThat(stranger.toString(StandardCharsets.UTF_8)).contains("SKY-1003");
    assertThat(Db.count("SELECT count(*) FROM import_job WHERE municipality_id = ?", town.id()))
        .isZero();
  }

  private static Map<String, String> dose(
      Personas.ChildInLegacySystem child, String vaccine, String dose, LocalDate day) {
    return Map.of(
        "住民番号",
        child.residentNumber(),
        "カナ氏名",
        "スズキ レン",
        "生年月日",
        LegacyFiles.wareki(child.birthDate()),
        "ワクチン名",
        vaccine,
        "接種回",
        dose,
        "接種日",
        LegacyFiles.wareki(day),
        "医療機関名",
        "すこやか小児科");
  }
}
