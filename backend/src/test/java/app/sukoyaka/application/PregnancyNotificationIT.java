package app.sukoyaka.application;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.NotificationForms;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestIdentityProvider;
import app.sukoyaka.testing.TestSigningCa;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resident notifies her pregnancy online with her signature; her municipality's staff review it;
 * acceptance issues her handbook, which she sees at her next login.
 */
class PregnancyNotificationIT {
  private static final String MINE = "/api/v1/me/pregnancy-notifications";
  private static final String REVIEW = "/api/v1/pregnancy-notifications";

  private final TestSigningCa ca = TestSigningCa.get();
  private Personas.Municipality town;
  private Personas.Staff staff;
  private Personas.Resident misaki;
  private String misakiToken;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    staff = Personas.staffOf(town);
    misaki = Personas.residentAt(8);
    misakiToken = Tokens.user("resident", misaki.subject());
  }

  private String signedForm(Personas.Resident resident, ObjectNode form) {
    return ca.signer(resident.familyName() + " " + resident.givenName()).sign(form.toString());
  }

  private Http.Response submit(String token, String signed) {
    return Http.postJson(MINE, token, NotificationForms.body(signed));
  }

  private JsonNode submitted() {
    Http.Response response =
        submit(misakiToken, signedForm(misaki, NotificationForms.of(misaki, town)));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  private Http.Response decide(String id, String decision, String body) {
    return Http.postJson(REVIEW + "/" + id + "/" + decision, Tokens.staff(staff), body);
  }

  private static String exchangeLogin(String subject) {
    Http.Response response =
        Http.postForm(
            "/oauth2/token",
            Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token_type", "urn:ietf:params:oauth:token-type:id_token",
                "subject_token",
                    TestIdentityProvider.get()
                        .idToken(
                            TestIdentityProvider.CITIZENS_ISSUER,
                            TestIdentityProvider.CITIZENS_AUDIENCE,
                            subject,
                            Instant.now().plusSeconds(300))));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().path("access_token").asText();
  }

  @Test
  void aResidentAt8WeeksNotifiesHerPregnancyAndGetsHerReceiptWithTheArrivalTime() {
    Instant before = Instant.now();
    JsonNode receipt = submitted();
    Instant after = Instant.now();

    assertThat(receipt.path("status").asText()).isEqualTo("submitted");
    assertThat(receipt.path("receiptNumber").asText()).matches("[0-9]{4}-[0-9]{6}");
    assertThat(receipt.path("municipalityCode").asText()).isEqualTo(town.code());
    Instant arrived = Instant.parse(receipt.path("arrivedAt").asText());
    assertThat(arrived).isBetween(before, after);
    assertThat(receipt.path("form").path("familyName").asText()).isEqualTo("佐藤");
    assertThat(receipt.path("history").get(0).path("actor").asText()).isEqualTo("applicant");
    // Arrived means readable by the municipality: it is in the staff's list with that time.
    JsonNode list = Http.get(REVIEW + "?status=submitted", Tokens.staff(staff)).json();
    assertThat(list.path("items")).hasSize(1);
    assertThat(list.path("items").get(0).path("receiptNumber").asText())
        .isEqualTo(receipt.path("receiptNumber").asText());
    assertThat(Instant.parse(list.path("items").get(0).path("arrivedAt").asText()))
        .isEqualTo(arrived);
    // She reads her own notification and its status.
    JsonNode mine = Http.get(MINE, misakiToken).json();
    assertThat(mine.path("items")).hasSize(1);
    assertThat(mine.path("items").get(0).path("id").asText())
        .isEqualTo(receipt.path("id").asText());
  }

  @Test
  void staffSeeTheVerifiedSignerAndThatHerNameMatches() {
    JsonNode receipt = submitted();

    Http.Response review =
        Http.get(REVIEW + "/" + receipt.path("id").asText(), Tokens.staff(staff));

    assertThat(review.status()).as(review.body()).isEqualTo(200);
    JsonNode verification = review.json().path("verification");
    assertThat(verification.path("algorithm").asText()).isEqualTo("RS256");
    assertThat(verification.path("signer").path("name").asText()).isEqualTo("佐藤 美咲");
    assertThat(verification.path("trustAnchor").asText()).contains("Sukoyaka Test JPKI Signing CA");
    assertThat(verification.path("chainLength").asInt()).isEqualTo(1);
    assertThat(verification.path("nameMatch").asText()).isEqualTo("match");
  }

  @Test
  void aSignerWhoseCertificateNamesSomeoneElseIsMarkedForStaffNotRefused() {
    String signed = ca.signer("高橋 恵子").sign(NotificationForms.of(misaki, town).toString());

    Http.Response response = submit(misakiToken, signed);

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonNode review =
        Http.get(REVIEW + "/" + response.json().path("id").asText(), Tokens.staff(staff)).json();
    assertThat(review.path("verification").path("nameMatch").asText()).isEqualTo("mismatch");
    assertThat(
            Http.get(REVIEW, Tokens.staff(staff))
                .json()
                .path("items")
                .get(0)
                .path("nameMatch")
                .asText())
        .isEqualTo("mismatch");
  }

  @Test
  void acceptanceIssuesTheHandbookAndHerNextLoginShowsThePregnancy() {
    JsonNode receipt = submitted();
    String id = receipt.path("id").asText();
    // Before acceptance her login is a resident's, with no handbook.
    assertThat(Http.get("/api/v1/me", exchangeLogin(misaki.subject())).status()).isEqualTo(403);

    Http.Response accepted = decide(id, "acceptance", null);

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    JsonNode handbook = accepted.json().path("handbook");
    int year = LocalDate.now(ZoneId.of("Asia/Tokyo")).getYear();
    assertThat(handbook.path("handbookNumber").path("value").asText()).isEqualTo(year + "-000001");
    assertThat(accepted.json().path("status").asText()).isEqualTo("accepted");
    JsonNode history = accepted.json().path("history");
    assertThat(history.get(history.size() - 1).path("actor").asText())
        .isEqualTo("staff:" + staff.subject());

    String guardianToken = exchangeLogin(misaki.subject());
    JsonNode me = Http.get("/api/v1/me", guardianToken).json();
    assertThat(me.path("displayName").asText()).isEqualTo("佐藤 美咲");
    assertThat(me.path("pregnancies")).hasSize(1);
    JsonNode pregnancy = me.path("pregnancies").get(0);
    assertThat(pregnancy.path("id").asText()).isEqualTo(handbook.path("pregnancyId").asText());
    assertThat(pregnancy.path("expectedDeliveryDate").asText())
        .isEqualTo(misaki.expectedDeliveryDate().toString());
    assertThat(pregnancy.path("status").asText()).isEqualTo("active");
    assertThat(
            Db.count(
                "SELECT count(*) FROM person WHERE login_subject = ? AND municipality_id = ?",
                misaki.subject(),
                town.id()))
        .isEqualTo(1);

    // Her schedule: the 14 standard visits with a voucher each, from the expected delivery date.
    JsonNode checkups =
        Http.get(
                "/api/v1/pregnancies/" + pregnancy.path("id").asText() + "/prenatal-checkups",
                guardianToken)
            .json();
    assertThat(checkups.path("visits")).hasSize(14);
    JsonNode first = checkups.path("visits").get(0);
    assertThat(first.path("fromWeek").asInt()).isEqualTo(8);
    assertThat(first.path("recommendedFrom").asText())
        .isEqualTo(misaki.expectedDeliveryDate().minusDays(280 - 56).toString());
    assertThat(first.path("voucher").path("number").asText()).isEqualTo(year + "-000001-01");
    assertThat(first.path("voucher").path("status").asText()).isEqualTo("unused");
    // The applicant's view names the handbook too.
    assertThat(
            Http.get(MINE + "/" + id, guardianToken)
                .json()
                .path("handbook")
                .path("pregnancyId")
                .asText())
        .isEqualTo(pregnancy.path("id").asText());
  }

  @Test
  void acceptingTwiceIsRefusedAndIssuesOneHandbook() {
    String id = submitted().path("id").asText();
    assertThat(decide(id, "acceptance", null).status()).isEqualTo(200);

    Http.Response again = decide(id, "acceptance", null);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("code").asText()).isEqualTo("SKY-5316");
    assertThat(Db.count("SELECT count(*) FROM pregnancy WHERE municipality_id = ?", town.id()))
        .isEqualTo(1);
  }

  @Test
  void staffAskForACorrectionAndSheSendsANewlySignedVersionWithTheHistoryKept() {
    String id = submitted().path("id").asText();
    Http.Response asked = decide(id, "correction-request", "{\"message\":\"出産予定日をご確認ください。\"}");
    assertThat(asked.status()).as(asked.body()).isEqualTo(200);
    // Staff cannot accept while waiting for her correction.
    assertThat(decide(id, "acceptance", null).json().path("code").asText()).isEqualTo("SKY-5316");
    JsonNode waiting = Http.get(MINE + "/" + id, misakiToken).json();
    assertThat(waiting.path("status").asText()).isEqualTo("correction_requested");
    assertThat(waiting.path("history").get(1).path("message").asText()).isEqualTo("出産予定日をご確認ください。");
    assertThat(waiting.path("history").get(1).path("actor").asText()).isEqualTo("staff");

    ObjectNode corrected = NotificationForms.of(misaki, town);
    corrected.put("expectedDeliveryDate", misaki.expectedDeliveryDate().plusDays(3).toString());
    Http.Response resent =
        Http.postJson(
            MINE + "/" + id + "/versions",
            misakiToken,
            NotificationForms.body(signedForm(misaki, corrected)));

    assertThat(resent.status()).as(resent.body()).isEqualTo(201);
    assertThat(resent.json().path("status").asText()).isEqualTo("submitted");
    assertThat(resent.json().path("currentVersion").asInt()).isEqualTo(2);
    assertThat(resent.json().path("versions")).hasSize(2);
    assertThat(resent.json().path("form").path("expectedDeliveryDate").asText())
        .isEqualTo(misaki.expectedDeliveryDate().plusDays(3).toString());
    JsonNode review = Http.get(REVIEW + "/" + id, Tokens.staff(staff)).json();
    assertThat(review.path("versions").get(0).path("form").path("expectedDeliveryDate").asText())
        .isEqualTo(misaki.expectedDeliveryDate().toString());
    assertThat(review.path("history")).hasSize(3);
    // A second corrected version without a new request is refused.
    Http.Response unasked =
        Http.postJson(
            MINE + "/" + id + "/versions",
            misakiToken,
            NotificationForms.body(signedForm(misaki, corrected)));
    assertThat(unasked.status()).isEqualTo(409);
    assertThat(unasked.json().path("code").asText()).isEqualTo("SKY-5317");
    // Accepted, the handbook has the corrected date.
    JsonNode accepted = decide(id, "acceptance", null).json();
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy WHERE id = ? AND expected_delivery_date = ?",
                UUID.fromString(accepted.path("handbook").path("pregnancyId").asText()),
                misaki.expectedDeliveryDate().plusDays(3)))
        .isEqualTo(1);
  }

  @Test
  void aRejectionNeedsItsReasonAndIsFinal() {
    String id = submitted().path("id").asText();
    Http.Response noReason = decide(id, "rejection", "{\"message\":\" \"}");
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.json().path("code").asText()).isEqualTo("SKY-5318");

    Http.Response rejected =
        decide(id, "rejection", "{\"message\":\"転出済みのため、転出先の市区町村に届け出てください。\"}");

    assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
    assertThat(rejected.json().path("status").asText()).isEqualTo("rejected");
    assertThat(decide(id, "acceptance", null).json().path("code").asText()).isEqualTo("SKY-5316");
    assertThat(decide(id, "correction-request", "{\"message\":\"x\"}").json().path("code").asText())
        .isEqualTo("SKY-5316");
    assertThat(
            Http.get(MINE + "/" + id, misakiToken)
                .json()
                .path("history")
                .get(1)
                .path("message")
                .asText())
        .startsWith("転出済み");
  }

  @Test
  void staffOfAnotherMunicipalityNeitherReadNorDecide() {
    String id = submitted().path("id").asText();
    Personas.Staff elsewhere = Personas.staffOf(Personas.municipality());

    // Another municipality's notification does not exist for its staff (row-level security).
    assertThat(Http.get(REVIEW + "/" + id, Tokens.staff(elsewhere)).status()).isEqualTo(404);
    assertThat(
            Http.postJson(REVIEW + "/" + id + "/acceptance", Tokens.staff(elsewhere), null)
                .status())
        .isEqualTo(404);
    assertThat(Http.get(REVIEW, Tokens.staff(elsewhere)).json().path("items")).isEmpty();
    assertThat(Db.count("SELECT count(*) FROM pregnancy WHERE municipality_id = ?", town.id()))
        .isZero();
  }

  @Test
  void anotherResidentCannotReadHerNotification() {
    String id = submitted().path("id").asText();
    String other = Tokens.user("resident", Personas.residentAt(10).subject());

    assertThat(Http.get(MINE + "/" + id, other).status()).isEqualTo(404);
    assertThat(Http.get(MINE, other).json().path("items")).isEmpty();
  }

  @Test
  void anIncompleteFormIsRefusedWithEveryItemNamedAndNothingStored() {
    ObjectNode form = NotificationForms.of(misaki, town);
    form.remove("expectedDeliveryDate");
    form.put("familyNameKana", "さとう");
    ((ObjectNode) form.path("answers")).put("feelings", "ecstatic");
    ((ObjectNode) form.path("answers")).put("chronic-condition", true);

    Http.Response response = submit(misakiToken, signedForm(misaki, form));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5313");
    Set<String> fields = new TreeSet<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .containsExactly(
            "answers.chronic-condition-details",
            "answers.feelings",
            "expectedDeliveryDate",
            "familyNameKana");
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy_notification WHERE applicant_subject = ?",
                misaki.subject()))
        .isZero();
  }

  @Test
  void anIndividualNumberTypedIntoTheFormIsRefusedAndNeverStored() {
    ObjectNode form = NotificationForms.of(misaki, town);
    // 12 digits with a valid check digit, and an unknown member carrying it.
    ((ObjectNode) form.path("answers")).put("message-to-staff", "マイナンバーは 1234 5678 9018 です");

    Http.Response response = submit(misakiToken, signedForm(misaki, form));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5314");
    form = NotificationForms.of(misaki, town);
    form.put("individualNumber", "123456789018");
    Http.Response unknownMember = submit(misakiToken, signedForm(misaki, form));
    assertThat(unknownMember.json().path("code").asText()).isEqualTo("SKY-5313");
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy_notification WHERE applicant_subject = ?",
                misaki.subject()))
        .isZero();
  }

  @Test
  void aNotificationToAMunicipalityNotServedHereIsRefused() {
    ObjectNode form = NotificationForms.of(misaki, town);
    form.put("municipalityCode", "999999");

    Http.Response response = submit(misakiToken, signedForm(misaki, form));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5315");
  }

  @Test
  void aMotherWithAHandbookNotifiesHerNextPregnancyAsAGuardian() {
    Personas.Mother yuko = Personas.motherAt20Weeks(town);
    Db.update("UPDATE pregnancy SET status = 'delivered' WHERE id = ?", yuko.pregnancyId());
    Personas.Resident again =
        new Personas.Resident(
            yuko.loginSubject(),
            "鈴木",
            "優子",
            "スズキ",
            "ユウコ",
            yuko.birthDate(),
            misaki.expectedDeliveryDate());
    Http.Response response =
        submit(Tokens.guardian(yuko), signedForm(again, NotificationForms.of(again, town)));
    assertThat(response.status()).as(response.body()).isEqualTo(201);

    decide(response.json().path("id").asText(), "acceptance", null);

    JsonNode me = Http.get("/api/v1/me", Tokens.guardian(yuko)).json();
    assertThat(me.path("pregnancies")).hasSize(2);
    assertThat(me.path("guardianId").asText()).isEqualTo(yuko.personId().toString());
  }

  @Test
  void concurrentAcceptancesGiveConsecutiveHandbookNumbersWithoutGaps() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Personas.Resident resident = Personas.residentAt(8 + i);
      Http.Response response =
          submit(
              Tokens.user("resident", resident.subject()),
              signedForm(resident, NotificationForms.of(resident, town)));
      assertThat(response.status()).as(response.body()).isEqualTo(201);
      ids.add(response.json().path("id").asText());
    }
    String token = Tokens.staff(staff);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Http.Response>> results = new ArrayList<>();
    for (String id : ids) {
      Callable<Http.Response> accept =
          () -> Http.postJson(REVIEW + "/" + id + "/acceptance", token, null);
      results.add(pool.submit(accept));
    }
    Set<String> numbers = new TreeSet<>();
    for (Future<Http.Response> result : results) {
      Http.Response response = result.get();
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      numbers.add(response.json().path("handbook").path("handbookNumber").path("value").asText());
    }
    pool.shutdown();

    int year = LocalDate.now(ZoneId.of("Asia/Tokyo")).getYear();
    assertThat(numbers)
        .containsExactly(
            year + "-000001",
            year + "-000002",
            year + "-000003",
            year + "-000004",
            year + "-000005",
            year + "-000006");
    assertThat(
            Db.count("SELECT count(*) FROM prenatal_voucher WHERE municipality_id = ?", town.id()))
        .isEqualTo(6 * 14);
  }
}
