package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A child who moved keeps the handbook the previous municipality issued; the clinics of the new
 * municipality name the child by that number and its issuer, and their records go to the child the
 * new municipality took in. A clinic of the previous municipality is told the child moved, for a
 * visit since the move, and keeps recording the visits before it where they were made.
 */
class MovedChildAtClinicIT {
  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

  private Personas.Municipality previous;
  private Personas.Municipality next;
  private Personas.VaccinatedInfant infant;
  private UUID movedIn;

  @BeforeEach
  void anInfantWhoMovedWithItsHandbook() {
    previous = Personas.municipality();
    next = Personas.municipality();
    infant = Personas.infantWithTwoMonthVaccinations(previous);
    String nextStaff = Tokens.staff(Personas.staffOf(next));
    JsonNode sent =
        TransferRoundTripIT.transferOut(
            previous, Tokens.staff(Personas.staffOf(previous)), infant.family().childId(), next);
    Http.Response taken =
        TransferRoundTripIT.transferIn(
            next, nextStaff, sent.path("bundle"), Personas.parentMovingIn(next).personId());
    assertThat(taken.status()).as(taken.body()).isEqualTo(201);
    movedIn = UUID.fromString(taken.json().path("transfer").path("childId").asText());
  }

  @Test
  void everyHandbookNumberTheChildHasHadIsKeptWithTheRecordOfEachMunicipality() {
    assertThat(
            Db.text(
                "SELECT source || ':' || issuer_code || ':' || handbook_number"
                    + " FROM child_handbook_number WHERE child_id = ?",
                movedIn))
        .isEqualTo("transfer:" + previous.code() + ":" + infant.family().mother().handbookNumber());
    assertThat(
            Db.text(
                "SELECT source || ':' || issuer_code || ':' || handbook_number"
                    + " FROM child_handbook_number WHERE child_id = ?",
                infant.family().childId()))
        .isEqualTo("issued:" + previous.code() + ":" + infant.family().mother().handbookNumber());
  }

  @Test
  void aClinicOfTheNewMunicipalityRecordsACheckupUnderTheMovedInChildByTheOldHandbookNumber() {
    Personas.Clinic clinic = Personas.clinicServing(next);

    Http.Response submitted =
        Http.postFhir(
            Tokens.clinic(clinic),
            InfantCheckupBundle.threeToFourMonths(infant.family(), TODAY).json());

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE child_id = ? AND municipality_id = ?"
                    + " AND facility_id = ?",
                movedIn,
                next.id(),
                clinic.facilityId()))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE child_id = ?",
                infant.family().childId()))
        .isZero();
  }

  @Test
  void aClinicOfTheNewMunicipalityRecordsADoseUnderTheMovedInChildAndItsScheduleCountsIt() {
    Personas.Clinic clinic = Personas.vaccinatingClinicServing(next);

    Http.Response submitted =
        Http.postFhir(
            Tokens.clinic(clinic),
            VaccinationBundle.forChild(infant.family(), clinic)
                .dose("DPT_IPV_HIB", TODAY, "2", true)
                .json());

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ? AND municipality_id = ?"
                    + " AND dose_label = '2'",
                movedIn,
                next.id()))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id = ? AND dose_label = '2'",
                infant.family().childId()))
        .isZero();
  }

  @Test
  void aClinicOfThePreviousMunicipalityIsToldTheChildMovedAndNothingIsStored() {
    Personas.Clinic oldClinic = Personas.vaccinatingClinicServing(previous);
    String token = Tokens.clinic(oldClinic);

    Http.Response checkup =
        Http.postFhir(token, InfantCheckupBundle.threeToFourMonths(infant.family(), TODAY).json());
    Http.Response dose =
        Http.postFhir(
            token,
            VaccinationBundle.forChild(infant.family(), oldClinic)
                .dose("DPT_IPV_HIB", TODAY, "2", true)
                .json());

    for (Http.Response refused : new Http.Response[] {checkup, dose}) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(422);
      assertThat(refused.body())
          .contains("SKY-6301")
          .contains(next.code())
          .contains(TODAY.toString());
    }
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE child_id IN (?, ?)",
                movedIn,
                infant.family().childId()))
        .isZero();
    assertThat(
            Db.count(
                "SELECT count(*) FROM immunization_record WHERE child_id IN (?, ?)"
                    + " AND dose_label = '2'",
                movedIn,
                infant.family().childId()))
        .isZero();
  }

  @Test
  void aVisitBeforeTheMoveThatThePreviousMunicipalitysClinicSendsLateStaysWithThatMunicipality() {
    Personas.Clinic oldClinic = Personas.clinicServing(previous);

    Http.Response late =
        Http.postFhir(
            Tokens.clinic(oldClinic),
            InfantCheckupBundle.threeToFourMonths(infant.family(), TODAY.minusDays(3)).json());

    assertThat(late.status()).as(late.body()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_encounter WHERE child_id = ? AND municipality_id = ?",
                infant.family().childId(),
                previous.id()))
        .isEqualTo(1);
    assertThat(Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", movedIn))
        .isZero();
  }

  @Test
  void aClinicServingBothMunicipalitiesRecordsUnderTheMunicipalityThatServesTheChildNow() {
    Personas.Clinic both = Personas.clinicServing(previous, next);

    Http.Response submitted =
        Http.postFhir(
            Tokens.clinic(both),
            InfantCheckupBundle.threeToFourMonths(infant.family(), TODAY).json());

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    assertThat(Db.count("SELECT count(*) FROM checkup_encounter WHERE child_id = ?", movedIn))
        .isEqualTo(1);
  }
}
