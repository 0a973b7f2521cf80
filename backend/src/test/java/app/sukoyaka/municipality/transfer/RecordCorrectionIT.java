package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staff correct a child's record (seed 000, 予防接種記録の誤りへの対応): every municipality the record was sent
 * to is listed to be told, with the Bundle of the corrected records; the municipality that first
 * registered a record taken over is asked to correct its own; the guardians are told through a
 * notice in their inbox. Over HTTP, every exchange held to the OpenAPI.
 */
class RecordCorrectionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private Personas.Municipality town;
  private Personas.VaccinatedInfant infant;
  private String staff;
  private String corrections;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    infant = Personas.infantWithTwoMonthVaccinations(town);
    Personas.onlineDeliveryDecision(infant.family().mother().personId(), town, "granted");
    staff = Tokens.staff(Personas.staffOf(town));
    corrections = "/api/v1/municipalities/" + town.code() + "/corrections";
  }

  @Test
  void aCorrectedDoseReachesEveryMunicipalityItWasSentToAndTheGuardiansInbox() {
    Personas.Municipality moved = Personas.municipality();
    Personas.Municipality earlier = Personas.municipality();
    TransferRoundTripIT.transferOut(town, staff, infant.family().childId(), earlier);
    TransferRoundTripIT.transferOut(town, staff, infant.family().childId(), moved);
    TransferRoundTripIT.transferOut(town, staff, infant.family().childId(), moved);
    UUID dose = infant.recordIds().get(0);
    LocalDate rightDay = infant.family().childBirthDate().plusMonths(2).plusDays(3);

    Http.Response corrected = Http.postJson(corrections, staff, correctDose(dose, rightDay, 1));

    assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
    JsonNode done = corrected.json();
    assertThat(done.path("correction").path("versionBefore").asInt()).isEqualTo(1);
    assertThat(done.path("correction").path("versionAfter").asInt()).isEqualTo(2);
    assertThat(done.path("correction").path("after").path("date").asText())
        .isEqualTo(rightDay.toString());
    List<String> told = new ArrayList<>();
    done.path("contacts")
        .forEach(
            c -> {
              assertThat(c.path("reason").asText()).isEqualTo("sent");
              assertThat(c.path("status").asText()).isEqualTo("open");
              told.add(c.path("municipality").path("code").asText());
            });
    assertThat(told).containsExactlyInAnyOrder(earlier.code(), moved.code());
    JsonNode bundle = done.path("bundle");
    assertThat(bundle.path("meta").path("tag").get(0).path("code").asText())
        .isEqualTo("handbook-correction");
    JsonNode immunization = resource(bundle, "Immunization");
    assertThat(immunization.path("id").asText()).isEqualTo(dose.toString());
    assertThat(immunization.path("occurrenceDateTime").asText()).isEqualTo(rightDay.toString());
    assertThat(immunization.path("meta").path("versionId").asText()).isEqualTo("2");
    assertThat(done.path("notice").path("online").asInt()).isEqualTo(1);
    assertThat(done.path("notice").path("paper").asInt()).isZero();

    String noticeId = done.path("notice").path("id").asText();
    String guardian = Tokens.guardian(infant.family().mother());
    JsonNode inbox = Http.get("/api/v1/me/notices", guardian).json();
    assertThat(inbox.path("items").findValuesAsText("id")).contains(noticeId);
    JsonNode notice = Http.get("/api/v1/me/notices/" + noticeId, guardian).json();
    assertThat(notice.path("title").path("ja").asText()).isEqualTo("お子さまの記録を訂正しました");
    assertThat(notice.path("body").path("ja").asText()).contains("五種混合").contains("訂正しました");
    assertThat(
            Db.count(
                "SELECT count(*) FROM push_message WHERE subject_id = ?::uuid AND person_id = ?",
                noticeId,
                infant.family().mother().personId()))
        .isEqualTo(1);
    // The notice is written in every offered language.
    assertThat(
            Db.count(
                "SELECT count(*) FROM notice WHERE id = ?::uuid AND jsonb_exists_all(body,"
                    + " array['ja', 'en', 'zh', 'ko', 'vi', 'pt', 'tl', 'ne'])",
                noticeId))
        .isEqualTo(1);
    assertThat(Db.text("SELECT body->>'vi' FROM notice WHERE id = ?::uuid", noticeId))
        .contains("Hồ sơ tiêm chủng");
    assertThat(Db.text("SELECT body->>'en' FROM notice WHERE id = ?::uuid", noticeId))
        .contains("DTaP-IPV-Hib");

    JsonNode list =
        Http.get("/api/v1/municipalities/" + town.code() + "/work-lists/correction-contacts", staff)
            .json();
    assertThat(list.path("rows")).hasSize(2);
    assertThat(list.path("rows").get(0).path("status").asText()).isEqualTo("open");
    String contact = null;
    for (JsonNode c : done.path("contacts")) {
      if (c.path("municipality").path("code").asText().equals(moved.code())) {
        contact = c.path("id").asText();
      }
    }
    Http.Response contacted = updateContact(contact, "contacted");
    assertThat(contacted.status()).as(contacted.body()).isEqualTo(200);
    assertThat(contacted.json().path("status").asText()).isEqualTo("contacted");
    assertThat(contacted.json().path("transferOutId").isTextual()).isTrue();
    JsonNode log =
        Http.get(
                "/api/v1/municipalities/"
                    + town.code()
                    + "/transfers-out?childId="
                    + infant.family().childId(),
                staff)
            .json();
    assertThat(log.path("transfersOut").get(0).path("documentKind").asText())
        .isEqualTo("correction");
    assertThat(log.path("transfersOut").get(0).path("to").path("code").asText())
        .isEqualTo(moved.code());
    assertThat(updateContact(contact, "done").json().path("status").asText()).isEqualTo("done");
    Http.Response back = updateContact(contact, "contacted");
    assertThat(back.status()).isEqualTo(409);
    assertThat(back.json().path("code").asText()).isEqualTo("SKY-6015");
  }

  @Test
  void aRecordTakenOverIsCorrectedHereAndTheMunicipalityThatRegisteredItIsAskedToCorrectItsOwn() {
    Personas.Municipality next = Personas.municipality();
    String nextStaff = Tokens.staff(Personas.staffOf(next));
    Personas.Guardian mother = Personas.parentMovingIn(next);
    JsonNode sent = TransferRoundTripIT.transferOut(town, staff, infant.family().childId(), next);
    UUID child =
        UUID.fromString(
            TransferRoundTripIT.transferIn(next, nextStaff, sent.path("bundle"), mother.personId())
                .json()
                .path("transfer")
                .path("childId")
                .asText());
    UUID ours =
        UUID.fromString(
            Db.text(
                "SELECT id::text FROM immunization_record WHERE child_id = ?"
                    + " AND vaccine_kind = 'HEPB'",
                child));

    Http.Response corrected =
        Http.postJson(
            "/api/v1/municipalities/" + next.code() + "/corrections",
            nextStaff,
            "{\"record\":{\"type\":\"immunization\",\"id\":\""
                + ours
                + "\"},\"action\":\"correct\",\"immunization\":{\"vaccine\":{\"kind\":\"HEPB\"},"
                + "\"date\":\""
                + infant.family().childBirthDate().plusMonths(2)
                + "\",\"dose\":\"1\",\"routine\":true,\"lotNumber\":\"HB-2291\"},"
                + "\"reason\":\"ロット番号の記載漏れ\"}");

    assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
    JsonNode contacts = corrected.json().path("contacts");
    assertThat(contacts).hasSize(1);
    assertThat(contacts.get(0).path("reason").asText()).isEqualTo("origin");
    assertThat(contacts.get(0).path("municipality").path("code").asText()).isEqualTo(town.code());
    // The guardian here has not consented to notices in the app: the notice goes on paper.
    assertThat(corrected.json().path("notice").path("paper").asInt()).isEqualTo(1);
    assertThat(corrected.json().path("notice").path("online").asInt()).isZero();
  }

  @Test
  void aCorrectedCheckupFindingTravelsAsTheWholeCorrectedCheckupAndIsTakenOverWhenAccepted() {
    Http.Response submitted =
        Http.postFhir(
            Tokens.clinic(infant.clinic()),
            InfantCheckupBundle.threeToFourMonths(
                    infant.family(), LocalDate.now(JAPAN).minusDays(1))
                .json());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    String weight =
        Db.text(
            "SELECT f.observation_id::text FROM checkup_finding f JOIN checkup_encounter e"
                + " ON e.id = f.encounter_id WHERE e.child_id = ? AND f.item_code = 'body-weight'",
            infant.family().childId());
    Personas.Municipality next = Personas.municipality();
    String nextStaff = Tokens.staff(Personas.staffOf(next));
    JsonNode sent = TransferRoundTripIT.transferOut(town, staff, infant.family().childId(), next);
    JsonNode taken =
        TransferRoundTripIT.transferIn(
                next, nextStaff, sent.path("bundle"), Personas.parentMovingIn(next).personId())
            .json();
    String transferId = taken.path("transfer").path("id").asText();
    UUID child = UUID.fromString(taken.path("transfer").path("childId").asText());

    Http.Response corrected =
        Http.postJson(
            corrections,
            staff,
            "{\"record\":{\"type\":\"observation\",\"id\":\""
                + weight
                + "\"},\"action\":\"correct\",\"findings\":[{\"item\":\"body-weight\","
                + "\"quantity\":{\"value\":6.58,\"unit\":\"kg\"}}],\"reason\":\"体重の転記誤り\"}");

    assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
    JsonNode done = corrected.json();
    assertThat(done.path("correction").path("record").path("checkupId").isTextual()).isTrue();
    assertThat(done.path("contacts").get(0).path("municipality").path("code").asText())
        .isEqualTo(next.code());
    JsonNode observation = null;
    for (JsonNode entry : done.path("bundle").path("entry")) {
      if (entry.path("resource").path("id").asText().equals(weight)) {
        observation = entry.path("resource");
      }
    }
    assertThat(observation).isNotNull();
    assertThat(observation.path("status").asText()).isEqualTo("corrected");
    assertThat(observation.path("valueQuantity").path("value").decimalValue())
        .isEqualByComparingTo("6.58");
    assertThat(resource(done.path("bundle"), "Encounter").isMissingNode()).isFalse();

    // The next municipality takes the corrected checkup in: a conflict, applied once accepted.
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", done.path("bundle"));
    JsonNode imported =
        Http.postJson(
                "/api/v1/municipalities/"
                    + next.code()
                    + "/transfers-in/"
                    + transferId
                    + "/imports",
                nextStaff,
                body.toString())
            .json();
    assertThat(imported.path("import").path("documentKind").asText()).isEqualTo("correction");
    assertThat(imported.path("import").path("conflicts").asInt()).isEqualTo(1);
    assertThat(imported.path("transfer").path("requery").path("status").asText())
        .isEqualTo("scheduled");
    Http.Response accepted =
        Http.postJson(
            "/api/v1/municipalities/"
                + next.code()
                + "/transfer-conflicts/"
                + imported.path("conflicts").get(0).path("id").asText()
                + "/resolution",
            nextStaff,
            "{\"decision\":\"accept\"}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(
            Db.text(
                "SELECT f.quantity_value::text FROM checkup_finding f JOIN checkup_encounter e"
                    + " ON e.id = f.encounter_id WHERE e.child_id = ? AND f.item_code ="
                    + " 'body-weight' AND f.status <> 'entered-in-error'",
                child))
        .isEqualTo("6.58");
  }

  @Test
  void aCorrectionIsRefusedWhenItChangesNothingComesFromAnOlderVersionOrAnotherMunicipality() {
    UUID dose = infant.recordIds().get(0);
    LocalDate sameDay = infant.family().childBirthDate().plusMonths(2);
    Personas.Municipality other = Personas.municipality();
    String otherStaff = Tokens.staff(Personas.staffOf(other));

    Http.Response nothing =
        Http.postJson(
            corrections,
            staff,
            "{\"record\":{\"type\":\"immunization\",\"id\":\""
                + dose
                + "\"},\"action\":\"correct\",\"immunization\":{\"vaccine\":{\"kind\":"
                + "\"DPT_IPV_HIB\"},\"date\":\""
                + sameDay
                + "\",\"dose\":\"1\",\"routine\":true,\"performer\":{\"medicalInstitutionCode\":\""
                + infant.clinic().medicalInstitutionCode()
                + "\"}},\"reason\":\"確認\"}");
    Http.Response older =
        Http.postJson(corrections, staff, correctDose(dose, sameDay.plusDays(1), 7));
    Http.Response elsewhere =
        Http.postJson(
            "/api/v1/municipalities/" + other.code() + "/corrections",
            otherStaff,
            correctDose(dose, sameDay.plusDays(1), 1));
    Http.Response notStaff =
        Http.postJson(
            corrections,
            Tokens.guardian(infant.family().mother()),
            correctDose(dose, sameDay.plusDays(1), 1));

    assertThat(nothing.status()).as(nothing.body()).isEqualTo(422);
    assertThat(nothing.json().path("code").asText()).isEqualTo("SKY-6013");
    assertThat(older.status()).isEqualTo(409);
    assertThat(older.json().path("code").asText()).isEqualTo("SKY-6014");
    // Another municipality's dose does not exist for its staff (row-level security).
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(notStaff.status()).isEqualTo(403);
    assertThat(notStaff.json().path("code").asText()).isEqualTo("SKY-1005");
    // The other municipality's staff found no such record: no refusal of a record of theirs.
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action ="
                    + " 'correct-record' AND outcome = 'denied'",
                infant.family().childId()))
        .isZero();
    assertThat(Db.count("SELECT version FROM immunization_record WHERE id = ?", dose)).isEqualTo(1);
    assertThat(Db.count("SELECT count(*) FROM record_correction WHERE record_id = ?", dose))
        .isZero();

    Http.Response withdrawn =
        Http.postJson(
            corrections,
            staff,
            "{\"record\":{\"type\":\"immunization\",\"id\":\""
                + dose
                + "\"},\"action\":\"retract\",\"reason\":\"別の子の記録\"}");
    Http.Response again = Http.postJson(corrections, staff, correctDose(dose, sameDay, 2));
    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(410);
  }

  // --- Helpers -------------------------------------------------------------------------------

  private String correctDose(UUID dose, LocalDate day, int version) {
    return "{\"record\":{\"type\":\"immunization\",\"id\":\""
        + dose
        + "\"},\"action\":\"correct\",\"version\":"
        + version
        + ",\"immunization\":{\"vaccine\":{\"kind\":\"DPT_IPV_HIB\"},\"date\":\""
        + day
        + "\",\"dose\":\"1\",\"routine\":true,\"performer\":{\"medicalInstitutionCode\":\""
        + infant.clinic().medicalInstitutionCode()
        + "\"}},\"reason\":\"接種日の転記誤り\"}";
  }

  private Http.Response updateContact(String contact, String status) {
    return Http.postJson(
        "/api/v1/municipalities/" + town.code() + "/correction-contacts/" + contact + "/status",
        staff,
        "{\"status\":\"" + status + "\"}");
  }

  private static JsonNode resource(JsonNode bundle, String type) {
    for (JsonNode entry : bundle.path("entry")) {
      if (entry.path("resource").path("resourceType").asText().equals(type)) {
        return entry.path("resource");
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
