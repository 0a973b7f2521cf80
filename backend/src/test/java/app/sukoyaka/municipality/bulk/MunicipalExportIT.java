package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The municipality's records leave as they came in: as CSV files for its own systems, and as FHIR
 * bulk data, imported records and clinics' alike, and only the municipality's own.
 */
class MunicipalExportIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Personas.Municipality town;
  private String token;
  private Personas.ChildInLegacySystem imported;
  private Personas.FamilyWithInfant submitted;
  private Personas.FamilyWithInfant elsewhere;
  private LocalDate visit;

  @BeforeEach
  void importedAndSubmittedRecordsHereAndAClinicsRecordElsewhere() {
    town = Personas.municipality();
    token = Tokens.staff(Personas.staffOf(town));
    imported = Personas.childKnownByResidentNumber(town, 5, 0);
    visit = imported.birthDate().plusMonths(4).plusDays(1);
    JsonNode checkups =
        Imports.importAndWait(
            token,
            town.code(),
            "legacy-sjis",
            LegacyFiles.legacyCheckups()
                .row(
                    Map.of(
                        "住民番号", imported.residentNumber(),
                        "生年月日", LegacyFiles.wareki(imported.birthDate()),
                        "健診名", "3～4か月児健診",
                        "健診日", LegacyFiles.wareki(visit),
                        "体重(g)", "6640",
                        "判定", "要精検",
                        "精密検査", "対象",
                        "会場", "保健センター"))
                .bytes(),
            null);
    assertThat(checkups.path("counts").path("stored").asInt()).as(checkups.toString()).isEqualTo(1);
    JsonNode doses =
        Imports.importAndWait(
            token,
            town.code(),
            "standard-utf8",
            LegacyFiles.standardVaccinations()
                .row(
                    Map.of(
                        "宛名番号", imported.residentNumber(),
                        "生年月日", imported.birthDate().toString(),
                        "予防接種コード", "08",
                        "接種回数", "1",
                        "接種日", imported.birthDate().plusMonths(5).minusDays(1).toString(),
                        "ロット番号", "BCG-77",
                        "実施機関名", "保健センター",
                        "接種区分", "1"))
                .bytes(),
            null);
    assertThat(doses.path("counts").path("stored").asInt()).as(doses.toString()).isEqualTo(1);

    submitted = Personas.familyWithChildAged(town, 4, 10);
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    assertThat(
            Http.postFhir(
                    clinic,
                    InfantCheckupBundle.threeToFourMonths(
                            submitted, submitted.childBirthDate().plusMonths(4))
                        .json())
                .status())
        .isEqualTo(200);

    Personas.Municipality other = Personas.municipality();
    elsewhere = Personas.familyWithChildAged(other, 4, 10);
    assertThat(
            Http.postFhir(
                    Tokens.clinic(Personas.clinicServing(other)),
                    InfantCheckupBundle.threeToFourMonths(
                            elsewhere, elsewhere.childBirthDate().plusMonths(4))
                        .json())
                .status())
        .isEqualTo(200);
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        files.put(entry.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  /** The CSV's lines as cells (the test data has no quoted commas). */
  private static List<List<String>> csv(byte[] file) {
    assertThat(file).startsWith(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    String text = new String(file, 3, file.length - 3, StandardCharsets.UTF_8);
    List<List<String>> lines = new ArrayList<>();
    for (String line : text.split("\r\n")) {
      lines.add(Arrays.asList(line.split(",", -1)));
    }
    return lines;
  }

  private static List<String> lineWith(List<List<String>> lines, String value) {
    return lines.stream()
        .filter(l -> l.contains(value))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No line with " + value + " in " + lines));
  }

  @Test
  void staffDownloadTheirRecordsAsOneCsvPerKindWithAReadmeOfEveryColumn() throws Exception {
    Http.BinaryResponse response =
        Http.getBytes("/api/v1/municipalities/" + town.code() + "/exports/records.zip", token);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/zip");
    assertThat(response.header("Content-Disposition")).contains("sukoyaka-" + town.code());
    Map<String, byte[]> files = unzip(response.body());
    assertThat(files.keySet()).containsExactlyElementsOf(MunicipalExport.fileNames());
    String readme = new String(files.get("README.txt"), StandardCharsets.UTF_8);
    for (MunicipalExport.File file : MunicipalExport.FILES) {
      List<List<String>> lines = csv(files.get(file.name()));
      assertThat(lines.get(0))
          .containsExactlyElementsOf(
              file.columns().stream().map(MunicipalExport.Column::name).toList());
      file.columns().forEach(c -> assertThat(readme).contains(c.name() + ": " + c.ja()));
      for (List<String> line : lines) {
        assertThat(String.join(",", line))
            .doesNotContain(elsewhere.childId().toString())
            .doesNotContain(elsewhere.mother().handbookNumber());
      }
    }

    List<List<String>> children = csv(files.get("children.csv"));
    assertThat(lineWith(children, imported.childId().toString()))
        .contains(imported.residentNumber(), imported.birthDate().toString());

    List<List<String>> checkups = csv(files.get("checkups.csv"));
    List<String> municipal = lineWith(checkups, imported.childId().toString());
    assertThat(municipal.subList(3, 10))
        .containsExactly(
            "infant-3-4-months", "3～4か月児健康診査", "", visit.toString(), "municipal", "保健センター", "");
    List<String> clinic = lineWith(checkups, submitted.childId().toString());
    assertThat(clinic.get(7)).isEqualTo("clinic");
    assertThat(clinic.get(9)).matches("[0-9]{10}");

    List<List<String>> findings = csv(files.get("checkup-findings.csv"));
    String importedCheckup = municipal.get(0);
    List<List<String>> ofImported =
        findings.stream().filter(l -> l.get(0).equals(importedCheckup)).toList();
    assertThat(ofImported)
        .extracting(l -> l.get(1))
        .containsExactlyInAnyOrder(
            "age-at-checkup", "body-weight", "overall-judgement", "follow-up-referral");
    List<String> weight = lineWith(ofImported, "body-weight");
    assertThat(weight.subList(2, 5)).containsExactly("体重", "6.640", "kg");
    List<String> judgement = lineWith(ofImported, "overall-judgement");
    assertThat(judgement.get(3)).isEqualTo("detailed-examination");
    assertThat(judgement.get(6)).isEqualTo("要精密");

    List<List<String>> vaccinations = csv(files.get("vaccinations.csv"));
    List<String> bcg = lineWith(vaccinations, imported.childId().toString());
    assertThat(bcg.subList(4, 6)).containsExactly("BCG", "BCG");
    assertThat(bcg).contains("BCG-77", "true", "municipal", "verified", "保健センター");
  }

  @Test
  void onlyStaffOfTheMunicipalityExportIt() {
    String path = "/api/v1/municipalities/" + town.code() + "/exports/records.zip";
    Http.BinaryResponse guardian = Http.getBytes(path, Tokens.guardian(submitted.mother()));
    Http.BinaryResponse stranger =
        Http.getBytes(path, Tokens.staff(Personas.staffOf(Personas.municipality())));

    assertThat(guardian.status()).isEqualTo(403);
    assertThat(guardian.text()).contains("SKY-1005");
    assertThat(stranger.status()).isEqualTo(403);
    assertThat(stranger.text()).contains("SKY-1003");
  }

  @Test
  void theFhirBulkExportCarriesImportedCheckupsAndVaccinationsBesideTheClinics() throws Exception {
    Http.Response kickOff =
        Http.send("GET", "/fhir/$export?_type=Encounter,Immunization", token, null, null);
    assertThat(kickOff.status()).as(kickOff.body()).isEqualTo(202);
    String status = kickOff.header("Content-Location");
    status = status.substring(status.indexOf("/fhir/"));
    JsonNode manifest = null;
    for (int i = 0; i < 200 && manifest == null; i++) {
      Http.Response polled = Http.send("GET", status, token, null, null);
      if (polled.status() == 200) {
        manifest = polled.json();
      } else {
        Thread.sleep(200);
      }
    }
    assertThat(manifest).as("the export finished").isNotNull();
    Map<String, List<JsonNode>> resources = new LinkedHashMap<>();
    for (JsonNode output : manifest.path("output")) {
      String url = output.path("url").asText();
      String body =
          Http.send("GET", url.substring(url.indexOf("/fhir/")), token, null, null).body();
      List<JsonNode> parsed = new ArrayList<>();
      for (String line : body.split("\n")) {
        if (!line.isBlank()) {
          parsed.add(JSON.readTree(line));
        }
      }
      resources.put(output.path("type").asText(), parsed);
    }

    List<JsonNode> encounters = resources.get("Encounter");
    assertThat(encounters).hasSize(2);
    JsonNode municipal =
        encounters.stream()
            .filter(
                e ->
                    e.path("subject")
                        .path("reference")
                        .asText()
                        .endsWith(imported.childId().toString()))
            .findFirst()
            .orElseThrow();
    assertThat(municipal.path("serviceProvider").path("display").asText()).isEqualTo("保健センター");
    assertThat(municipal.path("serviceProvider").has("identifier")).isFalse();
    assertThat(municipal.path("period").path("start").asText()).startsWith(visit.toString());
    List<JsonNode> immunizations = resources.get("Immunization");
    assertThat(immunizations).hasSize(1);
    assertThat(immunizations.get(0).toString()).contains("BCG-77").contains("municipal");
    assertThat(immunizations.get(0).path("patient").path("reference").asText())
        .endsWith(imported.childId().toString());
  }
}
