package app.sukoyaka.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A bulk export whose instance died mid-run (its lease lapsed, its files half-written) is taken
 * over by a running instance and completes with whole files, instead of staying "in progress" for
 * ever; the run that lost its claim can no longer write.
 */
class BulkExportTakeoverIT {

  @Test
  void anExportWhoseInstanceDiedIsTakenOverAndItsFilesAreWrittenWholeOnce() throws Exception {
    Personas.Municipality town = Personas.municipality();
    String staffToken = Tokens.staff(Personas.staffOf(town));
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    for (int i = 0; i < 3; i++) {
      Personas.Mother mother = Personas.motherAt20Weeks(town);
      assertThat(
              Http.postFhir(clinic, PrenatalBundle.fullVisit(mother, LocalDate.now()).json())
                  .status())
          .isEqualTo(200);
    }
    Http.Response kickOff = Http.send("GET", "/fhir/$export", staffToken, null, null);
    assertThat(kickOff.status()).as(kickOff.body()).isEqualTo(202);
    String statusUrl = path(kickOff.header("Content-Location"));
    UUID job = UUID.fromString(statusUrl.substring(statusUrl.lastIndexOf('/') + 1));
    Map<String, Integer> first = counts(waitForManifest(statusUrl, staffToken));
    assertThat(first).containsEntry("Observation", 30);

    // As if the instance running it had died half-way: running, a lapsed lease, a claim nobody
    // holds, one file without its parts and the counts not yet written.
    Db.update(
        "UPDATE export_job SET status = 'running', completed_at = NULL,"
            + " claim_token = gen_random_uuid(), lease_until = now() - interval '1 second'"
            + " WHERE id = ?",
        job);
    Db.update(
        "DELETE FROM export_file_part WHERE job_id = ? AND resource_type = 'Observation'", job);
    Db.update("UPDATE export_file SET resource_count = 0 WHERE job_id = ?", job);

    JsonNode manifest = waitForManifest(statusUrl, staffToken);
    assertThat(counts(manifest)).isEqualTo(first);
    for (JsonNode output : manifest.path("output")) {
      Http.Response file =
          Http.send("GET", path(output.path("url").asText()), staffToken, null, null);
      String[] lines = file.body().isEmpty() ? new String[0] : file.body().split("\n");
      assertThat(lines).as(output.path("type").asText()).hasSize(output.path("count").asInt());
    }
    assertThat(Db.count("SELECT attempts FROM export_job WHERE id = ?", job)).isEqualTo(2);
  }

  @Test
  void everyExportRunsOnceWhenTwoInstancesPollForThem() throws Exception {
    Personas.Municipality town = Personas.municipality();
    String staffToken = Tokens.staff(Personas.staffOf(town));
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    assertThat(
            Http.postFhir(clinic, PrenatalBundle.fullVisit(mother, LocalDate.now()).json())
                .status())
        .isEqualTo(200);
    EmbeddedServer second = TestService.another();
    try {
      List<String> statusUrls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Http.Response kickOff = Http.send("GET", "/fhir/$export", staffToken, null, null);
        assertThat(kickOff.status()).as(kickOff.body()).isEqualTo(202);
        statusUrls.add(path(kickOff.header("Content-Location")));
      }
      for (String statusUrl : statusUrls) {
        assertThat(counts(waitForManifest(statusUrl, staffToken)))
            .containsEntry("Encounter", 1)
            .containsEntry("Observation", 10);
        UUID job = UUID.fromString(statusUrl.substring(statusUrl.lastIndexOf('/') + 1));
        assertThat(Db.count("SELECT attempts FROM export_job WHERE id = ?", job))
            .as("runs of export " + job)
            .isEqualTo(1);
      }
    } finally {
      second.stop();
    }
  }

  private static Map<String, Integer> counts(JsonNode manifest) {
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode output : manifest.path("output")) {
      counts.put(output.path("type").asText(), output.path("count").asInt());
    }
    return counts;
  }

  private static String path(String url) {
    return url.substring(url.indexOf("/fhir/"));
  }

  private static JsonNode waitForManifest(String statusUrl, String token)
      throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      Http.Response status = Http.send("GET", statusUrl, token, null, null);
      if (status.status() == 200) {
        return status.json();
      }
      assertThat(status.status()).as(status.body()).isEqualTo(202);
      Thread.sleep(200);
    }
    throw new AssertionError("Export did not complete");
  }
}
