package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import app.sukoyaka.clinic.VisitConfiguration;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.FhirAssertions;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Prescreenings;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The digital 予診票 end to end over HTTP on PostgreSQL: a guardian fills it in for an infant due for
 * its second doses, gets a QR code, and the clinic redeems it and sees the child, the answers, the
 * records, the forecast and the advisory eligibility; refusals and the access log.
 */
class PrescreeningVisitIT {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private Personas.Municipality town;
  private Personas.InfantDueForSecondDoses infant;
  private Personas.Clinic clinic;
  private String guardian;
  private LocalDate today;

  @BeforeEach
  void anInfantDueForItsSecondDosesAndAClinicInTown() {
    town = Personas.municipality();
    infant = Personas.infantDueForSecondDoses(town);
    clinic = Personas.clinicServing(town);
    guardian = Tokens.guardian(infant.mother());
    today = LocalDate.now(JAPAN);
  }

  private String prescreenings() {
    return "/api/v1/children/" + infant.childId() + "/prescreenings";
  }

  /** "All no, 36.6 ℃, consent given" for the five-in-one vaccine, with changes. */
  private String body(String vaccine, String dose, Consumer<ObjectNode> change) {
    ObjectNode body = Prescreenings.allNo(vaccine, dose, today);
    change.accept((ObjectNode) body.path("answers"));
    return body.toString();
  }

  private JsonNode submit(Consumer<ObjectNode> change) {
    Http.Response response =
        Http.postJson(prescreenings(), guardian, body("DPT_IPV_HIB", "2", change));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  private String token(String prescreeningId) {
    return Prescreenings.visitCode(guardian, infant.childId(), prescreeningId).path("qr").asText();
  }

  private static Http.Response redeem(String clinicToken, String scanned) {
    return Prescreenings.redeem(clinicToken, scanned);
  }

  private static void assertProblem(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("code").asText()).as(response.body()).isEqualTo(code);
  }

  private long accessLog(String action, String outcome, String actor) {
    return Db.count(
        "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = ? AND outcome = ?"
            + " AND actor_id = ? AND purpose IN ('vaccination-visit', 'vaccination-prescreening')",
        infant.childId(),
        action,
        outcome,
        actor);
  }

  private static List<String> rules(JsonNode eligibility) {
    List<String> rules = new ArrayList<>();
    eligibility.path("findings").forEach(f -> rules.add(f.path("rule").asText()));
    return rules;
  }

