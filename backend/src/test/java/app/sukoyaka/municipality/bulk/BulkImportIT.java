package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Municipal staff import the exports of their legacy health-management systems: checkups into the
 * children's handbooks, vaccinations into their schedules; each row checked on its own, the valid
 * ones stored, the others in the error report; the same file again changes nothing.
 */
class BulkImportIT {
  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

  private Personas.Municipality town;
  private Personas.Staff staff;
  private String token;

  @BeforeEach
  void aMunicipalityWithItsStaff() {
    town = Personas.municipality();
    staff = Personas.staffOf(town);
    token = Tokens.staff(staff);
  }

  private JsonNode importAndWait(String system, byte[] file) {
    return Imports.importAndWait(token, town.code(), system, file, null);
  }

  private static JsonNode finding(JsonNode checkup, String item) {
    for (JsonNode finding : checkup.path("findings")) {
      if (finding.path("item").asText().equals(item)) {
        return finding;
      }
    }
    throw new AssertionError("No finding " + item + " in " + checkup);
  }

  private static Map<String, String> cells(String... pairs) {
    Map<String, String> cells = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      cells.put(pairs[i], pairs[i + 1]);
    }
    return cells;
  }

  private Map<String, String> standardThreeToFourMonths(
      Personas.ChildInLegacySystem child, LocalDate visit) {
    Map<String, String> row =
        cells(
            "宛名番号", child.residentNumberInLegacySystem(),
            "母子健康手帳番号", child.handbookNumber(),
            "出生順位", "1",
            "氏名カナ", "スズキ レン",
            "生年月日", child.birthDate().toString(),
            "性別", "1",
            "健診区分", "02",
            "受診日", visit.toString(),
            "体重(kg)", "6.52",
            "身長(cm)", "62.1",
            "頭囲(cm)", "41.0",
            "胸囲(cm)", "40.5",
            "栄養状態", "1",
            "栄養法", "2",
            "身体的発育", "0",
            "皮膚", "1",
            "股関節開排制限", "0",
            "総合判定", "3",
            "精密健診対象", "0",
            "実施場所", "文京区保健サービスセンター");
    long months = ChronoUnit.MONTHS.between(child.birthDate(), visit);
    row.put("受診時月齢", Long.toString(months));
    row.put(
        "受診時日齢",
        Long.toString(ChronoUnit.DAYS.between(child.birthDate().plusMonths(months), visit)));
    return row;
  }

  @Test
  void standardCheckupsGoIntoTheChildsHandbookAsTheMunicipalitysAndTeachItsResidentNumber() {
    Personas.ChildInLegacySystem infant = Personas.childKnownByHandbookOnly(town, 4, 10);
    LocalDate visit = infant.birthDate().plusMonths(4).plusDays(2);
    Personas.ChildInLegacySystem toddler = Personas.childKnownByResidentNumber(town, 19, 0);
    LocalDate toddlerVisit = toddler.birthDate().plusMonths(18).plusDays(3);
    byte[] file =
        LegacyFiles.standardCheckups()
            .row(standardThreeToFourMonths(infant, visit))
            .row(
                cells(
                    "宛名番号", toddler.residentNumber(),
                    "生年月日", toddler.birthDate().toString(),
                    "健診区分", "05",
                    "受診日", toddlerVisit.toString(),
                    "受診時月齢", "18",
                    "体重(kg)", "10.8",
                    "身長(cm)", "80.2",
                    "未処置歯数", "0",
                    "処置歯数", "0",
                    "う蝕罹患型", "O1",
                    "歯科判定", "1",
                    "総合判定", "1",
                    "実施機関コード", "",
                    "実施場所", ""))
            .bytes();

    JsonNode job = importAndWait("standard-utf8", file);

    assertThat(job.path("status").asText()).isEqualTo("completed");
    assertThat(job.path("kind").asText()).isEqualTo("checkup");
    assertThat(job.path("onErrors").asText()).isEqualTo("valid-rows-stored");
    assertThat(job.path("counts").path("stored").asInt()).as(job.toString()).isEqualTo(2);
    assertThat(job.path("counts").path("rowsWithErrors").asInt()).isZero();
    assertThat(job.path("progress").path("percent").asInt()).isEqualTo(100);
    // 胸囲 is in the export, but the catalog records it at the newborn visit only.
    assertThat(job.path("ignoredColumns").toString()).isEqualTo("[\"胸囲(cm)\"]");

    Http.Response handbook = Http.get("/api/v1/children/" + infant.childId() + "/handbook", token);
    assertThat(handbook.status()).as(handbook.body()).isEqualTo(200);
    JsonNode checkup = handbook.json().path("checkups").get(0);
    assertThat(checkup.path("kind").asText()).isEqualTo("infant-3-4-months");
    assertThat(checkup.path("visitDate").asText()).isEqualTo(visit.toString());
    assertThat(checkup.path("facility").path("name").asText()).isEqualTo("文京区保健サービスセンター");
    assertThat(checkup.path("facility").path("medicalInstitutionCode").isNull()).isTrue();
    assertThat(finding(checkup, "body-weight").path("quantity").path("value").decimalValue())
        .isEqualByComparingTo("6.52");
    assertThat(finding(checkup, "feeding-method").path("coded").path("code").asText())
        .isEqualTo("mixed");
    assertThat(finding(checkup, "skin-finding").path("coded").path("code").asText())
        .isEqualTo("present");
    assertThat(finding(checkup, "overall-judgement").path("coded").path("code").asText())
        .isEqualTo("observation");
    // 健診受診時月齢, one of the items to digitise, from the dates.
    assertThat(finding(checkup, "age-at-checkup").path("quantity").path("value").asLong())
        .isEqualTo(ChronoUnit.DAYS.between(infant.birthDate(), visit));
    // The row named both numbers: the child is now found by its 宛名番号 alone.
    assertThat(
            Db.count(
                "SELECT count(*) FROM child WHERE id = ? AND resident_number = ?",
                infant.childId(),
                infant.residentNumberInLegacySystem()))
        .isEqualTo(1);

    Http.Response timeline =
        Http.get(
            "/api/v1/children/" + toddler.childId() + "/timeline",
            Tokens.guardian(toddler.family().mother()));
    assertThat(timeline.status()).as(timeline.body()).isEqualTo(200);
    JsonNode entry = timeline.json().path("entries").get(0);
    assertThat(entry.path("source").asText()).isEqualTo("municipality");
    Http.Response detail = Http.get(entry.path("link").asText(), token);
    assertThat(detail.status()).as(detail.body()).isEqualTo(200);
    assertThat(detail.json().path("source").asText()).isEqualTo("municipality");
    assertThat(detail.json().path("checkup").path("facility").path("name").asText())
        .isEqualTo("市町村保健センター（集団健診）");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action LIKE 'bulk-import%'"
                    + " AND actor_id = ?",
                toddler.childId(), staff.subject()))
        .isEqualTo(1);
  }

  @Test
  void legacyShiftJisVaccinationsBecomeTheMunicipalitysVerifiedDosesThatTheScheduleCounts() {
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 5, 0);
    LocalDate twoMonths = child.birthDate().plusMonths(2);
    LocalDate threeMonths = child.birthDate().plusMonths(3);
    LegacyFiles file = LegacyFiles.legacyVaccinations();
    for (String[] dose :
        new String[][] {
          {"五種混合", "1回目", "D1"},
          {"小児肺炎球菌", "1回目", "P1"},
          {"B型肝炎", "1回目", "B1"},
          {"ロタリックス", "1回目", "R1"}
        }) {
      file.row(legacyDose(child, dose[0], dose[1], twoMonths, dose[2]));
      file.row(legacyDose(child, dose[0], "2回目", threeMonths, dose[2] + "-2"));
    }

    JsonNode job = importAndWait("legacy-sjis", file.bytes());

    assertThat(job.path("kind").asText()).isEqualTo("vaccination");
    assertThat(job.path("counts").path("stored").asInt()).as(job.toString()).isEqualTo(8);
    Http.Response records =
        Http.get("/api/v1/children/" + child.childId() + "/immunizations", token);
    assertThat(records.status()).as(records.body()).isEqualTo(200);
    List<JsonNode> doses = new ArrayList<>();
    records.json().path("records").forEach(doses::add);
    assertThat(doses).hasSize(8);
    assertThat(doses)
        .allSatisfy(
            d -> {
              assertThat(d.path("source").path("code").asText()).isEqualTo("municipal");
              assertThat(d.path("verification").path("state").asText()).isEqualTo("verified");
              assertThat(d.path("routine").asBoolean()).isTrue();
            });
    assertThat(doses).extracting(d -> d.path("lotNumber").asText()).contains("D1", "R1-2");
    Http.Response schedule =
        Http.get("/api/v1/children/" + child.childId() + "/immunization-schedule", token);
    assertThat(schedule.status()).as(schedule.body()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_credit c JOIN immunization_record r"
                    + " ON r.id = c.record_id WHERE r.child_id = ? AND c.vaccine = 'ROTA'"
                    + " AND c.dose_label IN ('1', '2') AND r.product = 'RV1'",
                child.childId()))
        .isEqualTo(2);
  }

  private static Map<String, String> legacyDose(
      Personas.ChildInLegacySystem child, String vaccine, String dose, LocalDate day, String lot) {
    return cells(
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
        "ロット",
        lot,
        "医療機関名",
        "すこやか小児科");
  }

  @Test
  void aFileWithBadRowsStoresItsValidRowsAndTheReportNamesEachProblem() {
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 4, 20);
    LocalDate visit = child.birthDate().plusMonths(4).plusDays(3);
    Map<String, String> good = legacyCheckup(child, visit, "4ヶ月3日");
    Map<String, String> unknownChild = new HashMap<>(good);
    unknownChild.put("住民番号", "9999999999");
    Map<String, String> otherBirthDate = new HashMap<>(good);
    otherBirthDate.put("生年月日", LegacyFiles.wareki(child.birthDate().minusDays(1)));
    Map<String, String> wrongAge = legacyCheckup(child, visit.minusDays(1), "5ヶ月3日");
    Map<String, String> future = legacyCheckup(child, TODAY.plusDays(3), "");
    Map<String, String> unknownJudgement = legacyCheckup(child, visit.minusDays(2), "");
    unknownJudgement.put("判定", "要注意");
    byte[] file =
        LegacyFiles.legacyCheckups()
            .row(good)
            .row(unknownChild)
            .row(otherBirthDate)
            .row(wrongAge)
            .row(future)
            .row(unknownJudgement)
            .bytes();

    JsonNode job = importAndWait("legacy-sjis", file);

    assertThat(job.path("status").asText()).isEqualTo("completed");
    assertThat(job.path("counts").path("stored").asInt()).as(job.toString()).isEqualTo(1);
    assertThat(job.path("counts").path("rowsWithErrors").asInt()).isEqualTo(5);
    assertThat(job.path("firstErrors")).hasSize(5);
    assertThat(
            Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child.childId()))
        .isEqualTo(1);

    Http.BinaryResponse report =
        Http.getBytes(job.path("links").path("errorReport").asText(), token);
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.contentType()).startsWith("text/csv");
    assertThat(report.header("Content-Disposition")).contains("attachment");
    assertThat(report.body()).startsWith(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    String[] lines = report.text().substring(1).split("\r\n");
    assertThat(lines[0]).isEqualTo("行番号,列,値,エラーコード,メッセージ,message");
    List<String[]> errors = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      errors.add(lines[i].split(",", -1));
    }
    assertThat(errors)
        .extracting(e -> e[0], e -> e[1], e -> e[3])
        .containsExactly(
            tuple("3", "", "SKY-6115"),
            tuple("4", "生年月日", "SKY-6116"),
            tuple("5", "年齢", "SKY-6120"),
            tuple("6", "健診日", "SKY-6117"),
            tuple("7", "判定", "SKY-6114"));
    assertThat(errors.get(0)[2]).isEqualTo("9999999999");
    assertThat(errors.get(4)[2]).isEqualTo("要注意");
    assertThat(errors).allSatisfy(e -> assertThat(e[4]).isNotBlank());
    assertThat(errors).allSatisfy(e -> assertThat(e[5]).isNotBlank());
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE action = ? AND actor_id = ?",
                "read-import-errors " + job.path("id").asText(),
                staff.subject()))
        .isEqualTo(1);
  }

  private static Map<String, String> legacyCheckup(
      Personas.ChildInLegacySystem child, LocalDate visit, String age) {
    return cells(
        "住民番号", child.residentNumber(),
        "カナ氏名", "スズキ レン",
        "生年月日", LegacyFiles.wareki(child.birthDate()),
        "性別", "男",
        "健診名", "3～4か月児健診",
        "健診日", LegacyFiles.wareki(visit),
        "年齢", age,
        "体重(g)", "6640",
        "身長(cm)", "63.0",
        "頭囲(cm)", "41.5",
        "栄養", "良",
        "身体発育", "なし",
        "股関節", "なし",
        "判定", "異常なし",
        "会場", "保健センター");
  }

  @Test
  void importingTheSameFileAgainChangesNothingAndAChangedRowIsACorrectionNotASecondRecord() {
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 7, 0);
    LegacyFiles file = LegacyFiles.standardVaccinations();
    String[][] doses = {{"06", "1", "D-1"}, {"02", "1", "P-1"}, {"03", "1", "B-1"}};
    for (String[] dose : doses) {
      file.row(standardDose(child, dose[0], dose[1], child.birthDate().plusMonths(2), dose[2]));
    }
    byte[] bytes = file.bytes();

    JsonNode first = importAndWait("standard-utf8", bytes);
    JsonNode again = importAndWait("standard-utf8", bytes);

    assertThat(first.path("counts").path("stored").asInt()).isEqualTo(3);
    assertThat(again.path("counts").path("stored").asInt()).isZero();
    assertThat(again.path("counts").path("unchanged").asInt()).isEqualTo(3);
    assertThat(again.path("fileSha256").asText()).isEqualTo(first.path("fileSha256").asText());
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ?", child.childId()))
        .isEqualTo(3);

    LegacyFiles changed = LegacyFiles.standardVaccinations();
    for (String[] dose : doses) {
      changed.row(
          standardDose(
              child,
              dose[0],
              dose[1],
              child.birthDate().plusMonths(2),
              dose[0].equals("03") ? "B-1-fixed" : dose[2]));
    }
    JsonNode correction = importAndWait("standard-utf8", changed.bytes());

    assertThat(correction.path("counts").path("unchanged").asInt()).isEqualTo(2);
    assertThat(correction.path("counts").path("rowsWithErrors").asInt()).isEqualTo(1);
    assertThat(correction.path("firstErrors").get(0).path("code").asText()).isEqualTo("SKY-6121");
    assertThat(correction.path("firstErrors").get(0).path("row").asInt()).isEqualTo(4);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ? AND lot_number = ?",
                child.childId(),
                "B-1"))
        .isEqualTo(1);
  }

  private static Map<String, String> standardDose(
      Personas.ChildInLegacySystem child, String vaccine, String dose, LocalDate day, String lot) {
    return cells(
        "宛名番号",
        child.residentNumber(),
        "生年月日",
        child.birthDate().toString().replace("-", ""),
        "予防接種コード",
        vaccine,
        "接種回数",
        dose,
        "接種日",
        day.toString().replace("-", "/"),
        "ロット番号",
        lot,
        "実施機関名",
        "すこやか小児科",
        "接種区分",
        "1");
  }

  @Test
  void aCheckupAClinicSubmittedAlreadyCountsAsRecordedAndIsNotStoredTwice() {
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 4, 20);
    LocalDate visit = child.birthDate().plusMonths(4).plusDays(1);
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    Http.Response submitted =
        Http.postFhir(clinic, InfantCheckupBundle.threeToFourMonths(child.family(), visit).json());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);

    JsonNode job =
        importAndWait(
            "legacy-sjis",
            LegacyFiles.legacyCheckups().row(legacyCheckup(child, visit, "4ヶ月1日")).bytes());

    assertThat(job.path("counts").path("alreadyRecorded").asInt()).as(job.toString()).isEqualTo(1);
    assertThat(job.path("counts").path("stored").asInt()).isZero();
    assertThat(
            Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child.childId()))
        .isEqualTo(1);
  }

  @Test
  void aDryRunChecksEveryRowAndStoresNothing() {
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 4, 20);
    LocalDate visit = child.birthDate().plusMonths(4).plusDays(3);
    byte[] file =
        LegacyFiles.legacyCheckups()
            .row(legacyCheckup(child, visit, "4ヶ月3日"))
            .row(legacyCheckup(child, visit.plusDays(1), "9ヶ月"))
            .bytes();

    JsonNode job = Imports.importAndWait(token, town.code(), "legacy-sjis", file, "dryRun=true");

    assertThat(job.path("dryRun").asBoolean()).isTrue();
    assertThat(job.path("counts").path("stored").asInt()).isEqualTo(1);
    assertThat(job.path("counts").path("rowsWithErrors").asInt()).isEqualTo(1);
    assertThat(
            Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child.childId()))
        .isZero();
    assertThat(Db.count("SELECT count(*) FROM import_record WHERE child_id = ?", child.childId()))
        .isZero();
  }

  @Test
  void aFileTheMappingDoesNotDescribeIsRefusedAtOnceWithWhatIsMissing() {
    byte[] header = "宛名番号,生年月日,受診日\r\n1,2024-01-01,2024-05-01\r\n".getBytes(StandardCharsets.UTF_8);
    Http.BinaryResponse notMapped =
        Imports.upload(token, town.code(), "standard-utf8", header, null);
    Http.BinaryResponse unknown =
        Imports.upload(token, town.code(), "no-such-system", header, null);
    Http.BinaryResponse sjisAsUtf8 =
        Imports.upload(
            token,
            town.code(),
            "standard-utf8",
            LegacyFiles.legacyVaccinations().row(Map.of("住民番号", "1")).bytes(),
            null);
    Http.BinaryResponse headerOnly =
        Imports.upload(
            token, town.code(), "legacy-sjis", LegacyFiles.legacyVaccinations().bytes(), null);
    Http.BinaryResponse noSystem =
        Http.sendBytes(
            "POST",
            "/api/v1/municipalities/" + town.code() + "/imports",
            token,
            "text/csv",
            header);

    assertThat(notMapped.status()).isEqualTo(422);
    assertThat(Imports.json(notMapped).path("code").asText()).isEqualTo("SKY-6102");
    assertThat(Imports.json(notMapped).path("detail").asText()).contains("健診区分");
    assertThat(Imports.json(notMapped).path("errors").toString()).contains("checkup/健診区分");
    assertThat(Imports.json(unknown).path("code").asText()).isEqualTo("SKY-6101");
    assertThat(Imports.json(sjisAsUtf8).path("code").asText()).isEqualTo("SKY-6102");
    assertThat(Imports.json(headerOnly).path("code").asText()).isEqualTo("SKY-6104");
    assertThat(noSystem.status()).isEqualTo(400);
    assertThat(Db.count("SELECT count(*) FROM import_job WHERE municipality_id = ?", town.id()))
        .isZero();
  }

  @Test
  void onlyStaffOfTheMunicipalityImportAndReadItsJobs() {
    Personas.ChildInLegacySystem child = Personas.childKnownByResidentNumber(town, 4, 20);
    byte[] file =
        LegacyFiles.legacyCheckups()
            .row(legacyCheckup(child, child.birthDate().plusMonths(4), ""))
            .bytes();
    String otherStaff = Tokens.staff(Personas.staffOf(Personas.municipality()));
    String guardian = Tokens.guardian(child.family().mother());
    String clinic = Tokens.clinic(Personas.clinicServing(town));

    assertThat(
            Imports.json(Imports.upload(guardian, town.code(), "legacy-sjis", file, null))
                .path("code")
                .asText())
        .isEqualTo("SKY-1005");
    assertThat(
            Imports.json(Imports.upload(clinic, town.code(), "legacy-sjis", file, null))
                .path("code")
                .asText())
        .isEqualTo("SKY-1005");
    Http.BinaryResponse foreign =
        Imports.upload(otherStaff, town.code(), "legacy-sjis", file, null);
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(Imports.json(foreign).path("code").asText()).isEqualTo("SKY-1003");
    assertThat(Db.count("SELECT count(*) FROM import_job WHERE municipality_id = ?", town.id()))
        .isZero();

    JsonNode job = Imports.importAndWait(token, town.code(), "legacy-sjis", file, null);
    String location = job.path("links").path("self").asText();
    assertThat(Http.get(location, otherStaff).status()).isEqualTo(403);
    assertThat(Http.getBytes(location + "/errors.csv", guardian).status()).isEqualTo(403);
    Personas.Municipality elsewhere = Personas.municipality();
    String elsewhereStaff = Tokens.staff(Personas.staffOf(elsewhere));
    Http.Response notTheirs =
        Http.get(
            "/api/v1/municipalities/" + elsewhere.code() + "/imports/" + job.path("id").asText(),
            elsewhereStaff);
    assertThat(notTheirs.status()).isEqualTo(404);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE municipality_id = ? AND outcome = 'denied'"
                    + " AND action = 'bulk-import'",
                town.id()))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void theMappingsAreListedWithTheirColumnsCodesAndSource() {
    Http.Response systems =
        Http.get("/api/v1/municipalities/" + town.code() + "/import-systems", token);
    Http.Response jobs = Http.get("/api/v1/municipalities/" + town.code() + "/imports", token);

    assertThat(systems.status()).as(systems.body()).isEqualTo(200);
    Map<String, JsonNode> bySystem = new HashMap<>();
    systems.json().path("systems").forEach(s -> bySystem.put(s.path("system").asText(), s));
    assertThat(bySystem).containsKeys("standard-utf8", "legacy-sjis");
    assertThat(bySystem.get("legacy-sjis").path("encoding").asText()).isEqualTo("windows-31j");
    assertThat(bySystem.get("legacy-sjis").path("dates").asText()).isEqualTo("wareki");
    assertThat(bySystem.get("legacy-sjis").path("source").asText())
        .startsWith("vendor export layout as configured by the municipality");
    assertThat(bySystem.get("standard-utf8").toString()).contains("\"04\":\"ROTA/RV1\"");
    assertThat(jobs.status()).isEqualTo(200);
    assertThat(jobs.json().path("imports")).isEmpty();
  }
}
