package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT/DELETE /api/v1/children/{childId}/immunization-flags/{flag}} over HTTP: staff set and
 * clear flags, a guardian declares that the child had varicella, and the forecast follows.
 */
class ImmunizationFlagsIT {
  private Personas.Municipality town;
  private Personas.FamilyWithInfant family;
  private String guardian;
  private String staff;

  @BeforeEach
  void aFamilyAndTheirMunicipalitysStaff() {
    town = Personas.municipality();
    family = Personas.familyWithInfant(town);
    guardian = Tokens.guardian(family.mother());
    staff = Tokens.staff(Personas.staffOf(town));
  }

  private String flag(String name) {
    return "/api/v1/children/" + family.childId() + "/immunization-flags/" + name;
  }

  private Http.Response put(String name, String token) {
    return Http.send("PUT", flag(name), token, null, null);
  }

  private Http.Response delete(String name, String token) {
    return Http.send("DELETE", flag(name), token, null, null);
  }

  private JsonNode varicella(String token) {
    JsonNode schedule =
        Http.get("/api/v1/children/" + family.childId() + "/immunization-schedule", token).json();
    for (JsonNode vaccine : schedule.path("vaccines")) {
      if (vaccine.path("vaccine").asText().equals("VAR")) {
        return vaccine;
      }
    }
    throw new AssertionError("no VAR in " + schedule);
  }

  private long rows(String where) {
    return Db.count(
        "SELECT count(*) FROM child_immunization_flag WHERE child_id = ? AND " + where,
        family.childId());
  }

  @Test
  void aGuardiansDeclarationOfVaricellaTakesTheVaccineOutOfTheRoutineSchedule() {
    assertThat(varicella(guardian).path("status").asText()).isEqualTo("not_yet");

    Http.Response response = put("hadVaricella", guardian);

    assertThat(response.status()).isEqualTo(200);
    JsonNode stated = response.json();
    assertThat(stated.path("flag").asText()).isEqualTo("hadVaricella");
    assertThat(stated.path("setBy").asText()).isEqualTo("guardian");
    assertThat(stated.path("label").path("ja").asText()).isEqualTo("水痘にかかったことがある");
    JsonNode var = varicella(guardian);
    assertThat(var.path("status").asText()).isEqualTo("ineligible");
    assertThat(var.path("doses").get(0).path("source").path("rule").asText())
        .isEqualTo("VAR/excludedBy/hadVaricella");
    JsonNode schedule =
        Http.get("/api/v1/children/" + family.childId() + "/immunization-schedule", staff).json();
    assertThat(schedule.path("flags").get(0).path("setBy").asText()).isEqualTo("guardian");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ?"
                    + " AND action = 'set-immunization-flag' AND outcome = 'allowed'",
                family.childId()))
        .isEqualTo(1);
  }

  @Test
  void staffConfirmAGuardiansDeclarationAndOnlyStaffClearWhatTheySet() {
    put("hadVaricella", guardian);

    JsonNode confirmed = put("hadVaricella", staff).json();
    Http.Response guardianClears = delete("hadVaricella", guardian);
    Http.Response guardianAgain = put("hadVaricella", guardian);

    assertThat(confirmed.path("setBy").asText()).isEqualTo("staff");
    assertThat(guardianClears.status()).isEqualTo(403);
    assertThat(guardianClears.json().path("code").asText()).isEqualTo("SKY-4302");
    assertThat(guardianAgain.json().path("setBy").asText()).isEqualTo("staff");
    assertThat(delete("hadVaricella", staff).status()).isEqualTo(204);
    assertThat(varicella(guardian).path("status").asText()).isEqualTo("not_yet");
    // Both statements stay on record, closed by whoever replaced or cleared them.
    assertThat(rows("cleared_at IS NOT NULL")).isEqualTo(2);
    assertThat(rows("cleared_at IS NULL")).isZero();
    assertThat(rows("set_by_role = 'guardian' AND cleared_by_role = 'staff'")).isEqualTo(1);
  }

  @Test
  void aGuardianWithdrawsTheirOwnDeclarationAndClearingAFlagThatDoesNotHoldChangesNothing() {
    put("hadVaricella", guardian);

    assertThat(delete("hadVaricella", guardian).status()).isEqualTo(204);
    assertThat(delete("hadVaricella", guardian).status()).isEqualTo(204);
    assertThat(rows("cleared_at IS NOT NULL")).isEqualTo(1);
  }

  @Test
  void stafCertifyTheMrReliefAndAGuardianMayNot() {
    Http.Response byGuardian = put("mrShortageReliefCertified", guardian);
    Http.Response byStaff = put("mrShortageReliefCertified", staff);

    assertThat(byGuardian.status()).isEqualTo(403);
    assertThat(byGuardian.json().path("code").asText()).isEqualTo("SKY-4301");
    assertThat(byStaff.status()).isEqualTo(200);
    assertThat(byStaff.json().path("setBy").asText()).isEqualTo("staff");
    assertThat(rows("flag = 'mrShortageReliefCertified' AND cleared_at IS NULL")).isEqualTo(1);
  }

  @Test
  void clinicsOtherFamiliesAndOtherMunicipalitiesAreRefusedAndUnknownFlagsAndChildrenToo() {
    Personas.Clinic clinic = Personas.clinicServing(town);
    String stranger = Tokens.guardian(Personas.familyWithInfant(town).mother());
    String otherStaff = Tokens.staff(Personas.staffOf(Personas.municipality()));

    Http.Response byClinic = put("hadVaricella", Tokens.clinic(clinic));
    Http.Response byStranger = put("hadVaricella", stranger);
    Http.Response byOtherStaff = delete("hadVaricella", otherStaff);
    Http.Response unknownFlag = put("hadMeasles", staff);
    Http.Response unknownChild =
        Http.send(
            "PUT",
            "/api/v1/children/" + UUID.randomUUID() + "/immunization-flags/hadVaricella",
            staff,
            null,
            null);

    assertThat(byClinic.status()).isEqualTo(403);
    assertThat(byClinic.json().path("code").asText()).isEqualTo("SKY-1005");
    assertThat(byStranger.status()).isEqualTo(403);
    assertThat(byStranger.json().path("code").asText()).isEqualTo("SKY-1003");
    // Another municipality's child does not exist for its staff (row-level security).
    assertThat(byOtherStaff.status()).isEqualTo(404);
    assertThat(unknownFlag.status()).isEqualTo(422);
    assertThat(unknownFlag.json().path("code").asText()).isEqualTo("SKY-4008");
    assertThat(unknownChild.status()).isEqualTo(404);
    assertThat(rows("true")).isZero();
  }
}
