package app.sukoyaka.phr;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Portability: the family downloads their whole handbook as one FHIR Bundle from one municipality's
 * Sukoyaka, and another municipality's Sukoyaka takes that Bundle in; every record of the child
 * arrives, compared field by field with the original rows (only what belongs to the new place —
 * ids, the municipality, who stored it here and when, the provenance — may differ).
 */
class PortabilityRoundTripIT {
  // The download's numbers as written (6.480 stays 6.480): a double would drop the zero here.
  private static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(
              com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
          .build();
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  /** Columns that name the place and act of storing, not the record. */
  private static final Set<String> LOCAL =
      Set.of(
          "id",
          "municipality_id",
          "child_id",
          "pregnancy_id",
          "encounter_id",
          "observation_id",
          "record_id",
          "submission_id",
          "payload",
          "recorded_at",
          "recorded_by",
          "recorded_by_role",
          "source",
          "verification",
          "verified_by",
          "verified_at",
          "verification_reason",
          "version",
          "sync_xid",
          "facility_id",
          "created_at",
          "updated_at",
          // The receiving side names the facility's performer from the facility the record
          // carries (the original left it to the facility id); compared through facility.
          "performer_name");

  @Test
  void anotherMunicipalityTakesTheFamilysDownloadInWithoutLosingAnyField() throws Exception {
    Personas.Municipality first = Personas.municipality();
    Personas.Municipality second = Personas.municipality();
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(first);
    Http.Response checkup =
        Http.postFhir(
            Tokens.clinic(infant.clinic()),
            InfantCheckupBundle.threeToFourMonths(
                    infant.family(), LocalDate.now(JAPAN).minusDays(1))
                .json());
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);
    UUID original = infant.family().childId();
    // What the mother wrote herself: a weight at home, a milestone's day, a diary entry.
    String mother = Tokens.guardian(infant.family().mother());
    LocalDate yesterday = LocalDate.now(JAPAN).minusDays(1);
    ownRecord(
        mother,
        original,
        "\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
            + yesterday
            + "\",\"quantity\":{\"value\":6.480,\"unit\":\"kg\"}");
    ownRecord(
        mother,
        original,
        "\"kind\":\"diary\",\"date\":\"" + yesterday + "\",\"text\":\"はじめて寝返りした。\"");

    Http.Response download =
        Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(infant.family().mother()));
    assertThat(download.status()).isEqualTo(200);
    Personas.Guardian movedMother = Personas.parentMovingIn(second);
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", JSON.readTree(download.body()));
    body.put("patient", original.toString());
    body.putObject("previousMunicipality")
        .put("code", first.code())
        .put("name", "テスト市" + first.code());
    body.putArray("guardians")
        .addObject()
        .put("personId", movedMother.personId().toString())
        .put("relationship", "mother");
    Http.Response taken =
        Http.postJson(
            "/api/v1/municipalities/" + second.code() + "/transfers-in",
            Tokens.staff(Personas.staffOf(second)),
            body.toString());

    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    assertThat(taken.json().path("import").path("skipped").toString())
        .as("nothing of the child's records left out")
        .doesNotContain("Immunization", "Encounter/", "Observation/");
    UUID moved = UUID.fromString(taken.json().path("transfer").path("childId").asText());

