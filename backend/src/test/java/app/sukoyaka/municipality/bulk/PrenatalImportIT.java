package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 妊婦健診 from the municipality's system, in both bundled layouts: the pregnant person by her 宛名番号
 * (learned from a row that also names her handbook number), the visit in her pregnancy, the
 * gestational age and the catalog's prenatal items held to the catalog's rules for a pregnant
 * person, as clinic intake holds them; the same file again changes nothing.
 */
class PrenatalImportIT {
  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

  private Personas.Municipality town;
  private String token;
  private Personas.Mother mother;
  private String resident;

  @BeforeEach
  void aPregnantResidentAtTwentyWeeks() {
    town = Personas.municipality();
    token = Tokens.staff(Personas.staffOf(town));
    mother = Personas.motherAt20Weeks(town);
    resident = String.format("%010d", new java.util.Random().nextInt(1_000_000_000));
  }

  private static Map<String, String> cells(String... pairs) {
    Map<String, String> cells = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      cells.put(pairs[i], pairs[i + 1]);
    }
    return cells;
  }

  private Map<String, String> standard(LocalDate visit, String days, String weight) {
    return cells(
        "宛名番号", resident,
        "母子健康手帳番号", mother.handbookNumber(),
        "生年月日", mother.birthDate().toString(),
        "受診日", visit.toString(),
        "妊娠日数", days,
        "体重(kg)", weight,
        "血圧(最高)", "112",
        "血圧(最低)", "68",
        "子宮底長(cm)", "18",
        "浮腫", "0",
        "尿蛋白", "1",
        "尿糖", "0",
        "実施機関名", "すこやか産婦人科");
  }

  @Test
  void prenatalCheckupsOfBothLayoutsGoIntoThePregnancyAndTheSameFileAgainChangesNothing() {
    byte[] standard =
        LegacyFiles.standardPrenatal().row(standard(TODAY.minusDays(14), "126", "55.2")).bytes();
    byte[] legacy =
        LegacyFiles.legacyPrenatal()
            .row(
                cells(
                    "住民番号", resident,
                    "生年月日", LegacyFiles.wareki(mother.birthDate()),
                    "健診日", LegacyFiles.wareki(TODAY.minusDays(1)),
                    "妊娠週数", "19",
                    "体重(kg)", "55.9",
                    "最高血圧", "115",
                    "最低血圧", "70",
                    "浮腫", "+",
                    "尿蛋白", "±",
                    "尿糖", "-"))
            .bytes();

    JsonNode first = Imports.importAndWait(token, town.code(), "standard-utf8", standard, null);
    JsonNode second = Imports.importAndWait(token, town.code(), "legacy-sjis", legacy, null);
    JsonNode again = Imports.importAndWait(token, town.code(), "standard-utf8", standard, null);

    assertThat(first.path("kind").asText()).isEqualTo("prenatal");
    assertThat(first.path("counts").path("stored").asInt()).as(first.toString()).isEqualTo(1);
    assertThat(second.path("kind").asText()).isEqualTo("prenatal");
    assertThat(second.path("counts").path("stored").asInt()).as(second.toString()).isEqualTo(1);
    assertThat(again.path("counts").path("stored").asInt()).isZero();
    assertThat(again.path("counts").path("unchanged").asInt()).isEqualTo(1);
    // The first row named both numbers: the person is found by her 宛名番号 afterwards.
    assertThat(
            Db.count(
                "SELECT count(*) FROM person WHERE id = ? AND resident_number = ?",
                mother.personId(),
                resident))
        .isEqualTo(1);
    assertThat(
            Db.text(
                "SELECT string_agg(gestational_age_days::text || '/' || source, ','"
                    + " ORDER BY visit_date) FROM checkup_encounter WHERE pregnancy_id = ?"
                    + " AND kind = 'prenatal' AND child_id IS NULL",
                mother.pregnancyId()))
        .isEqualTo("126/municipal,133/municipal");
    assertThat(
            Db.text(
                "SELECT code_value FROM checkup_finding f JOIN checkup_encounter e"
                    + " ON e.id = f.encounter_id WHERE e.pregnancy_id = ? AND e.visit_date = ?"
                    + " AND f.item_code = 'urine-protein'",
                mother.pregnancyId(),
                java.sql.Date.valueOf(TODAY.minusDays(1))))
        .isEqualTo("trace");
  }

  @Test
  void rowsOutsideThePregnancyImplausibleForAPregnantPersonOrOfNoPregnancyAreRowErrors() {
    byte[] file =
        LegacyFiles.standardPrenatal()
            .row(standard(TODAY.minusDays(7), "133", "56.0"))
            .row(standard(TODAY.minusDays(6), "134", "560"))
            .row(standard(TODAY.minusDays(200), "60", "50.0"))
            .row(standard(TODAY.minusDays(5), "", "56.0"))
            .row(
                cells(
                    "宛名番号", "9999999999",
                    "生年月日", mother.birthDate().toString(),
                    "受診日", TODAY.minusDays(3).toString(),
                    "妊娠日数", "137",
                    "実施機関名", "すこやか産婦人科"))
            .bytes();

    JsonNode job = Imports.importAndWait(token, town.code(), "standard-utf8", file, null);

    assertThat(job.path("counts").path("stored").asInt()).as(job.toString()).isEqualTo(1);
    assertThat(job.path("counts").path("rowsWithErrors").asInt()).isEqualTo(4);
    List<String> codes = new ArrayList<>();
    job.path("firstErrors")
        .forEach(e -> codes.add(e.path("row").asInt() + ":" + e.path("code").asText()));
    assertThat(codes).containsExactly("3:SKY-6118", "4:SKY-6117", "5:SKY-6111", "6:SKY-6311");
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE pregnancy_id = ?",
                mother.pregnancyId()))
        .isEqualTo(1);
  }
}
