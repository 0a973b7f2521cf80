package app.sukoyaka.phr;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationIssue;
import app.sukoyaka.profiles.ValidationReport;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
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

  /** The rows of a CSV file of the download (UTF-8 with BOM, CRLF, RFC 4180 quoting). */
  private static List<List<String>> csv(byte[] file) {
    String text = new String(file, 3, file.length - 3, StandardCharsets.UTF_8);
    List<List<String>> rows = new java.util.ArrayList<>();
    List<String> row = new java.util.ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new java.util.ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    if (!row.isEmpty() || cell.length() > 0) {
      row.add(cell.toString());
      rows.add(row);
    }
    return rows;
  }

  /** The row whose {@code column} holds {@code value}, as column → cell. */
  private static Map<String, String> row(List<List<String>> table, String column, String value) {
    List<String> header = table.get(0);
    int index = header.indexOf(column);
    for (List<String> cells : table.subList(1, table.size())) {
      if (cells.get(index).equals(value)) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
          row.put(header.get(c), cells.get(c));
        }
        return row;
      }
    }
    throw new AssertionError("No row with " + column + " = " + value + " in " + table);
  }

  @Test
  void theChildsCsvFilesNameEveryColumnOfItsCheckupsAnswersAndItsPrescreenings()
      throws IOException {
    Personas.Municipality town = Personas.municipality();
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    java.time.LocalDate yesterday =
        java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1);
    Http.Response checkup =
        Http.postFhir(
            Tokens.clinic(infant.clinic()),
            app.sukoyaka.testing.InfantCheckupBundle.threeToFourMonths(infant.family(), yesterday)
                .json());
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);
    String guardian = Tokens.guardian(infant.family().mother());
    java.util.UUID child = infant.family().childId();
    Http.Response prescreening =
        Http.postJson(
            "/api/v1/children/" + child + "/prescreenings",
            guardian,
            "{\"vaccine\":\"DPT_IPV_HIB\",\"dose\":\"2\",\"plannedDate\":\""
                + yesterday.plusDays(1)
                + "\",\"answers\":{\"read-explanation\":true,\"temperature\":36.6,"
                + "\"unwell-today\":false,\"ill-past-month\":false,\"infection-contact\":false,"
                + "\"vaccinated-past-month\":false,\"underlying-condition\":false,"
                + "\"convulsion\":false,\"allergy\":false,\"relative-immunodeficiency\":false,"
                + "\"previous-reaction\":false,\"relative-reaction\":false,"
                + "\"transfusion-gamma-globulin\":false,\"questions\":false,\"consent\":true}}");
    assertThat(prescreening.status()).as(prescreening.body()).isEqualTo(201);
    String prescreeningId = prescreening.json().path("id").asText();

    Map<String, byte[]> files = unzip(Http.getBytes("/api/v1/me/data-export/csv", guardian).body());

    List<List<String>> checkups = csv(files.get("checkups.csv"));
    assertThat(checkups.get(0))
        .containsExactly(
            "checkup_id",
            "child_id",
            "pregnancy_id",
            "kind",
            "visit_date",
            "facility",
            "item_code",
            "value",
            "unit",
            "code_system",
            "recorded_as",
            "questionnaire",
            "question",
            "answered_at");
    // A question of the 保護者の記録 the clinic recorded at the checkup: 首がすわった, yes.
    String encounter = Db.text("SELECT id::text FROM checkup_encounter WHERE child_id = ?", child);
    assertThat(row(checkups, "item_code", "head-control"))
        .containsExactly(
            Map.entry("checkup_id", encounter),
            Map.entry("child_id", child.toString()),
            Map.entry("pregnancy_id", ""),
            Map.entry("kind", "infant-3-4-months"),
            Map.entry("visit_date", yesterday.toString()),
            Map.entry(
                "facility",
                Db.text(
                    "SELECT f.name FROM facility f JOIN checkup_encounter e"
                        + " ON e.facility_id = f.id WHERE e.id = ?::uuid",
                    encounter)),
            Map.entry("item_code", "head-control"),
            Map.entry("value", "true"),
            Map.entry("unit", ""),
            Map.entry("code_system", ""),
            Map.entry("recorded_as", "Observation"),
            Map.entry("questionnaire", ""),
            Map.entry("question", ""),
            Map.entry("answered_at", ""));

    List<List<String>> prescreenings = csv(files.get("prescreenings.csv"));
    assertThat(prescreenings.get(0))
        .containsExactly(
            "prescreening_id",
            "child_id",
            "vaccine",
            "dose",
            "planned_date",
            "questionnaire",
            "status",
            "answered_at",
            "redeemed_at",
            "question",
            "ordinal",
            "value_type",
            "value");
    assertThat(prescreenings)
        .hasSize(
            1
                + (int)
                    Db.count(
                        "SELECT count(*) FROM prescreening_answer WHERE prescreening_id = ?::uuid",
                        prescreeningId));
    Map<String, String> temperature = row(prescreenings, "question", "temperature");
    assertThat(temperature)
        .containsEntry("prescreening_id", prescreeningId)
        .containsEntry("child_id", child.toString())
        .containsEntry("vaccine", "DPT_IPV_HIB")
        .containsEntry("dose", "2")
        .containsEntry("planned_date", yesterday.plusDays(1).toString())
        .containsEntry("status", "submitted")
        .containsEntry("redeemed_at", "")
        .containsEntry("ordinal", "0")
        .containsEntry("value_type", "decimal")
        .containsEntry("value", "36.6");
    assertThat(temperature.get("questionnaire"))
        .contains("/Questionnaire/vaccination-prescreening");
    assertThat(java.time.Instant.parse(temperature.get("answered_at"))).isNotNull();
    assertThat(new String(files.get("README.txt"), StandardCharsets.UTF_8))
        .contains("prescreenings.csv", "recorded_as");

    // The FHIR download carries the 予診票 as the QuestionnaireResponse it was stored as.
    JsonNode bundle =
        new ObjectMapper().readTree(Http.get("/api/v1/me/data-export/fhir", guardian).body());
    assertThat(bundle.path("entry").findValues("resource"))
        .anySatisfy(
            r -> {
              assertThat(r.path("resourceType").asText()).isEqualTo("QuestionnaireResponse");
              assertThat(r.path("id").asText()).isEqualTo(prescreeningId);
            });
  }

  @Test
  void thePregnancysCsvNamesEachEpdsAnswerWithItsQuestionnaireQuestionAndWhenItWasAnswered()
      throws IOException {
    Personas.Municipality town = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    java.time.LocalDate yesterday =
        java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1);
    Http.Response postnatal =
        Http.postFhir(
            Tokens.clinic(Personas.clinicServing(town)),
            app.sukoyaka.testing.PostpartumBundle.twoWeeks(mother, yesterday).json());
    assertThat(postnatal.status()).as(postnatal.body()).isEqualTo(200);

    Map<String, byte[]> files =
        unzip(Http.getBytes("/api/v1/me/data-export/csv", Tokens.guardian(mother)).body());

    List<List<String>> checkups = csv(files.get("checkups.csv"));
    assertThat(checkups.get(0))
        .endsWith("code_system", "recorded_as", "questionnaire", "question", "answered_at");
    String encounter =
        Db.text(
            "SELECT id::text FROM checkup_encounter WHERE pregnancy_id = ?", mother.pregnancyId());
    String authored =
        Db.text(
            "SELECT extract(epoch FROM authored_at)::bigint::text FROM checkup_finding"
                + " WHERE encounter_id = ?::uuid AND item_code = 'epds-item-2'",
            encounter);
    Map<String, String> item2 = row(checkups, "item_code", "epds-item-2");
    assertThat(item2)
        .containsEntry("checkup_id", encounter)
        .containsEntry("child_id", "")
        .containsEntry("pregnancy_id", mother.pregnancyId().toString())
        .containsEntry("kind", "postpartum-2-weeks")
        .containsEntry("visit_date", yesterday.toString())
        .containsEntry(
            "value", Integer.toString(app.sukoyaka.testing.PostpartumBundle.EPDS_ANSWERS[1]))
        .containsEntry("unit", "")
        .containsEntry("recorded_as", "QuestionnaireResponse")
        .containsEntry("questionnaire", app.sukoyaka.profiles.SukoyakaCanonicals.EPDS_QUESTIONNAIRE)
        .containsEntry("question", "2");
    assertThat(java.time.Instant.parse(item2.get("answered_at")).getEpochSecond())
        .isEqualTo(Long.parseLong(authored));
    Map<String, String> total = row(checkups, "item_code", "epds-total-score");
    assertThat(total)
        .containsEntry("value", "6")
        .containsEntry("recorded_as", "Observation")
        .containsEntry("questionnaire", app.sukoyaka.profiles.SukoyakaCanonicals.EPDS_QUESTIONNAIRE)
        .containsEntry("question", "")
        .containsEntry("answered_at", "");
    assertThat(checkups).filteredOn(r -> r.get(6).startsWith("epds-item-")).hasSize(10);
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
    // The tables of what has no FHIR resource; own records and notices are resources now.
    assertThat(types.get("DocumentReference")).isGreaterThanOrEqualTo(5);
    assertThat(types.get("Bundle")).as("a summary document per person").isGreaterThanOrEqualTo(1);
  }

  @Test
  void theFhirDownloadHoldsEachPersonsSummaryDocumentAndTheFamilysOwnRecordsAndNoticesAsResources()
      throws IOException {
    Personas.Municipality town = Personas.municipality();
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(town);
    Personas.Mother mother = infant.family().mother();
    String token = Tokens.guardian(mother);
    Http.Response created =
        Http.postJson(
            "/api/v1/children/" + infant.family().childId() + "/records",
            token,
            "{\"clientId\":\""
                + java.util.UUID.randomUUID()
                + "\",\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
                + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1)
                + "\",\"quantity\":{\"value\":6.45,\"unit\":\"kg\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    java.util.UUID notice = java.util.UUID.randomUUID();
    java.sql.Timestamp sent = java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(3600));
    Db.update(
        "INSERT INTO notice (id, municipality_id, kind, status, title, body, created_by,"
            + " created_at, updated_by, updated_at, sent_by, sent_at, online_count, paper_count)"
            + " VALUES (?, ?, 'official', 'sent', '{\"ja\":\"4か月児健診のお知らせ\"}'::jsonb,"
            + " '{\"ja\":\"保健センターで行います。\"}'::jsonb, 'staff-test', ?, 'staff-test', ?,"
            + " 'staff-test', ?, 1, 0)",
        notice,
        town.id(),
        sent,
        sent,
        sent);
    Db.update(
        "INSERT INTO notice_delivery (notice_id, person_id, municipality_id, channel, read_at)"
            + " VALUES (?, ?, ?, 'online', ?)",
        notice,
        mother.personId(),
        town.id(),
        sent);

    Http.Response response = Http.get("/api/v1/me/data-export/fhir", token);

    assertThat(response.status()).isEqualTo(200);
    JsonNode bundle = new ObjectMapper().readTree(response.body());
    SukoyakaValidator validator = TestService.bean(SukoyakaValidator.class);
    FhirContext fhir = FhirContext.forR4Cached();
    JsonNode childDocument = null;
    JsonNode own = null;
    JsonNode communication = null;
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode resource = entry.path("resource");
      String type = resource.path("resourceType").asText();
      if (type.equals("Bundle")
          && resource
              .path("entry")
              .get(0)
              .path("resource")
              .path("subject")
              .path("reference")
              .asText()
              .endsWith("Patient/" + infant.family().childId())) {
        childDocument = resource;
      } else if (type.equals("Observation")
          && resource.path("category").toString().contains("own-record-kind")) {
        own = resource;
      } else if (type.equals("Communication")) {
        communication = resource;
      }
    }
    assertThat(childDocument).as("the child's summary document").isNotNull();
    assertThat(childDocument.path("type").asText()).isEqualTo("document");
    JsonNode composition = childDocument.path("entry").get(0).path("resource");
    java.util.Map<String, Integer> sections = new HashMap<>();
    composition
        .path("section")
        .forEach(
            s ->
                sections.put(
                    s.path("code").path("coding").get(0).path("code").asText(),
                    s.path("entry").size()));
    // IPS: immunizations, vital signs (growth), results, procedures.
    assertThat(sections).containsEntry("11369-6", 4).containsKeys("8716-3", "29545-1", "47519-4");
    assertThat(own).as("the weight measured at home").isNotNull();
    assertThat(own.path("valueQuantity").path("value").decimalValue()).isEqualByComparingTo("6.45");
    assertThat(own.path("subject").path("reference").asText())
        .isEqualTo("Patient/" + infant.family().childId());
    assertThat(communication).as("the notice").isNotNull();
    assertThat(communication.path("topic").path("text").asText()).isEqualTo("4か月児健診のお知らせ");
    assertThat(communication.path("received").isMissingNode()).isFalse();
    for (JsonNode resource : List.of(own, communication, childDocument)) {
      org.hl7.fhir.r4.model.Resource parsed =
          (org.hl7.fhir.r4.model.Resource) fhir.newJsonParser().parseResource(resource.toString());
      ValidationReport report =
          validator.validate(
              parsed, "http://hl7.org/fhir/StructureDefinition/" + parsed.fhirType());
      assertThat(
              report.issues().stream()
                  .filter(
                      i ->
                          i.severity() == ValidationIssue.Severity.ERROR
                              || i.severity() == ValidationIssue.Severity.FATAL)
                  .toList())
          .as(parsed.fhirType())
          .isEmpty();
    }
  }

  @Test
  void staffDownloadNobodysDataHere() {
    Personas.Staff staff = Personas.staffOf(Personas.municipality());

    assertThat(Http.get("/api/v1/me/data-export/fhir", Tokens.staff(staff)).status())
        .isEqualTo(403);
  }
}
