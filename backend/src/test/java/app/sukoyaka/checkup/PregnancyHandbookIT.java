package app.sukoyaka.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.Tokens;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may read a pregnancy's handbook, and that every read is logged. */
class PregnancyHandbookIT {
  private Personas.Municipality town;
  private Personas.Mother mother;
  private String path;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    path = "/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook";
  }

  @Test
  void theMotherReadsHerOwnHandbookEvenBeforeAnyCheckup() {
    Http.Response response = Http.get(path, Tokens.guardian(mother));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("pregnancy").path("handbookNumber").path("value").asText())
        .isEqualTo(mother.handbookNumber());
    assertThat(response.json().path("pregnancy").path("motherName").asText()).isEqualTo("鈴木 優子");
    assertThat(response.json().path("checkups")).isEmpty();
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'read-handbook'"
                    + " AND actor_id = ? AND outcome = 'allowed'",
                mother.pregnancyId(),
                mother.loginSubject()))
        .isEqualTo(1);
  }

  @Test
  void aGuardianReadingAnotherFamilysPregnancyIsRefusedAndTheAttemptLogged() {
    Personas.Mother other = Personas.motherAt20Weeks(town);

    Http.Response response = Http.get(path, Tokens.guardian(other));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1003");
    assertThat(response.body()).doesNotContain(mother.handbookNumber());
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND actor_id = ?"
                    + " AND outcome = 'denied'",
                mother.pregnancyId(),
                other.loginSubject()))
        .isEqualTo(1);
  }

  @Test
  void staffOfTheMunicipalityReadTheHandbook() {
    assertThat(Http.get(path, Tokens.staff(Personas.staffOf(town))).status()).isEqualTo(200);
  }

  @Test
  void staffOfAnotherMunicipalityAreRefused() {
    Http.Response response =
        Http.get(path, Tokens.staff(Personas.staffOf(Personas.municipality())));

    // Another municipality's records do not exist for its staff (row-level security).
    assertThat(response.status()).isEqualTo(404);
  }

  @Test
  void aClinicReadsOnlyPregnanciesItSubmittedCheckupsFor() {
    Personas.Clinic clinic = Personas.clinicServing(town);
    String token = Tokens.clinic(clinic);
    assertThat(Http.get(path, token).status()).isEqualTo(403);

    Http.postFhir(token, PrenatalBundle.fullVisit(mother, LocalDate.now()).json());

    assertThat(Http.get(path, token).status()).isEqualTo(200);
  }

  @Test
  void aPregnancyIdThatIsNotAUuidIsABadRequest() {
    Http.Response response =
        Http.get("/api/v1/pregnancies/not-a-uuid/handbook", Tokens.guardian(mother));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
  }

  @Test
  void anUnknownPregnancyIsNotFound() {
    Http.Response response =
        Http.get(
            "/api/v1/pregnancies/00000000-0000-7000-8000-000000000000/handbook",
            Tokens.guardian(mother));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-3001");
  }
}
