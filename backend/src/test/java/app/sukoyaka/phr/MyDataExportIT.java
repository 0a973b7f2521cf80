package app.sukoyaka.phr;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** A guardian downloads everything held about them and their family. */
class MyDataExportIT {

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        files.put(entry.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  @Test
  void aMotherDownloadsHerFamilysRecordsAsCsvFilesExcelOpens() throws IOException {
    Personas.Municipality town = Personas.municipality();
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    Personas.Mother mother = infant.family().mother();
    Personas.phoneOf(mother);
    Personas.onlineDeliveryDecision(mother.personId(), town, "granted");

    Http.BinaryResponse response =
        Http.getBytes("/api/v1/me/data-export/csv", Tokens.guardian(mother));

    assertThat(response.status()).isEqualTo(200);
    Map<String, byte[]> files = unzip(response.body());
    assertThat(files)
        .containsKeys(
            "README.txt",
            "family.csv",
            "checkups.csv",
            "immunizations.csv",
            "notices.csv",
            "consents.csv",
            "notification-settings.csv",
            "devices.csv",
            "sharing-log.csv");
    byte[] immunizations = files.get("immunizations.csv");
    assertThat(immunizations[0]).isEqualTo((byte) 0xEF);
    assertThat(immunizations[1]).isEqualTo((byte) 0xBB);
    assertThat(immunizations[2]).isEqualTo((byte) 0xBF);
    String text = new String(immunizations, 3, immunizations.length - 3, StandardCharsets.UTF_8);
    assertThat(text.split("\r\n")).hasSize(1 + 4);
    assertThat(text).startsWith("immunization_id,child_id,pregnancy_id,occurrence_date");
    assertThat(new String(files.get("family.csv"), StandardCharsets.UTF_8)).contains("鈴木", "蓮");
    assertThat(new String(files.get("devices.csv"), StandardCharsets.UTF_8)).contains("android");
    assertThat(new String(files.get("consents.csv"), StandardCharsets.UTF_8)).contains("granted");
    assertThat(new String(files.get("README.txt"), StandardCharsets.UTF_8))
        .contains("immunizations.csv", "occurrence_date: the day of the vaccination");
  }

  @Test
  void aWeightTheMotherRecordedAtHomeIsInHerDownloadAndGoesWithHerAccount() throws IOException {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    String mother = Tokens.guardian(family.mother());
    Http.Response created =
        Http.postJson(
            "/api/v1/children/" + family.childId() + "/records",
            mother,
            "{\"clientId\":\""
                + java.util.UUID.randomUUID()
                + "\",\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
                + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1)
                + "\",\"quantity\":{\"value\":6.45,\"unit\":\"kg\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);

    Map<String, byte[]> files = unzip(Http.getBytes("/api/v1/me/data-export/csv", mother).body());

    String own = new String(files.get("own-records.csv"), StandardCharsets.UTF_8);
    assertThat(own).contains(created.json().path("id").asText(), "body-weight", "6.45", "kg");
    assertThat(new String(files.get("README.txt"), StandardCharsets.UTF_8))
        .contains("own-records.csv");
  }

  @Test
  void theSameRecordsComeAsOneFhirBundle() throws IOException {
    Personas.Municipality town = Personas.municipality();
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    Personas.Mother mother = infant.family().mother();

    Http.Response response = Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(mother));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/fhir+json");
    JsonNode bundle = new ObjectMapper().readTree(response.body());
    assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
    assertThat(bundle.path("type").asText()).isEqualTo("collection");
    Map<String, Integer> types = new HashMap<>();
    bundle
        .path("entry")
        .forEach(
            e -> types.merge(e.path("resource").path("resourceType").asText(), 1, Integer::sum));
    assertThat(types).containsEntry("Immunization", 4).containsEntry("Patient", 2);
    assertThat(types.get("DocumentReference")).isGreaterThanOrEqualTo(6);
  }

  @Test
  void staffDownloadNobodysDataHere() {
    Personas.Staff staff = Personas.staffOf(Personas.municipality());

    assertThat(Http.get("/api/v1/me/data-export/fhir", Tokens.staff(staff)).status())
        .isEqualTo(403);
  }
}
