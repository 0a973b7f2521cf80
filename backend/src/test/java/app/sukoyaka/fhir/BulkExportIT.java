package app.sukoyaka.fhir;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PostpartumBundle;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Municipal staff export their municipality's records as FHIR bulk data, and only theirs. */
class BulkExportIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Personas.Municipality town;
  private String staffToken;
  private Personas.Mother elsewhere;

  @BeforeEach
  void twoMothersHereAndOneElsewhereHaveCheckups() {
    town = Personas.municipality();
    staffToken = Tokens.staff(Personas.staffOf(town));
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    for (int i = 0; i < 2; i++) {
      Personas.Mother mother = Personas.motherAt20Weeks(town);
      Http.postFhir(clinic, PrenatalBundle.fullVisit(mother, LocalDate.now()).json());
    }
    Personas.Municipality other = Personas.municipality();
    elsewhere = Personas.motherAt20Weeks(other);
    Http.postFhir(
        Tokens.clinic(Personas.clinicServing(other)),
        PrenatalBundle.fullVisit(elsewhere, LocalDate.now()).json());
  }

  private static Http.Response get(String path, String token) {
    return Http.send("GET", path, token, null, null);
  }

  private static String path(String url) {
    return url.substring(url.indexOf("/fhir/"));
  }

  private JsonNode waitForManifest(String statusUrl) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      Http.Response status = get(path(statusUrl), staffToken);
      if (status.status() == 200) {
        return status.json();
      }
      assertThat(status.status()).as(status.body()).isEqualTo(202);
      assertThat(status.header("X-Progress")).isNotBlank();
      Thread.sleep(200);
    }
    throw new AssertionError("Export did not complete");
  }

  @Test
  void staffExportTheirMunicipalitysPatientsEncountersAndObservationsAsNdjson() throws Exception {
    Http.Response kickOff = get("/fhir/$export", staffToken);

    assertThat(kickOff.status()).as(kickOff.body()).isEqualTo(202);
    JsonNode manifest = waitForManifest(kickOff.header("Content-Location"));
    assertThat(manifest.path("requiresAccessToken").asBoolean()).isTrue();
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode output : manifest.path("output")) {
      Http.Response file = get(path(output.path("url").asText()), staffToken);
      assertThat(file.status()).isEqualTo(200);
      assertThat(file.contentType()).startsWith("application/fhir+ndjson");
      String[] lines = file.body().isEmpty() ? new String[0] : file.body().split("\n");
      assertThat(lines).hasSize(output.path("count").asInt());
      for (String line : lines) {
        JsonNode resource = JSON.readTree(line);
        assertThat(resource.path("resourceType").asText()).isEqualTo(output.path("type").asText());
        assertThat(line).doesNotContain(elsewhere.handbookNumber());
        assertThat(line).doesNotContain(elsewhere.personId().toString());
      }
      counts.put(output.path("type").asText(), output.path("count").asInt());
    }
    assertThat(counts)
        .containsEntry("Patient", 2)
        .containsEntry("Encounter", 2)
        .containsEntry("Observation", 20)
        .containsEntry("QuestionnaireResponse", 0);
  }

  @Test
  void childrenTheirCheckupsAndTheEpdsAreExportedToo() throws Exception {
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    assertThat(
            Http.postFhir(
                    clinic, InfantCheckupBundle.threeToFourMonths(family, LocalDate.now()).json())
                .status())
        .isEqualTo(200);
    assertThat(
            Http.postFhir(
                    clinic, PostpartumBundle.twoWeeks(family.mother(), LocalDate.now()).json())
                .status())
        .isEqualTo(200);

    JsonNode manifest =
        waitForManifest(get("/fhir/$export", staffToken).header("Content-Location"));

    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> bodies = new HashMap<>();
    for (JsonNode output : manifest.path("output")) {
      counts.put(output.path("type").asText(), output.path("count").asInt());
      bodies.put(
          output.path("type").asText(), get(path(output.path("url").asText()), staffToken).body());
    }
    // Three mothers and the infant; two prenatal visits, the 3–4-month checkup, the 産婦健診.
    assertThat(counts)
        .containsEntry("Patient", 4)
        .containsEntry("Encounter", 4)
        .containsEntry("Observation", 20 + 27 + 7)
        .containsEntry("QuestionnaireResponse", 1);
    assertThat(bodies.get("Patient"))
        .contains("\"id\":\"" + family.childId() + "\"")
        .contains("sukoyaka-child");
    assertThat(bodies.get("Encounter")).contains("\"reference\":\"Patient/" + family.childId());
    assertThat(bodies.get("QuestionnaireResponse"))
        .contains("\"reference\":\"Patient/" + family.mother().personId());
  }

  @Test
  void theTypeFilterAndSinceNarrowTheExport() throws Exception {
    JsonNode onlyEncounters =
        waitForManifest(
            get("/fhir/$export?_type=Encounter", staffToken).header("Content-Location"));
    JsonNode sinceTomorrow =
        waitForManifest(
            get(
                    "/fhir/$export?_type=Observation&_since="
                        // Tomorrow in Japan, whatever the hour here.
                        + LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).plusDays(1)
                        + "T00:00:00%2B09:00",
                    staffToken)
                .header("Content-Location"));

    assertThat(onlyEncounters.path("output")).hasSize(1);
    assertThat(onlyEncounters.path("output").get(0).path("type").asText()).isEqualTo("Encounter");
    assertThat(sinceTomorrow.path("output").get(0).path("count").asInt()).isZero();
  }

  @Test
  void onlyStaffMayExportAndOnlyTheirOwnJobs() {
    assertOutcome(get("/fhir/$export", Tokens.guardian(elsewhere)), 403, "SKY-1005");
    String job = get("/fhir/$export", staffToken).header("Content-Location");
    String otherStaff = Tokens.staff(Personas.staffOf(Personas.municipality()));

    assertOutcome(get(path(job), otherStaff), 404, "SKY-3001");
  }

  @Test
  void badParametersAreRefused() {
    assertOutcome(get("/fhir/$export?_type=MedicationStatement", staffToken), 400, "SKY-3002");
    assertOutcome(get("/fhir/$export?_since=yesterday", staffToken), 400, "SKY-3002");
    assertOutcome(get("/fhir/$export?_outputFormat=text/csv", staffToken), 400, "SKY-3002");
  }

  @Test
  void aDeletedJobIsGone() throws Exception {
    String job = get("/fhir/$export", staffToken).header("Content-Location");
    waitForManifest(job);

    Http.Response deleted = Http.send("DELETE", path(job), staffToken, null, null);

    assertThat(deleted.status()).isEqualTo(202);
    assertOutcome(get(path(job), staffToken), 404, "SKY-3001");
  }
}
