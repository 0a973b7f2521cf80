package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The re-query about three months after a move (seed 000): a newer handbook from the previous
 * municipality adds the record it registered late; a record it changed or withdrew is listed as a
 * conflict and changes ours only when staff accept it; staff mark a re-query done when there is
 * nothing more. The work lists show where each stands.
 */
class TransferRequeryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Personas.Municipality previous;
  private Personas.Municipality next;
  private Personas.VaccinatedInfant infant;
  private String previousStaff;
  private String nextStaff;
  private UUID transferId;
  private UUID child;

  @BeforeEach
  void arrange() {
    previous = Personas.municipality();
    next = Personas.municipality();
    infant = Personas.infantWithTwoMonthVaccinations(previous);
    previousStaff = Tokens.staff(Personas.staffOf(previous));
    nextStaff = Tokens.staff(Personas.staffOf(next));
    JsonNode sent =
        TransferRoundTripIT.transferOut(previous, previousStaff, infant.family().childId(), next);
    JsonNode outcome =
        TransferRoundTripIT.transferIn(
                next, nextStaff, sent.path("bundle"), Personas.parentMovingIn(next).personId())
            .json();
    transferId = UUID.fromString(outcome.path("transfer").path("id").asText());
    child = UUID.fromString(outcome.path("transfer").path("childId").asText());
  }

  @Test
  void theRequeryFindsARecordThePreviousMunicipalityRegisteredLateAndIsDoneByIt() {
    LocalDate bcgDay = infant.family().childBirthDate().plusMonths(3);
    Http.Response late =
        Http.postJson(
            "/api/v1/children/" + infant.family().childId() + "/immunizations",
            previousStaff,
            "{\"vaccine\":{\"kind\":\"BCG\"},\"date\":\"" + bcgDay + "\",\"routine\":true}");
    assertThat(late.status()).as(late.body()).isEqualTo(201);
    assertThat(requeryRow().path("status").asText()).isEqualTo("scheduled");
    Db.update("UPDATE transfer_in SET requery_due = current_date - 1 WHERE id = ?", transferId);
    assertThat(requeryRow().path("status").asText()).isEqualTo("due");

    JsonNode newer =
        TransferRoundTripIT.transferOut(previous, previousStaff, infant.family().childId(), next);
    Http.Response imported = importInto(newer.path("bundle"));

    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    JsonNode outcome = imported.json();
    assertThat(outcome.path("import").path("added").asInt()).isEqualTo(1);
    assertThat(outcome.path("import").path("unchanged").asInt()).isEqualTo(4);
    assertThat(outcome.path("import").path("conflicts").asInt()).isZero();
    assertThat(outcome.path("transfer").path("requery").path("status").asText()).isEqualTo("done");
    assertThat(outcome.path("transfer").path("requery").path("importId").asText())
        .isEqualTo(outcome.path("import").path("id").asText());
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ? AND vaccine_kind ="
                    + " 'BCG' AND occurrence_date = ? AND source = 'transfer'",
                child,
                java.sql.Date.valueOf(bcgDay)))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM transfer_record WHERE child_id = ? AND origin_code = ?"
                    + " AND origin_id = ?",
                child,
                previous.code(),
                late.json().path("id").asText()))
        .isEqualTo(1);
    assertThat(requeryRow().path("status").asText()).isEqualTo("done");
  }

  @Test
  void aRecordThePreviousMunicipalityCorrectedIsListedAsAConflictAndChangesOursOnlyWhenAccepted() {
    UUID corrected = infant.recordIds().get(0);
    LocalDate wrongDay = infant.family().childBirthDate().plusMonths(2);
    LocalDate rightDay = wrongDay.plusDays(3);
    Http.Response correction =
        Http.postJson(
            "/api/v1/municipalities/" + previous.code() + "/corrections",
            previousStaff,
            "{\"record\":{\"type\":\"immunization\",\"id\":\""
                + corrected
                + "\"},\"action\":\"correct\",\"version\":1,\"immunization\":{\"vaccine\":"
                + "{\"kind\":\"DPT_IPV_HIB\"},\"date\":\""
                + rightDay
                + "\",\"dose\":\"1\",\"routine\":true,\"performer\":{\"medicalInstitutionCode\":\""
                + infant.clinic().medicalInstitutionCode()
                + "\"}},\"reason\":\"接種日の転記誤り\"}");
    assertThat(correction.status()).as(correction.body()).isEqualTo(201);

    JsonNode newer =
        TransferRoundTripIT.transferOut(previous, previousStaff, infant.family().childId(), next);
    JsonNode outcome = importInto(newer.path("bundle")).json();

    assertThat(outcome.path("import").path("added").asInt()).isZero();
    assertThat(outcome.path("import").path("conflicts").asInt()).isEqualTo(1);
    JsonNode conflict = outcome.path("conflicts").get(0);
    assertThat(conflict.path("reason").asText()).isEqualTo("changed");
    assertThat(conflict.path("ours").path("date").asText()).isEqualTo(wrongDay.toString());
    assertThat(conflict.path("theirs").path("date").asText()).isEqualTo(rightDay.toString());
    UUID ours = UUID.fromString(conflict.path("recordId").asText());
    assertThat(dayOf(ours)).isEqualTo(wrongDay.toString());
    JsonNode listed = workList("transfer-conflicts");
    assertThat(listed.path("rows")).hasSize(1);
    assertThat(listed.path("rows").get(0).path("childId").asText()).isEqualTo(child.toString());
    // The same newer handbook again lists nothing new.
    assertThat(importInto(newer.path("bundle")).json().path("import").path("repeated").asBoolean())
        .isTrue();

    Http.Response accepted = resolve(conflict.path("id").asText(), "accept");

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.json().path("status").asText()).isEqualTo("accepted");
    assertThat(dayOf(ours)).isEqualTo(rightDay.toString());
    assertThat(Db.count("SELECT version FROM immunization_record WHERE id = ?", ours)).isEqualTo(2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record_history WHERE record_id = ?"
                    + " AND record->>'occurrence_date' = ?",
                ours,
                wrongDay.toString()))
        .isEqualTo(1);
    assertThat(workList("transfer-conflicts").path("rows")).isEmpty();
    assertThat(resolve(conflict.path("id").asText(), "keep").json().path("code").asText())
        .isEqualTo("SKY-6009");
    // Another Bundle of the same corrected handbook is now the same as ours.
    JsonNode again =
        TransferRoundTripIT.transferOut(previous, previousStaff, infant.family().childId(), next);
    JsonNode same = importInto(again.path("bundle")).json();
    assertThat(same.path("import").path("conflicts").asInt()).isZero();
    assertThat(same.path("import").path("unchanged").asInt()).isEqualTo(4);
  }

  @Test
  void aRecordThePreviousMunicipalityWithdrewStaysOursWhenStaffKeepIt() {
    UUID withdrawn = infant.recordIds().get(1);
    Http.Response retraction =
        Http.postJson(
            "/api/v1/municipalities/" + previous.code() + "/corrections",
            previousStaff,
            "{\"record\":{\"type\":\"immunization\",\"id\":\""
                + withdrawn
                + "\"},\"action\":\"retract\",\"reason\":\"別の子の記録を誤って登録\","
                + "\"notifyGuardians\":false}");
    assertThat(retraction.status()).as(retraction.body()).isEqualTo(201);

    JsonNode newer =
        TransferRoundTripIT.transferOut(previous, previousStaff, infant.family().childId(), next);
    JsonNode outcome = importInto(newer.path("bundle")).json();

    assertThat(outcome.path("import").path("conflicts").asInt()).isEqualTo(1);
    JsonNode conflict = outcome.path("conflicts").get(0);
    assertThat(conflict.path("reason").asText()).isEqualTo("missing");
    assertThat(conflict.path("theirs").isNull()).isTrue();
    Http.Response kept = resolve(conflict.path("id").asText(), "keep");
    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    assertThat(kept.json().path("status").asText()).isEqualTo("kept");
    UUID ours = UUID.fromString(conflict.path("recordId").asText());
    assertThat(Db.text("SELECT status FROM immunization_record WHERE id = ?", ours))
        .isEqualTo("completed");
    JsonNode again =
        TransferRoundTripIT.transferOut(previous, previousStaff, infant.family().childId(), next);
    assertThat(importInto(again.path("bundle")).json().path("import").path("conflicts").asInt())
        .isZero();
  }

  @Test
  void staffMarkTheRequeryDoneWhenThePreviousMunicipalityHasNothingMoreOnce() {
    String path =
        "/api/v1/municipalities/"
            + next.code()
            + "/transfers-in/"
            + transferId
            + "/requery-completion";

    Http.Response done = Http.postJson(path, nextStaff, "{\"note\":\"照会済み、追加の記録なし\"}");
    Http.Response twice = Http.postJson(path, nextStaff, "{}");

    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.json().path("requery").path("status").asText()).isEqualTo("done");
    assertThat(done.json().path("requery").path("note").asText()).isEqualTo("照会済み、追加の記録なし");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.json().path("code").asText()).isEqualTo("SKY-6011");
  }

  // --- Helpers -------------------------------------------------------------------------------

  private Http.Response importInto(JsonNode bundle) {
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", bundle);
    return Http.postJson(
        "/api/v1/municipalities/" + next.code() + "/transfers-in/" + transferId + "/imports",
        nextStaff,
        body.toString());
  }

  private Http.Response resolve(String conflictId, String decision) {
    return Http.postJson(
        "/api/v1/municipalities/"
            + next.code()
            + "/transfer-conflicts/"
            + conflictId
            + "/resolution",
        nextStaff,
        "{\"decision\":\"" + decision + "\"}");
  }

  private JsonNode workList(String name) {
    Http.Response list =
        Http.get("/api/v1/municipalities/" + next.code() + "/work-lists/" + name, nextStaff);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    return list.json();
  }

  private JsonNode requeryRow() {
    for (JsonNode row : workList("transfer-requeries").path("rows")) {
      if (row.path("id").asText().equals(transferId.toString())) {
        return row;
      }
    }
    throw new AssertionError("The transfer is not on the re-query list");
  }

  private static String dayOf(UUID record) {
    return Db.text("SELECT occurrence_date::text FROM immunization_record WHERE id = ?", record);
  }
}
