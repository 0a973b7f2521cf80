package app.sukoyaka.fhir;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code $immds-forecast} over HTTP: for a child on record (by reference, at the base, on
 * Immunization and on the child's Patient) as the access policy allows, and ImmDS-style for a
 * patient and immunizations supplied in the request; errors as OperationOutcomes.
 */
class ImmdsForecastIT {
  private static final String FHIR = "application/fhir+json";

  private Personas.Municipality town;
  private Personas.VaccinatedInfant infant;
  private String today;

  @BeforeEach
  void anInfantHadItsTwoMonthVaccinations() {
    town = Personas.municipality();
    infant = Personas.infantWithTwoMonthVaccinations(town);
    today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
  }

  private String ofStoredChild(String assessmentDate) {
    return """
        {"resourceType":"Parameters","parameter":[
          {"name":"assessmentDate","valueDate":"%s"},
          {"name":"patient","valueReference":{"reference":"Patient/%s"}}]}
        """
        .formatted(assessmentDate, infant.family().childId());
  }

  private static Http.Response post(String path, String token, String body) {
    return Http.send("POST", path, token, FHIR, body);
  }

  private static JsonNode recommendation(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode parameters = response.json();
    assertThat(parameters.path("resourceType").asText()).isEqualTo("Parameters");
    JsonNode recommendation = parameters.path("parameter").get(0);
    assertThat(recommendation.path("name").asText()).isEqualTo("recommendation");
    return recommendation.path("resource");
  }

  private static List<JsonNode> entries(JsonNode recommendation, String vaccine) {
    List<JsonNode> entries = new ArrayList<>();
    for (JsonNode entry : recommendation.path("recommendation")) {
      if (entry
          .path("vaccineCode")
          .get(0)
          .path("coding")
          .get(0)
          .path("code")
          .asText()
          .equals(vaccine)) {
        entries.add(entry);
      }
    }
    return entries;
  }

  private static List<String> statusCodes(JsonNode entry) {
    List<String> codes = new ArrayList<>();
    entry.path("forecastStatus").path("coding").forEach(c -> codes.add(c.path("code").asText()));
    return codes;
  }

  @Test
  void theGuardianGetsTheNextDosesOfTheirChildWithTheRecordsThatCounted() {
    Http.Response response =
        post(
            "/fhir/Immunization/$immds-forecast",
            Tokens.guardian(infant.family().mother()),
            ofStoredChild(today));

    JsonNode recommendation = recommendation(response);
    assertThat(response.contentType()).startsWith(FHIR);
    assertThat(recommendation.path("resourceType").asText())
        .isEqualTo("ImmunizationRecommendation");
    assertThat(recommendation.path("patient").path("reference").asText())
        .isEqualTo("Patient/" + infant.family().childId());
    assertThat(recommendation.path("date").asText()).isEqualTo(today);
    JsonNode second = entries(recommendation, "DPT_IPV_HIB").get(0);
    assertThat(second.path("doseNumberString").asText()).isEqualTo("2");
    assertThat(statusCodes(second)).containsAnyOf("due", "overdue");
    assertThat(second.path("supportingImmunization").get(0).path("reference").asText())
        .isEqualTo("Immunization/" + infant.recordIds().get(0));
    assertThat(second.path("dateCriterion")).isNotEmpty();
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'immds-forecast'"
                    + " AND outcome = 'allowed'",
                infant.family().childId()))
        .isEqualTo(1);
  }

  @Test
  void theClinicThatRecordedTheDosesReadsItOnThePatientAndOthersAreRefused() {
    String path =
        "/fhir/Patient/" + infant.family().childId() + "/$immds-forecast?assessmentDate=" + today;

    Http.Response recorder = Http.get(path, Tokens.clinic(infant.clinic()));
    Http.Response otherClinic = Http.get(path, Tokens.clinic(Personas.clinicServing(town)));
    Http.Response otherStaff =
        Http.get(path, Tokens.staff(Personas.staffOf(Personas.municipality())));
    Http.Response staff =
        Http.get(
            "/fhir/Patient/" + infant.family().childId() + "/$immds-forecast",
            Tokens.staff(Personas.staffOf(town)));

    assertThat(entries(recommendation(recorder), "HEPB").get(0).path("doseNumberString").asText())
        .isEqualTo("2");
    assertOutcome(otherClinic, 403, "SKY-1003");
    // Another municipality's child does not exist for its staff (row-level security).
    assertOutcome(otherStaff, 404, "SKY-3001");
    assertThat(recommendation(staff).path("date").asText()).isEqualTo(today);
  }

  @Test
  void anyCallerMayAskForAPatientAndImmunizationsGivenInTheRequest() {
    String body =
        """
        {"resourceType":"Parameters","parameter":[
          {"name":"assessmentDate","valueDate":"2026-05-20"},
          {"name":"patient","resource":{"resourceType":"Patient","id":"p1","gender":"female",
            "birthDate":"2026-01-15"}},
          {"name":"immunization","resource":{"resourceType":"Immunization","id":"dose-a",
            "status":"completed","vaccineCode":{"coding":[
              {"system":"https://sukoyaka.app/fhir/CodeSystem/vaccine-kind","code":"DPT_IPV_HIB"}]},
            "patient":{"reference":"Patient/p1"},"occurrenceDateTime":"2026-03-14",
            "protocolApplied":[{"doseNumberString":"1"}]}},
          {"name":"immunization","resource":{"resourceType":"Immunization","id":"dose-b",
            "status":"completed","vaccineCode":{"coding":[
              {"system":"https://sukoyaka.app/fhir/CodeSystem/vaccine-kind","code":"ROTA"},
              {"system":"https://sukoyaka.app/fhir/CodeSystem/vaccine-product","code":"RV5"}]},
            "patient":{"reference":"Patient/p1"},"occurrenceDateTime":"2026-03-14"}},
          {"name":"immunization","resource":{"resourceType":"Immunization","id":"not-given",
            "status":"not-done","vaccineCode":{"coding":[
              {"system":"https://sukoyaka.app/fhir/CodeSystem/vaccine-kind","code":"BCG"}]},
            "patient":{"reference":"Patient/p1"},"occurrenceDateTime":"2026-04-01"}},
          {"name":"immunization","resource":{"resourceType":"Immunization","id":"flu",
            "status":"completed","vaccineCode":{"coding":[
              {"system":"https://sukoyaka.app/fhir/CodeSystem/vaccine-kind","code":"INFLUENZA"}]},
            "patient":{"reference":"Patient/p1"},"occurrenceDateTime":"2026-04-20"}},
          {"name":"flag","valueCode":"hadVaricella"}]}
        """;

    Http.Response response =
        post("/fhir/$immds-forecast", Tokens.clinic(Personas.clinicServing(town)), body);

    JsonNode recommendation = recommendation(response);
    assertThat(recommendation.path("patient").path("reference").asText()).isEqualTo("Patient/p1");
    JsonNode rota = entries(recommendation, "ROTA").get(0);
    // The dose without a number counted as dose 1 of the three-dose RotaTeq series.
    assertThat(rota.path("doseNumberString").asText()).isEqualTo("2");
    assertThat(rota.path("seriesDosesString").asText()).isEqualTo("3");
    assertThat(rota.path("supportingImmunization").get(0).path("reference").asText())
        .isEqualTo("Immunization/dose-b");
    assertThat(statusCodes(entries(recommendation, "VAR").get(0))).contains("immune", "ineligible");
    assertThat(entries(recommendation, "BCG").get(0).path("doseNumberString").asText())
        .isEqualTo("1");
    // A voluntary vaccine counts for no routine series and does not stop the forecast.
    assertThat(response.body()).doesNotContain("Immunization/flu");
  }

  @Test
  void badRequestsAreOperationOutcomesWithTheirCode() {
    String guardian = Tokens.guardian(infant.family().mother());
    String tomorrow = LocalDate.parse(today).plusDays(1).toString();
    String notOfTheSeries =
        """
        {"resourceType":"Parameters","parameter":[
          {"name":"patient","resource":{"resourceType":"Patient","birthDate":"2026-01-15"}},
          {"name":"immunization","resource":{"resourceType":"Immunization","status":"completed",
            "vaccineCode":{"coding":[{"system":"https://sukoyaka.app/fhir/CodeSystem/vaccine-kind",
            "code":"ROTA"}]},"patient":{"reference":"Patient/x"},
            "occurrenceDateTime":"2026-03-14","protocolApplied":[{"doseNumberString":"1期"}]}}]}
        """;

    assertOutcome(
        post(
            "/fhir/$immds-forecast",
            guardian,
            ofStoredChild(today)
                .replace(infant.family().childId().toString(), UUID.randomUUID().toString())),
        404,
        "SKY-3001");
    assertOutcome(
        post("/fhir/$immds-forecast", guardian, ofStoredChild(tomorrow)), 422, "SKY-4002");
    assertOutcome(
        post("/fhir/$immds-forecast", guardian, "{\"resourceType\":\"Patient\"}"), 400, "SKY-2008");
    assertOutcome(post("/fhir/$immds-forecast", guardian, "{not json"), 400, "SKY-2001");
    assertOutcome(
        post("/fhir/$immds-forecast", guardian, "{\"resourceType\":\"Parameters\"}"),
        400,
        "SKY-3002");
    Http.Response dose = post("/fhir/$immds-forecast", guardian, notOfTheSeries);
    assertOutcome(dose, 422, "SKY-4104");
    assertThat(dose.json().path("issue").get(0).path("expression").get(0).asText())
        .isEqualTo("Parameters.parameter[1].resource.protocolApplied[0].doseNumberString");
    assertOutcome(
        Http.get(
            "/fhir/Patient/" + infant.family().childId() + "/$immds-forecast?assessmentDate=soon",
            guardian),
        400,
        "SKY-3002");
    assertOutcome(post("/fhir/$immds-forecast", null, ofStoredChild(today)), 401, "SKY-1001");
  }
}
