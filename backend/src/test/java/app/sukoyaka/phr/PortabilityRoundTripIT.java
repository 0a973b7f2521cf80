package app.sukoyaka.phr;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
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
          "person_id",
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
    // Left out are only what is not the child's: the mother's pregnancy, the other Patients, the
    // summary documents and tables.
    List<String> leftOut = new ArrayList<>();
    taken
        .json()
        .path("import")
        .path("skipped")
        .forEach(
            s -> {
              if (!s.path("reason").asText().equals("about another person")) {
                leftOut.add(s.path("resource").asText());
              }
            });
    assertThat(leftOut.toString())
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

  // --- A pregnancy and the notices received ------------------------------------------------

  private static final String LOINC = "http://loinc.org";

  /**
   * A mother at 20 weeks in the first municipality: three 妊婦健診 a clinic reported (12, 16 and 20
   * weeks), an RSV vaccination, her weight at home and the day she first felt the baby move, and a
   * notice about a subsidy that she read.
   */
  private static Personas.Mother pregnantMotherWithRecords(Personas.Municipality first) {
    Personas.Mother mother = Personas.motherAt20Weeks(first);
    String clinic = Tokens.clinic(Personas.clinicServing(first));
    LocalDate today = LocalDate.now(JAPAN);
    int[][] visits = {{56, 84}, {28, 112}, {1, 139}};
    String[] weights = {"55.0", "56.4", "58.2"};
    for (int i = 0; i < visits.length; i++) {
      Http.Response visit =
          Http.postFhir(
              clinic,
              PrenatalBundle.visit(mother, today.minusDays(visits[i][0]))
                  .quantity(LOINC, "18185-9", Integer.toString(visits[i][1]), "d")
                  .quantity(LOINC, "29463-7", weights[i], "kg")
                  .quantity(LOINC, "8480-6", Integer.toString(112 + 3 * i), "mm[Hg]")
                  .quantity(LOINC, "8462-4", Integer.toString(70 + i), "mm[Hg]")
                  .coded(
                      LOINC,
                      "20454-5",
                      app.sukoyaka.profiles.SukoyakaCanonicals.URINE_DIPSTICK_SYSTEM,
                      "negative")
                  .coded(
                      LOINC,
                      "25428-4",
                      app.sukoyaka.profiles.SukoyakaCanonicals.URINE_DIPSTICK_SYSTEM,
                      i == 2 ? "trace" : "negative")
                  .coded(
                      app.sukoyaka.profiles.SukoyakaCanonicals.CHECKUP_ITEM_SYSTEM,
                      "oedema",
                      app.sukoyaka.profiles.SukoyakaCanonicals.OEDEMA_GRADE_SYSTEM,
                      "none")
                  .json());
      assertThat(visit.status()).as(visit.body()).isEqualTo(200);
    }
    LocalDate day = today.minusDays(2);
    Personas.Clinic vaccinating = Personas.vaccinatingClinicServing(first);
    Http.Response vaccination =
        Http.postFhir(
            Tokens.clinic(vaccinating),
            VaccinationBundle.forPregnantPerson(mother, vaccinating)
                .dose("RSV_MATERNAL", day, null, !day.isBefore(LocalDate.of(2026, 4, 1)))
                .json());
    assertThat(vaccination.status()).as(vaccination.body()).isIn(200, 201);
    String token = Tokens.guardian(mother);
    String records = "/api/v1/pregnancies/" + mother.pregnancyId() + "/records";
    for (String fields :
        List.of(
            "\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
                + today.minusDays(3)
                + "\",\"quantity\":{\"value\":58.0,\"unit\":\"kg\"}",
            "\"kind\":\"milestone\",\"item\":\"first-fetal-movement\",\"date\":\""
                + today.minusDays(5)
                + "\"")) {
      Http.Response created =
          Http.postJson(
              records, token, "{\"clientId\":\"" + UUID.randomUUID() + "\"," + fields + "}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
    UUID notice = UUID.randomUUID();
    java.sql.Timestamp sent = java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(7200));
    Db.update(
        "INSERT INTO notice (id, municipality_id, kind, status, title, body, created_by,"
            + " created_at, updated_by, updated_at, sent_by, sent_at, online_count, paper_count)"
            + " VALUES (?, ?, 'official', 'sent', '{\"ja\":\"妊婦健診費の助成のお知らせ\"}'::jsonb,"
            + " '{\"ja\":\"受診票を使うと14回分の費用が助成されます。\"}'::jsonb, 'staff-test', ?,"
            + " 'staff-test', ?, 'staff-test', ?, 1, 0)",
        notice,
        first.id(),
        sent,
        sent,
        sent);
    Db.update(
        "INSERT INTO notice_delivery (notice_id, person_id, municipality_id, channel, read_at)"
            + " VALUES (?, ?, ?, 'online', ?)",
        notice,
        mother.personId(),
        first.id(),
        sent);
    return mother;
  }

  private static ObjectNode pregnancyRequest(Personas.Municipality first, JsonNode bundle) {
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", bundle);
    body.putObject("previousMunicipality")
        .put("code", first.code())
        .put("name", "テスト市" + first.code());
    body.put("consent", true);
    return body;
  }

  private static final String PREGNANCY = "SELECT p.* FROM pregnancy p WHERE p.id = ?";
  private static final String VISITS =
      "SELECT e.*, (SELECT f.medical_institution_code || ' ' || f.name FROM facility f"
          + " WHERE f.id = e.facility_id) AS facility FROM checkup_encounter e"
          + " WHERE e.pregnancy_id = ? ORDER BY e.visit_date, e.kind";
  private static final String VISIT_FINDINGS =
      "SELECT e.visit_date, f.* FROM checkup_finding f JOIN checkup_encounter e"
          + " ON e.id = f.encounter_id WHERE e.pregnancy_id = ?"
          + " ORDER BY e.visit_date, f.item_code, f.value_type, f.string_value, f.code_value";
  private static final String VACCINATIONS =
      "SELECT r.*, (SELECT f.medical_institution_code FROM facility f"
          + " WHERE f.id = r.facility_id) AS facility FROM immunization_record r"
          + " WHERE r.pregnancy_id = ? ORDER BY r.occurrence_date, r.vaccine_code";
  private static final String OWN =
      "SELECT kind, item_code, recorded_on, quantity_value, quantity_unit, answer_code,"
          + " text_value, author, deleted_at FROM parent_record WHERE pregnancy_id = ?"
          + " ORDER BY recorded_on, kind, item_code";

  @Test
  void herPregnancyAtTwentyWeeksMovesWithEveryCheckupVaccinationOwnRecordAndNoticeAndOnlyOnce()
      throws Exception {
    Personas.Municipality first = Personas.municipality();
    Personas.Municipality second = Personas.municipality();
    Personas.Mother mother = pregnantMotherWithRecords(first);
    Http.Response download = Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(mother));
    assertThat(download.status()).isEqualTo(200);
    JsonNode bundle = JSON.readTree(download.body());
    // The pregnancy travels as a base R4 Observation (IPS "Pregnancy status").
    JsonNode status = null;
    for (JsonNode entry : bundle.path("entry")) {
      if (entry.path("resource").path("code").toString().contains("82810-3")) {
        status = entry.path("resource");
      }
    }
    assertThat(status).as("the pregnancy in the download").isNotNull();
    org.hl7.fhir.r4.model.Resource parsed =
        (org.hl7.fhir.r4.model.Resource)
            ca.uhn.fhir.context.FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(status.toString());
    assertThat(
            app.sukoyaka.testing.TestService.bean(app.sukoyaka.profiles.SukoyakaValidator.class)
                .validate(parsed, "http://hl7.org/fhir/StructureDefinition/Observation")
                .errors())
        .isEmpty();
    Personas.Guardian moved = Personas.parentMovingIn(second);
    String her = Tokens.user("guardian", moved.loginSubject());

    Http.Response taken =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, bundle).toString());

    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    JsonNode pregnancy = taken.json().path("pregnancies").get(0);
    assertThat(pregnancy.path("created").asBoolean()).isTrue();
    assertThat(pregnancy.path("added").asInt()).as(taken.body()).isEqualTo(3 + 1 + 2);
    assertThat(taken.json().path("skipped").toString())
        .doesNotContain("Encounter/", "Immunization/", "own record refused");
    UUID here = UUID.fromString(pregnancy.path("pregnancyId").asText());
    assertThat(Db.text("SELECT person_id::text FROM pregnancy WHERE id = ?", here))
        .isEqualTo(moved.personId().toString());
    // Every field of the pregnancy and of each of its records, as the first municipality has them.
    assertThat(rows(PREGNANCY, here)).isEqualTo(rows(PREGNANCY, mother.pregnancyId())).hasSize(1);
    assertThat(rows(VISITS, here)).isEqualTo(rows(VISITS, mother.pregnancyId())).hasSize(3);
    assertThat(rows(VISITS, here))
        .extracting(r -> r.get("gestational_age_days"))
        .containsExactly("84", "112", "139");
    assertThat(rows(VISIT_FINDINGS, here))
        .isEqualTo(rows(VISIT_FINDINGS, mother.pregnancyId()))
        .hasSize(3 * 7);
    assertThat(rows(VACCINATIONS, here))
        .isEqualTo(rows(VACCINATIONS, mother.pregnancyId()))
        .hasSize(1);
    assertThat(rows(OWN, here)).isEqualTo(rows(OWN, mother.pregnancyId())).hasSize(2);
    // Where each came from: the first municipality, by its id there.
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy_transfer_record WHERE pregnancy_id = ?"
                    + " AND origin_code = ?",
                here,
                first.code()))
        .isEqualTo(6);
    assertThat(
            Db.text(
                "SELECT from_name || ':' || handbook_issuer_code || ':' || handbook_number"
                    + " FROM pregnancy_transfer_in WHERE pregnancy_id = ?",
                here))
        .isEqualTo("テスト市" + first.code() + ":" + first.code() + ":" + mother.handbookNumber());
    // What she was told: kept to read, labelled with who sent it, not delivered again.
    Http.Response archive = Http.get("/api/v1/me/notice-archive", her);
    assertThat(archive.status()).as(archive.body()).isEqualTo(200);
    JsonNode notice = archive.json().path("notices").get(0);
    assertThat(notice.path("title").asText()).isEqualTo("妊婦健診費の助成のお知らせ");
    assertThat(notice.path("body").asText()).contains("14回分");
    assertThat(notice.path("from").path("name").asText()).isEqualTo("テスト市" + first.code());
    assertThat(notice.path("readAt").isNull()).isFalse();
    assertThat(notice.path("readOnly").asBoolean()).isTrue();
    assertThat(
            Db.count("SELECT count(*) FROM notice_delivery WHERE person_id = ?", moved.personId()))
        .isZero();
    // She reads her pregnancy here as her own.
    assertThat(Http.get("/api/v1/pregnancies/" + here + "/records", her).status()).isEqualTo(200);

    // The same download again, as a new file: nothing changes.
    String counts =
        "SELECT (SELECT count(*) FROM pregnancy WHERE person_id = ?) || '/'"
            + " || (SELECT count(*) FROM checkup_encounter WHERE pregnancy_id = ?) || '/'"
            + " || (SELECT count(*) FROM immunization_record WHERE pregnancy_id = ?) || '/'"
            + " || (SELECT count(*) FROM parent_record WHERE pregnancy_id = ?) || '/'"
            + " || (SELECT count(*) FROM received_notice_archive WHERE person_id = ?) || '/'"
            + " || (SELECT count(*) FROM pregnancy_transfer_record WHERE pregnancy_id = ?)";
    Object[] keys = {moved.personId(), here, here, here, moved.personId(), here};
    String before = Db.text(counts, keys);
    ((ObjectNode) bundle).put("id", UUID.randomUUID().toString());
    Http.Response again =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, bundle).toString());
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("repeated").asBoolean()).isTrue();
    assertThat(again.json().path("pregnancies").get(0).path("unchanged").asInt()).isEqualTo(6);
    assertThat(Db.text(counts, keys)).isEqualTo(before).isEqualTo("1/3/1/2/1/6");
  }

  /** The mother at 20 weeks with her records, and a 産婦健診 yesterday with her EPDS answers. */
  private static Personas.Mother motherWithEpds(Personas.Municipality first) {
    Personas.Mother mother = pregnantMotherWithRecords(first);
    Http.Response postnatal =
        Http.postFhir(
            Tokens.clinic(Personas.clinicServing(first)),
            app.sukoyaka.testing.PostpartumBundle.twoWeeks(
                    mother, LocalDate.now(JAPAN).minusDays(1))
                .json());
    assertThat(postnatal.status()).as(postnatal.body()).isEqualTo(200);
    return mother;
  }

  private static final String ANSWERS =
      "SELECT e.visit_date, f.* FROM checkup_finding f JOIN checkup_encounter e"
          + " ON e.id = f.encounter_id WHERE e.pregnancy_id = ? AND f.item_code LIKE 'epds-%'"
          + " ORDER BY f.item_code";

  @Test
  void herEpdsAnswersMoveWithThePostnatalCheckupEachItemAndTheTotalAndOnlyOnce() throws Exception {
    Personas.Municipality first = Personas.municipality();
    Personas.Municipality second = Personas.municipality();
    Personas.Mother mother = motherWithEpds(first);
    JsonNode bundle =
        JSON.readTree(Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(mother)).body());
    // The download carries the answers as the EPDS QuestionnaireResponse, valid against base R4
    // and our profile.
    JsonNode response = null;
    for (JsonNode entry : bundle.path("entry")) {
      if (entry.path("resource").path("questionnaire").asText().contains("/Questionnaire/epds")) {
        response = entry.path("resource");
      }
    }
    assertThat(response).as("the EPDS in the download").isNotNull();
    org.hl7.fhir.r4.model.Resource parsed =
        (org.hl7.fhir.r4.model.Resource)
            ca.uhn.fhir.context.FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(response.toString());
    app.sukoyaka.profiles.SukoyakaValidator validator =
        app.sukoyaka.testing.TestService.bean(app.sukoyaka.profiles.SukoyakaValidator.class);
    assertThat(
            validator
                .validate(parsed, "http://hl7.org/fhir/StructureDefinition/QuestionnaireResponse")
                .errors())
        .isEmpty();
    assertThat(
            validator
                .validate(parsed, app.sukoyaka.profiles.SukoyakaCanonicals.EPDS_RESPONSE_PROFILE)
                .errors())
        .isEmpty();
    Personas.Guardian moved = Personas.parentMovingIn(second);
    String her = Tokens.user("guardian", moved.loginSubject());

    Http.Response taken =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, bundle).toString());

    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    assertThat(taken.json().path("skipped").toString()).doesNotContain("QuestionnaireResponse/");
    UUID here =
        UUID.fromString(taken.json().path("pregnancies").get(0).path("pregnancyId").asText());
    // Each of the ten answers (its score, that it is an answer of the response, when she answered)
    // and the total, field by field as the first municipality has them.
    List<TreeMap<String, String>> original = rows(ANSWERS, mother.pregnancyId());
    assertThat(original).hasSize(11);
    assertThat(rows(ANSWERS, here)).isEqualTo(original);
    assertThat(original)
        .filteredOn(r -> r.get("item_code").startsWith("epds-item-"))
        .allSatisfy(
            r -> {
              assertThat(r.get("resource_type")).isEqualTo("QuestionnaireResponse");
              assertThat(r.get("authored_at")).isNotNull();
            });
    assertThat(
            Db.text(
                "SELECT f.integer_value::text FROM checkup_finding f JOIN checkup_encounter e"
                    + " ON e.id = f.encounter_id WHERE e.pregnancy_id = ?"
                    + " AND f.item_code = 'epds-total-score'",
                here))
        .isEqualTo("6");
    assertThat(
            Db.count(
                "SELECT count(DISTINCT f.observation_id) FROM checkup_finding f"
                    + " JOIN checkup_encounter e ON e.id = f.encounter_id"
                    + " WHERE e.pregnancy_id = ? AND f.resource_type = 'QuestionnaireResponse'",
                here))
        .isEqualTo(1);
    // Every other finding of every visit too (two visits yesterday: ordered by kind as well).
    String every =
        "SELECT e.visit_date, e.kind, f.* FROM checkup_finding f JOIN checkup_encounter e"
            + " ON e.id = f.encounter_id WHERE e.pregnancy_id = ?"
            + " ORDER BY e.visit_date, e.kind, f.item_code, f.value_type, f.code_value";
    assertThat(rows(every, here)).isEqualTo(rows(every, mother.pregnancyId()));
    // The postnatal visit came from the first municipality, by its id there.
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy_transfer_record r JOIN checkup_encounter e"
                    + " ON e.id = r.local_id WHERE r.pregnancy_id = ? AND r.origin_code = ?"
                    + " AND e.kind = 'postpartum-2-weeks'",
                here,
                first.code()))
        .isEqualTo(1);

    // The same download again: the answers are linked, not stored twice.
    ((ObjectNode) bundle).put("id", UUID.randomUUID().toString());
    Http.Response again =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, bundle).toString());
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("repeated").asBoolean()).isTrue();
    assertThat(rows(ANSWERS, here)).isEqualTo(original);
  }

  @Test
  void anEpdsScoreOutsideZeroToThreeOrATotalThatIsNotTheSumIsRefusedAndNothingIsStored()
      throws Exception {
    Personas.Municipality first = Personas.municipality();
    Personas.Municipality second = Personas.municipality();
    Personas.Mother mother = motherWithEpds(first);
    String text = Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(mother)).body();
    Personas.Guardian moved = Personas.parentMovingIn(second);
    String her = Tokens.user("guardian", moved.loginSubject());

    // Someone edited the file: item 1 scored 4.
    JsonNode scored = JSON.readTree(text);
    for (JsonNode entry : scored.path("entry")) {
      JsonNode resource = entry.path("resource");
      if (resource.path("resourceType").asText().equals("QuestionnaireResponse")) {
        ((ObjectNode) resource.path("item").get(0).path("answer").get(0)).put("valueInteger", 4);
      }
    }
    Http.Response outOfRange =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, scored).toString());
    assertThat(outOfRange.status()).as(outOfRange.body()).isEqualTo(422);
    assertThat(outOfRange.contentType()).startsWith("application/problem+json");
    assertThat(outOfRange.json().path("code").asText()).isEqualTo("SKY-7410");

    // Or the total: 7 where the ten answers sum to 6.
    JsonNode totalled = JSON.readTree(text);
    for (JsonNode entry : totalled.path("entry")) {
      JsonNode resource = entry.path("resource");
      if (resource.path("resourceType").asText().equals("Observation")
          && resource.path("code").toString().contains("epds-total-score")) {
        ((ObjectNode) resource).put("valueInteger", 7);
      }
    }
    Http.Response wrongTotal =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, totalled).toString());
    assertThat(wrongTotal.status()).as(wrongTotal.body()).isEqualTo(422);
    assertThat(wrongTotal.json().path("code").asText()).isEqualTo("SKY-7410");
    assertThat(wrongTotal.body()).contains("epds-total-score", "7", "6");

    assertThat(Db.count("SELECT count(*) FROM pregnancy WHERE person_id = ?", moved.personId()))
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy_transfer_in WHERE municipality_id = ?",
                second.id()))
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM received_notice_archive WHERE person_id = ?",
                moved.personId()))
        .isZero();
  }

  @Test
  void aRecordChangedAtHerPreviousSukoyakaIsListedForStaffNeverOverwrittenAndKeepsItsFirstOrigin()
      throws Exception {
    Personas.Municipality first = Personas.municipality();
    Personas.Municipality second = Personas.municipality();
    Personas.Municipality third = Personas.municipality();
    Personas.Mother mother = pregnantMotherWithRecords(first);
    JsonNode bundle =
        JSON.readTree(Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(mother)).body());
    Personas.Guardian moved = Personas.parentMovingIn(second);
    String her = Tokens.user("guardian", moved.loginSubject());
    Http.Response taken =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, bundle).toString());
    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    assertThat(taken.json().path("pregnancies").get(0).path("conflicts").size()).isZero();
    UUID here =
        UUID.fromString(taken.json().path("pregnancies").get(0).path("pregnancyId").asText());

    // The first municipality corrects a checkup's weight and a dose's lot after she moved.
    assertThat(
            Db.update(
                "UPDATE checkup_finding SET quantity_value = 58.6 WHERE quantity_value = 58.2"
                    + " AND encounter_id IN (SELECT id FROM checkup_encounter WHERE pregnancy_id"
                    + " = ?)",
                mother.pregnancyId()))
        .isEqualTo(1);
    assertThat(
            Db.update(
                "UPDATE immunization_record SET lot_number = 'LOT-CORRECTED' WHERE pregnancy_id = ?",
                mother.pregnancyId()))
        .isEqualTo(1);
    String lotHere =
        "SELECT coalesce(lot_number, '-') FROM immunization_record WHERE pregnancy_id = ?";
    String weightsHere =
        "SELECT string_agg(quantity_value::text, ',' ORDER BY quantity_value) FROM checkup_finding"
            + " WHERE quantity_unit = 'kg' AND encounter_id IN (SELECT id FROM checkup_encounter"
            + " WHERE pregnancy_id = ?)";
    String lotBefore = Db.text(lotHere, here);
    String weightsBefore = Db.text(weightsHere, here);
    assertThat(weightsBefore).contains("58.2");
    JsonNode newer =
        JSON.readTree(Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(mother)).body());

    Http.Response again =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, newer).toString());

    // Listed for her to see and for staff to decide; nothing of ours changed.
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(again.json().path("repeated").asBoolean()).isFalse();
    JsonNode pregnancy = again.json().path("pregnancies").get(0);
    assertThat(pregnancy.path("unchanged").asInt()).as(again.body()).isEqualTo(4);
    JsonNode conflicts = pregnancy.path("conflicts");
    assertThat(conflicts.size()).as(again.body()).isEqualTo(2);
    assertThat(conflicts.findValuesAsText("recordType"))
        .containsExactlyInAnyOrder("checkup", "immunization");
    assertThat(conflicts.findValuesAsText("reason")).containsOnly("changed");
    assertThat(conflicts.get(0).path("pregnancyId").asText()).isEqualTo(here.toString());
    assertThat(Db.text(lotHere, here)).isEqualTo(lotBefore);
    assertThat(Db.text(weightsHere, here)).isEqualTo(weightsBefore);
    // The same newer download once more lists nothing twice.
    Http.Response thrice =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, newer).toString());
    assertThat(thrice.status()).as(thrice.body()).isEqualTo(200);
    assertThat(thrice.json().path("pregnancies").get(0).path("conflicts").size()).isZero();

    // Staff see both in the conflict list and decide: theirs for the dose, ours for the visit.
    String staff = Tokens.staff(Personas.staffOf(second));
    Http.Response list =
        Http.get(
            "/api/v1/municipalities/" + second.code() + "/work-lists/transfer-conflicts", staff);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains(conflicts.get(0).path("id").asText());
    assertThat(list.body()).contains(conflicts.get(1).path("id").asText());
    for (JsonNode conflict : conflicts) {
      String decision =
          conflict.path("recordType").asText().equals("immunization") ? "accept" : "keep";
      Http.Response resolved =
          Http.postJson(
              "/api/v1/municipalities/"
                  + second.code()
                  + "/transfer-conflicts/"
                  + conflict.path("id").asText()
                  + "/resolution",
              staff,
              "{\"decision\":\"" + decision + "\"}");
      assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
      assertThat(resolved.json().path("status").asText())
          .isEqualTo(decision.equals("accept") ? "accepted" : "kept");
    }
    assertThat(Db.text(lotHere, here)).isEqualTo("LOT-CORRECTED");
    assertThat(Db.text(weightsHere, here)).isEqualTo(weightsBefore);
    Http.Response decided =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, newer).toString());
    assertThat(decided.json().path("repeated").asBoolean()).as(decided.body()).isTrue();

    // Where each record came from, where it is read: the first municipality, through no other.
    UUID vaccination =
        UUID.fromString(
            Db.text("SELECT id::text FROM immunization_record WHERE pregnancy_id = ?", here));
    Http.Response fhir = Http.get("/fhir/Immunization/" + vaccination, her);
    assertThat(fhir.status()).as(fhir.body()).isEqualTo(200);
    String firstSystem = app.sukoyaka.profiles.SukoyakaCanonicals.recordOriginSystem(first.code());
    assertThat(fhir.json().path("meta").path("source").asText()).isEqualTo(firstSystem);
    JsonNode origin = null;
    for (JsonNode identifier : fhir.json().path("identifier")) {
      if (identifier.path("system").asText().equals(firstSystem)) {
        origin = identifier;
      }
    }
    assertThat(origin).as(fhir.body()).isNotNull();
    assertThat(origin.path("assigner").path("display").asText()).isEqualTo("テスト市" + first.code());

    // She moves on to a third municipality with the download of the second: each record is
    // labelled with the first, and came through the second.
    JsonNode onwards = JSON.readTree(Http.get("/api/v1/me/data-export/fhir", her).body());
    Personas.Guardian movedAgain = Personas.parentMovingIn(third);
    String herThere = Tokens.user("guardian", movedAgain.loginSubject());
    ObjectNode request = pregnancyRequest(second, onwards);
    Http.Response there = Http.postJson("/api/v1/me/transfers-in", herThere, request.toString());
    assertThat(there.status()).as(there.body()).isEqualTo(201);
    UUID thereId =
        UUID.fromString(there.json().path("pregnancies").get(0).path("pregnancyId").asText());
    assertThat(
            Db.text(
                "SELECT string_agg(r.record_type || ':' || r.origin_code || ':' || r.origin_name"
                    + " || ':' || t.from_code, ',' ORDER BY r.record_type, r.origin_id)"
                    + " FROM pregnancy_transfer_record r JOIN pregnancy_transfer_in t"
                    + " ON t.id = r.transfer_id WHERE r.pregnancy_id = ?"
                    + " AND r.record_type <> 'own_record'",
                thereId))
        .isEqualTo(
            String.join(
                    ",",
                    java.util.Collections.nCopies(
                        3,
                        "checkup:" + first.code() + ":テスト市" + first.code() + ":" + second.code()))
                + ",immunization:"
                + first.code()
                + ":テスト市"
                + first.code()
                + ":"
                + second.code());
    UUID vaccinationThere =
        UUID.fromString(
            Db.text("SELECT id::text FROM immunization_record WHERE pregnancy_id = ?", thereId));
    JsonNode read = Http.get("/fhir/Immunization/" + vaccinationThere, herThere).json();
    assertThat(read.path("meta").path("source").asText())
        .isEqualTo(app.sukoyaka.profiles.SukoyakaCanonicals.recordOriginSystem(second.code()));
    assertThat(read.path("identifier").toString()).contains(firstSystem, "テスト市" + first.code());
  }

  @Test
  void aTruncatedOrAlteredDownloadIsRefusedWithItsCodeAndNothingOfItIsStored() throws Exception {
    Personas.Municipality first = Personas.municipality();
    Personas.Municipality second = Personas.municipality();
    Personas.Mother mother = pregnantMotherWithRecords(first);
    String text = Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(mother)).body();
    Personas.Guardian moved = Personas.parentMovingIn(second);
    String her = Tokens.user("guardian", moved.loginSubject());

    // The file cut off in the middle, as a download that did not finish.
    ObjectNode truncated =
        pregnancyRequest(
            first, JSON.getNodeFactory().textNode(text.substring(0, text.length() / 2)));
    Http.Response cut = Http.postJson("/api/v1/me/transfers-in", her, truncated.toString());
    assertThat(cut.status()).as(cut.body()).isEqualTo(400);
    assertThat(cut.json().path("code").asText()).isEqualTo("SKY-7401");

    // Someone edited the file: a weight of 600 kg at her last visit.
    JsonNode bundle = JSON.readTree(text);
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode resource = entry.path("resource");
      if (resource.path("resourceType").asText().equals("Observation")
          && resource.path("code").toString().contains("29463-7")
          && resource
                  .path("valueQuantity")
                  .path("value")
                  .decimalValue()
                  .compareTo(new java.math.BigDecimal("58.2"))
              == 0) {
        ((ObjectNode) resource.path("valueQuantity")).put("value", 600);
      }
    }
    Http.Response altered =
        Http.postJson("/api/v1/me/transfers-in", her, pregnancyRequest(first, bundle).toString());
    assertThat(altered.status()).as(altered.body()).isEqualTo(422);
    assertThat(altered.json().path("code").asText()).isEqualTo("SKY-7402");
    assertThat(altered.body()).contains("body-weight");

    // Nothing of either is stored: no pregnancy, no notice, no provenance.
    assertThat(Db.count("SELECT count(*) FROM pregnancy WHERE person_id = ?", moved.personId()))
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM received_notice_archive WHERE person_id = ?",
                moved.personId()))
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy_transfer_in WHERE municipality_id = ?",
                second.id()))
        .isZero();
  }

  @Test
  void someoneElsesPregnancyOrNoConsentIsRefused() throws Exception {
    Personas.Municipality first = Personas.municipality();
    Personas.Municipality second = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(first);
    JsonNode bundle =
        JSON.readTree(Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(mother)).body());
    Personas.Guardian moved = Personas.parentMovingIn(second);
    ObjectNode noConsent = pregnancyRequest(first, bundle);
    noConsent.put("consent", false);
    Http.Response refused =
        Http.postJson(
            "/api/v1/me/transfers-in",
            Tokens.user("guardian", moved.loginSubject()),
            noConsent.toString());
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-7405");

    // Her partner moved too; the pregnancy is hers to take over, then share with him.
    Personas.Guardian partner = Personas.partnerMovingIn(second);
    Http.Response notHers =
        Http.postJson(
            "/api/v1/me/transfers-in",
            Tokens.user("guardian", partner.loginSubject()),
            pregnancyRequest(first, bundle).toString());
    assertThat(notHers.status()).as(notHers.body()).isEqualTo(422);
    assertThat(notHers.json().path("code").asText()).isEqualTo("SKY-7403");
    assertThat(Db.count("SELECT count(*) FROM pregnancy WHERE person_id = ?", partner.personId()))
        .isZero();
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
