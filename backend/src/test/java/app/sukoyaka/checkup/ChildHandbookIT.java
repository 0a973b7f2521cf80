package app.sukoyaka.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.DeliveryBundle;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PostpartumBundle;
import app.sukoyaka.testing.RecordBundle;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A child's handbook in the parent API: every record of the child in date order, labelled and
 * explained; readable by whom may read the pregnancy's handbook. And the pregnancy's handbook with
 * the delivery, the 産婦健診 with the EPDS and 産後ケア.
 */
class ChildHandbookIT {
  private Personas.Municipality town;
  private Personas.Mother mother;
  private Personas.Clinic clinic;
  private String clinicToken;
  private LocalDate born;
  private String childId;

  @BeforeEach
  void aBabyWasBornAndHadItsThreeToFourMonthCheckup() {
    town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    clinic = Personas.clinicServing(town);
    clinicToken = Tokens.clinic(clinic);
    born = LocalDate.now().minusMonths(4);
    RecordBundle.ChildPatient newborn = RecordBundle.ChildPatient.newbornOf(mother, born);
    Http.Response delivery =
        Http.postFhir(clinicToken, DeliveryBundle.of(mother, newborn, born).json());
    assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
    childId =
        delivery
            .json()
            .path("entry")
            .get(1)
            .path("response")
            .path("location")
            .asText()
            .split("/")[1];
    Personas.FamilyWithInfant family =
        new Personas.FamilyWithInfant(mother, java.util.UUID.fromString(childId), born);
    String infantCheckup =
        InfantCheckupBundle.threeToFourMonths(family, LocalDate.now().minusDays(1))
            .json()
            // The newborn was recorded as a girl, without a name.
            .replace("\"gender\":\"male\"", "\"gender\":\"female\"");
    Http.Response checkup = Http.postFhir(clinicToken, infantCheckup);
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);
  }

  private String path() {
    return "/api/v1/children/" + childId + "/handbook";
  }

  private static JsonNode finding(JsonNode checkup, String item) {
    for (JsonNode finding : checkup.path("findings")) {
      if (finding.path("item").asText().equals(item)) {
        return finding;
      }
    }
    throw new AssertionError("No finding " + item + " in " + checkup);
  }

  @Test
  void theMotherReadsHerChildsRecordsInDateOrderWithLabelsUnitsAndExplanations() {
    // She reads it in English for once: the Japanese original comes beside every text.
    Http.Response response =
        Http.send("GET", path(), Tokens.guardian(mother), null, null, "Accept-Language", "en");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode handbook = response.json();
    JsonNode child = handbook.path("child");
    assertThat(child.path("id").asText()).isEqualTo(childId);
    assertThat(child.path("displayName").isNull()).isTrue();
    assertThat(child.path("birthDate").asText()).isEqualTo(born.toString());
    assertThat(child.path("pregnancyId").asText()).isEqualTo(mother.pregnancyId().toString());
    assertThat(child.path("handbookNumber").path("value").asText())
        .isEqualTo(mother.handbookNumber());

    JsonNode checkups = handbook.path("checkups");
    assertThat(checkups).hasSize(2);
    JsonNode atBirth = checkups.get(0);
    assertThat(atBirth.path("kind").asText()).isEqualTo("delivery");
    assertThat(atBirth.path("kindLabel").path("ja").asText()).isEqualTo("出産の状態");
    // Only the newborn's findings: the mother's blood loss stays in her own handbook.
    assertThat(atBirth.path("findings")).hasSize(9);
    JsonNode weight = finding(atBirth, "birth-weight");
    assertThat(weight.path("display").path("ja").asText()).isEqualTo("3120 g");
    assertThat(weight.path("mandatoryDigitisation").asBoolean()).isTrue();
    assertThat(weight.path("recordedBy").asText()).isEqualTo("clinic");
    assertThat(finding(atBirth, "apgar-5-minute").path("integer").asInt()).isEqualTo(9);

    JsonNode infant = checkups.get(1);
    assertThat(infant.path("kind").asText()).isEqualTo("infant-3-4-months");
    assertThat(infant.path("kindLabel").path("en").asText()).isEqualTo("3–4-month infant checkup");
    assertThat(infant.path("findings")).hasSize(27);
    JsonNode age = finding(infant, "age-at-checkup");
    // Sent as 4 months, kept in the catalog's canonical unit, days.
    assertThat(age.path("quantity").path("unit").asText()).isEqualTo("d");
    assertThat(age.path("quantity").path("unitLabel").path("ja").asText()).isEqualTo("日");
    assertThat(age.path("display").path("en").asText()).endsWith(" days");
    JsonNode skin = finding(infant, "skin-finding");
    assertThat(skin.path("coded").path("label").path("ja").asText()).isEqualTo("所見あり");
    assertThat(skin.path("coded").path("explanation").path("ja").asText()).isNotBlank();
    assertThat(skin.path("text").asText()).isEqualTo("乳児湿疹");
    assertThat(finding(infant, "head-control").path("display").path("ja").asText()).isEqualTo("あり");
    JsonNode judgement = infant.path("overallJudgement");
    assertThat(judgement.path("code").asText()).isEqualTo("observation");
    assertThat(judgement.path("label").path("ja").asText()).isEqualTo("要経過観察");
    assertThat(judgement.path("explanation").path("en").asText()).contains("checked again");
    assertThat(infant.path("followUp").path("referral").asBoolean()).isFalse();
    assertThat(infant.path("followUp").path("facility").asText()).isEqualTo("すこやか小児科");
    assertThat(infant.path("followUp").path("result").isNull()).isTrue();

    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ?::uuid AND action ="
                    + " 'read-handbook' AND actor_id = ? AND outcome = 'allowed'",
                childId,
                mother.loginSubject()))
        .isEqualTo(1);
  }

  @Test
  void theNewbornIsInTheMothersListOfHandbooksBeforeItHasAName() {
    JsonNode me = Http.get("/api/v1/me", Tokens.guardian(mother)).json();

    assertThat(me.path("children")).hasSize(1);
    assertThat(me.path("children").get(0).path("id").asText()).isEqualTo(childId);
    assertThat(me.path("children").get(0).path("displayName").isNull()).isTrue();
  }

  @Test
  void anotherFamilysGuardianIsRefusedAndTheAttemptLogged() {
    Personas.Mother other = Personas.motherAt20Weeks(town);

    Http.Response response = Http.get(path(), Tokens.guardian(other));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1003");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ?::uuid AND actor_id = ?"
                    + " AND outcome = 'denied'",
                childId,
                other.loginSubject()))
        .isEqualTo(1);
  }

  @Test
  void staffOfTheMunicipalityReadItAndStaffElsewhereAreRefused() {
    assertThat(Http.get(path(), Tokens.staff(Personas.staffOf(town))).status()).isEqualTo(200);
    // Another municipality's records do not exist for its staff (row-level security).
    assertThat(Http.get(path(), Tokens.staff(Personas.staffOf(Personas.municipality()))).status())
        .isEqualTo(404);
  }

  @Test
  void aClinicReadsOnlyChildrenItRecorded() {
    assertThat(Http.get(path(), clinicToken).status()).isEqualTo(200);
    assertThat(Http.get(path(), Tokens.clinic(Personas.clinicServing(town))).status())
        .isEqualTo(403);
  }

  @Test
  void aChildIdThatIsNotAUuidIsABadRequestAndAnUnknownChildIsNotFound() {
    Http.Response malformed =
        Http.get("/api/v1/children/not-a-uuid/handbook", Tokens.guardian(mother));
    Http.Response unknown =
        Http.get(
            "/api/v1/children/00000000-0000-7000-8000-000000000000/handbook",
            Tokens.guardian(mother));

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.contentType()).startsWith("application/problem+json");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("code").asText()).isEqualTo("SKY-3001");
  }

  @Test
  void thePregnancysHandbookShowsTheDeliveryThePostpartumCheckupWithItsEpdsAndPostpartumCare() {
    Http.postFhir(clinicToken, PostpartumBundle.twoWeeks(mother, born.plusDays(14)).json());
    Http.postFhir(
        clinicToken,
        RecordBundle.aboutMother(mother, "postpartum-care", "IMP", born.plusDays(20))
            .coded("postpartum-care-type", "stay")
            .json());

    JsonNode checkups =
        Http.get(
                "/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook",
                Tokens.guardian(mother))
            .json()
            .path("checkups");

    assertThat(checkups)
        .extracting(c -> c.path("kind").asText())
        .containsExactly("postpartum-care", "postpartum-2-weeks", "delivery");
    JsonNode care = checkups.get(0);
    assertThat(
            finding(care, "postpartum-care-type")
                .path("coded")
                .path("explanation")
                .path("ja")
                .asText())
        .contains("泊まって");
    JsonNode postpartum = checkups.get(1);
    assertThat(finding(postpartum, "epds-total-score").path("integer").asInt()).isEqualTo(6);
    assertThat(finding(postpartum, "epds-item-2").path("label").path("ja").asText())
        .startsWith("EPDS 項目2");
    assertThat(finding(postpartum, "epds-item-2").path("integer").asInt()).isEqualTo(1);
    JsonNode delivery = checkups.get(2);
    assertThat(finding(delivery, "delivery-datetime").path("valueType").asText())
        .isEqualTo("datetime");
    assertThat(finding(delivery, "delivery-datetime").path("display").path("ja").asText())
        .isEqualTo(born + " 05:42");
    assertThat(finding(delivery, "delivery-blood-loss").has("childId")).isFalse();
    assertThat(finding(delivery, "birth-weight").path("childId").asText()).isEqualTo(childId);
  }
}
