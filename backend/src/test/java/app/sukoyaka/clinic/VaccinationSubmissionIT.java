package app.sukoyaka.clinic;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A clinic's vaccinations through {@code POST /fhir}: stored as the clinic's verified records with
 * what they count for, idempotent by Bundle.identifier, refused whole when a rule is broken.
 */
class VaccinationSubmissionIT {
  private Personas.Municipality town;
  private Personas.FamilyWithInfant family;
  private Personas.Clinic clinic;
  private String clinicToken;
  private LocalDate twoMonths;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    family = Personas.familyWithInfant(town);
    clinic = Personas.vaccinatingClinicServing(town);
    clinicToken = Tokens.clinic(clinic);
    twoMonths = family.childBirthDate().plusMonths(2);
  }

  private long records() {
    return Db.count(
        "SELECT count(*) FROM immunization_record WHERE child_id = ?", family.childId());
  }

  private long submissions(String identifier) {
    return Db.count(
        "SELECT count(*) FROM raw_submission WHERE client_id = ? AND bundle_value = ?",
        clinic.clientId(),
        identifier);
  }

  @Test
  void theDosesOfAVisitAreStoredAsTheClinicsVerifiedRecordsAndTheFamilySeesThemAtOnce() {
    VaccinationBundle bundle =
        VaccinationBundle.forChild(family, clinic)
            .dose("DPT_IPV_HIB", twoMonths, "1", true)
            .dose("PCV", twoMonths, "1", true)
            .product("PCV20")
            .dose("ROTA", twoMonths, "1", true)
            .product("RV1");

    Http.Response submitted = Http.postFhir(clinicToken, bundle.json());

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    JsonNode response = submitted.json();
    assertThat(response.path("type").asText()).isEqualTo("transaction-response");
    assertThat(response.path("entry")).hasSize(4);
    assertThat(response.at("/entry/0/response/status").asText()).isEqualTo("200 OK");
    assertThat(response.at("/entry/0/response/location").asText())
        .isEqualTo("Patient/" + family.childId());
    assertThat(response.at("/entry/1/response/status").asText()).isEqualTo("201 Created");
    assertThat(response.at("/entry/1/response/location").asText()).startsWith("Immunization/");

    assertThat(records()).isEqualTo(3);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ? AND source = 'clinic'"
                    + " AND verification = 'verified' AND routine AND facility_id = ?"
                    + " AND submission_id IS NOT NULL AND payload IS NOT NULL",
                family.childId(),
                clinic.facilityId()))
        .isEqualTo(3);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action ="
                    + " 'submit-immunization' AND actor_id = ?",
                family.childId(),
                clinic.clientId()))
        .isEqualTo(1);

    Http.Response list =
        Http.get(
            "/api/v1/children/" + family.childId() + "/immunizations",
            Tokens.guardian(family.mother()));
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    JsonNode records = list.json().path("records");
    assertThat(records).hasSize(3);
    JsonNode pcv = recordOf(records, "PCV");
    assertThat(pcv.path("name").path("ja").asText()).isEqualTo("小児用肺炎球菌");
    assertThat(pcv.path("product").path("code").asText()).isEqualTo("PCV20");
    assertThat(pcv.path("dose").asText()).isEqualTo("1");
    assertThat(pcv.path("source").path("code").asText()).isEqualTo("clinic");
    assertThat(pcv.path("verification").path("state").asText()).isEqualTo("verified");
    assertThat(pcv.path("verification").path("decidedBy").asText()).isEqualTo("clinic");
    assertThat(pcv.path("routine").asBoolean()).isTrue();
    assertThat(pcv.path("program").path("ja").asText()).isEqualTo("定期接種");
    assertThat(pcv.path("credits").get(0).path("series").asText()).isEqualTo("PCV");
    assertThat(pcv.path("credits").get(0).path("dose").asText()).isEqualTo("1");
    assertThat(pcv.path("performer").path("medicalInstitutionCode").asText())
        .isEqualTo(clinic.medicalInstitutionCode());
  }

  @Test
  void aRetryWithTheSameBytesGetsTheStoredResponseAndOtherBytesUnderTheIdentifierAConflict() {
    VaccinationBundle bundle =
        VaccinationBundle.forChild(family, clinic).dose("BCG", twoMonths.plusWeeks(2), "1", true);
    String body = bundle.json();

    Http.Response first = Http.postFhir(clinicToken, body);
    Http.Response again = Http.postFhir(clinicToken, body);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(records()).isEqualTo(1);

    String other =
        VaccinationBundle.forChild(family, clinic)
            .identifier(bundle.identifierValue())
            .dose("BCG", twoMonths.plusWeeks(2), "1", false)
            .json();
    assertOutcome(Http.postFhir(clinicToken, other), 409, "SKY-2007");
    assertThat(records()).isEqualTo(1);
  }

  @Test
  void aVoluntaryVaccineMarkedRoutineIsRefusedAndNothingOfTheSubmissionIsStored() {
    VaccinationBundle bundle =
        VaccinationBundle.forChild(family, clinic)
            .dose("DPT_IPV_HIB", twoMonths, "1", true)
            .dose("MUMPS", twoMonths, null, true);

    Http.Response refused = Http.postFhir(clinicToken, bundle.json());

    assertOutcome(refused, 422, "SKY-4103");
    assertThat(refused.json().at("/issue/0/expression/0").asText())
        .isEqualTo("Bundle.entry[2].resource.programEligibility[0]");
    assertThat(records()).isZero();
    assertThat(submissions(bundle.identifierValue())).isZero();
  }

  @Test
  void aDoseLabelThatIsNotOfTheVaccinesSeriesIsRefused() {
    VaccinationBundle bundle =
        VaccinationBundle.forChild(family, clinic).dose("BCG", twoMonths, "2", true);

    Http.Response refused = Http.postFhir(clinicToken, bundle.json());

    assertOutcome(refused, 422, "SKY-4104");
    assertThat(refused.json().at("/issue/0/expression/0").asText())
        .isEqualTo("Bundle.entry[1].resource.protocolApplied[0].doseNumberString");
    assertThat(records()).isZero();
  }

  @Test
  void aVaccineNamedOnlyByACodeTheCatalogDoesNotListIsRefused() {
    VaccinationBundle bundle =
        VaccinationBundle.forChild(family, clinic)
            .dose("BCG", twoMonths, null, true)
            .codedOnlyAs(SukoyakaCanonicals.HOT9_SYSTEM, "123456789");

    assertOutcome(Http.postFhir(clinicToken, bundle.json()), 422, "SKY-4101");
    assertThat(records()).isZero();
  }

  @Test
  void aDoseGivenByAnotherFacilityIsRefused() {
    VaccinationBundle bundle =
        VaccinationBundle.forChild(family, clinic)
            .dose("BCG", twoMonths, null, true)
            .performedBy("1399999999");

    assertOutcome(Http.postFhir(clinicToken, bundle.json()), 422, "SKY-4105");
    assertThat(records()).isZero();
  }

  @Test
  void aDoseBeforeTheChildsBirthOrInTheFutureIsRefused() {
    assertOutcome(
        Http.postFhir(
            clinicToken,
            VaccinationBundle.forChild(family, clinic)
                .dose("HEPB", family.childBirthDate().minusDays(3), "1", true)
                .json()),
        422,
        "SKY-4003");
    assertOutcome(
        Http.postFhir(
            clinicToken,
            VaccinationBundle.forChild(family, clinic)
                .dose("HEPB", LocalDate.now().plusDays(3), "1", true)
                .json()),
        422,
        "SKY-4002");
    assertThat(records()).isZero();
  }

  @Test
  void aVaccinationOfAPatientWithoutAHandbookHereIsRefused() {
    Personas.FamilyWithInfant stranger = Personas.familyWithInfant(Personas.municipality());
    assertOutcome(
        Http.postFhir(
            clinicToken,
            VaccinationBundle.forChild(stranger, clinic).dose("BCG", twoMonths, null, true).json()),
        403,
        "SKY-1004");
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ?", stranger.childId()))
        .isZero();
  }

  @Test
  void aVaccinationSubmissionNeedsTheImmunizationScope() {
    String checkupsOnly = Tokens.clinic(Personas.clinicServing(town));
    assertOutcome(
        Http.postFhir(
            checkupsOnly,
            VaccinationBundle.forChild(family, clinic).dose("BCG", twoMonths, null, true).json()),
        403,
        "SKY-1003");
  }

  @Test
  void aBundleThatIsNotAVaccinationSubmissionIsRefusedWithTheProfilesErrors() {
    VaccinationBundle bundle =
        VaccinationBundle.forChild(family, clinic).dose("BCG", twoMonths, null, true);
    bundle.bundle().getEntry().get(1).getResource().setMeta(null);
    ((org.hl7.fhir.r4.model.Immunization) bundle.bundle().getEntry().get(1).getResource())
        .getProgramEligibility()
        .clear();

    Http.Response refused = Http.postFhir(clinicToken, bundle.json());

    assertOutcome(refused, 422, "SKY-2003");
    assertThat(refused.body()).contains("sky-vsub-2");
  }

  @Test
  void thePregnantPersonsRsvVaccinationIsHerRoutineRecordForThePregnancy() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate day = LocalDate.now().minusDays(2);
    Http.Response submitted =
        Http.postFhir(
            clinicToken,
            VaccinationBundle.forPregnantPerson(mother, clinic)
                .dose("RSV_MATERNAL", day, null, !day.isBefore(LocalDate.of(2026, 4, 1)))
                .json());

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    assertThat(submitted.json().at("/entry/0/response/location").asText())
        .isEqualTo("Patient/" + mother.personId());
    Http.Response list =
        Http.get(
            "/api/v1/pregnancies/" + mother.pregnancyId() + "/immunizations",
            Tokens.guardian(mother));
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    JsonNode record = list.json().path("records").get(0);
    assertThat(record.path("kind").asText()).isEqualTo("RSV_MATERNAL");
    assertThat(record.path("credits")).isEmpty();
    assertThat(record.path("explanation").path("ja").asText()).contains("妊娠28週0日");

    // As FHIR, it is the pregnant person's own Immunization.
    Http.Response search =
        Http.get(
            "/fhir/Immunization?patient=Patient/" + mother.personId(), Tokens.guardian(mother));
    assertThat(search.status()).as(search.body()).isEqualTo(200);
    assertThat(search.json().path("total").asInt()).isEqualTo(1);
    assertThat(search.json().at("/entry/0/resource/patient/reference").asText())
        .isEqualTo("Patient/" + mother.personId());
  }

  @Test
  void aChildsVaccineIsNotGivenToThePregnantPerson() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    assertOutcome(
        Http.postFhir(
            clinicToken,
            VaccinationBundle.forPregnantPerson(mother, clinic)
                .dose("BCG", LocalDate.now().minusDays(1), null, false)
                .json()),
        422,
        "SKY-4102");
  }

  private static JsonNode recordOf(JsonNode records, String kind) {
    for (JsonNode record : records) {
      if (kind.equals(record.path("kind").asText())) {
        return record;
      }
    }
    throw new AssertionError("No " + kind + " record in " + records);
  }
}
