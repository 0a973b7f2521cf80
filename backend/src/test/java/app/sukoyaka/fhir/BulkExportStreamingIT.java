package app.sukoyaka.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A municipality's bulk export is made a page of records at a time and written and sent in parts:
 * what a job holds is bounded by the page size and the part size, never by the municipality's size,
 * so a municipality of 100,000 children exports within a small heap. Checked here with a population
 * of several pages and files of several parts.
 */
class BulkExportStreamingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHILDREN = 1_200;

  @Test
  void aMunicipalityOfManyPagesIsExportedWithinTheBoundsOfAPageAndAPartAndNothingIsLost()
      throws Exception {
    Personas.Municipality city = Personas.municipalityWithChildren(CHILDREN, 0.41);
    String staff = Tokens.staff(Personas.staffOf(city));
    BulkExportConfiguration config = TestService.bean(BulkExportConfiguration.class);
    BulkExports exports = TestService.bean(BulkExports.class);
    assertThat(CHILDREN).isGreaterThan(2 * config.pageSize());

    Http.Response kickOff =
        Http.send(
            "GET",
            "/fhir/$export?_type=Patient,Encounter,Observation,Immunization",
            staff,
            null,
            null);
    assertThat(kickOff.status()).as(kickOff.body()).isEqualTo(202);
    JsonNode manifest = waitForManifest(staff, kickOff.header("Content-Location"));

    Map<String, Integer> counts = new HashMap<>();
    int longestLine = 0;
    for (JsonNode output : manifest.path("output")) {
      String type = output.path("type").asText();
      Http.Response file = Http.send("GET", path(output.path("url").asText()), staff, null, null);
      assertThat(file.status()).isEqualTo(200);
      assertThat(file.contentType()).startsWith("application/fhir+ndjson");
      String[] lines = file.body().isEmpty() ? new String[0] : file.body().split("\n");
      assertThat(lines).hasSize(output.path("count").asInt());
      for (String line : lines) {
        longestLine = Math.max(longestLine, line.length() + 1);
      }
      assertThat(JSON.readTree(lines[lines.length - 1]).path("resourceType").asText())
          .isEqualTo(type);
      counts.put(type, lines.length);
    }

    assertThat(counts.get("Patient"))
        .isEqualTo(
            Db.count("SELECT count(*) FROM child WHERE municipality_id = ?", city.id())
                + Db.count(
                    "SELECT count(DISTINCT person_id) FROM pregnancy WHERE municipality_id = ?",
                    city.id()));
    assertThat((long) counts.get("Encounter"))
        .isEqualTo(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE municipality_id = ?", city.id()));
    assertThat((long) counts.get("Immunization"))
        .isEqualTo(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE municipality_id = ?"
                    + " AND status <> 'entered-in-error'",
                city.id()))
        .isGreaterThan(config.pageSize());
    // Written in parts, none larger than a part and a line.
    String job =
        manifest
            .path("output")
            .get(0)
            .path("url")
            .asText()
            .replaceAll(".*/\\$export-file/([^/]+)/.*", "$1");
    assertThat(
            Db.count(
                "SELECT count(*) FROM export_file_part WHERE job_id = ?::uuid"
                    + " AND resource_type = 'Observation'",
                job))
        .isGreaterThan(1);
    assertThat(
            Db.count(
                "SELECT max(length(ndjson)) FROM export_file_part WHERE job_id = ?::uuid", job))
        .isLessThan(config.partChars() + longestLine);
    assertThat(
            Db.count(
                "SELECT count(*) FROM export_file WHERE job_id = ?::uuid AND ndjson IS NOT NULL",
                job))
        .isZero();
    // What a job held at once: a page of records and a part of text.
    assertThat(exports.peakPage()).isPositive().isLessThanOrEqualTo(config.pageSize());
    assertThat(exports.peakPart()).isLessThan(config.partChars() + longestLine);
  }

  private static JsonNode waitForManifest(String token, String statusUrl) throws Exception {
    for (int i = 0; i < 600; i++) {
      Http.Response status = Http.send("GET", path(statusUrl), token, null, null);
      if (status.status() == 200) {
        return status.json();
      }
      assertThat(status.status()).as(status.body()).isEqualTo(202);
      Thread.sleep(500);
    }
    throw new AssertionError("Export did not complete");
  }

  private static String path(String url) {
    return url.substring(url.indexOf("/fhir/"));
  }
}
