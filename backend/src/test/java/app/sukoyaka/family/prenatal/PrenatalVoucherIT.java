package app.sukoyaka.family.prenatal;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.NotificationForms;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.TestSigningCa;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A mother whose notification was accepted takes her 受診券 to a clinic under contract; the clinic
 * uses one for the visit, once, and her app shows it used with the clinic's name at once.
 */
class PrenatalVoucherIT {
  private static final String USE = "/api/v1/clinic/prenatal-vouchers/uses";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private Personas.Municipality town;
  private Personas.Resident misaki;
  private UUID pregnancyId;
  private String handbookNumber;
  private Personas.Clinic clinic;

  @BeforeEach
  void aResidentAt12WeeksHasHerHandbook() {
    town = Personas.municipality();
    misaki = Personas.residentAt(12);
    clinic = Personas.clinicServing(town);
    Http.Response submitted =
        Http.postJson(
            "/api/v1/me/pregnancy-notifications",
            Tokens.user("resident", misaki.subject()),
            NotificationForms.body(
                TestSigningCa.get().signer("佐藤 美咲").sign(NotificationForms.json(misaki, town))));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    JsonNode accepted =
        Http.postJson(
                "/api/v1/pregnancy-notifications/"
                    + submitted.json().path("id").asText()
                    + "/acceptance",
                Tokens.staff(Personas.staffOf(town)),
                null)
            .json();
    pregnancyId = UUID.fromString(accepted.path("handbook").path("pregnancyId").asText());
    handbookNumber = accepted.path("handbook").path("handbookNumber").path("value").asText();
  }

  private String use(String voucher, LocalDate birthDate, LocalDate visit) {
    return "{\"municipalityCode\":\""
        + town.code()
        + "\",\"voucherNumber\":\""
        + voucher
        + "\",\"motherBirthDate\":\""
        + birthDate
        + "\",\"visitDate\":\""
        + visit
        + "\"}";
  }

  private Http.Response useVoucher(Personas.Clinic by, String voucher) {
    return Http.postJson(
        USE, Tokens.clinic(by), use(voucher, misaki.birthDate(), LocalDate.now(JAPAN)));
  }

  @Test
  void aClinicUsesHerThirdVoucherAndHerAppShowsItUsedWithTheClinicsName() {
    Http.Response used = useVoucher(clinic, handbookNumber + "-03");

    assertThat(used.status()).as(used.body()).isEqualTo(200);
    assertThat(used.json().path("status").asText()).isEqualTo("used");
    assertThat(used.json().path("usedOn").asText()).isEqualTo(LocalDate.now(JAPAN).toString());
    String guardian = Tokens.user("guardian", misaki.subject());
    JsonNode visits =
        Http.get("/api/v1/pregnancies/" + pregnancyId + "/prenatal-checkups", guardian)
            .json()
            .path("visits");
    JsonNode third = visits.get(2).path("voucher");
    assertThat(third.path("status").asText()).isEqualTo("used");
    assertThat(third.path("usedBy").path("name").asText())
        .isEqualTo("テストクリニック " + clinic.medicalInstitutionCode());
    assertThat(visits.get(3).path("voucher").path("status").asText()).isEqualTo("unused");
  }

  private JsonNode nextPrenatalCheckup() {
    Http.Response home = Http.get("/api/v1/me/home", Tokens.user("guardian", misaki.subject()));
    assertThat(home.status()).as(home.body()).isEqualTo(200);
    for (JsonNode step : home.json().path("pregnancies").get(0).path("next")) {
      if (step.path("source").asText().equals("prenatal-checkup")) {
        return step;
      }
    }
    throw new AssertionError("No 妊婦健診 on the home: " + home.body());
  }

  @Test
  void herHomeShowsTheNextCheckupAndOnceItsVoucherIsUsedTheOneAfter() {
    JsonNode next = nextPrenatalCheckup();
    String code = next.path("code").asText();
    int visit = Integer.parseInt(code.substring("visit-".length()));

    Http.Response used = useVoucher(clinic, handbookNumber + "-" + String.format("%02d", visit));
    JsonNode after = nextPrenatalCheckup();

    assertThat(next.path("status").asText()).isIn("due", "upcoming");
    assertThat(next.path("title").path("ja").asText()).startsWith("妊婦健診（" + visit + "回目");
    assertThat(next.path("link").asText())
        .isEqualTo("/api/v1/pregnancies/" + pregnancyId + "/prenatal-checkups");
    assertThat(used.status()).as(used.body()).isEqualTo(200);
    assertThat(after.path("code").asText()).isEqualTo("visit-" + (visit + 1));
  }

