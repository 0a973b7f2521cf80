package app.sukoyaka.phr.consent;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaValidator;
import app.sukoyaka.profiles.ValidationIssue;
import app.sukoyaka.profiles.ValidationReport;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.FhirAssertions;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;

/**
 * The consent register over HTTP: family sharing from both sides with the text version agreed to,
 * withdrawn at once; a family's own download brought into a transfer; the FHIR Consent resources;
 * and nobody else's consents, ever.
 */
class ConsentRegisterIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Personas.Municipality town = Personas.municipality();
  private final Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
  private final String mother = Tokens.guardian(family.mother());

  /** The mother invites the father to the child; he accepts. His guardian token. */
  private String fatherShares() {
    Http.Response invited =
        Http.postJson(
            "/api/v1/family/invitations", mother, "{\"childIds\":[\"" + family.childId() + "\"]}");
    assertThat(invited.status()).as(invited.body()).isEqualTo(201);
    String subject = Personas.newResidentSubject();
    Http.Response accepted =
        Http.postJson(
            "/api/v1/family/invitations/accept",
            Tokens.user("resident", subject),
            "{\"code\":\""
                + invited.json().path("code").asText()
                + "\",\"relationship\":\"father\",\"person\":{\"familyName\":\"鈴木\","
                + "\"givenName\":\"健太\",\"birthDate\":\"1991-02-03\",\"sex\":\"male\"}}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    return Tokens.user("guardian", subject);
  }

  private static JsonNode only(String token, String kind) {
    Http.Response register = Http.get("/api/v1/me/consents", token);
    assertThat(register.status()).as(register.body()).isEqualTo(200);
    JsonNode found = null;
    for (JsonNode consent : register.json().path("consents")) {
      if (consent.path("kind").asText().equals(kind)) {
        assertThat(found).as("one consent of " + kind).isNull();
        found = consent;
      }
    }
    assertThat(found).as(register.body()).isNotNull();
    return found;
  }

  @Test
  void bothGuardiansSeeTheSharingTheyAgreedToWithTheVersionOfTheText() {
    String father = fatherShares();

    JsonNode mothers = only(mother, "family-sharing");
    JsonNode fathers = only(father, "family-sharing");

    assertThat(mothers.path("status").asText()).isEqualTo("active");
    assertThat(mothers.path("recipient").asText()).isEqualTo("鈴木 健太");
    assertThat(mothers.path("textVersion").asText()).isEqualTo("2026-11");
    assertThat(mothers.path("title").path("ja").asText()).isEqualTo("もう一人の保護者との母子健康手帳の共有");
    assertThat(mothers.path("childIds").get(0).asText()).isEqualTo(family.childId().toString());
    assertThat(mothers.path("recordKinds").toString()).contains("Immunization");
    assertThat(fathers.path("recipient").asText()).isEqualTo("鈴木 優子");
    assertThat(fathers.path("textVersion").asText()).isEqualTo("2026-11");
    assertThat(fathers.path("id").asText()).isEqualTo(mothers.path("id").asText());
    Http.Response text =
        Http.get(
            "/api/v1/consent-texts/family-sharing/" + mothers.path("textVersion").asText(), father);
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.json().path("text").path("ja").asText()).contains("どちらの保護者もいつでも終える");
  }

  @Test
  void theMotherWithdrawsTheSharingAndTheFathersAccessEndsAtOnce() {
    String father = fatherShares();
    String handbook = "/api/v1/children/" + family.childId() + "/handbook";
    assertThat(Http.get(handbook, father).status()).isEqualTo(200);
    String id = only(mother, "family-sharing").path("id").asText();

    Http.Response withdrawn =
        Http.postJson("/api/v1/me/consents/family-sharing/" + id + "/withdrawal", mother, null);

    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(withdrawn.json().path("status").asText()).isEqualTo("withdrawn");
    assertThat(Http.get(handbook, father).status()).isEqualTo(403);
    assertThat(only(father, "family-sharing").path("status").asText()).isEqualTo("withdrawn");
    JsonNode log = Http.get("/api/v1/family/sharing-log", mother).json();
    assertThat(log.path("events").get(0).path("event").asText()).isEqualTo("revoked");
  }

  @Test
  void theFatherWithdrawingHisSideLeavesTheSharing() {
    String father = fatherShares();
    String id = only(father, "family-sharing").path("id").asText();

    Http.Response withdrawn =
        Http.postJson("/api/v1/me/consents/family-sharing/" + id + "/withdrawal", father, null);

    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(Http.get("/api/v1/children/" + family.childId() + "/handbook", father).status())
        .isEqualTo(403);
    assertThat(only(mother, "family-sharing").path("status").asText()).isEqualTo("withdrawn");
  }

  @Test
  void anotherFamilysConsentIsNeitherSeenNorWithdrawn() {
    fatherShares();
    String id = only(mother, "family-sharing").path("id").asText();
    Personas.FamilyWithInfant other = Personas.familyWithInfant(town);
    String stranger = Tokens.guardian(other.mother());

    Http.Response refused =
        Http.postJson("/api/v1/me/consents/family-sharing/" + id + "/withdrawal", stranger, null);
    Http.Response unknownKind =
        Http.postJson("/api/v1/me/consents/no-such-kind/" + id + "/withdrawal", mother, null);

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-6602");
    assertThat(unknownKind.status()).isEqualTo(404);
    assertThat(unknownKind.json().path("code").asText()).isEqualTo("SKY-6601");
    assertThat(only(mother, "family-sharing").path("status").asText()).isEqualTo("active");
    assertThat(Http.get("/api/v1/me/consents", stranger).json().path("consents")).isEmpty();
    assertThat(Http.get("/api/v1/me/consents", Tokens.staff(Personas.staffOf(town))).status())
        .isEqualTo(403);
  }

  @Test
  void aFamilysOwnDownloadBroughtIntoTheirChildHereIsAConsentTheyCanWithdraw() {
    Personas.Municipality previous = Personas.municipality();
    Personas.VaccinatedInfant before = Personas.infantWithTwoMonthVaccinations(previous);
    String download =
        Http.get("/api/v1/me/data-export/fhir", Tokens.guardian(before.family().mother())).body();
    ObjectNode body = JSON.createObjectNode();
    try {
      body.set("bundle", JSON.readTree(download));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    body.put("patient", before.family().childId().toString());
    body.putObject("previousMunicipality")
        .put("code", previous.code())
        .put("name", "テスト市" + previous.code());
    body.put("consent", true);
    Db.update(
        "UPDATE child SET birth_date = ?, sex = 'male' WHERE id = ?",
        java.sql.Date.valueOf(before.family().childBirthDate()),
        family.childId());

    Http.Response brought =
        Http.postJson(
            "/api/v1/children/" + family.childId() + "/transfers-in", mother, body.toString());

    assertThat(brought.status()).as(brought.body()).isEqualTo(201);
    JsonNode consent = only(mother, "transfer-in");
    assertThat(consent.path("status").asText()).isEqualTo("active");
    assertThat(consent.path("textVersion").asText()).isEqualTo("2026-11");
    assertThat(consent.path("recipient").asText()).isEqualTo("テスト市" + town.code());
    assertThat(consent.path("childIds").get(0).asText()).isEqualTo(family.childId().toString());

    Http.Response withdrawn =
        Http.postJson(
            "/api/v1/me/consents/transfer-in/" + consent.path("id").asText() + "/withdrawal",
            mother,
            null);

    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(withdrawn.json().path("status").asText()).isEqualTo("withdrawn");
    assertThat(
            Db.count(
                "SELECT count(*) FROM transfer_import WHERE id = ?::uuid"
                    + " AND consent_withdrawn_at IS NOT NULL",
                consent.path("id").asText()))
        .isEqualTo(1);
  }

  @Test
  void theGuardiansConsentsAreFhirConsentResourcesValidAgainstR4() {
    fatherShares();
    Personas.onlineDeliveryDecision(family.mother().personId(), town, "granted");

    Http.Response search =
        Http.get("/fhir/Consent?patient=Patient/" + family.mother().personId(), mother);

    assertThat(search.status()).as(search.body()).isEqualTo(200);
    assertThat(search.json().path("total").asInt()).isEqualTo(2);
    SukoyakaValidator validator = TestService.bean(SukoyakaValidator.class);
    for (JsonNode entry : search.json().path("entry")) {
      Consent consent =
          (Consent)
              FhirContext.forR4Cached()
                  .newJsonParser()
                  .parseResource(entry.path("resource").toString());
      ValidationReport report =
          validator.validate(consent, "http://hl7.org/fhir/StructureDefinition/Consent");
      List<ValidationIssue> errors =
          report.issues().stream()
              .filter(
                  i ->
                      i.severity() == ValidationIssue.Severity.ERROR
                          || i.severity() == ValidationIssue.Severity.FATAL)
              .toList();
      assertThat(errors).as(entry.path("resource").toString()).isEmpty();
      assertThat(consent.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
      assertThat(consent.getPatient().getReference())
          .isEqualTo("Patient/" + family.mother().personId());
    }
    String id = search.json().path("entry").get(0).path("resource").path("id").asText();
    Http.Response read = Http.get("/fhir/Consent/" + id, mother);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().path("resourceType").asText()).isEqualTo("Consent");

    String stranger = Tokens.guardian(Personas.familyWithInfant(town).mother());
    FhirAssertions.assertOutcome(Http.get("/fhir/Consent/" + id, stranger), 404, "SKY-6602");
    FhirAssertions.assertOutcome(
        Http.get("/fhir/Consent?patient=Patient/" + family.mother().personId(), stranger),
        403,
        "SKY-1003");
    JsonNode withdrawnOnly = Http.get("/fhir/Consent?status=inactive", mother).json();
    assertThat(withdrawnOnly.path("total").asInt()).isZero();
  }
}
