package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
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
 * A row of a child the municipality's system knows but Sukoyaka does not yet: when the export names
 * who the child is (氏名, カナ, 生年月日, 性別, 宛名番号, and its address and guardian when it has them), the
 * child is recorded from the row with its record, once however many rows name it; a row that
 * contradicts the child on record, or lacks what a child is recorded by, is a row error.
 */
class ChildrenFromImportIT {
  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

  private Personas.Municipality town;
  private Personas.Staff staff;
  private String token;
  private LocalDate born;

  @BeforeEach
  void aMunicipalityWithItsStaff() {
    town = Personas.municipality();
    staff = Personas.staffOf(town);
    token = Tokens.staff(staff);
    born = TODAY.minusMonths(8).minusDays(3);
  }

  private static Map<String, String> cells(String... pairs) {
    Map<String, String> cells = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      cells.put(pairs[i], pairs[i + 1]);
    }
    return cells;
  }

  private Map<String, String> checkup(String resident, String kind, LocalDate visit, String name) {
    Map<String, String> row =
        cells(
            "宛名番号", resident,
            "氏名", name,
            "氏名カナ", "タナカ ハルト",
            "生年月日", born.toString(),
            "性別", "1",
            "健診区分", kind,
            "受診日", visit.toString(),
            "受診時月齢", Long.toString(java.time.temporal.ChronoUnit.MONTHS.between(born, visit)),
            "体重(kg)", "7.40",
            "総合判定", "1",
            "実施場所", "保健センター",
            "住所", "東京都文京区春日1-16-21",
            "保護者氏名", "田中 美咲");
    return row;
  }

  private static LegacyFiles standardWithIdentity() {
    return LegacyFiles.standardCheckups().with("氏名", "住所", "保護者氏名");
  }

  private String resident() {
    return String.format("%010d", new java.util.Random().nextInt(1_000_000_000));
  }

  @Test
  void
      aChildNotYetOnRecordIsRecordedOnceFromItsRowsWithTheirRecordsAndTheSameFileAgainChangesNothing() {
    String resident = resident();
    byte[] file =
        standardWithIdentity()
            .row(checkup(resident, "02", born.plusMonths(3).plusDays(10), "田中 陽翔"))
            .row(checkup(resident, "03", born.plusMonths(6).plusDays(12), "田中　陽翔"))
            .bytes();

    JsonNode job = Imports.importAndWait(token, town.code(), "standard-utf8", file, null);
    JsonNode again = Imports.importAndWait(token, town.code(), "standard-utf8", file, null);

    assertThat(job.path("counts").path("stored").asInt()).as(job.toString()).isEqualTo(2);
    assertThat(job.path("counts").path("rowsWithErrors").asInt()).isZero();
    assertThat(
            Db.text(
                "SELECT concat_ws('|', family_name, given_name, family_name_kana, given_name_kana,"
                    + " birth_date, sex, address, guardian_name) FROM child"
                    + " WHERE municipality_id = ? AND resident_number = ?",
                town.id(),
                resident))
        .isEqualTo("田中|陽翔|タナカ|ハルト|" + born + "|male|東京都文京区春日1-16-21|田中 美咲");
    String child =
        Db.text(
            "SELECT id::text FROM child WHERE municipality_id = ? AND resident_number = ?",
            town.id(),
            resident);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE child_id = ?::uuid"
                    + " AND source = 'municipal'",
                child))
        .isEqualTo(2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ?::uuid"
                    + " AND action LIKE 'bulk-import-record-child%' AND actor_id = ?",
                child, staff.subject()))
        .isEqualTo(1);
    assertThat(again.path("counts").path("stored").asInt()).as(again.toString()).isZero();
    assertThat(again.path("counts").path("unchanged").asInt()).isEqualTo(2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM child WHERE municipality_id = ? AND resident_number = ?",
                town.id(),
                resident))
        .isEqualTo(1);
    Http.Response handbook = Http.get("/api/v1/children/" + child + "/handbook", token);
    assertThat(handbook.status()).as(handbook.body()).isEqualTo(200);
    assertThat(handbook.json().path("checkups")).hasSize(2);
  }

  @Test
  void
      rowsThatContradictTheChildOrLackWhatAChildIsRecordedByAreRowErrorsAndNothingOfThemIsStored() {
    Personas.ChildInLegacySystem known = Personas.childKnownByResidentNumber(town, 8, 3);
    born = known.birthDate();
    String fresh = resident();
    String incomplete = resident();
    Map<String, String> noSex = checkup(incomplete, "02", born.plusMonths(3).plusDays(10), "山田 花子");
    noSex.put("性別", "");
    Map<String, String> otherBirth = checkup(fresh, "03", born.plusMonths(6).plusDays(12), "田中 陽翔");
    otherBirth.put("生年月日", born.minusDays(1).toString());
    byte[] file =
        standardWithIdentity()
            // the child on record is 鈴木 蓮
            .row(checkup(known.residentNumber(), "02", born.plusMonths(3).plusDays(10), "佐藤 花子"))
            .row(noSex)
            .row(checkup(fresh, "02", born.plusMonths(3).plusDays(10), "田中 陽翔"))
            .row(otherBirth)
            .row(checkup(resident(), "02", born.plusMonths(3).plusDays(10), "田中陽翔"))
            .bytes();

    JsonNode job = Imports.importAndWait(token, town.code(), "standard-utf8", file, null);

    assertThat(job.path("counts").path("stored").asInt()).as(job.toString()).isEqualTo(1);
    assertThat(job.path("counts").path("rowsWithErrors").asInt()).isEqualTo(4);
    Http.BinaryResponse report =
        Http.getBytes(job.path("links").path("errorReport").asText(), token);
    String[] lines = report.text().substring(1).split("\r\n");
    List<String[]> errors = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      errors.add(lines[i].split(",", -1));
    }
    assertThat(errors)
        .extracting(e -> e[0], e -> e[3])
        .containsExactly(
            tuple("2", "SKY-6116"),
            tuple("3", "SKY-6310"),
            tuple("5", "SKY-6116"),
            tuple("6", "SKY-6310"));
    assertThat(
            Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", known.childId()))
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM child WHERE municipality_id = ? AND resident_number IN (?, ?)",
                town.id(),
                fresh,
                incomplete))
        .isEqualTo(1);
    assertThat(
            Db.text(
                "SELECT birth_date::text FROM child WHERE municipality_id = ? AND resident_number = ?",
                town.id(),
                fresh))
        .isEqualTo(born.toString());
  }

  @Test
  void aShiftJisExportWithNamesRecordsTheChildOfItsDosesAndAFileWithoutNamesStillRefusesTheRow() {
    String resident = resident();
    LocalDate twoMonths = born.plusMonths(2);
    Map<String, String> dose =
        cells(
            "住民番号", resident,
            "氏名", "田中 陽翔",
            "カナ氏名", "タナカ ハルト",
            "生年月日", LegacyFiles.wareki(born),
            "性別", "男",
            "ワクチン名", "五種混合",
            "接種回", "1回目",
            "接種日", LegacyFiles.wareki(twoMonths),
            "ロット", "D1",
            "医療機関名", "すこやか小児科");
    Map<String, String> unnamed = new HashMap<>(dose);
    unnamed.remove("氏名");
    unnamed.remove("性別");
    unnamed.put("住民番号", resident());

    JsonNode withNames =
        Imports.importAndWait(
            token,
            town.code(),
            "legacy-sjis",
            LegacyFiles.legacyVaccinations().with("氏名", "性別").row(dose).bytes(),
            null);
    JsonNode withoutNames =
        Imports.importAndWait(
            token,
            town.code(),
            "legacy-sjis",
            LegacyFiles.legacyVaccinations().row(unnamed).bytes(),
            null);

    assertThat(withNames.path("counts").path("stored").asInt())
        .as(withNames.toString())
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record r JOIN child c ON c.id = r.child_id"
                    + " WHERE c.municipality_id = ? AND c.resident_number = ?"
                    + " AND c.family_name = '田中' AND r.vaccine_kind = 'DPT_IPV_HIB'",
                town.id(),
                resident))
        .isEqualTo(1);
    assertThat(withoutNames.path("counts").path("rowsWithErrors").asInt()).isEqualTo(1);
    assertThat(withoutNames.path("firstErrors").get(0).path("code").asText()).isEqualTo("SKY-6115");
  }
}