  @Test
  void aGuardianFillsInThe予診票GetsAQrCodeAndTheClinicReadsTheVisitAndSeesItEligible()
      throws Exception {
    JsonNode prescreening = submit(a -> a.put("birth-weight", 3120));

    assertThat(prescreening.path("status").asText()).isEqualTo("submitted");
    assertThat(prescreening.path("version").asInt()).isEqualTo(1);
    assertThat(prescreening.path("answers").path("temperature").decimalValue())
        .isEqualByComparingTo("36.6");
    JsonNode advice = prescreening.path("eligibility");
    assertThat(advice.path("outcome").asText()).as(advice.toString()).isEqualTo("eligible");
    assertThat(advice.path("dose").asText()).isEqualTo("2");
    assertThat(advice.path("forecast").path("status").asText()).isIn("due", "overdue");
    assertThat(advice.path("advisory").path("ja").asText()).contains("医師");

    String id = prescreening.path("id").asText();
    Http.Response issued =
        Http.postJson(prescreenings() + "/" + id + "/visit-token", guardian, null);
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    String token = issued.json().path("token").asText();
    String qr = issued.json().path("qr").asText();
    assertThat(qr).isEqualTo("sukoyaka-visit:" + token);
    assertThat(
            Duration.between(
                Instant.now(), Instant.parse(issued.json().path("expiresAt").asText())))
        .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(31));
    // Only the token's SHA-256 is stored.
    String sha256 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
    assertThat(Db.count("SELECT count(*) FROM visit_token WHERE token_sha256 = ?", sha256))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM visit_token WHERE token_sha256 = ? OR issued_by = ?",
                token,
                token))
        .isZero();

    Http.Response visit = redeem(Tokens.clinic(clinic), qr);

    assertThat(visit.status()).as(visit.body()).isEqualTo(200);
    JsonNode body = visit.json();
    assertThat(body.path("firstRedemption").asBoolean()).isTrue();
    JsonNode child = body.path("child");
    assertThat(child.path("id").asText()).isEqualTo(infant.childId().toString());
    assertThat(child.path("familyName").asText()).isEqualTo("鈴木");
    assertThat(child.path("birthDate").asText())
        .isEqualTo(infant.family().childBirthDate().toString());
    assertThat(child.path("sex").asText()).isEqualTo("male");
    assertThat(child.path("handbookNumber").path("value").asText())
        .isEqualTo(infant.mother().handbookNumber());
    assertThat(body.path("prescreening").path("id").asText()).isEqualTo(id);
    assertThat(body.path("prescreening").path("status").asText()).isEqualTo("redeemed");
    assertThat(body.path("prescreening").path("answers").path("birth-weight").asInt())
        .isEqualTo(3120);
    JsonNode response = body.path("questionnaireResponse");
    assertThat(response.path("resourceType").asText()).isEqualTo("QuestionnaireResponse");
    assertThat(response.path("questionnaire").asText())
        .isEqualTo("https://sukoyaka.app/fhir/Questionnaire/vaccination-prescreening|0.2.0");
    assertThat(response.path("subject").path("reference").asText())
        .isEqualTo("Patient/" + infant.childId());
    assertThat(body.path("immunizations")).hasSize(3);
    assertThat(body.path("immunizations").get(0).path("date").asText())
        .isEqualTo(infant.firstDoses().toString());
    JsonNode forecast = body.path("forecast");
    assertThat(forecast.path("asOf").asText()).isEqualTo(today.toString());
    boolean dose2 = false;
    for (JsonNode r : forecast.path("recommendations")) {
      if (r.path("vaccine").asText().equals("DPT_IPV_HIB") && r.path("dose").asText().equals("2")) {
        dose2 = true;
        assertThat(r.path("status").asText()).isIn("due", "overdue");
      }
    }
    assertThat(dose2).isTrue();
    JsonNode today = body.path("prescreening").path("eligibility");
    assertThat(today.path("date").asText()).isEqualTo(this.today.toString());
    assertThat(today.path("outcome").asText()).as(today.toString()).isEqualTo("eligible");

    assertThat(accessLog("submit-prescreening", "allowed", infant.mother().loginSubject()))
        .isEqualTo(1);
    assertThat(accessLog("issue-visit-token", "allowed", infant.mother().loginSubject()))
        .isEqualTo(1);
    assertThat(accessLog("redeem-visit-token", "allowed", clinic.clientId())).isEqualTo(1);

    // Shown at the visit, the 予診票 is the record of that visit: no more changes or codes.
    assertProblem(
        Http.send(
            "PUT",
            prescreenings() + "/" + id,
            guardian,
            "application/json",
            body("DPT_IPV_HIB", "2", a -> {})),
        409,
        "SKY-4208");
    assertProblem(
        Http.postJson(prescreenings() + "/" + id + "/visit-token", guardian, null),
        409,
        "SKY-4208");
    assertThat(Http.get(prescreenings() + "/" + id, guardian).json().path("status").asText())
        .isEqualTo("redeemed");
  }

  @Test
  void aFeverOf38IsNotTodayForTheParentAndForTheClinic() {
    JsonNode prescreening = submit(a -> a.put("temperature", 38.0));

    JsonNode advice = prescreening.path("eligibility");
    assertThat(advice.path("outcome").asText()).isEqualTo("not_today");
    assertThat(rules(advice)).containsExactly("fever");
    JsonNode finding = advice.path("findings").get(0);
    assertThat(finding.path("level").asText()).isEqualTo("not_today");
    assertThat(finding.path("answers").get(0).path("answer").path("ja").asText())
        .isEqualTo("38.0 ℃");
    assertThat(finding.path("sources").get(0).path("id").asText()).isEqualTo("kisoku-2");

    JsonNode visit = redeem(Tokens.clinic(clinic), token(prescreening.path("id").asText())).json();
    assertThat(visit.path("prescreening").path("eligibility").path("outcome").asText())
        .isEqualTo("not_today");
  }

  @Test
  void aSevereReactionToAnEarlierDoseIsForTheDoctorToJudgeWithTheAnswers() {
    JsonNode prescreening =
        submit(
            a -> {
              a.put("previous-reaction", true);
              a.put("previous-reaction-vaccine", "五種混合（1回目）");
              a.put("previous-reaction-symptoms", "接種した日の夜に39℃の発熱");
            });

    JsonNode advice = prescreening.path("eligibility");
    assertThat(advice.path("outcome").asText()).isEqualTo("doctor_must_judge");
    assertThat(rules(advice)).containsExactly("previous-reaction");
    List<String> answered = new ArrayList<>();
    advice
        .path("findings")
        .get(0)
        .path("answers")
        .forEach(a -> answered.add(a.path("linkId").asText()));
    assertThat(answered)
        .containsExactly(
            "previous-reaction", "previous-reaction-vaccine", "previous-reaction-symptoms");
  }

  @Test
  void theGuardianReplacesTheAnswersOnTheMorningAndTheClinicSeesTheNewOnes() {
    String id = submit(a -> {}).path("id").asText();
    String qr = token(id);

    Http.Response replaced =
        Http.send(
            "PUT",
            prescreenings() + "/" + id,
            guardian,
            "application/json",
            body("DPT_IPV_HIB", "2", a -> a.put("temperature", 37.6)));

    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().path("version").asInt()).isEqualTo(2);
    assertThat(replaced.json().path("eligibility").path("outcome").asText()).isEqualTo("not_today");
    JsonNode visit = redeem(Tokens.clinic(clinic), qr).json();
    assertThat(visit.path("prescreening").path("answers").path("temperature").decimalValue())
        .isEqualByComparingTo("37.6");
    assertThat(
            Db.count(
                "SELECT count(*) FROM prescreening_answer WHERE prescreening_id = ?::uuid"
                    + " AND link_id = 'temperature' AND decimal_value = 37.6",
                id))
        .isEqualTo(1);
  }

  @Test
  void anExpiredTokenIsRefusedAndTheRefusalLogged() {
    String qr = token(submit(a -> {}).path("id").asText());
    Db.update(
        "UPDATE visit_token SET issued_at = now() - interval '1 hour',"
            + " expires_at = now() - interval '30 minutes' WHERE child_id = ?",
        infant.childId());

    assertProblem(redeem(Tokens.clinic(clinic), qr), 410, "SKY-4212");
    assertThat(accessLog("redeem-visit-token", "denied", clinic.clientId())).isEqualTo(1);
  }

  @Test
  void anotherClinicIsRefusedOnceTheFirstRedeemedItAndTheFirstMayReadAgain() {
    String qr = token(submit(a -> {}).path("id").asText());
    Personas.Clinic other = Personas.clinicServing(town);
    assertThat(redeem(Tokens.clinic(clinic), qr).status()).isEqualTo(200);

    assertProblem(redeem(Tokens.clinic(other), qr), 403, "SKY-4213");
    Http.Response again = redeem(Tokens.clinic(clinic), qr);

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("firstRedemption").asBoolean()).isFalse();
    assertThat(accessLog("redeem-visit-token", "denied", other.clientId())).isEqualTo(1);
    assertThat(accessLog("read-vaccination-visit", "allowed", clinic.clientId())).isEqualTo(1);
  }

  @Test
  void aNewQrCodeReplacesTheOneBeforeIt() {
    String id = submit(a -> {}).path("id").asText();
    String first = token(id);
    String second = token(id);

    assertProblem(redeem(Tokens.clinic(clinic), first), 410, "SKY-4212");
    assertThat(redeem(Tokens.clinic(clinic), second).status()).isEqualTo(200);
  }

  @Test
  void anUnknownTokenIsNotFoundAndAGuardianCannotRedeem() {
    assertProblem(
        redeem(Tokens.clinic(clinic), "sukoyaka-visit:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        404,
        "SKY-4211");
    assertProblem(redeem(Tokens.clinic(clinic), "not a token"), 404, "SKY-4211");
    String qr = token(submit(a -> {}).path("id").asText());
    assertProblem(redeem(guardian, qr), 403, "SKY-1005");
  }

  @Test
  void wrongAnswersAreRefusedWithTheirCodesAndNothingIsStored() {
    assertProblem(
        Http.postJson(
            prescreenings(), guardian, body("DPT_IPV_HIB", "2", a -> a.put("shoe-size", 14))),
        422,
        "SKY-4201");
    assertProblem(
        Http.postJson(
            prescreenings(), guardian, body("DPT_IPV_HIB", "2", a -> a.put("temperature", "36.6"))),
        422,
        "SKY-4202");
    assertProblem(
        Http.postJson(
            prescreenings(), guardian, body("DPT_IPV_HIB", "2", a -> a.remove("consent"))),
        422,
        "SKY-4203");
    Http.Response hot =
        Http.postJson(
            prescreenings(), guardian, body("DPT_IPV_HIB", "2", a -> a.put("temperature", 47.5)));
    assertProblem(hot, 422, "SKY-4204");
    assertThat(hot.json().path("errors").get(0).path("field").asText())
        .isEqualTo("answers.temperature");
    assertProblem(
        Http.postJson(
            prescreenings(),
            guardian,
            body("DPT_IPV_HIB", "2", a -> a.put("rota-intussusception", false))),
        422,
        "SKY-4205");
    assertProblem(
        Http.postJson(prescreenings(), guardian, body("MMR", null, a -> {})), 422, "SKY-4206");
    assertProblem(
        Http.postJson(
            prescreenings(),
            guardian,
            body("DPT_IPV_HIB", "2", a -> {})
                .replace(today.toString(), today.minusDays(1).toString())),
        422,
        "SKY-4207");
    assertProblem(
        Http.postJson(prescreenings(), guardian, "{\"vaccine\":\"ROTA\",\"answers\":{}}"),
        400,
        "SKY-3003");

    assertThat(Db.count("SELECT count(*) FROM prescreening WHERE child_id = ?", infant.childId()))
        .isZero();
    assertThat(accessLog("submit-prescreening", "allowed", infant.mother().loginSubject()))
        .isZero();
  }

  @Test
  void anotherFamilyAndClinicsCannotFillInTheChilds予診票() {
    Personas.Mother stranger = Personas.motherAt20Weeks(town);
    assertProblem(
        Http.postJson(
            prescreenings(), Tokens.guardian(stranger), body("DPT_IPV_HIB", "2", a -> {})),
        403,
        "SKY-1003");
    assertProblem(
        Http.postJson(prescreenings(), Tokens.clinic(clinic), body("DPT_IPV_HIB", "2", a -> {})),
        403,
        "SKY-1005");
    String id = submit(a -> {}).path("id").asText();
    assertProblem(Http.get(prescreenings() + "/" + id, Tokens.guardian(stranger)), 403, "SKY-1003");
    assertProblem(Http.get(prescreenings() + "/" + id, Tokens.clinic(clinic)), 403, "SKY-1005");
    assertThat(Http.get(prescreenings() + "/" + id, Tokens.staff(Personas.staffOf(town))).status())
        .isEqualTo(200);
  }

  @Test
  void aClinicOfAnotherMunicipalityMaySubmitTheChildsDoseOnlyAfterRedeemingTheVisitCode() {
    Personas.Municipality elsewhere = Personas.municipality();
    Personas.Clinic visiting = Personas.vaccinatingClinicServing(elsewhere);
    String visitingToken = Tokens.clinic(visiting);

    FhirAssertions.assertOutcome(
        Http.postFhir(visitingToken, secondDose(infant.family(), visiting)), 403, "SKY-1004");

    String qr = token(submit(a -> {}).path("id").asText());
    Http.Response visit = redeem(visitingToken, qr);
    assertThat(visit.status()).as(visit.body()).isEqualTo(200);
    Http.Response submitted = Http.postFhir(visitingToken, secondDose(infant.family(), visiting));

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    // The family showed the code for a vaccination: the child's checkups stay out of reach.
    FhirAssertions.assertOutcome(
        Http.postFhir(
            visitingToken, InfantCheckupBundle.threeToFourMonths(infant.family(), today).json()),
        403,
        "SKY-1004");
    // The grant is for this child only: the same clinic still cannot write for another child.
    Personas.FamilyWithInfant neighbour = Personas.familyWithInfant(town);
    FhirAssertions.assertOutcome(
        Http.postFhir(visitingToken, secondDose(neighbour, visiting)), 403, "SKY-1004");
  }

  private String secondDose(Personas.FamilyWithInfant family, Personas.Clinic clinic) {
    return VaccinationBundle.forChild(family, clinic).dose("DPT_IPV_HIB", today, "2", true).json();
  }

  @Test
  void theAppGetsTheQuestionsForOneVaccineInJapaneseAndEnglish() {
    Http.Response response = Http.get("/api/v1/vaccination-questionnaire?vaccine=ROTA", guardian);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> linkIds = new ArrayList<>();
    response.json().path("items").forEach(i -> linkIds.add(i.path("linkId").asText()));
    assertThat(linkIds)
        .startsWith("vaccine", "dose", "read-explanation", "temperature")
        .contains("rota-intussusception", "rota-gi-disorder-treated", "consent")
        .doesNotContain("bcg-keloid", "hpv-pregnant");
    JsonNode temperature = response.json().path("items").get(3);
    assertThat(temperature.path("text").path("ja").asText()).contains("体温");
    assertThat(temperature.path("unit").path("code").asText()).isEqualTo("Cel");
    assertThat(temperature.path("max").decimalValue()).isEqualByComparingTo("42");
    assertProblem(
        Http.get("/api/v1/vaccination-questionnaire?vaccine=MMR", guardian), 422, "SKY-4206");
    assertThat(
            Http.get("/api/v1/vaccination-questionnaire", Tokens.clinic(clinic))
                .json()
                .path("items")
                .size())
        .isGreaterThan(linkIds.size());
  }

  @Test
  void theQuestionnaireIsAlsoAFhirResource() {
    Http.Response response =
        Http.get("/fhir/Questionnaire/vaccination-prescreening", Tokens.clinic(clinic));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/fhir+json");
    assertThat(response.json().path("resourceType").asText()).isEqualTo("Questionnaire");
    assertThat(response.json().path("url").asText())
        .isEqualTo("https://sukoyaka.app/fhir/Questionnaire/vaccination-prescreening");
    FhirAssertions.assertOutcome(
        Http.get("/fhir/Questionnaire/favourite-colours", Tokens.clinic(clinic)), 404, "SKY-3001");
  }

  @Test
  void theTokenAndGrantLifetimesAreConfigurableWithTheirDefaults() {
    VisitConfiguration visits = TestService.bean(VisitConfiguration.class);

    assertThat(visits.tokenLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(visits.grantLifetime()).isEqualTo(Duration.ofHours(12));
    String qr = token(submit(a -> {}).path("id").asText());
    JsonNode visit = redeem(Tokens.clinic(clinic), qr).json();
    assertThat(
            Duration.between(
                    Instant.parse(visit.path("redeemedAt").asText()),
                    Instant.parse(visit.path("grantExpiresAt").asText()))
                .toMinutes())
        .isCloseTo(720, within(1L));
  }
}
