package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.FhirAssertions;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Prescreenings;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The visit QR code as a consent in the register, over HTTP on PostgreSQL: issuing the code records
 * the version of the text agreed to and when; the register, its API and the FHIR Consent resources
 * show it (the clinic as recipient once it scanned the code); the guardian withdraws a live grant
 * from the app and the clinic's access ends at once.
 */
class VisitGrantConsentIT {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private Personas.Municipality town;
  private Personas.InfantDueForSecondDoses infant;
  private Personas.Clinic visiting;
  private String guardian;
  private String clinic;
  private LocalDate today;

  /** The family goes to a clinic of another municipality: only the visit grant lets it write. */
  @BeforeEach
  void anInfantDueForItsSecondDosesAndAClinicElsewhere() {
    town = Personas.municipality();
    infant = Personas.infantDueForSecondDoses(town);
    visiting = Personas.vaccinatingClinicServing(Personas.municipality());
    guardian = Tokens.guardian(infant.mother());
    clinic = Tokens.clinic(visiting);
    today = LocalDate.now(JAPAN);
  }

  @Test
  void theVisitCodeIsAConsentWithItsTextVersionAndWithdrawingItEndsTheClinicsAccessAtOnce() {
    Instant before = Instant.now().minusSeconds(1);
    JsonNode issued = issue();
    JsonNode consent = issued.path("consent");
    assertThat(consent.path("kind").asText()).isEqualTo("visit-grant");
    assertThat(consent.path("textVersion").asText()).isEqualTo("2026-11");
    String consentId = consent.path("id").asText();
    Http.Response text = Http.get("/api/v1/consent-texts/visit-grant/2026-11", guardian);
    assertThat(text.status()).as(text.body()).isEqualTo(200);

    JsonNode listed = registered(consentId);
    assertThat(listed.path("status").asText()).isEqualTo("active");
    assertThat(listed.path("recipient").asText()).contains("QRコードを読み取る医療機関");
    assertThat(listed.path("childIds").get(0).asText()).isEqualTo(infant.childId().toString());
    assertThat(Instant.parse(listed.path("agreedAt").asText())).isAfter(before);

    // The clinic scans it: the register names the clinic, and its grant ends when the consent does.
    Http.Response visit = redeem(issued.path("qr").asText());
    assertThat(visit.status()).as(visit.body()).isEqualTo(200);
    JsonNode scanned = registered(consentId);
    assertThat(scanned.path("recipient").asText())
        .isEqualTo(Db.text("SELECT name FROM facility WHERE id = ?", visiting.facilityId()));
    // It ends by itself when the clinic's grant runs out (12 hours by default), not the code.
    assertThat(Instant.parse(scanned.path("expiresAt").asText()))
        .isAfter(Instant.now().plus(java.time.Duration.ofHours(11)));
    JsonNode fhir =
        Http.get("/fhir/Consent?patient=Patient/" + infant.mother().personId(), guardian).json();
    assertThat(fhir.toString()).contains("visit-grant", "consent-texts/visit-grant/2026-11");

    Http.Response withdrawn =
        Http.postJson(
            "/api/v1/me/consents/visit-grant/" + consentId + "/withdrawal", guardian, null);

    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(withdrawn.json().path("status").asText()).isEqualTo("withdrawn");
    assertThat(withdrawn.json().path("withdrawnAt").isNull()).isFalse();
    // The clinic can neither read the visit again nor record the child's vaccination.
    Http.Response again = redeem(issued.path("qr").asText());
    assertThat(again.status()).as(again.body()).isEqualTo(410);
    assertThat(again.json().path("code").asText()).isEqualTo("SKY-6801");
    FhirAssertions.assertOutcome(Http.postFhir(clinic, secondDose()), 403, "SKY-1004");
    assertThat(registered(consentId).path("status").asText()).isEqualTo("withdrawn");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND action = 'withdraw-consent'",
                infant.mother().loginSubject()))
        .isEqualTo(1);
  }

  @Test
  void aLiveGrantLetsTheClinicRecordTheDoseUntilWithdrawnAndWithdrawingTwiceChangesNothing() {
    JsonNode issued = issue();
    String consentId = issued.path("consent").path("id").asText();
    assertThat(redeem(issued.path("qr").asText()).status()).isEqualTo(200);
    Http.Response submitted = Http.postFhir(clinic, secondDose());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    String route = "/api/v1/me/consents/visit-grant/" + consentId + "/withdrawal";

    assertThat(Http.postJson(route, guardian, null).status()).isEqualTo(200);
    String withdrawnAt =
        Db.text("SELECT withdrawn_at::text FROM visit_token WHERE id = ?::uuid", consentId);
    assertThat(Http.postJson(route, guardian, null).status()).isEqualTo(200);

    assertThat(Db.text("SELECT withdrawn_at::text FROM visit_token WHERE id = ?::uuid", consentId))
        .isEqualTo(withdrawnAt);
    // The dose recorded while the grant held stays.
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ?"
                    + " AND facility_id = ?",
                infant.childId(),
                visiting.facilityId()))
        .isEqualTo(1);
  }

  @Test
  void anotherGuardianCannotWithdrawTheCodeAndAnUnknownOneIsNotFound() {
    String consentId = issue().path("consent").path("id").asText();
    String stranger = Tokens.guardian(Personas.familyWithInfant(town).mother());

    Http.Response foreign =
        Http.postJson(
            "/api/v1/me/consents/visit-grant/" + consentId + "/withdrawal", stranger, null);
    Http.Response unknown =
        Http.postJson("/api/v1/me/consents/visit-grant/not-a-token/withdrawal", guardian, null);

    assertThat(foreign.status()).as(foreign.body()).isEqualTo(404);
    assertThat(foreign.json().path("code").asText()).isEqualTo("SKY-6602");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    assertThat(registered(consentId).path("status").asText()).isEqualTo("active");
  }

  @Test
  void codesIssuedBeforeVersionsWereKeptNameTheLegacyText() {
    String consentId = issue().path("consent").path("id").asText();
    // As the migration marks the codes it found.
    Db.update(
        "UPDATE visit_token SET consent_text_version = 'legacy-before-2026-11' WHERE id = ?::uuid",
        consentId);

    JsonNode listed = registered(consentId);

    assertThat(listed.path("textVersion").asText()).isEqualTo("legacy-before-2026-11");
    Http.Response text =
        Http.get("/api/v1/consent-texts/visit-grant/legacy-before-2026-11", guardian);
    assertThat(text.status()).as(text.body()).isEqualTo(200);
    assertThat(text.body()).contains("保存されていません");
  }

  // --- Helpers ---------------------------------------------------------------------------------

  private JsonNode issue() {
    JsonNode submitted =
        Prescreenings.submit(
            guardian, infant.childId(), Prescreenings.allNo("DPT_IPV_HIB", "2", today));
    return Prescreenings.visitCode(guardian, infant.childId(), submitted.path("id").asText());
  }

  private Http.Response redeem(String qr) {
    return Prescreenings.redeem(clinic, qr);
  }

  private String secondDose() {
    return VaccinationBundle.forChild(infant.family(), visiting)
        .dose("DPT_IPV_HIB", today, "2", true)
        .json();
  }

  private JsonNode registered(String consentId) {
    Http.Response register = Http.get("/api/v1/me/consents", guardian);
    assertThat(register.status()).as(register.body()).isEqualTo(200);
    for (JsonNode consent : register.json().path("consents")) {
      if (consent.path("kind").asText().equals("visit-grant")
          && consent.path("id").asText().equals(consentId)) {
        return consent;
      }
    }
    throw new AssertionError("No visit-grant " + consentId + " in " + register.body());
  }
}
