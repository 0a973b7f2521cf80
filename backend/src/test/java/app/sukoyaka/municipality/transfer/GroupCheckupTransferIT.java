package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.municipality.bulk.Imports;
import app.sukoyaka.municipality.bulk.LegacyFiles;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 集団健診 (a checkup the municipality held itself, at a place with no 医療機関コード) moves with the child:
 * the previous municipality imported it from its own system, sends the handbook, and the next
 * municipality takes it in with its place, its findings and where it came from, nothing lost.
 */
class GroupCheckupTransferIT {
  private static final String PLACE = "文京区保健サービスセンター";

  private Personas.Municipality previous;
  private Personas.Municipality next;
  private Personas.ChildInLegacySystem toddler;
  private String previousStaff;
  private String nextStaff;
  private UUID groupCheckup;

  @BeforeEach
  void aToddlerWhoseEighteenMonthCheckupTheMunicipalityHeld() {
    previous = Personas.municipality();
    next = Personas.municipality();
    toddler = Personas.childKnownByResidentNumber(previous, 19, 0);
    previousStaff = Tokens.staff(Personas.staffOf(previous));
    nextStaff = Tokens.staff(Personas.staffOf(next));
    Map<String, String> row = new HashMap<>();
    row.put("宛名番号", toddler.residentNumber());
    row.put("生年月日", toddler.birthDate().toString());
    row.put("健診区分", "05");
    row.put("受診日", toddler.birthDate().plusMonths(18).plusDays(3).toString());
    row.put("受診時月齢", "18");
    row.put("体重(kg)", "10.8");
    row.put("身長(cm)", "80.2");
    row.put("未処置歯数", "0");
    row.put("処置歯数", "0");
    row.put("う蝕罹患型", "O1");
    row.put("歯科判定", "1");
    row.put("総合判定", "1");
    row.put("実施場所", PLACE);
    JsonNode job =
        Imports.importAndWait(
            previousStaff,
            previous.code(),
            "standard-utf8",
            LegacyFiles.standardCheckups().row(row).bytes(),
            null);
    assertThat(job.path("counts").path("stored").asInt()).as(job.toString()).isEqualTo(1);
    groupCheckup =
        UUID.fromString(
            Db.text(
                "SELECT id::text FROM checkup_encounter WHERE child_id = ? AND facility_id IS NULL",
                toddler.childId()));
  }

  @Test
  void aGroupCheckupIsSentByItsPlaceAndTakenInWithEveryFindingAndItsOrigin() {
    JsonNode sent =
        TransferRoundTripIT.transferOut(previous, previousStaff, toddler.childId(), next);
    TransferRoundTripIT.assertEveryRecordConformsToItsProfile(sent.path("bundle"));

    Http.Response taken =
        TransferRoundTripIT.transferIn(
            next, nextStaff, sent.path("bundle"), Personas.parentMovingIn(next).personId());

    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    assertThat(taken.json().path("import").path("added").asInt()).isEqualTo(1);
    assertThat(taken.json().path("import").path("skipped")).isEmpty();
    UUID child = UUID.fromString(taken.json().path("transfer").path("childId").asText());
    UUID arrived =
        UUID.fromString(
            Db.text(
                "SELECT id::text FROM checkup_encounter WHERE child_id = ? AND facility_id IS NULL"
                    + " AND performer_name = ? AND source = 'municipal' AND kind = ?",
                child,
                PLACE,
                Db.text("SELECT kind FROM checkup_encounter WHERE id = ?", groupCheckup)));
    assertThat(findings(arrived)).isEqualTo(findings(groupCheckup)).isNotEmpty();
    assertThat(
            Db.count(
                "SELECT count(*) FROM transfer_record WHERE child_id = ? AND record_type = 'checkup'"
                    + " AND origin_code = ? AND origin_id = ? AND local_id = ?",
                child,
                previous.code(),
                groupCheckup.toString(),
                arrived))
        .isEqualTo(1);

    Http.Response handbook = Http.get("/api/v1/children/" + child + "/handbook", nextStaff);
    assertThat(handbook.status()).as(handbook.body()).isEqualTo(200);
    JsonNode checkup = handbook.json().path("checkups").get(0);
    assertThat(checkup.path("facility").path("name").asText()).isEqualTo(PLACE);
    assertThat(checkup.path("facility").path("medicalInstitutionCode").isNull()).isTrue();
  }

  @Test
  void theSameHandbookAgainLeavesTheGroupCheckupUnchangedAndAMovedPlaceIsAConflict() {
    JsonNode sent =
        TransferRoundTripIT.transferOut(previous, previousStaff, toddler.childId(), next);
    UUID guardian = Personas.parentMovingIn(next).personId();
    JsonNode first =
        TransferRoundTripIT.transferIn(next, nextStaff, sent.path("bundle"), guardian).json();
    UUID child = UUID.fromString(first.path("transfer").path("childId").asText());

    JsonNode resent =
        TransferRoundTripIT.transferOut(previous, previousStaff, toddler.childId(), next);
    Http.Response same =
        TransferRoundTripIT.transferIn(next, nextStaff, resent.path("bundle"), guardian);
    Db.update("UPDATE checkup_encounter SET performer_name = '第二会場' WHERE id = ?", groupCheckup);
    JsonNode moved =
        TransferRoundTripIT.transferOut(previous, previousStaff, toddler.childId(), next);
    Http.Response changed =
        TransferRoundTripIT.transferIn(next, nextStaff, moved.path("bundle"), guardian);

    assertThat(same.status()).as(same.body()).isEqualTo(201);
    assertThat(same.json().path("import").path("unchanged").asInt()).isEqualTo(1);
    assertThat(same.json().path("import").path("added").asInt()).isZero();
    assertThat(changed.status()).as(changed.body()).isEqualTo(201);
    assertThat(changed.json().path("import").path("conflicts").asInt()).isEqualTo(1);
    assertThat(Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child))
        .isEqualTo(1);
  }

  @Test
  void aCheckupNamingNeitherAFacilityNorAPlaceIsRefusedWithWhereItIs() {
    Http.Response refused =
        Http.postJson(
            "/api/v1/municipalities/" + next.code() + "/transfers-in",
            nextStaff,
            "{\"previousMunicipality\":{\"code\":\""
                + previous.code()
                + "\",\"name\":\"テスト市\"},\"items\":{\"child\":{\"familyName\":\"鈴木\","
                + "\"givenName\":\"蓮\",\"birthDate\":\""
                + toddler.birthDate()
                + "\",\"sex\":\"male\",\"handbook\":{\"municipalityCode\":\""
                + previous.code()
                + "\",\"number\":\""
                + toddler.handbookNumber()
                + "\"}},\"checkups\":[{\"kind\":\"child-18-months\",\"date\":\""
                + toddler.birthDate().plusMonths(18).plusDays(3)
                + "\",\"facility\":{}}]}}");

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-6004");
    assertThat(refused.json().path("errors").findValuesAsText("field"))
        .containsExactly("checkups/0/facility");
    assertThat(refused.body()).contains("集団健診");
    assertThat(Db.count("SELECT count(*) FROM transfer_in WHERE municipality_id = ?", next.id()))
        .isZero();
  }

  private static String findings(UUID encounter) {
    return Db.text(
        "SELECT string_agg(item_code || '=' || coalesce(quantity_value::text || quantity_unit,"
            + " code_value, boolean_value::text, string_value, date_value::text, ''), ';'"
            + " ORDER BY item_code) FROM checkup_finding WHERE encounter_id = ?",
        encounter);
  }
}
