package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationReport;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A child's handbook from one municipality to the next over HTTP, two municipalities in one
 * database as two Sukoyaka services would exchange it: the previous municipality produces the
 * Bundle, the next takes it in, and every record arrives with where it came from; taking it in
 * again changes nothing; a move onwards keeps the municipality that first registered each record.
 */
class TransferRoundTripIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private Personas.Municipality previous;
  private Personas.Municipality next;
  private Personas.VaccinatedInfant infant;
  private Personas.Guardian mother;
  private String previousStaff;
  private String nextStaff;
  private UUID checkupId;

  @BeforeEach
  void arrange() {
    previous = Personas.municipality();
    next = Personas.municipality();
    infant = Personas.infantWithTwoMonthVaccinations(previous);
    Http.Response checkup =
        Http.postFhir(
            Tokens.clinic(infant.clinic()),
            InfantCheckupBundle.threeToFourMonths(
                    infant.family(), LocalDate.now(JAPAN).minusDays(1))
                .json());
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);
    checkupId =
        UUID.fromString(
            Db.text(
                "SELECT id::text FROM checkup_encounter WHERE child_id = ?",
                infant.family().childId()));
    mother = Personas.parentMovingIn(next);
    previousStaff = Tokens.staff(Personas.staffOf(previous));
    nextStaff = Tokens.staff(Personas.staffOf(next));
  }

  @Test
  void aChildsHandbookMovesToTheNextMunicipalityWithEveryRecordAndWhereEachCameFrom() {
    JsonNode sent = transferOut(previous, previousStaff, infant.family().childId(), next);
    assertThat(sent.path("transferOut").path("to").path("code").asText()).isEqualTo(next.code());
    assertThat(sent.path("transferOut").path("documentKind").asText()).isEqualTo("handbook");
    // 4 vaccinations, the checkup and each of its Observations.
    assertThat(sent.path("transferOut").path("records").asLong())
        .isEqualTo(
            4
                + 1
                + Db.count(
                    "SELECT count(DISTINCT observation_id) FROM checkup_finding"
                        + " WHERE encounter_id = ?",
                    checkupId));
    assertEveryRecordConformsToItsProfile(sent.path("bundle"));

    Http.Response taken = transferIn(next, nextStaff, sent.path("bundle"), mother.personId());

    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    JsonNode outcome = taken.json();
    assertThat(outcome.path("childCreated").asBoolean()).isTrue();
    assertThat(outcome.path("import").path("added").asInt()).isEqualTo(5);
    assertThat(outcome.path("import").path("conflicts").asInt()).isZero();
    JsonNode transfer = outcome.path("transfer");
    assertThat(transfer.path("previousMunicipality").path("code").asText())
        .isEqualTo(previous.code());
    assertThat(transfer.path("handbook").path("number").asText())
        .isEqualTo(infant.family().mother().handbookNumber());
    assertThat(transfer.path("requery").path("status").asText()).isEqualTo("scheduled");
    assertThat(transfer.path("requery").path("due").asText())
        .isEqualTo(LocalDate.now(JAPAN).plusMonths(3).toString());
    UUID child = UUID.fromString(transfer.path("childId").asText());
    assertThat(child).isNotEqualTo(infant.family().childId());

    JsonNode detail =
        Http.get(
                "/api/v1/municipalities/"
                    + next.code()
                    + "/transfers-in/"
                    + transfer.path("id").asText(),
                nextStaff)
            .json();
    Set<String> vaccinationOrigins = new HashSet<>();
    for (JsonNode record : detail.path("records")) {
      assertThat(record.path("origin").path("municipalityCode").asText())
          .isEqualTo(previous.code());
      if (record.path("type").asText().equals("immunization")) {
        assertThat(record.path("origin").path("source").asText()).isEqualTo("clinic");
        vaccinationOrigins.add(record.path("origin").path("id").asText());
      } else {
        assertThat(record.path("origin").path("id").asText()).isEqualTo(checkupId.toString());
      }
    }
    assertThat(vaccinationOrigins)
        .containsExactlyInAnyOrderElementsOf(
            infant.recordIds().stream().map(UUID::toString).toList());

    JsonNode records =
        Http.get("/api/v1/children/" + child + "/immunizations", nextStaff).json().path("records");
    assertThat(records).hasSize(4);
    for (JsonNode record : records) {
      assertThat(record.path("source").path("code").asText()).isEqualTo("transfer");
      assertThat(record.path("verification").path("state").asText()).isEqualTo("verified");
      assertThat(record.path("credits").get(0).path("dose").asText()).isEqualTo("1");
    }
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding f JOIN checkup_encounter e"
                    + " ON e.id = f.encounter_id WHERE e.child_id = ? AND e.kind ="
                    + " 'infant-3-4-months'",
                child))
        .isEqualTo(
            Db.count("SELECT count(*) FROM checkup_finding WHERE encounter_id = ?", checkupId));
    // Every answer of the checkup — the 保護者の記録 questions the clinic asked (首がすわった, あやすと笑う
    // …) and every other finding — field by field: its value, whether it was an answer of a
    // questionnaire and when it was answered, its status and coding.
    String answers =
        // The test reads the sent Bundle through a double (6.480 → 6.48): the value compared as
        // a number.
        "SELECT f.item_code, f.value_type, f.quantity_value::float8, f.quantity_unit,"
            + " f.code_system,"
            + " f.code_value, f.string_value, f.boolean_value, f.integer_value, f.date_value,"
            + " f.datetime_value, f.source_system, f.source_code, f.status, f.resource_type,"
            + " f.authored_at FROM checkup_finding f JOIN checkup_encounter e"
            + " ON e.id = f.encounter_id WHERE e.child_id = ? ORDER BY f.item_code";
    List<List<String>> original = rows(answers, infant.family().childId());
    assertThat(original)
        .extracting(r -> r.get(0))
        .contains("head-control", "social-smile", "visual-pursuit", "turns-to-voice");
    assertThat(rows(answers, child)).isEqualTo(original);
  }

  /** Each row's cells as text, in the order selected. */
  static List<List<String>> rows(String sql, Object parameter) {
    try (java.sql.Connection connection = Db.connect();
        java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, parameter);
      List<List<String>> rows = new ArrayList<>();
      try (java.sql.ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
            row.add(rs.getString(c));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theChildsForecastCountsTheDosesAndItsRemindersStartTheDayItMovesIn() {
    JsonNode sent = transferOut(previous, previousStaff, infant.family().childId(), next);
    JsonNode outcome = transferIn(next, nextStaff, sent.path("bundle"), mother.personId()).json();
    UUID child = UUID.fromString(outcome.path("transfer").path("childId").asText());

    Http.Response schedule =
        Http.get(
            "/api/v1/children/" + child + "/immunization-schedule",
            Tokens.user("guardian", mother.loginSubject()));

    assertThat(schedule.status()).as(schedule.body()).isEqualTo(200);
    JsonNode pentavalent = null;
    for (JsonNode vaccine : schedule.json().path("vaccines")) {
      if (vaccine.path("vaccine").asText().equals("DPT_IPV_HIB")) {
        pentavalent = vaccine;
      }
    }
    assertThat(pentavalent).isNotNull();
    assertThat(pentavalent.path("nextDose").asText()).isEqualTo("2");
    assertThat(pentavalent.path("doses").get(0).path("status").asText()).isEqualTo("complete");
    assertThat(
            Db.count(
                "SELECT count(*) FROM reminder WHERE person_id = ? AND child_id = ?"
                    + " AND kind LIKE 'vaccine-%'",
                mother.personId(), child))
        .isPositive();
  }

  @Test
  void theSameHandbookTakenInAgainChangesNothing() {
    JsonNode sent = transferOut(previous, previousStaff, infant.family().childId(), next);
    JsonNode first = transferIn(next, nextStaff, sent.path("bundle"), mother.personId()).json();
    UUID child = UUID.fromString(first.path("transfer").path("childId").asText());
    long records = Db.count("SELECT count(*) FROM immunization_record WHERE child_id = ?", child);

    Http.Response again = transferIn(next, nextStaff, sent.path("bundle"), mother.personId());
    // A newer Bundle of the very same records: a document of its own, the records unchanged.
    JsonNode resent = transferOut(previous, previousStaff, infant.family().childId(), next);
    Http.Response same = transferIn(next, nextStaff, resent.path("bundle"), mother.personId());

    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("import").path("repeated").asBoolean()).isTrue();
    assertThat(again.json().path("import").path("id").asText())
        .isEqualTo(first.path("import").path("id").asText());
    assertThat(same.status()).as(same.body()).isEqualTo(201);
    assertThat(same.json().path("transfer").path("childId").asText()).isEqualTo(child.toString());
    assertThat(same.json().path("childCreated").asBoolean()).isFalse();
    assertThat(same.json().path("import").path("added").asInt()).isZero();
    assertThat(same.json().path("import").path("unchanged").asInt()).isEqualTo(5);
    assertThat(same.json().path("import").path("conflicts").asInt()).isZero();
    assertThat(Db.count("SELECT count(*) FROM immunization_record WHERE child_id = ?", child))
        .isEqualTo(records);
    assertThat(Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", child))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM child WHERE municipality_id = ? AND birth_date = ?",
                next.id(),
                java.sql.Date.valueOf(infant.family().childBirthDate())))
        .isEqualTo(1);
    assertThat(Db.count("SELECT count(*) FROM transfer_in WHERE child_id = ?", child)).isEqualTo(1);
  }

  @Test
  void aRecordKeepsTheMunicipalityThatFirstRegisteredItWhenTheChildMovesOnAgain() {
    Personas.Municipality third = Personas.municipality();
    String thirdStaff = Tokens.staff(Personas.staffOf(third));
    JsonNode sent = transferOut(previous, previousStaff, infant.family().childId(), next);
    UUID child =
        UUID.fromString(
            transferIn(next, nextStaff, sent.path("bundle"), mother.personId())
                .json()
                .path("transfer")
                .path("childId")
                .asText());

    JsonNode onwards = transferOut(next, nextStaff, child, third);
    assertEveryRecordConformsToItsProfile(onwards.path("bundle"));
    Http.Response taken = transferIn(third, thirdStaff, onwards.path("bundle"), null);

    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    JsonNode transfer = taken.json().path("transfer");
    assertThat(transfer.path("previousMunicipality").path("code").asText()).isEqualTo(next.code());
    // The child still carries the handbook its first municipality issued.
    assertThat(transfer.path("handbook").path("municipalityCode").asText())
        .isEqualTo(previous.code());
    UUID thirdChild = UUID.fromString(transfer.path("childId").asText());
    assertThat(
            Db.count(
                "SELECT count(*) FROM transfer_record WHERE child_id = ? AND origin_code = ?"
                    + " AND record_type = 'immunization' AND origin_id = ANY (?::text[])",
                thirdChild,
                previous.code(),
                infant.recordIds().stream().map(UUID::toString).toArray(String[]::new)))
        .isEqualTo(4);
    assertThat(
            Db.count(
                "SELECT count(*) FROM transfer_record WHERE child_id = ? AND record_type ="
                    + " 'checkup' AND origin_code = ? AND origin_id = ?",
                thirdChild,
                previous.code(),
                checkupId.toString()))
        .isEqualTo(1);
  }

  // --- Helpers -------------------------------------------------------------------------------

  static JsonNode transferOut(
      Personas.Municipality from, String staff, UUID child, Personas.Municipality to) {
    Http.Response sent =
        Http.postJson(
            "/api/v1/municipalities/" + from.code() + "/transfers-out",
            staff,
            "{\"childId\":\""
                + child
                + "\",\"to\":{\"code\":\""
                + to.code()
                + "\",\"name\":\"テスト市"
                + to.code()
                + "\"}}");
    assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    return sent.json();
  }

  static Http.Response transferIn(
      Personas.Municipality into, String staff, JsonNode bundle, UUID guardian) {
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", bundle);
    if (guardian != null) {
      body.putArray("guardians")
          .addObject()
          .put("personId", guardian.toString())
          .put("relationship", "mother");
    }
    return Http.postJson(
        "/api/v1/municipalities/" + into.code() + "/transfers-in", staff, body.toString());
  }

  /** Every record of the handbook as its profile requires, as another system would check it. */
  static void assertEveryRecordConformsToItsProfile(JsonNode bundleJson) {
    Bundle bundle =
        (Bundle) FhirContext.forR4Cached().newJsonParser().parseResource(bundleJson.toString());
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
    SukoyakaValidator validator = TestService.bean(SukoyakaValidator.class);
    List<String> problems = new ArrayList<>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Resource resource = entry.getResource();
      String profile =
          switch (resource.fhirType()) {
            case "Patient" -> SukoyakaCanonicals.CHILD_PROFILE;
            case "Encounter" -> SukoyakaCanonicals.CHECKUP_ENCOUNTER_PROFILE;
            case "Observation" -> SukoyakaCanonicals.CHECKUP_OBSERVATION_PROFILE;
            case "Immunization" -> SukoyakaCanonicals.IMMUNIZATION_PROFILE;
            case "QuestionnaireResponse" -> SukoyakaCanonicals.EPDS_RESPONSE_PROFILE;
            default -> null;
          };
      if (profile != null) {
        ValidationReport report = validator.validate(resource, profile);
        report.errors().forEach(e -> problems.add(resource.fhirType() + ": " + e));
      }
    }
    assertThat(problems).isEmpty();
  }
}
