package app.sukoyaka.checkup.handbook;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.StatementCount;
import app.sukoyaka.testing.StoredVaccinations;
import app.sukoyaka.testing.Tokens;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What one home costs PostgreSQL. Each source of the home is asked once for all the guardian's
 * handbooks (HandbookHome), so the statements one request runs do not grow with her records, her
 * children or her pregnancies: the guardian and her family (3), the vaccination next steps
 * (records, flags), the infant checkups done and the municipality's checkup settings, the prenatal
 * schedule when a pregnancy is active, the latest records of every timeline source (own records,
 * checkups, vaccinations) with the checkups' judgements, the open 精密健康診査, the unread notices, the
 * access log and the guardian's language.
 */
class HomeStatementsIT {
  private static final String HOME = "/api/v1/me/home";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  /** The most statements a home may run, whatever the family. */
  private static final int BOUND = 16;

  private static StatementCount.Run home(Personas.Mother mother) {
    StatementCount.Run run = StatementCount.get(HOME, Tokens.guardian(mother));
    assertThat(run.response().status()).as(run.response().body()).isEqualTo(200);
    return run;
  }

  private static void vaccinate(Personas.FamilyWithInfant family, Personas.Clinic clinic) {
    for (String vaccine : new String[] {"DPT_IPV_HIB", "PCV", "HEPB", "ROTA"}) {
      StoredVaccinations.clinicDose(
          family,
          clinic.facilityId(),
          vaccine,
          "1",
          family.childBirthDate().plusMonths(2),
          null,
          Instant.now());
    }
  }

  @Test
  void theStatementsOfAHomeDoNotGrowWithTheFamilysRecordsChildrenOrPregnancies() {
    Personas.Municipality town = Personas.municipality();
    Personas.Clinic clinic = Personas.clinicServing(town);
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    StatementCount.Run empty = home(family.mother());
    vaccinate(family, clinic);
    Http.Response checkup =
        Http.postFhir(
            Tokens.clinic(clinic),
            InfantCheckupBundle.threeToFourMonths(family, LocalDate.now().minusDays(1)).json());
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);

    StatementCount.Run one = home(family.mother());

    // A second child with its own vaccinations, an earlier pregnancy, the family's own records.
    UUID second = UUID.randomUUID();
    LocalDate born = LocalDate.now().minusYears(3);
    Db.update(
        "INSERT INTO child (id, municipality_id, pregnancy_id, handbook_number, family_name,"
            + " given_name, birth_date, sex, birth_order, created_at)"
            + " VALUES (?, ?, ?, ?, '鈴木', '葵', ?, 'female', 1, now())",
        second,
        town.id(),
        Personas.earlierPregnancyOf(family.mother()),
        family.mother().handbookNumber() + "2",
        Date.valueOf(born));
    Db.update(
        "INSERT INTO guardianship (person_id, child_id, relationship, since)"
            + " VALUES (?, ?, 'mother', ?)",
        family.mother().personId(),
        second,
        Date.valueOf(born));
    vaccinate(new Personas.FamilyWithInfant(family.mother(), second, born), clinic);
    for (int day = 1; day <= 5; day++) {
      Http.Response own =
          Http.postJson(
              "/api/v1/children/" + family.childId() + "/records",
              Tokens.guardian(family.mother()),
              "{\"clientId\":\""
                  + UUID.randomUUID()
                  + "\",\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
                  + LocalDate.now(JAPAN).minusDays(day)
                  + "\",\"quantity\":{\"value\":6."
                  + day
                  + ",\"unit\":\"kg\"}}");
      assertThat(own.status()).as(own.body()).isEqualTo(201);
    }

    StatementCount.Run grown = home(family.mother());

    assertThat(grown.response().json().path("children")).hasSize(2);
    assertThat(grown.response().json().path("pregnancies")).hasSize(2);
    assertThat(grown.count())
        .as("a larger family with more records:\n%s", grown.listing())
        .isEqualTo(one.count());
    // Once there are checkups their judgements are read, in one more statement.
    assertThat(one.count() - empty.count()).as(one.listing()).isBetween(0, 1);
    assertThat(grown.count()).as(grown.listing()).isLessThanOrEqualTo(BOUND);
    // Her municipalities are worked out once per request, with her language setting (the response
    // is written in it without asking again); a second pooled connection the request takes is
    // given the same ones.
    assertThat(grown.scopes()).as(grown.listing()).hasSizeBetween(1, 2);
    assertThat(grown.scopes().get(0)).contains(" FROM sukoyaka_enter_guardian_scope(");
    assertThat(grown.listing()).doesNotContain("notification_preference");
  }

  @Test
  void aPregnantMothersHomeStaysWithinTheBoundToo() {
    Personas.Municipality town = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(town);

    StatementCount.Run run = home(mother);

    assertThat(run.response().json().path("pregnancies")).hasSize(1);
    assertThat(run.count()).as(run.listing()).isLessThanOrEqualTo(BOUND);
  }
}
