package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.StoredVaccinations;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list of routine vaccinations late to be registered (概ね2か月以内の副本登録, seed 000): doses the
 * municipality knows of but has not registered, getting late from six weeks and late after two
 * months, and doses registered after the deadline; voluntary doses and doses registered in time are
 * not on it. As JSON and CSV, for staff of the municipality only.
 */
class LateRegistrationIT {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private Personas.Municipality town;
  private Personas.FamilyWithInfant family;
  private String staff;
  private String guardian;
  private LocalDate today;
  private String path;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    family = Personas.familyWithChildAged(town, 6, 0);
    staff = Tokens.staff(Personas.staffOf(town));
    guardian = Tokens.guardian(family.mother());
    today = LocalDate.now(JAPAN);
    path = "/api/v1/municipalities/" + town.code() + "/work-lists/late-registrations";
  }

  @Test
  void dosesNotRegisteredWithinTwoMonthsAndDosesRegisteredLateAreListedWithTheirDelay() {
    String gettingLate = enter(guardian, "DPT_IPV_HIB", today.minusDays(50), true);
    String late = enter(guardian, "PCV", today.minusDays(70), true);
    enter(guardian, "HEPB", today.minusDays(10), true);
    enter(guardian, "MUMPS", today.minusDays(80), false);
    String registeredLate = enter(staff, "BCG", today.minusDays(80), true);
    Personas.Clinic clinic = Personas.clinicServing(town);
    StoredVaccinations.clinicDose(
        family,
        clinic.facilityId(),
        "ROTA",
        "1",
        today.minusDays(100),
        "RV1",
        today.minusDays(100).atStartOfDay(JAPAN).toInstant());
    UUID visit = visitWithoutARecord(clinic, "MR", today.minusDays(45));

    Http.Response response = Http.get(path, staff);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode list = response.json();
    assertThat(list.path("definition").path("ja").asText()).contains("P2M").contains("副本登録");
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    list.path("rows").forEach(row -> rows.put(row.path("id").asText(), row));
    assertThat(rows.keySet()).containsExactly(late, gettingLate, visit.toString(), registeredLate);
    assertThat(rows.get(late).path("status").asText()).isEqualTo("late");
    assertThat(rows.get(late).path("cells").path("days").asText()).isEqualTo("70");
    assertThat(rows.get(late).path("cells").path("deadline").asText())
        .isEqualTo(today.minusDays(70).plusMonths(2).toString());
    assertThat(rows.get(late).path("cells").path("registeredOn").isNull()).isTrue();
    assertThat(rows.get(gettingLate).path("status").asText()).isEqualTo("getting-late");
    assertThat(rows.get(visit.toString()).path("status").asText()).isEqualTo("getting-late");
    assertThat(rows.get(visit.toString()).path("cells").path("facility").asText())
        .isEqualTo("テストクリニック " + clinic.medicalInstitutionCode());
    assertThat(rows.get(registeredLate).path("status").asText()).isEqualTo("registered-late");
    assertThat(rows.get(registeredLate).path("cells").path("registeredOn").asText())
        .isEqualTo(today.toString());
    assertThat(rows.get(registeredLate).path("cells").path("days").asText()).isEqualTo("80");
    assertThat(rows.values())
        .allSatisfy(
            row -> assertThat(row.path("childId").asText()).isEqualTo(family.childId().toString()));
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action ="
                    + " 'read-work-list' AND purpose = 'late-registrations'",
                family.childId()))
        .isEqualTo(1);
  }

  @Test
  void theListIsDownloadedAsCsvThatExcelInJapanOpens() {
    enter(guardian, "PCV", today.minusDays(70), true);

    Http.BinaryResponse csv = Http.getBytes(path + "/csv", staff);

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(csv.body()[0]).isEqualTo((byte) 0xEF);
    String[] lines = csv.text().substring(1).split("\r\n");
    assertThat(lines[0]).startsWith("状態 (status),区分,記録ID,子どもの氏名");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).startsWith("遅延,").contains("小児用肺炎球菌").contains(",70,");
  }

  @Test
  void onlyTheMunicipalitysStaffReadItsWorkLists() {
    Personas.Municipality other = Personas.municipality();
    String otherStaff = Tokens.staff(Personas.staffOf(other));

    Http.Response elsewhere = Http.get(path, otherStaff);
    Http.Response family = Http.get(path, guardian);
    Http.Response unknown =
        Http.get("/api/v1/municipalities/" + town.code() + "/work-lists/no-such-list", staff);
    Http.Response overview =
        Http.get("/api/v1/municipalities/" + town.code() + "/work-lists", staff);

    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(elsewhere.json().path("code").asText()).isEqualTo("SKY-1003");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND outcome = 'denied'"
                    + " AND action = 'read-work-list'",
                town.id()))
        .isEqualTo(1);
    assertThat(family.status()).isEqualTo(403);
    assertThat(family.json().path("code").asText()).isEqualTo("SKY-1005");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("code").asText()).isEqualTo("SKY-6016");
    assertThat(overview.json().path("lists").findValuesAsText("name"))
        .containsExactly(
            "correction-contacts",
            "late-registrations",
            "myportal-conflicts",
            "transfer-conflicts",
            "transfer-requeries");
  }

  private String enter(String token, String kind, LocalDate date, boolean routine) {
    Http.Response entered =
        Http.postJson(
            "/api/v1/children/" + family.childId() + "/immunizations",
            token,
            "{\"vaccine\":{\"kind\":\""
                + kind
                + "\"},\"date\":\""
                + date
                + "\",\"routine\":"
                + routine
                + "}");
    assertThat(entered.status()).as(entered.body()).isEqualTo(201);
    return entered.json().path("id").asText();
  }

  /** A 予診票 a clinic read at a visit (the visit QR code) on that day, with no record since. */
  private UUID visitWithoutARecord(Personas.Clinic clinic, String vaccine, LocalDate day) {
    UUID prescreening = UUID.randomUUID();
    Instant redeemed = day.atTime(10, 0).atZone(JAPAN).toInstant();
    Db.update(
        "INSERT INTO prescreening (id, municipality_id, child_id, vaccine, planned_date,"
            + " questionnaire, questionnaire_version, answers, questionnaire_response, status,"
            + " answered_by, answered_at, created_at, redeemed_at) VALUES (?, ?, ?, ?, ?,"
            + " 'https://sukoyaka.app/fhir/Questionnaire/vaccination-prescreening|0.2.0', '1',"
            + " '{}'::jsonb, '{}'::jsonb, 'redeemed', ?, ?, ?, ?)",
        prescreening,
        town.id(),
        family.childId(),
        vaccine,
        java.sql.Date.valueOf(day),
        family.mother().loginSubject(),
        Timestamp.from(redeemed.minus(1, ChronoUnit.DAYS)),
        Timestamp.from(redeemed.minus(1, ChronoUnit.DAYS)),
        Timestamp.from(redeemed));
    Db.update(
        "INSERT INTO visit_token (id, token_sha256, municipality_id, child_id, prescreening_id,"
            + " issued_by, issued_at, expires_at, redeemed_by_facility, redeemed_by_client,"
            + " redeemed_at, grant_expires_at, consent_text_version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-11')",
        UUID.randomUUID(),
        String.format("%064x", new java.math.BigInteger(128, new java.util.Random())),
        town.id(),
        family.childId(),
        prescreening,
        family.mother().loginSubject(),
        Timestamp.from(redeemed.minus(10, ChronoUnit.MINUTES)),
        Timestamp.from(redeemed.plus(20, ChronoUnit.MINUTES)),
        clinic.facilityId(),
        clinic.clientId(),
        Timestamp.from(redeemed),
        Timestamp.from(redeemed.plus(12, ChronoUnit.HOURS)));
    return prescreening;
  }
}
