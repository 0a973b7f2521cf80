package app.sukoyaka.clinic;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.DeliveryBundle;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.RecordBundle;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clinic corrects or retracts a child's findings like a mother's: at the child's own checkup,
 * and the newborn's state at birth recorded at its mother's delivery, which stays the child's.
 */
class ChildRecordCorrectionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Personas.Mother mother;
  private String clinicToken;
  private UUID childId;

  @BeforeEach
  void aBabyWasBornAndCheckedAtThreeMonths() {
    Personas.Municipality town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    clinicToken = Tokens.clinic(Personas.clinicServing(town));
    LocalDate born = LocalDate.now().minusMonths(4);
    Http.Response delivery =
        Http.postFhir(
            clinicToken,
            DeliveryBundle.of(mother, RecordBundle.ChildPatient.newbornOf(mother, born), born)
                .json());
    assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
    childId =
        UUID.fromString(
            delivery
                .json()
                .path("entry")
                .get(1)
                .path("response")
                .path("location")
                .asText()
                .split("/")[1]);
    Http.Response checkup =
        Http.postFhir(
            clinicToken,
            InfantCheckupBundle.threeToFourMonths(
                    new Personas.FamilyWithInfant(mother, childId, born),
                    LocalDate.now().minusDays(1))
                .json());
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);
  }

  private String observation(String item) {
    JsonNode search =
        Http.send(
                "GET",
                "/fhir/Observation?patient=" + childId + "&code=" + item,
                clinicToken,
                null,
                null)
            .json();
    return search.path("entry").get(0).path("resource").path("id").asText();
  }

  private ObjectNode current(String id) throws Exception {
    Http.Response read = Http.send("GET", "/fhir/Observation/" + id, clinicToken, null, null);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    ObjectNode observation = (ObjectNode) JSON.readTree(read.body());
    observation.remove("meta");
    observation.put("status", "corrected");
    return observation;
  }

  private Http.Response put(String id, ObjectNode body) {
    return Http.send(
        "PUT", "/fhir/Observation/" + id, clinicToken, "application/fhir+json", body.toString());
  }

  private JsonNode handbookFinding(String item) {
    JsonNode handbook =
        Http.get("/api/v1/children/" + childId + "/handbook", Tokens.guardian(mother)).json();
    for (JsonNode checkup : handbook.path("checkups")) {
      for (JsonNode finding : checkup.path("findings")) {
        if (finding.path("item").asText().equals(item)) {
          return finding;
        }
      }
    }
    return null;
  }

  @Test
  void aCorrectedInfantWeightReplacesTheOldOneWhichIsKept() throws Exception {
    String weight = observation("body-weight");
    ObjectNode corrected = current(weight);
    // Stored and read back in kg, the catalog's canonical unit.
    ((ObjectNode) corrected.path("valueQuantity")).put("value", 6.58);

    Http.Response response = put(weight, corrected);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.header("ETag")).isEqualTo("W/\"2\"");
    assertThat(handbookFinding("body-weight").path("quantity").path("value").decimalValue())
        .isEqualByComparingTo("6.58");
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding_history WHERE observation_id = ?",
                UUID.fromString(weight)))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action ="
                    + " 'correct-observation'",
                childId))
        .isEqualTo(1);
  }

  @Test
  void aCorrectionToANinetyKilogramInfantIsRefusedAndChangesNothing() throws Exception {
    String weight = observation("body-weight");
    ObjectNode corrected = current(weight);
    ((ObjectNode) corrected.path("valueQuantity")).put("value", 90).put("code", "kg");
    ((ObjectNode) corrected.path("valueQuantity")).put("unit", "kg");

    assertOutcome(put(weight, corrected), 422, "SKY-2006");
    assertThat(handbookFinding("body-weight").path("quantity").path("value").decimalValue())
        .isEqualByComparingTo("6.48");
  }

  @Test
  void theNewbornsApgarScoreCorrectedAtTheDeliveryStaysTheChilds() throws Exception {
    String apgar = observation("apgar-1-minute");
    ObjectNode corrected = current(apgar);
    corrected.put("valueInteger", 7);

    Http.Response response = put(apgar, corrected);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().path("subject").path("reference").asText())
        .isEqualTo("Patient/" + childId);
    assertThat(handbookFinding("apgar-1-minute").path("integer").asInt()).isEqualTo(7);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding WHERE observation_id = ? AND child_id = ?"
                    + " AND version = 2",
                UUID.fromString(apgar),
                childId))
        .isEqualTo(1);
  }

  @Test
  void aCorrectionNamingTheMotherAsSubjectOfTheNewbornsFindingIsRefused() throws Exception {
    String apgar = observation("apgar-1-minute");
    ObjectNode corrected = current(apgar);
    ((ObjectNode) corrected.path("subject")).put("reference", "Patient/" + mother.personId());

    assertOutcome(put(apgar, corrected), 422, "SKY-2005");
  }

  @Test
  void aRetractedFindingOfTheNewbornLeavesTheChildsHandbook() {
    String length = observation("birth-length");

    Http.Response deleted =
        Http.send("DELETE", "/fhir/Observation/" + length, clinicToken, null, null);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(handbookFinding("birth-length")).isNull();
    assertThat(handbookFinding("birth-weight")).isNotNull();
    assertOutcome(
        Http.send("GET", "/fhir/Observation/" + length, clinicToken, null, null), 410, "SKY-3004");
  }
}
