package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counts behind a municipality's coverage: only routine, standing, verified doses count, each
 * child once per dose; voluntary, rejected, unverified, retracted and other towns' doses do not.
 */
class ImmunizationCoverageIT {
  private Personas.Municipality town;
  private Personas.Clinic clinic;
  private String clinicToken;
  private String staff;
  private ImmunizationCoverage coverage;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    clinic = Personas.vaccinatingClinicServing(town);
    clinicToken = Tokens.clinic(clinic);
    staff = Tokens.staff(Personas.staffOf(town));
    coverage = TestService.bean(ImmunizationCoverage.class);
  }

  private List<String> submit(VaccinationBundle bundle) {
    Http.Response response = Http.postFhir(clinicToken, bundle.json());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode entry : response.json().path("entry")) {
      String location = entry.at("/response/location").asText();
      if (location.startsWith("Immunization/")) {
        ids.add(location.split("/")[1]);
      }
    }
    return ids;
  }

  private String parentEntry(Personas.FamilyWithInfant family, String kind, LocalDate date) {
    Http.Response entered =
        Http.postJson(
            "/api/v1/children/" + family.childId() + "/immunizations",
            Tokens.guardian(family.mother()),
            "{\"vaccine\":{\"kind\":\""
                + kind
                + "\"},\"date\":\""
                + date
                + "\",\"dose\":\"1\",\"routine\":true}");
    assertThat(entered.status()).as(entered.body()).isEqualTo(201);
    return entered.json().path("id").asText();
  }

  private void decide(String id, String decision) {
    Http.Response decided =
        Http.postJson(
            "/api/v1/immunizations/" + id + "/verification",
            staff,
            "{\"decision\":\"" + decision + "\",\"reason\":\"checked\"}");
    assertThat(decided.status()).as(decided.body()).isEqualTo(200);
  }

  @Test
  void onlyRoutineStandingVerifiedDosesCountEachChildOncePerDose() {
    Personas.FamilyWithInfant first = Personas.familyWithInfant(town);
    Personas.FamilyWithInfant second = Personas.familyWithInfant(town);
    LocalDate twoMonths = first.childBirthDate().plusMonths(2);

    // Counted: the clinic's routine dose, for each child once even when recorded twice.
    submit(VaccinationBundle.forChild(first, clinic).dose("DPT_IPV_HIB", twoMonths, "1", true));
    submit(
        VaccinationBundle.forChild(second, clinic)
            .dose("DPT_IPV_HIB", twoMonths, "1", true)
            .dose("DPT_IPV_HIB", twoMonths.plusDays(1), "1", true));
    // Not counted: voluntary, and a record the clinic retracted.
    submit(VaccinationBundle.forChild(first, clinic).dose("PCV", twoMonths, "1", false));
    String rota =
        submit(VaccinationBundle.forChild(first, clinic).dose("ROTA", twoMonths, "1", true)).get(0);
    assertThat(Http.send("DELETE", "/fhir/Immunization/" + rota, clinicToken, null, null).status())
        .isEqualTo(204);
    // A parent's routine entries: unverified does not count, verified does, rejected never.
    parentEntry(second, "BCG", twoMonths.plusDays(5));
    decide(parentEntry(first, "BCG", twoMonths.plusDays(5)), "verified");
    decide(parentEntry(first, "HEPB", twoMonths.plusDays(5)), "rejected");
    // Another town's child does not count here.
    Personas.Municipality elsewhere = Personas.municipality();
    Personas.Clinic theirs = Personas.vaccinatingClinicServing(elsewhere);
    Personas.FamilyWithInfant away = Personas.familyWithInfant(elsewhere);
    assertThat(
            Http.postFhir(
                    Tokens.clinic(theirs),
                    VaccinationBundle.forChild(away, theirs)
                        .dose("DPT_IPV_HIB", twoMonths, "1", true)
                        .json())
                .status())
        .isEqualTo(200);

    assertThat(coverage.routineDosesOfChildren(town.id()))
        .containsExactly(
            new ImmunizationCoverage.DoseCount("BCG", "1", 1),
            new ImmunizationCoverage.DoseCount("DPT_IPV_HIB", "1", 2));
    assertThat(coverage.routineDosesOfChildren(elsewhere.id()))
        .containsExactly(new ImmunizationCoverage.DoseCount("DPT_IPV_HIB", "1", 1));
  }

  @Test
  void aPregnantPersonsRoutineRsvVaccinationCountsForHerPregnancy() {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate day = LocalDate.now().minusDays(1);
    boolean routine = !day.isBefore(LocalDate.of(2026, 4, 1));
    submit(
        VaccinationBundle.forPregnantPerson(mother, clinic)
            .dose("RSV_MATERNAL", day, null, routine));
    submit(VaccinationBundle.forPregnantPerson(mother, clinic).dose("INFLUENZA", day, null, false));

    assertThat(coverage.routineVaccinationsOfPregnancies(town.id()))
        .containsExactlyElementsOf(
            routine
                ? List.of(new ImmunizationCoverage.PregnancyCount("RSV_MATERNAL", 1))
                : List.of());
  }
}
