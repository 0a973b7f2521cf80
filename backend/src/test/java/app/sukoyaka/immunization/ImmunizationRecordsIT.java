package app.sukoyaka.immunization;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vaccination records entered by families and municipal staff, doses from abroad as FHIR, and the
 * confirmation of a guardian's entry, over HTTP: every exchange held to api-spec.
 */
class ImmunizationRecordsIT {
  private static final java.time.ZoneId JAPAN = java.time.ZoneId.of("Asia/Tokyo");
  private Personas.Municipality town;
  private Personas.FamilyWithInfant family;
  private String guardian;
  private String staff;
  private String path;
  private LocalDate twoMonths;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    family = Personas.familyWithInfant(town);
    guardian = Tokens.guardian(family.mother());
    staff = Tokens.staff(Personas.staffOf(town));
    path = "/api/v1/children/" + family.childId() + "/immunizations";
    twoMonths = family.childBirthDate().plusMonths(2);
  }

  private Http.Response enter(String token, String body) {
    return Http.postJson(path, token, body);
  }

  private static String kindEntry(String kind, LocalDate date, String extra) {
    return "{\"vaccine\":{\"kind\":\""
        + kind
        + "\"},\"date\":\""
        + date
        + "\""
        + (extra == null ? "" : "," + extra)
        + "}";
  }

  private static void assertProblem(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("code").asText()).isEqualTo(code);
  }

  @Test
  void aGuardiansEntryIsTheParentsUnverifiedRecordShownAtOnceWithItsCredit() {
    Http.Response entered =
        enter(
            guardian,
            kindEntry(
                "DPT_IPV_HIB",
                twoMonths,
                "\"dose\":\"1\",\"routine\":true,\"lotNumber\":\"X9\","
                    + "\"performer\":{\"name\":\"さくら小児科\"}"));

    assertThat(entered.status()).as(entered.body()).isEqualTo(201);
    JsonNode record = entered.json();
    assertThat(record.path("source").path("code").asText()).isEqualTo("parent");
    assertThat(record.path("verification").path("state").asText()).isEqualTo("unverified");
    assertThat(record.path("verification").path("decidedBy").isNull()).isTrue();
    assertThat(record.path("recordedBy").asText()).isEqualTo("guardian");
    assertThat(record.path("credits").get(0).path("series").asText()).isEqualTo("DPT_IPV_HIB");
    assertThat(record.path("performer").path("name").asText()).isEqualTo("さくら小児科");

    JsonNode listed = Http.get(path, guardian).json();
    assertThat(listed.path("childId").asText()).isEqualTo(family.childId().toString());
    assertThat(listed.path("records")).hasSize(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action ="
                    + " 'enter-immunization' AND actor_role = 'guardian'",
                family.childId()))
        .isEqualTo(1);
  }

  @Test
  void staffEnterTheMunicipalitysOrATransferredRecordAsVerified() {
    Http.Response municipal =
        enter(staff, kindEntry("BCG", twoMonths.plusDays(10), "\"routine\":true"));
    Http.Response transfer =
        enter(
            staff,
            kindEntry(
                "ROTA",
                twoMonths,
                "\"product\":\"RV1\",\"dose\":\"1\",\"routine\":true,\"source\":\"transfer\""));

    assertThat(municipal.status()).as(municipal.body()).isEqualTo(201);
    assertThat(municipal.json().path("source").path("code").asText()).isEqualTo("municipal");
    assertThat(municipal.json().path("verification").path("state").asText()).isEqualTo("verified");
    assertThat(municipal.json().path("verification").path("decidedBy").asText()).isEqualTo("staff");
    assertThat(transfer.status()).as(transfer.body()).isEqualTo(201);
    assertThat(transfer.json().path("source").path("code").asText()).isEqualTo("transfer");
    assertThat(transfer.json().path("product").path("label").path("ja").asText())
        .isEqualTo("ロタリックス（1価・2回）");
  }

  @Test
  void aForeignCodeIsCreditedThroughTheMappingAndAnUnknownOneIsKeptWithAPlainNote() {
    Http.Response mmrv =
        enter(
            guardian,
            "{\"vaccine\":{\"system\":\"http://hl7.org/fhir/sid/cvx\",\"code\":\"94\","
                + "\"display\":\"MMRV\"},\"date\":\""
                + twoMonths.plusMonths(1)
                + "\",\"country\":\"US\"}");
    Http.Response unknown =
        enter(
            guardian,
            "{\"vaccine\":{\"system\":\"urn:example:clinic-codes\",\"code\":\"TBE-1\","
                + "\"display\":\"FSME-Immun Junior\"},\"date\":\""
                + twoMonths.plusMonths(1)
                + "\",\"country\":\"AT\"}");

    assertThat(mmrv.status()).as(mmrv.body()).isEqualTo(201);
    assertThat(mmrv.json().path("credits").findValuesAsText("series")).containsExactly("MR", "VAR");
    assertThat(mmrv.json().path("country").asText()).isEqualTo("US");
    // A guardian reads Japanese unless they chose another language.
    assertThat(mmrv.json().path("explanation").path("ja").asText())
        .isEqualTo("MMRV は麻しん風しん（MR）と水痘として数えます。");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(201);
    JsonNode kept = unknown.json();
    assertThat(kept.path("kind").isNull()).isTrue();
    assertThat(kept.path("credits")).isEmpty();
    assertThat(kept.path("name").path("ja").asText()).isEqualTo("FSME-Immun Junior");
    assertThat(kept.path("explanation").path("ja").asText()).contains("当てはめられない");
    assertThat(Http.get(path, guardian).json().path("records")).hasSize(2);
  }

  @Test
  void anEntryThatBreaksARuleIsRefusedByNameAndNothingIsStored() {
    assertProblem(
        enter(guardian, kindEntry("BCG", LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(1), null)),
        422,
        "SKY-4002");
    assertProblem(
        enter(guardian, kindEntry("BCG", family.childBirthDate().minusDays(1), null)),
        422,
        "SKY-4003");
    assertProblem(enter(guardian, kindEntry("SMALLPOX", twoMonths, null)), 422, "SKY-4004");
    assertProblem(enter(guardian, kindEntry("RSV_MATERNAL", twoMonths, null)), 422, "SKY-4102");
    Http.Response routineMumps = enter(guardian, kindEntry("MUMPS", twoMonths, "\"routine\":true"));
    assertProblem(routineMumps, 422, "SKY-4103");
    assertThat(routineMumps.json().at("/errors/0/field").asText()).isEqualTo("routine");
    assertProblem(enter(guardian, kindEntry("MR", twoMonths, "\"dose\":\"3\"")), 422, "SKY-4104");
    assertProblem(
        enter(guardian, kindEntry("ROTA", twoMonths, "\"product\":\"PCV20\"")), 422, "SKY-4007");
    assertProblem(
        enter(guardian, "{\"vaccine\":{\"kind\":\"BCG\"},\"date\":\"2026-02-30\"}"),
        400,
        "SKY-4001");
    assertProblem(enter(guardian, "{\"date\":\"" + twoMonths + "\"}"), 400, "SKY-3003");
    assertProblem(
        enter(guardian, kindEntry("BCG", twoMonths, "\"source\":\"municipal\"")), 400, "SKY-3003");
    assertProblem(
        enter(guardian, kindEntry("BCG", twoMonths, "\"country\":\"usa\"")), 400, "SKY-3003");

    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ?", family.childId()))
        .isZero();
  }

  @Test
  void onlyTheFamilyAndItsMunicipalityReadAndEnterTheRecords() {
    String otherGuardian = Tokens.guardian(Personas.motherAt20Weeks(town));
    String otherStaff = Tokens.staff(Personas.staffOf(Personas.municipality()));
    assertProblem(Http.get(path, otherGuardian), 403, "SKY-1003");
    // Another municipality's child does not exist for its staff (row-level security).
    assertProblem(Http.get(path, otherStaff), 404, "SKY-3001");
    assertProblem(enter(otherStaff, kindEntry("BCG", twoMonths, null)), 404, "SKY-3001");
    assertProblem(
        Http.get("/api/v1/children/" + java.util.UUID.randomUUID() + "/immunizations", guardian),
        404,
        "SKY-3001");
  }

  @Test
  void staffConfirmAParentsEntryAndItIsLoggedAndTheDecisionIsFinal() {
    String id =
        enter(guardian, kindEntry("BCG", twoMonths, "\"routine\":true")).json().path("id").asText();
    String verification = "/api/v1/immunizations/" + id + "/verification";

    Http.Response byParent = Http.postJson(verification, guardian, "{\"decision\":\"verified\"}");
    assertProblem(byParent, 403, "SKY-4108");
    String otherStaff = Tokens.staff(Personas.staffOf(Personas.municipality()));
    // Another municipality's record does not exist for its staff (row-level security).
    assertProblem(
        Http.postJson(verification, otherStaff, "{\"decision\":\"verified\"}"), 404, "SKY-3001");

    Http.Response verified = Http.postJson(verification, staff, "{\"decision\":\"verified\"}");
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(verified.json().path("verification").path("state").asText()).isEqualTo("verified");
    assertThat(verified.json().path("verification").path("decidedBy").asText()).isEqualTo("staff");
    assertThat(verified.json().path("verification").path("decidedAt").isNull()).isFalse();
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action ="
                    + " 'verify-immunization' AND outcome = 'allowed'",
                family.childId()))
        .isEqualTo(1);

    assertProblem(
        Http.postJson(verification, staff, "{\"decision\":\"rejected\",\"reason\":\"x\"}"),
        409,
        "SKY-4107");
    assertProblem(Http.postJson(verification, staff, "{\"decision\":\"maybe\"}"), 400, "SKY-3003");
  }

  @Test
  void aRejectedEntryStaysListedWithTheReasonTheFamilyReads() {
    String id = enter(guardian, kindEntry("BCG", twoMonths, null)).json().path("id").asText();

    Http.Response rejected =
        Http.postJson(
            "/api/v1/immunizations/" + id + "/verification",
            staff,
            "{\"decision\":\"rejected\",\"reason\":\"予診票の控えでは接種日が違いました。\"}");

    assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
    JsonNode record = Http.get(path, guardian).json().path("records").get(0);
    assertThat(record.path("verification").path("state").asText()).isEqualTo("rejected");
    assertThat(record.path("verification").path("reason").asText()).isEqualTo("予診票の控えでは接種日が違いました。");
  }

  @Test
  void aClinicTheParentNamesAsWhereTheDoseWasGivenNeitherConfirmsItNorReadsTheChild() {
    Personas.Clinic named = Personas.vaccinatingClinicServing(town);
    String id =
        enter(
                guardian,
                kindEntry(
                    "BCG",
                    twoMonths,
                    "\"performer\":{\"medicalInstitutionCode\":\""
                        + named.medicalInstitutionCode()
                        + "\"}"))
            .json()
            .path("id")
            .asText();
    String verification = "/api/v1/immunizations/" + id + "/verification";
    String clinic = Tokens.clinic(named);

    assertProblem(
        Http.postJson(verification, clinic, "{\"decision\":\"verified\"}"), 403, "SKY-4108");
    // The family's naming is no relationship of care: the clinic is not the child's submitter.
    assertProblem(Http.get(path, clinic), 403, "SKY-1003");
    assertThat(
            Http.send(
                    "GET", "/fhir/Patient/" + family.childId() + "/$everything", clinic, null, null)
                .status())
        .isEqualTo(403);
    assertThat(
            Http.get(path, guardian)
                .json()
                .path("records")
                .get(0)
                .path("verification")
                .path("state")
                .asText())
        .isEqualTo("unverified");
    Http.Response verified = Http.postJson(verification, staff, "{\"decision\":\"verified\"}");
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(verified.json().path("verification").path("decidedBy").asText()).isEqualTo("staff");
    assertThat(verified.json().path("performer").path("medicalInstitutionCode").asText())
        .isEqualTo(named.medicalInstitutionCode());
  }

  @Test
  void thePregnantPersonEntersHerOwnVaccinationAndAChildsVaccineIsRefused() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String pregnancyPath = "/api/v1/pregnancies/" + mother.pregnancyId() + "/immunizations";
    String token = Tokens.guardian(mother);

    Http.Response flu =
        Http.postJson(
            pregnancyPath, token, kindEntry("INFLUENZA", LocalDate.now().minusDays(5), null));
    assertThat(flu.status()).as(flu.body()).isEqualTo(201);
    assertProblem(
        Http.postJson(pregnancyPath, token, kindEntry("BCG", LocalDate.now().minusDays(5), null)),
        422,
        "SKY-4102");
    JsonNode listed = Http.get(pregnancyPath, token).json();
    assertThat(listed.path("pregnancyId").asText()).isEqualTo(mother.pregnancyId().toString());
    assertThat(listed.path("records").get(0).path("kind").asText()).isEqualTo("INFLUENZA");
  }

  // --- Records from abroad as FHIR ----------------------------------------------------------

  private String abroad(String system, String code, LocalDate date, String extra) {
    return "{\"resourceType\":\"Immunization\",\"status\":\"completed\","
        + "\"extension\":[{\"url\":\"https://sukoyaka.app/fhir/StructureDefinition/"
        + "sukoyaka-vaccination-country\",\"valueCoding\":{\"system\":\"urn:iso:std:iso:3166\","
        + "\"code\":\"US\"}}],"
        + "\"vaccineCode\":{\"coding\":[{\"system\":\""
        + system
        + "\",\"code\":\""
        + code
        + "\"}]},\"patient\":{\"reference\":\"Patient/"
        + family.childId()
        + "\"},\"occurrenceDateTime\":\""
        + date
        + "\",\"primarySource\":false,"
        + "\"performer\":[{\"actor\":{\"display\":\"Kaiser Permanente Oakland\"}}]"
        + (extra == null ? "" : "," + extra)
        + "}";
  }

  private static Http.Response postImmunization(String token, String body) {
    return Http.send("POST", "/fhir/Immunization", token, "application/fhir+json", body);
  }

  @Test
  void aGuardianRecordsAHexavalentDoseGivenAbroadAndItCountsForPentavalentAndHepatitisB() {
    // The infant was born after April 2024, when 五種混合 became routine.
    Http.Response created =
        postImmunization(
            guardian,
            abroad(
                "http://hl7.org/fhir/sid/cvx",
                "146",
                twoMonths,
                "\"protocolApplied\":[{\"doseNumberPositiveInt\":1}]"));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Location")).contains("/fhir/Immunization/").endsWith("/_history/1");
    JsonNode resource = created.json();
    assertThat(resource.path("resourceType").asText()).isEqualTo("Immunization");
    assertThat(resource.at("/reportOrigin/coding/0/code").asText()).isEqualTo("abroad");
    assertThat(resource.path("primarySource").asBoolean()).isFalse();

    JsonNode record = Http.get(path, guardian).json().path("records").get(0);
    assertThat(record.path("source").path("code").asText()).isEqualTo("abroad");
    assertThat(record.path("verification").path("state").asText()).isEqualTo("unverified");
    assertThat(record.path("credits").findValuesAsText("series"))
        .containsExactly("DPT_IPV_HIB", "HEPB");
    assertThat(record.path("routine").asBoolean()).isFalse();
    assertThat(record.path("note").asText()).contains("1");
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ? AND payload IS NOT NULL",
                family.childId()))
        .isEqualTo(1);
  }

  @Test
  void staffRecordADoseFromAbroadAsVerifiedAndAnUnmappedCodeIsKeptWithoutCredit() {
    Http.Response created =
        postImmunization(staff, abroad("http://www.whocc.no/atc", "J07BA01", twoMonths, null));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode record = Http.get(path, staff).json().path("records").get(0);
    assertThat(record.path("verification").path("state").asText()).isEqualTo("verified");
    assertThat(record.path("credits")).isEmpty();
    assertThat(record.path("vaccine").path("code").asText()).isEqualTo("J07BA01");
  }

  @Test
  void aDoseFromAbroadIsNeverRoutineAndMustConformToTheProfile() {
    String routine =
        abroad(
            "http://hl7.org/fhir/sid/cvx",
            "03",
            twoMonths,
            "\"programEligibility\":[{\"coding\":[{\"system\":\"https://sukoyaka.app/fhir/CodeSystem/immunization-program\",\"code\":\"routine\"}]}]");
    Http.Response refused = postImmunization(guardian, routine);
    assertOutcome(refused, 422, "SKY-4103");
    assertThat(refused.json().at("/issue/0/expression/0").asText())
        .isEqualTo("Immunization.programEligibility[0]");

    assertOutcome(
        postImmunization(guardian, abroad("urn:example:local", "X1", twoMonths, null)),
        422,
        "SKY-2003");
    assertOutcome(
        postImmunization(
            Tokens.guardian(Personas.motherAt20Weeks(town)),
            abroad("http://hl7.org/fhir/sid/cvx", "03", twoMonths, null)),
        403,
        "SKY-1003");
    assertOutcome(
        postImmunization(guardian, "{\"resourceType\":\"Observation\",\"status\":\"final\"}"),
        400,
        "SKY-2008");
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ?", family.childId()))
        .isZero();
  }
}
