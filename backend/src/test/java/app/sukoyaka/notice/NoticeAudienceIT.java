package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Targeting: each criterion of an audience, their combination, and the counts staff see. */
class NoticeAudienceIT {
  private final Personas.Municipality city = Personas.municipality();
  private final String staff = Tokens.staff(Personas.staffOf(city));

  private JsonNode count(String query) {
    return count(query, "official");
  }

  private JsonNode count(String query, String kind) {
    Http.Response response =
        Http.postJson(
            "/api/v1/notice-audiences/count",
            staff,
            "{\"query\": " + query + ", \"kind\": \"" + kind + "\"}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private int total(String query) {
    return count(query).path("total").asInt();
  }

  private void attended(Personas.FamilyWithInfant family, String kind) {
    Personas.Clinic clinic = Personas.clinicServing(city);
    Db.update(
        "INSERT INTO checkup_encounter (id, municipality_id, kind, child_id, facility_id,"
            + " visit_date, recorded_at) VALUES (?, ?, ?, ?, ?, ?, now())",
        UUID.randomUUID(),
        city.id(),
        kind,
        family.childId(),
        clinic.facilityId(),
        Date.valueOf(LocalDate.now().minusDays(3)));
  }

  @Test
  void theChildAgeRangeSelectsTheGuardiansOfChildrenOfThatAge() {
    Personas.familyWithChildAged(city, 2, 0);
    Personas.FamilyWithInfant fourMonths = Personas.familyWithChildAged(city, 4, 10);
    Personas.familyWithChildAged(city, 13, 0);

    assertThat(total("{\"childAge\": {\"from\": {\"months\": 3}, \"under\": {\"months\": 6}}}"))
        .isEqualTo(1);
    assertThat(total("{\"childAge\": {\"from\": {\"months\": 3}}}")).isEqualTo(2);
    assertThat(total("{\"childAge\": {\"under\": {\"months\": 4, \"days\": 10}}}")).isEqualTo(1);
    assertThat(total("{\"childAge\": {\"under\": {\"months\": 4, \"days\": 11}}}")).isEqualTo(2);
    assertThat(total("{\"childAge\": {\"from\": {\"days\": 0}}}")).isEqualTo(3);
    assertThat(fourMonths.childBirthDate()).isBefore(LocalDate.now());
  }

  @Test
  void thePregnancyWeekRangeSelectsThePregnantPeopleInThoseWeeks() {
    Personas.motherAtWeek(city, 10);
    Personas.motherAtWeek(city, 25);
    Personas.motherAtWeek(city, 35);
    Personas.familyWithInfant(city);

    assertThat(total("{\"pregnancyWeeks\": {\"from\": 20, \"to\": 30}}")).isEqualTo(1);
    assertThat(total("{\"pregnancyWeeks\": {\"from\": 25, \"to\": 25}}")).isEqualTo(1);
    assertThat(total("{\"pregnancyWeeks\": {\"from\": 10, \"to\": 35}}")).isEqualTo(3);
    assertThat(total("{\"pregnancyWeeks\": {\"from\": 36}}")).isZero();
  }

  @Test
  void theVaccineCriterionSelectsChildrenTheForecasterFindsDueOrOverdue() {
    Personas.infantDueForSecondDoses(city);
    Personas.familyWithChildAged(city, 4, 0);
    Personas.familyWithChildAged(city, 13, 0);
    Personas.familyWithChildAged(city, 0, 10);

    String due = "{\"vaccine\": {\"vaccines\": [\"DPT_IPV_HIB\"], \"statuses\": [\"due\"]}}";
    String overdue =
        "{\"vaccine\": {\"vaccines\": [\"DPT_IPV_HIB\"], \"statuses\": [\"overdue\"]}}";
    String either = "{\"vaccine\": {\"statuses\": [\"due\", \"overdue\"]}}";

    assertThat(total(due)).isEqualTo(2);
    assertThat(total(overdue)).isEqualTo(1);
    assertThat(total(either)).isEqualTo(3);
  }

  @Test
  void theCheckupCriterionSelectsChildrenOfItsAgeWithoutAnEncounterOfThatKind() {
    Personas.familyWithChildAged(city, 4, 0);
    Personas.FamilyWithInfant went = Personas.familyWithChildAged(city, 4, 0);
    attended(went, "infant-3-4-months");
    Personas.FamilyWithInfant otherKind = Personas.familyWithChildAged(city, 3, 15);
    attended(otherKind, "infant-1-month");
    Personas.familyWithChildAged(city, 7, 0);
    Personas.familyWithChildAged(city, 2, 0);

    String open = "{\"checkupNotAttended\": {\"kind\": \"infant-3-4-months\"}}";
    String closedToo =
        "{\"checkupNotAttended\": {\"kind\": \"infant-3-4-months\", \"includeWindowClosed\": true}}";

    assertThat(total(open)).isEqualTo(2);
    assertThat(total(closedToo)).isEqualTo(3);
  }

  @Test
  void theAreaCriterionSelectsRecipientsByTheAreaOfTheirAddress() {
    Personas.FamilyWithInfant centre = Personas.familyWithInfant(city);
    Personas.Mother pregnant = Personas.motherAtWeek(city, 20);
    Personas.familyWithInfant(city);
    Personas.area(city, "A01", "中央地区", centre.mother().personId(), pregnant.personId());
    Personas.area(city, "B02", "北地区");

    assertThat(total("{\"areas\": [\"A01\"]}")).isEqualTo(2);
    assertThat(total("{\"areas\": [\"B02\"]}")).isZero();
    assertThat(total("{}")).isEqualTo(3);
  }

  @Test
  void criteriaCombineWithAnd() {
    Personas.FamilyWithInfant inArea = Personas.familyWithChildAged(city, 4, 0);
    Personas.FamilyWithInfant elsewhere = Personas.familyWithChildAged(city, 4, 0);
    Personas.FamilyWithInfant olderInArea = Personas.familyWithChildAged(city, 14, 0);
    Personas.area(city, "A01", "中央地区", inArea.mother().personId(), olderInArea.mother().personId());
    Personas.area(city, "B02", "北地区", elsewhere.mother().personId());
    // A mother of a four-month-old who is pregnant again, at 12 weeks.
    Personas.FamilyWithInfant again = Personas.familyWithChildAged(city, 4, 0);
    UUID pregnancy = UUID.randomUUID();
    Db.update(
        "INSERT INTO pregnancy (id, municipality_id, person_id, handbook_number,"
            + " expected_delivery_date, status, created_at) VALUES (?, ?, ?, ?, ?, 'active', now())",
        pregnancy,
        city.id(),
        again.mother().personId(),
        "P" + UUID.randomUUID().toString().substring(0, 8),
        Date.valueOf(LocalDate.now().plusDays(280 - 12 * 7 - 3)));

    String young = "\"childAge\": {\"from\": {\"months\": 3}, \"under\": {\"months\": 6}}";
    assertThat(total("{" + young + "}")).isEqualTo(3);
    assertThat(total("{" + young + ", \"areas\": [\"A01\"]}")).isEqualTo(1);
    assertThat(total("{" + young + ", \"pregnancyWeeks\": {\"from\": 8, \"to\": 16}}"))
        .isEqualTo(1);
    assertThat(
            total(
                "{"
                    + young
                    + ", \"pregnancyWeeks\": {\"from\": 8, \"to\": 16}, \"areas\": [\"A01\"]}"))
        .isZero();
  }

  @Test
  void staffSeeHowManyWouldGetItOnPaperForWantOfConsent() {
    Personas.familyWhoConsentedToOnlineNotices(city);
    Personas.familyWhoConsentedToOnlineNotices(city);
    Personas.familyNotAskedForOnlineConsent(city);
    Personas.familyWhoRefusedOnlineNotices(city);
    Personas.FamilyWithInfant withdrew = Personas.familyWhoConsentedToOnlineNotices(city);
    Db.update(
        "INSERT INTO online_delivery_consent (id, person_id, municipality_id, decision,"
            + " decided_at) VALUES (?, ?, ?, 'withdrawn', now())",
        UUID.randomUUID(),
        withdrew.mother().personId(),
        city.id());

    JsonNode official = count("{}");
    JsonNode consentRequest = count("{}", "consent_request");

    assertThat(official.path("total").asInt()).isEqualTo(5);
    assertThat(official.path("online").asInt()).isEqualTo(2);
    assertThat(official.path("paper").asInt()).isEqualTo(3);
    assertThat(consentRequest.path("online").asInt()).isEqualTo(5);
    assertThat(consentRequest.path("paper").asInt()).isZero();
  }

  @Test
  void theNoticesCountIsTheCountOfItsSavedAudience() {
    Personas.FamilyWithInfant family = Personas.familyWhoConsentedToOnlineNotices(city);
    Personas.familyNotAskedForOnlineConsent(city);
    Personas.area(city, "A01", "中央地区", family.mother().personId());
    UUID audience = NoticeSteps.audience(staff, "{\"areas\": [\"A01\"]}");
    UUID notice = NoticeSteps.officialDraft(staff, audience);

    JsonNode counts = Http.get("/api/v1/notices/" + notice + "/recipient-count", staff).json();

    assertThat(counts.path("total").asInt()).isEqualTo(1);
    assertThat(counts.path("online").asInt()).isEqualTo(1);
  }

  @Test
  void familiesOfAnotherMunicipalityAreNeverSelected() {
    Personas.Municipality neighbour = Personas.municipality();
    Personas.familyWhoConsentedToOnlineNotices(neighbour);
    Personas.motherAtWeek(neighbour, 20);

    assertThat(total("{}")).isZero();
  }

  @Test
  void aQueryThatCannotSelectSensiblyIsRefused() {
    Http.Response area =
        Http.postJson(
            "/api/v1/notice-audiences/count", staff, "{\"query\": {\"areas\": [\"ZZ\"]}}");
    Http.Response vaccine =
        Http.postJson(
            "/api/v1/notice-audiences",
            staff,
            "{\"name\": \"x\", \"query\": {\"vaccine\": {\"vaccines\": [\"FLU\"], \"statuses\":"
                + " [\"complete\"]}}}");
    Http.Response age =
        Http.postJson(
            "/api/v1/notice-audiences",
            staff,
            "{\"name\": \"x\", \"query\": {\"childAge\": {\"from\": {\"months\": 6}, \"under\":"
                + " {\"months\": 3}}, \"checkupNotAttended\": {\"kind\": \"adult\"}}}");

    assertThat(area.status()).isEqualTo(422);
    assertThat(area.json().path("code").asText()).isEqualTo("SKY-5111");
    assertThat(vaccine.status()).isEqualTo(422);
    assertThat(vaccine.json().path("code").asText()).isEqualTo("SKY-5110");
    assertThat(vaccine.json().path("errors").findValuesAsText("field"))
        .containsExactly("vaccine.vaccines[0]", "vaccine.statuses[0]");
    assertThat(age.json().path("errors").findValuesAsText("field"))
        .containsExactly("childAge.under", "checkupNotAttended.kind");
  }

  @Test
  void anAudienceIsSavedListedChangedAndKeptToItsMunicipality() {
    UUID id = NoticeSteps.audience(staff, "{\"pregnancyWeeks\": {\"from\": 20, \"to\": 24}}");

    Http.Response taken =
        Http.postJson(
            "/api/v1/notice-audiences",
            staff,
            "{\"name\": \""
                + Http.get("/api/v1/notice-audiences/" + id, staff).json().path("name").asText()
                + "\", \"query\": {}}");
    Http.Response changed =
        Http.send(
            "PUT",
            "/api/v1/notice-audiences/" + id,
            staff,
            "application/json",
            "{\"name\": \"妊娠20週前後\", \"query\": {\"pregnancyWeeks\": {\"from\": 18}}}");
    String elsewhere = Tokens.staff(Personas.staffOf(Personas.municipality()));

    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().path("code").asText()).isEqualTo("SKY-5119");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().path("query").path("pregnancyWeeks").path("to").asInt())
        .isEqualTo(45);
    assertThat(Http.get("/api/v1/notice-audiences", staff).json().path("items")).hasSize(1);
    // Another municipality's audience does not exist for its staff (row-level security).
    assertThat(Http.get("/api/v1/notice-audiences/" + id, elsewhere).status()).isEqualTo(404);
    assertThat(Http.get("/api/v1/notice-audiences", elsewhere).json().path("items")).isEmpty();
  }

  @Test
  void staffKeepTheAreasAndSetTheAreaOfAnAddress() {
    Personas.Mother mother = Personas.motherAtWeek(city, 20);
    Http.Response area =
        Http.send("PUT", "/api/v1/areas/A01", staff, "application/json", "{\"name\": \"中央地区\"}");
    Http.Response set =
        Http.send(
            "PUT",
            "/api/v1/people/" + mother.personId() + "/area",
            staff,
            "application/json",
            "{\"areaCode\": \"A01\"}");
    Http.Response unknown =
        Http.send(
            "PUT",
            "/api/v1/people/" + mother.personId() + "/area",
            staff,
            "application/json",
            "{\"areaCode\": \"Z99\"}");
    String elsewhere = Tokens.staff(Personas.staffOf(Personas.municipality()));
    Http.Response foreign =
        Http.send(
            "PUT",
            "/api/v1/people/" + mother.personId() + "/area",
            elsewhere,
            "application/json",
            "{\"areaCode\": null}");

    assertThat(area.status()).isEqualTo(200);
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().path("areaName").asText()).isEqualTo("中央地区");
    assertThat(unknown.json().path("code").asText()).isEqualTo("SKY-5111");
    // Another municipality's resident does not exist for its staff (row-level security).
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(Http.get("/api/v1/areas", staff).json().path("items").findValuesAsText("code"))
        .containsExactly("A01");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action ="
                    + " 'set-address-area' AND outcome = 'allowed'",
                mother.personId()))
        .isEqualTo(1);
  }
}
