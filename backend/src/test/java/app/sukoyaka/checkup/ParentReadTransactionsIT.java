package app.sukoyaka.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.StatementCount;
import app.sukoyaka.testing.StoredVaccinations;
import app.sukoyaka.testing.Tokens;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a parent's read of a child's handbook or vaccination schedule costs the connection pool: the
 * rows, the access decision and the access log's row in one transaction on one connection (the
 * reader's language setting comes with her scope, so the response filter takes none), so that 64
 * parents reading at once queue for the pool once per read, not four or five times. A parent's
 * decision does not weigh which clinics submitted the records, so they are not asked for. Every
 * answered read still leaves exactly one access log row, written in that transaction; a refused
 * read is logged after it.
 */
class ParentReadTransactionsIT {
  /** The read's transaction, nothing else. */
  private static final int CONNECTIONS = 1;

  private Personas.FamilyWithInfant family;

  @BeforeEach
  void anInfantWithACheckupAndTwoVaccinations() {
    Personas.Municipality town = Personas.municipality();
    Personas.Clinic clinic = Personas.clinicServing(town);
    family = Personas.familyWithInfant(town);
    for (String vaccine : new String[] {"DPT_IPV_HIB", "PCV"}) {
      StoredVaccinations.clinicDose(
          family,
          clinic.facilityId(),
          vaccine,
          "1",
          family.childBirthDate().plusMonths(2),
          null,
          Instant.now());
    }
    Http.Response checkup =
        Http.postFhir(
            Tokens.clinic(clinic),
            InfantCheckupBundle.threeToFourMonths(family, LocalDate.now().minusDays(1)).json());
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);
  }

  private long logged(String action, String actor, String outcome) {
    return Db.count(
        "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = ? AND actor_id = ?"
            + " AND outcome = ?",
        family.childId(),
        action,
        actor,
        outcome);
  }

  private static long accessLogInserts(StatementCount.Run run) {
    return run.statements().stream().filter(s -> s.startsWith("INSERT INTO access_log")).count();
  }

  @Test
  void aHandbookReadTakesOneConnectionForItsRowsAndItsLogAndEveryReadIsLogged() {
    String path = "/api/v1/children/" + family.childId() + "/handbook";
    String token = Tokens.guardian(family.mother());
    for (int read = 1; read <= 3; read++) {
      StatementCount.Run run = StatementCount.get(path, token);

      assertThat(run.response().status()).as(run.response().body()).isEqualTo(200);
      assertThat(run.response().json().path("checkups")).isNotEmpty();
      assertThat(run.connections()).as(run.listing()).isEqualTo(CONNECTIONS);
      assertThat(run.listing()).doesNotContain("facility_id FROM");
      assertThat(accessLogInserts(run)).as(run.listing()).isEqualTo(1);
      assertThat(logged("read-handbook", family.mother().loginSubject(), "allowed"))
          .isEqualTo(read);
    }
  }

  @Test
  void aScheduleReadTakesOneConnectionForItsRowsItsForecastAndItsLog() {
    String path = "/api/v1/children/" + family.childId() + "/immunization-schedule";
    String token = Tokens.guardian(family.mother());
    for (int read = 1; read <= 2; read++) {
      StatementCount.Run run = StatementCount.get(path, token);

      assertThat(run.response().status()).as(run.response().body()).isEqualTo(200);
      assertThat(run.connections()).as(run.listing()).isEqualTo(CONNECTIONS);
      assertThat(run.listing()).doesNotContain("facility_id FROM");
      assertThat(accessLogInserts(run)).as(run.listing()).isEqualTo(1);
      assertThat(logged("read-immunization-schedule", family.mother().loginSubject(), "allowed"))
          .isEqualTo(read);
    }
  }

  @Test
  void anotherFamilysGuardianIsRefusedBothReadsEachRefusalLoggedAndNothingLoggedAsAllowed() {
    // Of the same municipality: another municipality's child does not exist for her (404).
    Personas.Mother other = Personas.motherAt20Weeks(family.mother().municipality());
    String token = Tokens.guardian(other);

    StatementCount.Run handbook =
        StatementCount.get("/api/v1/children/" + family.childId() + "/handbook", token);
    StatementCount.Run schedule =
        StatementCount.get(
            "/api/v1/children/" + family.childId() + "/immunization-schedule", token);

    assertThat(handbook.response().status()).isEqualTo(403);
    assertThat(handbook.response().json().path("code").asText()).isEqualTo("SKY-1003");
    assertThat(schedule.response().status()).isEqualTo(403);
    assertThat(logged("read-handbook", other.loginSubject(), "denied")).isEqualTo(1);
    assertThat(logged("read-immunization-schedule", other.loginSubject(), "denied")).isEqualTo(1);
    assertThat(logged("read-handbook", other.loginSubject(), "allowed")).isZero();
    assertThat(logged("read-immunization-schedule", other.loginSubject(), "allowed")).isZero();
    // The refusal is logged in a transaction of its own once the read's has ended.
    assertThat(accessLogInserts(handbook)).isEqualTo(1);
    assertThat(accessLogInserts(schedule)).isEqualTo(1);
  }
}
