package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transfer-in from the mandatory items staff enter by hand, the family bringing their own download
 * with their consent, and everything refused: a body that is not a handbook, resources or items
 * that break the rules, the wrong previous municipality, another child's handbook, guardians of
 * another municipality, staff of another municipality and other roles. Nothing is half-stored.
 */
class TransferInIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Personas.Municipality previous;
  private Personas.Municipality town;
  private String staff;
  private Personas.Guardian mother;
  private LocalDate born;

  @BeforeEach
  void arrange() {
    previous = Personas.municipality();
    town = Personas.municipality();
    staff = Tokens.staff(Personas.staffOf(town));
    mother = Personas.parentMovingIn(town);
    born = LocalDate.now().minusMonths(5);
  }

  @Test
  void theMandatoryItemsEnteredByHandStartTheChildsHandbookHereOnce() {
    ObjectNode body = items(born, "6.4", true);

    Http.Response first = transferIn(body);
    Http.Response again = transferIn(body);
    ArrayNode vaccinations = (ArrayNode) body.path("items").path("vaccinations");
    vaccinations
        .addObject()
        .put("date", born.plusMonths(2).toString())
        .put("dose", "1")
        .put("routine", true)
        .putObject("vaccine")
        .put("kind", "PCV");
    Http.Response more = transferIn(body);

    assertThat(first.status()).as(first.body()).isEqualTo(201);
    JsonNode outcome = first.json();
    assertThat(outcome.path("childCreated").asBoolean()).isTrue();
    assertThat(outcome.path("import").path("format").asText()).isEqualTo("items");
    assertThat(outcome.path("import").path("added").asInt()).isEqualTo(2);
    UUID child = UUID.fromString(outcome.path("transfer").path("childId").asText());
    assertThat(
            Db.text(
                "SELECT concat_ws(' ', family_name, given_name) FROM child WHERE id = ?", child))
        .isEqualTo("鈴木 蓮");
    assertThat(
            Db.count(
                "SELECT count(*) FROM guardianship WHERE child_id = ? AND person_id = ?",
                child,
                mother.personId()))
        .isEqualTo(1);
    assertThat(
            Db.text(
                "SELECT quantity_value::text || ' ' || quantity_unit FROM checkup_finding f"
                    + " JOIN checkup_encounter e ON e.id = f.encounter_id"
                    + " WHERE e.child_id = ? AND f.item_code = 'body-weight'",
                child))
        .isEqualTo("6.4 kg");
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("import").path("repeated").asBoolean()).isTrue();
    assertThat(more.status()).as(more.body()).isEqualTo(201);
    assertThat(more.json().path("transfer").path("childId").asText()).isEqualTo(child.toString());
    assertThat(more.json().path("import").path("added").asInt()).isEqualTo(1);
    assertThat(more.json().path("import").path("unchanged").asInt()).isEqualTo(2);
    assertThat(Db.count("SELECT count(*) FROM immunization_record WHERE child_id = ?", child))
        .isEqualTo(2);
  }

  @Test
  void itemsThatBreakTheRulesAreAllListedAndNothingIsStored() {
    ObjectNode body = items(born, "90", true);
    ((ArrayNode) body.path("items").path("checkups").get(0).path("findings"))
        .addObject()
        .put("item", "social-smile")
        .put("boolean", true);

    Http.Response refused = transferIn(body);

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-6004");
    assertThat(refused.json().path("errors").findValuesAsText("field"))
        .containsExactly("checkups/0/findings/0", "checkups/0/findings/2");
    assertNoChildRecorded();
  }

  @Test
  void aBodyThatIsNotAHandbookOrResourcesBreakingTheProfilesAreRefused() {
    Http.Response notABundle =
        Http.postJson(
            "/api/v1/municipalities/" + town.code() + "/transfers-in",
            staff,
            "{\"bundle\":{\"resourceType\":\"Patient\"}}");
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(previous);
    JsonNode sent =
        TransferRoundTripIT.transferOut(
            previous, Tokens.staff(Personas.staffOf(previous)), infant.family().childId(), town);
    ObjectNode tampered = sent.path("bundle").deepCopy();
    for (JsonNode entry : tampered.path("entry")) {
      if (entry.path("resource").path("resourceType").asText().equals("Immunization")) {
        ((ObjectNode) entry.path("resource")).put("occurrenceDateTime", "2025");
      }
    }
    Http.Response invalid =
        TransferRoundTripIT.transferIn(town, staff, tampered, mother.personId());
    Http.Response both =
        Http.postJson(
            "/api/v1/municipalities/" + town.code() + "/transfers-in",
            staff,
            "{\"bundle\":"
                + sent.path("bundle")
                + ",\"items\":"
                + items(born, "6.4", true).path("items")
                + "}");

    assertThat(notABundle.status()).isEqualTo(400);
    assertThat(notABundle.json().path("code").asText()).isEqualTo("SKY-6001");
    assertThat(invalid.status()).as(invalid.body()).isEqualTo(422);
    assertThat(invalid.json().path("code").asText()).isEqualTo("SKY-6002");
    assertThat(invalid.json().path("errors")).hasSizeGreaterThanOrEqualTo(4);
    assertThat(both.status()).isEqualTo(400);
    assertThat(Db.count("SELECT count(*) FROM child WHERE municipality_id = ?", town.id()))
        .isZero();
  }

  @Test
  void thePreviousMunicipalityMustBeNamedAndBeTheOneThatSentTheHandbook() {
    ObjectNode unnamed = items(born, "6.4", true);
    unnamed.remove("previousMunicipality");
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(previous);
    JsonNode sent =
        TransferRoundTripIT.transferOut(
            previous, Tokens.staff(Personas.staffOf(previous)), infant.family().childId(), town);
    ObjectNode misnamed = JSON.createObjectNode();
    misnamed.set("bundle", sent.path("bundle"));
    misnamed.putObject("previousMunicipality").put("code", "131016").put("name", "千代田区");

    Http.Response noName = transferIn(unnamed);
    Http.Response wrongName = transferIn(misnamed);

    assertThat(noName.status()).isEqualTo(422);
    assertThat(noName.json().path("code").asText()).isEqualTo("SKY-6006");
    assertThat(wrongName.status()).isEqualTo(422);
    assertThat(wrongName.json().path("code").asText()).isEqualTo("SKY-6006");
    assertNoChildRecorded();
  }

  @Test
  void aFamilyBringsTheirOwnDownloadWithTheirConsentAndWhatTheyBringStaysUnverified() {
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(previous);
    UUID child =
        UUID.fromString(
            transferIn(items(infant.family().childBirthDate(), "6.4", true))
                .json()
                .path("transfer")
                .path("childId")
                .asText());
    JsonNode sent =
        TransferRoundTripIT.transferOut(
            previous, Tokens.staff(Personas.staffOf(previous)), infant.family().childId(), town);
    String guardian = Tokens.user("guardian", mother.loginSubject());
    String path = "/api/v1/children/" + child + "/transfers-in";
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", sent.path("bundle"));

    Http.Response withoutConsent = Http.postJson(path, guardian, body.toString());
    body.put("consent", true);
    Http.Response withConsent = Http.postJson(path, guardian, body.toString());
    Http.Response stranger =
        Http.postJson(
            path, Tokens.guardian(Personas.familyWithInfant(town).mother()), body.toString());

    assertThat(withoutConsent.status()).isEqualTo(422);
    assertThat(withoutConsent.json().path("code").asText()).isEqualTo("SKY-6007");
    assertThat(withConsent.status()).as(withConsent.body()).isEqualTo(201);
    JsonNode outcome = withConsent.json();
    assertThat(outcome.path("import").path("broughtBy").asText()).isEqualTo("family");
    assertThat(outcome.path("import").path("consentAt").isTextual()).isTrue();
    // The pentavalent dose staff entered is the same dose, yet the download names the clinic the
    // staff's entry did not: listed for staff to decide. The other three are added.
    assertThat(outcome.path("import").path("conflicts").asInt()).isEqualTo(1);
    assertThat(
            outcome
                .path("conflicts")
                .get(0)
                .path("theirs")
                .path("performer")
                .path("medicalInstitutionCode")
                .asText())
        .isEqualTo(infant.clinic().medicalInstitutionCode());
    assertThat(outcome.path("import").path("added").asInt()).isEqualTo(3);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ?"
                    + " AND verification = 'unverified' AND recorded_by_role = 'guardian'",
                child))
        .isEqualTo(3);
    assertThat(stranger.status()).isEqualTo(403);
  }

  @Test
  void theFamilysOwnDownloadBringsEveryAnswerOfTheChildsHandbookAndLeavesThe予診票OutWithWhy() {
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(previous);
    UUID original = infant.family().childId();
    LocalDate yesterday = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1);
    Http.Response checkup =
        Http.postFhir(
            Tokens.clinic(infant.clinic()),
            app.sukoyaka.testing.InfantCheckupBundle.threeToFourMonths(infant.family(), yesterday)
                .json());
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);
    String first = Tokens.guardian(infant.family().mother());
    // Her own answer to the handbook's question, and a 予診票 for the next dose.
    Http.Response answer =
        Http.postJson(
            "/api/v1/children/" + original + "/records",
            first,
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"handbook-answer\",\"item\":\"social-smile\",\"date\":\""
                + yesterday
                + "\",\"answer\":\"yes\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    Http.Response prescreening =
        Http.postJson(
            "/api/v1/children/" + original + "/prescreenings",
            first,
            "{\"vaccine\":\"DPT_IPV_HIB\",\"dose\":\"2\",\"plannedDate\":\""
                + yesterday.plusDays(1)
                + "\",\"answers\":{\"read-explanation\":true,\"temperature\":36.6,"
                + "\"unwell-today\":false,\"ill-past-month\":false,\"infection-contact\":false,"
                + "\"vaccinated-past-month\":false,\"underlying-condition\":false,"
                + "\"convulsion\":false,\"allergy\":false,\"relative-immunodeficiency\":false,"
                + "\"previous-reaction\":false,\"relative-reaction\":false,"
                + "\"transfusion-gamma-globulin\":false,\"questions\":false,\"consent\":true}}");
    assertThat(prescreening.status()).as(prescreening.body()).isEqualTo(201);
    JsonNode download;
    try {
      // Numbers as written (6.480 stays 6.480), as the file the family carries has them.
      download =
          com.fasterxml.jackson.databind.json.JsonMapper.builder()
              .enable(
                  com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
              .nodeFactory(
                  com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
              .build()
              .readTree(Http.get("/api/v1/me/data-export/fhir", first).body());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    UUID child =
        UUID.fromString(
            transferIn(items(infant.family().childBirthDate(), "6.4", true))
                .json()
                .path("transfer")
                .path("childId")
                .asText());
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", download);
    body.put("patient", original.toString());
    body.putObject("previousMunicipality").put("code", previous.code()).put("name", "前の市");
    body.put("consent", true);

    Http.Response taken =
        Http.postJson(
            "/api/v1/children/" + child + "/transfers-in",
            Tokens.user("guardian", mother.loginSubject()),
            body.toString());

    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    JsonNode skipped = taken.json().path("import").path("skipped");
    assertThat(skipped.findValuesAsText("resource"))
        .contains("QuestionnaireResponse/" + prescreening.json().path("id").asText());
    assertThat(skipped.toString()).contains("予診票 of a vaccination planned");
    // The checkup's answers (the 保護者の記録 questions the clinic asked) field by field.
    String answers =
        "SELECT f.item_code, f.value_type, f.code_system, f.code_value, f.string_value,"
            + " f.boolean_value, f.integer_value, f.quantity_value, f.quantity_unit,"
            + " f.source_system, f.source_code, f.status, f.resource_type, f.authored_at"
            + " FROM checkup_finding f JOIN checkup_encounter e ON e.id = f.encounter_id"
            + " WHERE e.child_id = ? AND e.visit_date = '"
            + yesterday
            + "' ORDER BY f.item_code";
    List<List<String>> before = TransferRoundTripIT.rows(answers, original);
    assertThat(before)
        .extracting(r -> r.get(0))
        .contains("head-control", "social-smile", "visual-pursuit", "turns-to-voice");
    assertThat(TransferRoundTripIT.rows(answers, child)).isEqualTo(before);
    // Her own answer to the handbook's question, every field she gave.
    String own =
        "SELECT kind, item_code, recorded_on, answer_code, text_value, author, deleted_at"
            + " FROM parent_record WHERE child_id = ? AND kind = 'handbook-answer'";
    assertThat(TransferRoundTripIT.rows(own, child))
        .isEqualTo(TransferRoundTripIT.rows(own, original))
        .hasSize(1);
  }

  @Test
  void anotherChildsHandbookAndGuardiansOfAnotherMunicipalityAreRefused() {
    Personas.VaccinatedInfant infant = Personas.infantWithTwoMonthVaccinations(previous);
    JsonNode sent =
        TransferRoundTripIT.transferOut(
            previous, Tokens.staff(Personas.staffOf(previous)), infant.family().childId(), town);
    UUID other =
        UUID.fromString(
            transferIn(items(born.minusDays(20), "6.4", true))
                .json()
                .path("transfer")
                .path("childId")
                .asText());
    ObjectNode body = JSON.createObjectNode();
    body.set("bundle", sent.path("bundle"));

    Http.Response otherChild =
        Http.postJson("/api/v1/children/" + other + "/transfers-in", staff, body.toString());
    Http.Response foreignGuardian =
        TransferRoundTripIT.transferIn(
            town, staff, sent.path("bundle"), infant.family().mother().personId());

    assertThat(otherChild.status()).as(otherChild.body()).isEqualTo(409);
    assertThat(otherChild.json().path("code").asText()).isEqualTo("SKY-6005");
    assertThat(foreignGuardian.status()).isEqualTo(422);
    assertThat(foreignGuardian.json().path("code").asText()).isEqualTo("SKY-6008");
    assertThat(Db.count("SELECT count(*) FROM child WHERE municipality_id = ?", town.id()))
        .isEqualTo(1);
  }

  @Test
  void onlyTheMunicipalitysStaffTakeRecordsInOrReadItsTransfers() {
    String otherStaff = Tokens.staff(Personas.staffOf(previous));
    ObjectNode body = items(born, "6.4", true);
    String transfer = transferIn(body).json().path("transfer").path("id").asText();

    Http.Response elsewhere =
        Http.postJson(
            "/api/v1/municipalities/" + town.code() + "/transfers-in", otherStaff, body.toString());
    Http.Response read =
        Http.get("/api/v1/municipalities/" + town.code() + "/transfers-in/" + transfer, otherStaff);
    Http.Response underTheirs =
        Http.get(
            "/api/v1/municipalities/" + previous.code() + "/transfers-in/" + transfer, otherStaff);
    Http.Response family =
        Http.postJson(
            "/api/v1/municipalities/" + town.code() + "/transfers-in",
            Tokens.user("guardian", mother.loginSubject()),
            body.toString());

    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(read.status()).isEqualTo(403);
    assertThat(underTheirs.status()).isEqualTo(404);
    assertThat(family.status()).isEqualTo(403);
    assertThat(family.json().path("code").asText()).isEqualTo("SKY-1005");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND outcome = 'denied'",
                town.id()))
        .isEqualTo(2);
  }

  // --- Helpers -------------------------------------------------------------------------------

  private Http.Response transferIn(ObjectNode body) {
    return Http.postJson(
        "/api/v1/municipalities/" + town.code() + "/transfers-in", staff, body.toString());
  }

  /**
   * The mandatory items of a child born that day: its 3～4か月 checkup (weight and judgement) and its
   * first pentavalent dose, from the previous municipality.
   */
  private ObjectNode items(LocalDate birth, String weightKg, boolean withGuardian) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("previousMunicipality").put("code", previous.code()).put("name", "前の市");
    if (withGuardian) {
      body.putArray("guardians")
          .addObject()
          .put("personId", mother.personId().toString())
          .put("relationship", "mother");
    }
    ObjectNode items = body.putObject("items");
    ObjectNode child = items.putObject("child");
    child.put("familyName", "鈴木").put("givenName", "蓮").put("birthDate", birth.toString());
    child.put("sex", "male");
    child.putObject("handbook").put("municipalityCode", previous.code()).put("number", "H" + birth);
    ObjectNode checkup = items.putArray("checkups").addObject();
    checkup
        .put("kind", "infant-3-4-months")
        .put("date", birth.plusMonths(3).plusDays(10).toString());
    checkup
        .putObject("facility")
        .put("name", "前の市こどもクリニック")
        .put("medicalInstitutionCode", "1399887766");
    ArrayNode findings = checkup.putArray("findings");
    findings
        .addObject()
        .put("item", "body-weight")
        .putObject("quantity")
        .put("value", new java.math.BigDecimal(weightKg))
        .put("unit", "kg");
    findings.addObject().put("item", "overall-judgement").put("code", "no-abnormality");
    ObjectNode dose = items.putArray("vaccinations").addObject();
    dose.putObject("vaccine").put("kind", "DPT_IPV_HIB");
    dose.put("date", birth.plusMonths(2).toString()).put("dose", "1").put("routine", true);
    return body;
  }

  private void assertNoChildRecorded() {
    assertThat(
            Db.count(
                "SELECT count(*) FROM child WHERE municipality_id = ? AND birth_date = ?",
                town.id(),
                Date.valueOf(born)))
        .isZero();
    assertThat(Db.count("SELECT count(*) FROM transfer_in WHERE municipality_id = ?", town.id()))
        .isZero();
  }
}