    // The child carries the handbook its first municipality issued: its number is the transfer's
    // (handbook_number of a child is a handbook issued here).
    String child = "SELECT c.*, NULL AS handbook_number FROM child c WHERE c.id = ?";
    assertThat(rows(child, moved)).isEqualTo(rows(child, original));
    assertThat(
            Db.text(
                "SELECT handbook_issuer_code || ':' || handbook_number FROM transfer_in"
                    + " WHERE child_id = ?",
                moved))
        .isEqualTo(
            Db.text(
                "SELECT m.code || ':' || c.handbook_number FROM child c"
                    + " JOIN municipality m ON m.id = c.municipality_id WHERE c.id = ?",
                original));
    assertThat(
            rows(
                "SELECT r.*, (SELECT array_agg(c.vaccine || ':' || coalesce(c.dose_label, '') ORDER BY c.vaccine)"
                    + " FROM immunization_credit c WHERE c.record_id = r.id) AS credits,"
                    + " (SELECT f.medical_institution_code FROM facility f"
                    + " WHERE f.id = r.facility_id) AS facility"
                    + " FROM immunization_record r WHERE r.child_id = ?"
                    + " ORDER BY r.occurrence_date, r.vaccine_code",
                moved))
        .isEqualTo(
            rows(
                "SELECT r.*, (SELECT array_agg(c.vaccine || ':' || coalesce(c.dose_label, '') ORDER BY c.vaccine)"
                    + " FROM immunization_credit c WHERE c.record_id = r.id) AS credits,"
                    + " (SELECT f.medical_institution_code FROM facility f"
                    + " WHERE f.id = r.facility_id) AS facility"
                    + " FROM immunization_record r WHERE r.child_id = ?"
                    + " ORDER BY r.occurrence_date, r.vaccine_code",
                original))
        .hasSize(4);
    String encounters =
        "SELECT e.*, (SELECT f.medical_institution_code FROM facility f"
            + " WHERE f.id = e.facility_id) AS facility FROM checkup_encounter e"
            + " WHERE e.child_id = ? ORDER BY e.visit_date, e.kind";
    assertThat(rows(encounters, moved)).isEqualTo(rows(encounters, original)).hasSize(1);
    String findings =
        "SELECT f.* FROM checkup_finding f JOIN checkup_encounter e ON e.id = f.encounter_id"
            + " WHERE e.child_id = ? ORDER BY f.item_code, f.value_type, f.string_value,"
            + " f.code_value";
    List<TreeMap<String, String>> before = rows(findings, original);
    assertThat(before).isNotEmpty();
    assertThat(rows(findings, moved)).isEqualTo(before);
    // The family's own records, every field the family wrote.
    String own =
        "SELECT kind, item_code, recorded_on, quantity_value, quantity_unit, answer_code,"
            + " text_value, author, deleted_at FROM parent_record WHERE child_id = ?"
            + " ORDER BY recorded_on, kind, item_code";
    assertThat(rows(own, moved)).isEqualTo(rows(own, original)).hasSize(2);
  }

  @Test
  void theDownloadCarriesEachPersonsSummaryDocumentAndTakingItInTwiceStoresOwnRecordsOnce()
      throws Exception {
    Personas.Municipality first = Personas.municipality();
    Personas.Municipality second = Personas.municipality();
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(first);
    UUID original = infant.family().childId();
    String mother = Tokens.guardian(infant.family().mother());
    ownRecord(
        mother,
        original,
        "\"kind\":\"diary\",\"date\":\""
            + LocalDate.now(JAPAN).minusDays(2)
            + "\",\"text\":\"よく笑う\"");
    Http.Response download = Http.get("/api/v1/me/data-export/fhir", mother);
    assertThat(download.status()).isEqualTo(200);
    JsonNode bundle = JSON.readTree(download.body());
    List<String> documented = new ArrayList<>();
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode resource = entry.path("resource");
      if (resource.path("resourceType").asText().equals("Bundle")) {
        assertThat(resource.path("type").asText()).isEqualTo("document");
        JsonNode composition = resource.path("entry").get(0).path("resource");
        assertThat(composition.path("resourceType").asText()).isEqualTo("Composition");
        documented.add(composition.path("subject").path("reference").asText());
      }
    }
    assertThat(documented)
        .anySatisfy(reference -> assertThat(reference).endsWith("/Patient/" + original));

    Personas.Guardian movedMother = Personas.parentMovingIn(second);
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", bundle);
    body.put("patient", original.toString());
    body.putObject("previousMunicipality")
        .put("code", first.code())
        .put("name", "テスト市" + first.code());
    body.putArray("guardians")
        .addObject()
        .put("personId", movedMother.personId().toString())
        .put("relationship", "mother");
    String staff = Tokens.staff(Personas.staffOf(second));
    Http.Response taken =
        Http.postJson(
            "/api/v1/municipalities/" + second.code() + "/transfers-in", staff, body.toString());
    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    UUID moved = UUID.fromString(taken.json().path("transfer").path("childId").asText());
    // The summary documents are not records of their own: skipped, as what they hold came whole.
    assertThat(taken.json().path("import").path("skipped").toString()).contains("Bundle/");

    // The same download again, edited so it is not the same file: the own records stay once.
    ((ObjectNode) bundle).put("id", UUID.randomUUID().toString());
    body.set("bundle", bundle);
    Http.Response again =
        Http.postJson(
            "/api/v1/municipalities/" + second.code() + "/transfers-in", staff, body.toString());
    assertThat(again.status()).as(again.body()).isIn(200, 201);
    assertThat(Db.count("SELECT count(*) FROM parent_record WHERE child_id = ?", moved))
        .isEqualTo(1);
  }

  @Test
  void anOwnRecordTheRulesRefuseIsLeftOutWithWhyAndTheRestIsTakenOver() throws Exception {
    Personas.Municipality first = Personas.municipality();
    Personas.Municipality second = Personas.municipality();
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(first);
    UUID original = infant.family().childId();
    String mother = Tokens.guardian(infant.family().mother());
    ownRecord(
        mother,
        original,
        "\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
            + LocalDate.now(JAPAN).minusDays(1)
            + "\",\"quantity\":{\"value\":6.5,\"unit\":\"kg\"}");
    JsonNode bundle = JSON.readTree(Http.get("/api/v1/me/data-export/fhir", mother).body());
    // Someone edited the file: a weight of 600 kg.
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode resource = entry.path("resource");
      if (resource.path("resourceType").asText().equals("Observation")
          && resource.path("category").toString().contains("own-record-kind")) {
        ((ObjectNode) resource.path("valueQuantity")).put("value", 600);
      }
    }
    Personas.Guardian movedMother = Personas.parentMovingIn(second);
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", bundle);
    body.put("patient", original.toString());
    body.putObject("previousMunicipality")
        .put("code", first.code())
        .put("name", "テスト市" + first.code());
    body.putArray("guardians")
        .addObject()
        .put("personId", movedMother.personId().toString())
        .put("relationship", "mother");

    Http.Response taken =
        Http.postJson(
            "/api/v1/municipalities/" + second.code() + "/transfers-in",
            Tokens.staff(Personas.staffOf(second)),
            body.toString());

    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    assertThat(taken.json().path("import").path("skipped").toString())
        .contains("own record refused");
    UUID moved = UUID.fromString(taken.json().path("transfer").path("childId").asText());
    assertThat(Db.count("SELECT count(*) FROM parent_record WHERE child_id = ?", moved)).isZero();
    assertThat(Db.count("SELECT count(*) FROM immunization_record WHERE child_id = ?", moved))
        .isEqualTo(4);
  }

  private static void ownRecord(String guardian, UUID child, String fields) {
    Http.Response created =
        Http.postJson(
            "/api/v1/children/" + child + "/records",
            guardian,
            "{\"clientId\":\"" + UUID.randomUUID() + "\"," + fields + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /** The rows as column → value, without the columns that name the place of storing. */
  private static List<TreeMap<String, String>> rows(String sql, Object parameter) throws Exception {
    List<TreeMap<String, String>> rows = new ArrayList<>();
    try (Connection connection = Db.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, parameter);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          TreeMap<String, String> row = new TreeMap<>();
          for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
            String name = rs.getMetaData().getColumnName(c);
            if (!LOCAL.contains(name)) {
              Object value = rs.getObject(c);
              row.put(name, value == null ? null : value.toString());
            }
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  @SuppressWarnings("unused")
  private static Iterator<JsonNode> entries(JsonNode bundle) {
    return bundle.path("entry").elements();
  }
}
