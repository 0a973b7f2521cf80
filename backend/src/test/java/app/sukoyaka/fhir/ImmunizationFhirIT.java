package app.sukoyaka.fhir;

import static app.sukoyaka.testing.FhirAssertions.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.profiles.SukoyakaCanonicals;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vaccination records read back as FHIR Immunizations (read, search, $everything, $summary, bulk
 * export) for whoever the access policy lets read them, and retracted by the clinic that submitted
 * them.
 */
class ImmunizationFhirIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Personas.Municipality town;
  private Personas.FamilyWithInfant family;
  private Personas.Clinic clinic;
  private String clinicToken;
  private String guardian;
  private List<String> ids;

  @BeforeEach
  void aClinicVaccinatedTheInfantAndTheFamilyEnteredADoseFromAbroad() {
    town = Personas.municipality();
    family = Personas.familyWithInfant(town);
    clinic = Personas.vaccinatingClinicServing(town);
    clinicToken = Tokens.clinic(clinic);
    guardian = Tokens.guardian(family.mother());
    LocalDate twoMonths = family.childBirthDate().plusMonths(2);
    Http.Response submitted =
        Http.postFhir(
            clinicToken,
            VaccinationBundle.forChild(family, clinic)
                .dose("DPT_IPV_HIB", twoMonths, "1", true)
                .dose("ROTA", twoMonths, "1", true)
                .product("RV1")
                .json());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    ids = new ArrayList<>();
    for (JsonNode entry : submitted.json().path("entry")) {
      String location = entry.at("/response/location").asText();
      if (location.startsWith("Immunization/")) {
        ids.add(location.split("/")[1]);
      }
    }
    Http.Response abroad =
        Http.postJson(
            "/api/v1/children/" + family.childId() + "/immunizations",
            guardian,
            "{\"vaccine\":{\"system\":\"http://hl7.org/fhir/sid/cvx\",\"code\":\"94\"},"
                + "\"date\":\""
                + twoMonths.plusWeeks(3)
                + "\",\"country\":\"US\"}");
    assertThat(abroad.status()).as(abroad.body()).isEqualTo(201);
  }

  private static Http.Response get(String path, String token) {
    return Http.get(path, token);
  }

  @Test
  void theFamilyReadsTheClinicsRecordAsAnImmunizationOfOurProfile() {
    Http.Response read = get("/fhir/Immunization/" + ids.get(1), guardian);

    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.header("ETag")).isEqualTo("W/\"1\"");
    JsonNode immunization = read.json();
    assertThat(immunization.at("/meta/profile/0").asText())
        .isEqualTo(SukoyakaCanonicals.IMMUNIZATION_PROFILE);
    assertThat(immunization.path("status").asText()).isEqualTo("completed");
    assertThat(immunization.path("primarySource").asBoolean()).isTrue();
    assertThat(immunization.at("/patient/reference").asText())
        .isEqualTo("Patient/" + family.childId());
    assertThat(immunization.at("/performer/0/actor/identifier/value").asText())
        .isEqualTo(clinic.medicalInstitutionCode());
    assertThat(immunization.at("/protocolApplied/0/doseNumberString").asText()).isEqualTo("1");
    assertThat(immunization.path("vaccineCode").path("coding").findValuesAsText("code"))
        .containsExactly("ROTA", "RV1");
    assertThat(immunization.toString())
        .contains(SukoyakaCanonicals.VERIFICATION_EXTENSION)
        .contains(SukoyakaCanonicals.CREDIT_EXTENSION);
  }

  @Test
  void theChildsVaccinationsAreSearchedByPatientAndDate() {
    Http.Response all = get("/fhir/Immunization?patient=Patient/" + family.childId(), guardian);
    Http.Response none =
        get(
            "/fhir/Immunization?patient="
                + family.childId()
                + "&date=gt"
                + LocalDate.now().plusDays(1),
            guardian);

    assertThat(all.status()).as(all.body()).isEqualTo(200);
    assertThat(all.json().path("total").asInt()).isEqualTo(3);
    assertThat(all.json().path("entry").get(0).at("/resource/reportOrigin/coding/0/code").asText())
        .as("newest dose first: the family's own entry of the dose given abroad")
        .isEqualTo("parent");
    assertThat(none.json().path("total").asInt()).isZero();
  }

  @Test
  void everythingAndTheSummaryCarryTheVaccinations() {
    Http.Response everything = get("/fhir/Patient/" + family.childId() + "/$everything", guardian);
    assertThat(everything.status()).as(everything.body()).isEqualTo(200);
    assertThat(everything.json().path("entry").findValuesAsText("resourceType"))
        .filteredOn("Immunization"::equals)
        .hasSize(3);

    Http.Response summary = get("/fhir/Patient/" + family.childId() + "/$summary", guardian);
    assertThat(summary.status()).as(summary.body()).isEqualTo(200);
    JsonNode composition = summary.json().at("/entry/0/resource");
    JsonNode section = composition.path("section").get(4);
    assertThat(section.at("/code/coding/0/code").asText()).isEqualTo("11369-6");
    assertThat(section.path("entry")).hasSize(3);
    assertThat(section.has("emptyReason")).isFalse();
    assertThat(section.at("/text/div").asText()).contains("五種混合").contains("unverified");
  }

  @Test
  void onlyThoseThePolicyAllowsReadAVaccination() {
    String submitting = clinicToken;
    String otherClinic = Tokens.clinic(Personas.vaccinatingClinicServing(town));
    String otherGuardian = Tokens.guardian(Personas.motherAt20Weeks(town));
    String staff = Tokens.staff(Personas.staffOf(town));

    assertThat(get("/fhir/Immunization/" + ids.get(0), submitting).status()).isEqualTo(200);
    assertThat(get("/fhir/Immunization/" + ids.get(0), staff).status()).isEqualTo(200);
    assertOutcome(get("/fhir/Immunization/" + ids.get(0), otherClinic), 403, "SKY-1003");
    assertOutcome(get("/fhir/Immunization/" + ids.get(0), otherGuardian), 403, "SKY-1003");
    assertOutcome(
        get("/fhir/Immunization/" + java.util.UUID.randomUUID(), guardian), 404, "SKY-3001");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action ="
                    + " 'read-immunization' AND outcome = 'denied'",
                family.childId()))
        .isEqualTo(2);
  }

  @Test
  void theSubmittingClinicRetractsItsRecordWhichThenLeavesTheHandbookAndAnswers410() {
    String otherClinic = Tokens.clinic(Personas.vaccinatingClinicServing(town));
    Http.Response byOther =
        Http.send("DELETE", "/fhir/Immunization/" + ids.get(0), otherClinic, null, null);
    assertOutcome(byOther, 403, "SKY-2011");
    Http.Response byGuardian =
        Http.send("DELETE", "/fhir/Immunization/" + ids.get(0), guardian, null, null);
    assertOutcome(byGuardian, 403, "SKY-1005");

    Http.Response retracted =
        Http.send("DELETE", "/fhir/Immunization/" + ids.get(0), clinicToken, null, null);

    assertThat(retracted.status()).as(retracted.body()).isEqualTo(204);
    assertOutcome(get("/fhir/Immunization/" + ids.get(0), guardian), 410, "SKY-3004");
    assertOutcome(
        Http.send("DELETE", "/fhir/Immunization/" + ids.get(0), clinicToken, null, null),
        410,
        "SKY-3004");
    JsonNode records =
        Http.get("/api/v1/children/" + family.childId() + "/immunizations", guardian)
            .json()
            .path("records");
    assertThat(records.findValuesAsText("id")).doesNotContain(ids.get(0)).hasSize(2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE id = ?::uuid AND status ="
                    + " 'entered-in-error' AND retracted_by IS NOT NULL AND version = 2",
                ids.get(0)))
        .isEqualTo(1);
  }

  @Test
  void staffExportTheirMunicipalitysVaccinationsAsNdjson() throws Exception {
    String staff = Tokens.staff(Personas.staffOf(town));
    Http.Response kickOff = get("/fhir/$export?_type=Immunization", staff);
    assertThat(kickOff.status()).as(kickOff.body()).isEqualTo(202);
    String status = URI.create(kickOff.header("Content-Location")).getPath();
    JsonNode manifest = null;
    for (int i = 0; i < 100 && manifest == null; i++) {
      Http.Response polled = get(status, staff);
      if (polled.status() == 200) {
        manifest = polled.json();
      } else {
        Thread.sleep(200);
      }
    }
    assertThat(manifest).as("the export completes").isNotNull();
    JsonNode output = manifest.path("output").get(0);
    assertThat(output.path("type").asText()).isEqualTo("Immunization");
    assertThat(output.path("count").asInt()).isEqualTo(3);
    String file = get(URI.create(output.path("url").asText()).getPath(), staff).body();
    for (String line : file.split("\n")) {
      JsonNode immunization = JSON.readTree(line);
      assertThat(immunization.path("resourceType").asText()).isEqualTo("Immunization");
      assertThat(immunization.at("/patient/reference").asText())
          .isEqualTo("Patient/" + family.childId());
    }
  }
}
