package app.sukoyaka.clinic;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A clinic corrects or retracts what it submitted; the parent sees the corrected record. */
class ObservationCorrectionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Personas.Municipality town;
  private Personas.Mother mother;
  private String clinicToken;
  private String weightId;
  private String path;

  @BeforeEach
  void aClinicSubmittedAWeightOf58Kilograms() {
    town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    clinicToken = Tokens.clinic(Personas.clinicServing(town));
    JsonNode response =
        Http.postFhir(clinicToken, PrenatalBundle.fullVisit(mother, LocalDate.now()).json()).json();
    weightId =
        response.path("entry").get(3).path("response").path("location").asText().split("/")[1];
    path = "/fhir/Observation/" + weightId;
  }

  private ObjectNode current() throws Exception {
    Http.Response read = Http.send("GET", path, clinicToken, null, null);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    return (ObjectNode) JSON.readTree(read.body());
  }

  private static ObjectNode withWeight(ObjectNode observation, String kilograms, String status) {
    ObjectNode changed = observation.deepCopy();
    changed.put("status", status);
    ((ObjectNode) changed.path("valueQuantity")).put("value", Double.parseDouble(kilograms));
    changed.remove("meta");
    return changed;
  }

  private Http.Response put(String token, String body, String ifMatch) {
    return Http.send(
        "PUT",
        path,
        token,
        "application/fhir+json",
        body,
        ifMatch == null ? null : "If-Match",
        ifMatch);
  }

  private JsonNode handbookWeight() {
    JsonNode checkup =
        Http.get(
                "/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook",
                Tokens.guardian(mother))
            .json()
            .path("checkups")
            .get(0);
    for (JsonNode finding : checkup.path("findings")) {
      if (finding.path("item").asText().equals("body-weight")) {
        return finding;
      }
    }
    return null;
  }

  @Test
  void aCorrectedWeightReplacesTheOldOneAndTheOldOneIsKept() throws Exception {
    ObjectNode original = current();
    assertThat(original.path("meta").path("versionId").asText()).isEqualTo("1");

    Http.Response corrected =
        put(clinicToken, withWeight(original, "59.0", "corrected").toString(), "W/\"1\"");

    assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
    assertThat(corrected.header("ETag")).isEqualTo("W/\"2\"");
    assertThat(corrected.json().path("status").asText()).isEqualTo("corrected");
    assertThat(corrected.json().path("valueQuantity").path("value").decimalValue())
        .isEqualByComparingTo("59");
    assertThat(handbookWeight().path("quantity").path("value").decimalValue())
        .isEqualByComparingTo("59");
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding_history WHERE observation_id = ?",
                UUID.fromString(weightId)))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action ="
                    + " 'correct-observation'",
                mother.pregnancyId()))
        .isEqualTo(1);
  }

  @Test
  void aCorrectionAgainstAnOutdatedVersionIsRefused() throws Exception {
    ObjectNode original = current();
    assertThat(
            put(clinicToken, withWeight(original, "59", "corrected").toString(), "W/\"1\"")
                .status())
        .isEqualTo(200);

    Http.Response stale =
        put(clinicToken, withWeight(original, "60", "corrected").toString(), "W/\"1\"");

    assertOutcome(stale, 412, "SKY-2010");
  }

  @Test
  void anotherClinicCannotCorrectIt() throws Exception {
    String other = Tokens.clinic(Personas.clinicServing(town));

    assertOutcome(
        put(other, withWeight(current(), "59", "corrected").toString(), null), 403, "SKY-2011");
  }

  @Test
  void badCorrectionsAreRefusedAndChangeNothing() throws Exception {
    ObjectNode original = current();
    ObjectNode otherId = withWeight(original, "59", "corrected");
    otherId.put("id", UUID.randomUUID().toString());
    ObjectNode otherPatient = withWeight(original, "59", "corrected");
    ((ObjectNode) otherPatient.path("subject")).put("reference", "Patient/" + UUID.randomUUID());
    ObjectNode inCentimetres = withWeight(original, "59", "corrected");
    ((ObjectNode) inCentimetres.path("valueQuantity")).put("code", "cm").put("unit", "cm");

    assertOutcome(put(clinicToken, otherId.toString(), null), 400, "SKY-2009");
    assertOutcome(put(clinicToken, otherPatient.toString(), null), 422, "SKY-2005");
    assertOutcome(put(clinicToken, inCentimetres.toString(), null), 422, "SKY-2003");
    assertOutcome(
        put(clinicToken, withWeight(original, "59", "final").toString(), null), 422, "SKY-2005");
    assertOutcome(put(clinicToken, "{\"resourceType\":\"Patient\"}", null), 400, "SKY-2008");
    assertThat(handbookWeight().path("quantity").path("value").decimalValue())
        .isEqualByComparingTo("58.2");
  }

  @Test
  void aRetractedObservationLeavesTheHandbookAndIsGone() {
    Http.Response deleted = Http.send("DELETE", path, clinicToken, null, null);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(handbookWeight()).isNull();
    assertOutcome(Http.send("GET", path, clinicToken, null, null), 410, "SKY-3004");
    assertOutcome(Http.send("DELETE", path, clinicToken, null, null), 410, "SKY-3004");
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding_history WHERE observation_id = ?",
                UUID.fromString(weightId)))
        .isEqualTo(1);
  }
}
