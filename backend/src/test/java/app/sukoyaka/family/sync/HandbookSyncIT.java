package app.sukoyaka.family.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.StatementCount;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The offline sync: the whole handbook once, then only what changed, on a phone on a train. */
class HandbookSyncIT {
  private static final String SYNC = "/api/v1/me/sync";

  private final Personas.Municipality town = Personas.municipality();

  private static JsonNode sync(String token) {
    Http.Response response = Http.get(SYNC, token);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode sync(String token, JsonNode previous) {
    Http.Response response = Http.get(SYNC + "?cursor=" + cursorOf(previous), token);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static String cursorOf(JsonNode previous) {
    return URLEncoder.encode(previous.path("cursor").asText(), StandardCharsets.UTF_8);
  }

  private static List<String> kinds(JsonNode sync) {
    List<String> kinds = new ArrayList<>();
    sync.path("changes").forEach(change -> kinds.add(change.path("kind").asText()));
    return kinds;
  }

  private static JsonNode only(JsonNode sync, String kind) {
    List<JsonNode> found = new ArrayList<>();
    sync.path("changes")
        .forEach(
            c -> {
              if (c.path("kind").asText().equals(kind)) {
                found.add(c);
              }
            });
    assertThat(found).as(sync.toPrettyString()).hasSize(1);
    return found.get(0);
  }

  @Test
  void theFirstSyncHandsOverTheWholeHandbookOfAMotherAndHerVaccinatedInfant() {
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    String token = Tokens.guardian(infant.family().mother());

    Http.Response response = Http.get(SYNC, token);
    JsonNode first = response.json();

    assertThat(response.status()).isEqualTo(200);
    assertThat(first.path("full").asBoolean()).isTrue();
    assertThat(response.header("ETag")).isEqualTo("\"" + first.path("cursor").asText() + "\"");
    assertThat(first.path("subjects").findValuesAsText("id"))
        .containsExactlyInAnyOrder(
            infant.family().mother().pregnancyId().toString(),
            infant.family().childId().toString());
    assertThat(kinds(first))
        .containsExactlyInAnyOrder(
            "pregnancy",
            "child",
            "immunization",
            "immunization",
            "immunization",
            "immunization",
            "immunizationSchedule");
    assertThat(only(first, "child").path("data").path("birthDate").asText())
        .isEqualTo(infant.family().childBirthDate().toString());
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND action = 'sync'",
                infant.family().mother().loginSubject()))
        .isEqualTo(2);
  }

  @Test
  void aSyncWithNothingNewIsEmptyAndAConditionalOneAnswers304() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String token = Tokens.guardian(mother);
    JsonNode first = sync(token);

    JsonNode again = sync(token, first);
    Http.Response conditional =
        Http.send(
            "GET",
            SYNC,
            token,
            null,
            null,
            "If-None-Match",
            "\"" + first.path("cursor").asText() + "\"");