  @Test
  void aVoucherIsUsedOnlyOnce() {
    assertThat(useVoucher(clinic, handbookNumber + "-01").status()).isEqualTo(200);

    Http.Response again = useVoucher(Personas.clinicServing(town), handbookNumber + "-01");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("code").asText()).isEqualTo("SKY-5321");
  }

  @Test
  void ofTwoClinicsUsingTheSameVoucherAtOnceOneWins() throws Exception {
    List<Personas.Clinic> clinics = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clinics.add(Personas.clinicServing(town));
      tokens.add(Tokens.clinic(clinics.get(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Http.Response>> results = new ArrayList<>();
    for (String token : tokens) {
      Callable<Http.Response> call =
          () ->
              Http.postJson(
                  USE,
                  token,
                  use(handbookNumber + "-02", misaki.birthDate(), LocalDate.now(JAPAN)));
      results.add(pool.submit(call));
    }
    int won = 0;
    int refused = 0;
    for (Future<Http.Response> result : results) {
      int status = result.get().status();
      won += status == 200 ? 1 : 0;
      refused += status == 409 ? 1 : 0;
    }
    pool.shutdown();

    assertThat(won).isEqualTo(1);
    assertThat(refused).isEqualTo(3);
    assertThat(
            Db.count(
                "SELECT count(*) FROM prenatal_voucher WHERE pregnancy_id = ?"
                    + " AND used_at IS NOT NULL",
                pregnancyId))
        .isEqualTo(1);
  }

  @Test
  void aClinicWithoutAContractWithHerMunicipalityCannotUseIt() {
    Personas.Clinic elsewhere = Personas.clinicServing(Personas.municipality());

    Http.Response response = useVoucher(elsewhere, handbookNumber + "-01");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1004");
  }

  @Test
  void aWrongBirthDateLooksLikeAVoucherThatDoesNotExist() {
    Http.Response wrong =
        Http.postJson(
            USE,
            Tokens.clinic(clinic),
            use(handbookNumber + "-01", misaki.birthDate().plusDays(1), LocalDate.now(JAPAN)));
    Http.Response missing = useVoucher(clinic, handbookNumber + "-99");

    assertThat(wrong.status()).isEqualTo(404);
    assertThat(wrong.json().path("code").asText()).isEqualTo("SKY-5320");
    assertThat(missing.json().path("code").asText()).isEqualTo("SKY-5320");
  }

  @Test
  void aVisitInTheFutureIsRefused() {
    Http.Response response =
        Http.postJson(
            USE,
            Tokens.clinic(clinic),
            use(handbookNumber + "-01", misaki.birthDate(), LocalDate.now(JAPAN).plusDays(1)));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5323");
  }

  @Test
  void vouchersOfAPregnancyThatEndedCannotBeUsed() {
    Db.update("UPDATE pregnancy SET status = 'delivered' WHERE id = ?", pregnancyId);

    Http.Response response = useVoucher(clinic, handbookNumber + "-05");

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5322");
  }

  @Test
  void onlyHerAndHerMunicipalitysStaffReadTheSchedule() {
    Personas.Mother someoneElse = Personas.motherAt20Weeks(town);
    String path = "/api/v1/pregnancies/" + pregnancyId + "/prenatal-checkups";

    assertThat(Http.get(path, Tokens.guardian(someoneElse)).status()).isEqualTo(403);
    assertThat(Http.get(path, Tokens.staff(Personas.staffOf(town))).status()).isEqualTo(200);
    // Another municipality's pregnancy does not exist for its staff (row-level security).
    assertThat(Http.get(path, Tokens.staff(Personas.staffOf(Personas.municipality()))).status())
        .isEqualTo(404);
  }

  @Test
  void upcomingListsTheVisitsStillAheadWithTheirVouchersForTheHandbookHome() {
    useVoucher(clinic, handbookNumber + "-01");
    PrenatalSchedule schedule = TestService.bean(PrenatalSchedule.class);
    LocalDate today = LocalDate.now(JAPAN);

    List<PrenatalVisit> upcoming = schedule.upcoming(pregnancyId, today);

    // At 12 weeks: visit 1 (weeks 8-11) is past and used; visit 2 (weeks 12-15) is next.
    assertThat(upcoming).isNotEmpty();
    assertThat(upcoming.get(0).number()).isEqualTo(2);
    assertThat(upcoming.get(0).voucher().number()).isEqualTo(handbookNumber + "-02");
    assertThat(upcoming.get(0).voucher().used()).isFalse();
    assertThat(upcoming).hasSize(13);
    assertThat(schedule.upcoming(pregnancyId, misaki.expectedDeliveryDate().plusDays(1))).isEmpty();
  }
}