    assertThat(again.path("full").asBoolean()).isFalse();
    assertThat(again.path("changes")).isEmpty();
    assertThat(again.path("removedSubjects")).isEmpty();
    assertThat(conditional.status()).isEqualTo(304);
    assertThat(conditional.header("ETag")).isEqualTo("\"" + first.path("cursor").asText() + "\"");
  }

  @Test
  void aCheckupSubmittedAfterTheCursorIsTheOnlyChange() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String token = Tokens.guardian(mother);
    JsonNode first = sync(token);
    Personas.Clinic clinic = Personas.clinicServing(town);
    Http.Response submitted =
        Http.postFhir(
            Tokens.clinic(clinic), PrenatalBundle.fullVisit(mother, LocalDate.now()).json());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);

    JsonNode delta = sync(token, first);

    assertThat(delta.path("full").asBoolean()).isFalse();
    assertThat(kinds(delta)).containsExactly("checkup");
    JsonNode checkup = delta.path("changes").get(0);
    assertThat(checkup.path("subject").path("kind").asText()).isEqualTo("pregnancy");
    assertThat(checkup.path("subject").path("id").asText())
        .isEqualTo(mother.pregnancyId().toString());
    assertThat(checkup.path("deleted").asBoolean()).isFalse();
    assertThat(checkup.path("data").path("findings")).isNotEmpty();
    assertThat(sync(token, delta).path("changes")).isEmpty();
  }

  @Test
  void aWriteThatBeganBeforeTheCursorAndCommittedAfterItIsNotLost() throws Exception {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String token = Tokens.guardian(mother);
    LocalDate corrected = LocalDate.now().plusWeeks(21);
    JsonNode before;
    try (Connection slow = Db.connect()) {
      slow.setAutoCommit(false);
      try (PreparedStatement update =
          slow.prepareStatement("UPDATE pregnancy SET expected_delivery_date = ? WHERE id = ?")) {
        update.setDate(1, Date.valueOf(corrected));
        update.setObject(2, mother.pregnancyId());
        update.executeUpdate();
      }
      // The sync runs while the update is still open: it cannot see it yet.
      before = sync(token);
      assertThat(only(before, "pregnancy").path("data").path("expectedDeliveryDate").asText())
          .isNotEqualTo(corrected.toString());
      slow.commit();
    }

    JsonNode after = sync(token, before);

    assertThat(kinds(after)).containsExactly("pregnancy");
    assertThat(only(after, "pregnancy").path("data").path("expectedDeliveryDate").asText())
        .isEqualTo(corrected.toString());
  }

  @Test
  void anEmptyDeltaAsksOneStatementWhetherAnythingChangedAndReadsNothingElse() {
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    String token = Tokens.guardian(infant.family().mother());
    JsonNode first = sync(token);

    StatementCount.Run conditional =
        StatementCount.of(
            "GET",
            SYNC,
            token,
            java.util.Map.of("If-None-Match", "\"" + first.path("cursor").asText() + "\""));

    assertThat(conditional.response().status()).isEqualTo(304);
    // The snapshot, the guardian with her family (three), and one probe of every source; besides
    // them, her municipalities worked out for the connection's scope.
    assertThat(conditional.count()).as(conditional.listing()).isEqualTo(5);
    assertThat(conditional.scopes()).as(conditional.listing()).hasSize(1);
    assertThat(conditional.statements().stream().filter(sql -> sql.contains("sync_xid")))
        .as(conditional.listing())
        .hasSize(1);
  }

  @Test
  void aCorrectedFindingAloneMakesItsCheckupAChange() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String token = Tokens.guardian(mother);
    Personas.Clinic clinic = Personas.clinicServing(town);
    Http.Response submitted =
        Http.postFhir(
            Tokens.clinic(clinic), PrenatalBundle.fullVisit(mother, LocalDate.now()).json());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    JsonNode first = sync(token);
    Db.update(
        "UPDATE checkup_finding SET version = version + 1, status = 'corrected',"
            + " quantity_value = 60.1 WHERE item_code = 'body-weight' AND encounter_id IN"
            + " (SELECT e.id FROM checkup_encounter e WHERE e.pregnancy_id = ?)",
        mother.pregnancyId());

    JsonNode delta = sync(token, first);

    assertThat(kinds(delta)).containsExactly("checkup");
    assertThat(delta.path("changes").get(0).path("data").path("findings").toString())
        .contains("60.1 kg");
  }

  @Test
  void aCorrectedBirthDateSendsTheChildAndItsScheduleAgain() {
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    String token = Tokens.guardian(infant.family().mother());
    JsonNode first = sync(token);
    Db.update(
        "UPDATE child SET birth_date = birth_date - 1 WHERE id = ?", infant.family().childId());

    JsonNode delta = sync(token, first);

    assertThat(kinds(delta)).containsExactlyInAnyOrder("child", "immunizationSchedule");
  }

  @Test
  void aFlagStatedForTheChildSendsItsScheduleAgainAlone() {
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    String token = Tokens.guardian(infant.family().mother());
    JsonNode first = sync(token);
    Db.update(
        "INSERT INTO child_immunization_flag (id, child_id, municipality_id, flag, set_by_role,"
            + " set_by, set_at) VALUES (gen_random_uuid(), ?, ?, 'hadVaricella', 'guardian', ?,"
            + " now())",
        infant.family().childId(),
        town.id(),
        infant.family().mother().loginSubject());

    JsonNode delta = sync(token, first);

    assertThat(kinds(delta)).containsExactly("immunizationSchedule");
  }

  @Test
  void aRetractedVaccinationBecomesATombstoneAndTheScheduleIsSentAgain() {
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    String token = Tokens.guardian(infant.family().mother());
    JsonNode first = sync(token);
    UUID retracted = infant.recordIds().get(0);
    Db.update(
        "UPDATE immunization_record SET status = 'entered-in-error', retracted_by = 'clinic-test',"
            + " retracted_at = now() WHERE id = ?",
        retracted);

    JsonNode delta = sync(token, first);

    assertThat(kinds(delta)).containsExactlyInAnyOrder("immunization", "immunizationSchedule");
    JsonNode tombstone = only(delta, "immunization");
    assertThat(tombstone.path("id").asText()).isEqualTo(retracted.toString());
    assertThat(tombstone.path("deleted").asBoolean()).isTrue();
    assertThat(tombstone.path("data").isNull()).isTrue();
    assertThat(tombstone.path("subject").path("id").asText())
        .isEqualTo(infant.family().childId().toString());
  }

  @Test
  void aChildNewToTheFamilyComesWholeAndAChildNoLongerReachedIsRemoved() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String token = Tokens.guardian(mother);
    JsonNode first = sync(token);
    UUID child = UUID.randomUUID();
    LocalDate born = LocalDate.now().minusDays(3);
    Db.update(
        "INSERT INTO child (id, municipality_id, pregnancy_id, handbook_number, family_name,"
            + " given_name, birth_date, sex, birth_order, created_at)"
            + " VALUES (?, ?, ?, ?, '鈴木', '葵', ?, 'female', 1, now())",
        child,
        town.id(),
        mother.pregnancyId(),
        mother.handbookNumber(),
        Date.valueOf(born));
    Db.update(
        "INSERT INTO guardianship (person_id, child_id, relationship, since)"
            + " VALUES (?, ?, 'mother', ?)",
        mother.personId(),
        child,
        Date.valueOf(born));

    JsonNode arrived = sync(token, first);
    Db.update("DELETE FROM guardianship WHERE child_id = ?", child);
    JsonNode gone = sync(token, arrived);

    assertThat(kinds(arrived)).containsExactlyInAnyOrder("child", "immunizationSchedule");
    assertThat(arrived.path("subjects").findValuesAsText("id")).contains(child.toString());
    assertThat(gone.path("removedSubjects").findValuesAsText("id"))
        .containsExactly(child.toString());
    assertThat(gone.path("subjects").findValuesAsText("id")).doesNotContain(child.toString());
    assertThat(gone.path("changes")).isEmpty();
  }

  @Test
  void aPregnancySharedWithThePartnerReachesHisPhoneAndLeavesItWhenTheShareEnds() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    Http.Response invited =
        Http.postJson(
            "/api/v1/family/invitations",
            Tokens.guardian(mother),
            "{\"pregnancyIds\":[\"" + mother.pregnancyId() + "\"]}");
    assertThat(invited.status()).as(invited.body()).isEqualTo(201);
    String subject = Personas.newResidentSubject();
    Http.Response accepted =
        Http.postJson(
            "/api/v1/family/invitations/accept",
            Tokens.user("resident", subject),
            "{\"code\":\""
                + invited.json().path("code").asText()
                + "\",\"relationship\":\"father\",\"person\":{\"familyName\":\"鈴木\","
                + "\"givenName\":\"健太\",\"birthDate\":\"1991-02-03\",\"sex\":\"male\"}}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    String partner = Tokens.user("guardian", subject);

    JsonNode shared = sync(partner);
    Http.send(
        "DELETE",
        "/api/v1/family/invitations/" + invited.json().path("id").asText(),
        Tokens.guardian(mother),
        null,
        null);
    JsonNode ended = sync(partner, shared);

    assertThat(shared.path("subjects").findValuesAsText("id"))
        .containsExactly(mother.pregnancyId().toString());
    assertThat(kinds(shared)).contains("pregnancy");
    assertThat(ended.path("removedSubjects").findValuesAsText("id"))
        .containsExactly(mother.pregnancyId().toString());
    assertThat(ended.path("subjects")).isEmpty();
  }

  @Test
  void aWeightTheMotherRecordsAtHomeReachesTheFathersPhoneAndItsDeletionToo() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    String father = Tokens.user("guardian", Personas.fatherOf(family).loginSubject());
    JsonNode first = sync(father);
    String records = "/api/v1/children/" + family.childId() + "/records";
    Http.Response created =
        Http.postJson(
            records,
            Tokens.guardian(family.mother()),
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
                + LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1)
                + "\",\"quantity\":{\"value\":6.5,\"unit\":\"kg\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();

    JsonNode recorded = sync(father, first);
    Http.Response deleted =
        Http.send(
            "DELETE",
            records + "/" + id + "?baseVersion=1",
            Tokens.guardian(family.mother()),
            null,
            null);
    JsonNode gone = sync(father, recorded);

    assertThat(deleted.status()).as(deleted.body()).isIn(200, 204);
    JsonNode entry = only(recorded, "ownRecord");
    assertThat(entry.path("id").asText()).isEqualTo(id);
    assertThat(entry.path("data").path("recordedBy").asText()).isEqualTo("parent");
    assertThat(entry.path("subject").path("id").asText()).isEqualTo(family.childId().toString());
    JsonNode tombstone = only(gone, "ownRecord");
    assertThat(tombstone.path("deleted").asBoolean()).isTrue();
    assertThat(tombstone.path("data").isNull()).isTrue();
  }

  @Test
  void aCursorThatIsNotOneOfOursIsRefusedAndSomeoneElsesStartsOver() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    Personas.Mother other = Personas.motherAt20Weeks(town);
    JsonNode othersSync = sync(Tokens.guardian(other));

    Http.Response bad = Http.get(SYNC + "?cursor=not-a-cursor", Tokens.guardian(mother));
    JsonNode restarted = sync(Tokens.guardian(mother), othersSync);

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("code").asText()).isEqualTo("SKY-5801");
    assertThat(restarted.path("full").asBoolean()).isTrue();
    assertThat(restarted.path("subjects").findValuesAsText("id"))
        .containsExactly(mother.pregnancyId().toString());
  }

  @Test
  void theSourcesReportExactlyTheKindsTheMobileContractLists() throws Exception {
    List<String> reported = new ArrayList<>();
    TestService.server()
        .getApplicationContext()
        .getBeansOfType(SyncSource.class)
        .forEach(source -> reported.addAll(source.kinds()));
    List<String> listed = new ArrayList<>();
    try (var in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("app/sukoyaka/mobile/sync/entry-kinds.json")) {
      new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(in)
          .path("kinds")
          .forEach(k -> listed.add(k.path("kind").asText()));
    }

    assertThat(reported).containsExactlyInAnyOrderElementsOf(listed);
  }

  @Test
  void onlyGuardiansKeepAHandbookOnTheirPhone() {
    Http.Response response = Http.get(SYNC, Tokens.staff(Personas.staffOf(town)));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1005");
    assertThat(Http.get(SYNC, null).status()).isEqualTo(401);
  }
}
