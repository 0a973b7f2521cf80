package app.sukoyaka.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One language per guardian for everything the app shows: a checkup's labels, values, judgements
 * and their plain-word explanations in the guardian's language with the Japanese original beside
 * them, dates written with the era when the guardian's calendar asks for it; the language chosen in
 * the app, or for one request by Accept-Language.
 */
class LanguageIT {
  private static final LocalDate FOLLOW_UP = LocalDate.of(2026, 5, 1);

  private final Personas.Municipality town = Personas.municipality();

  /** The family's child had its 3–4-month checkup: 要経過観察, a skin finding, a follow-up day. */
  private String childHandbook(Personas.FamilyWithInfant family) {
    Personas.Clinic clinic = Personas.clinicServing(town);
    Http.Response checkup =
        Http.postFhir(
            Tokens.clinic(clinic),
            InfantCheckupBundle.threeToFourMonths(family, LocalDate.now().minusDays(1))
                .date("follow-up-visit-date", FOLLOW_UP)
                .json());
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);
    return "/api/v1/children/" + family.childId() + "/handbook";
  }

  private static Http.Response get(String path, String token, String acceptLanguage) {
    return Http.send("GET", path, token, null, null, "Accept-Language", acceptLanguage);
  }

  private static JsonNode infantCheckup(JsonNode handbook) {
    for (JsonNode checkup : handbook.path("checkups")) {
      if (checkup.path("kind").asText().equals("infant-3-4-months")) {
        return checkup;
      }
    }
    throw new AssertionError("No 3–4-month checkup in " + handbook);
  }

  private static JsonNode finding(JsonNode checkup, String item) {
    for (JsonNode finding : checkup.path("findings")) {
      if (finding.path("item").asText().equals(item)) {
        return finding;
      }
    }
    throw new AssertionError("No finding " + item + " in " + checkup);
  }

  /** Every text object of a body: objects with a ja member. */
  private static List<JsonNode> texts(JsonNode node) {
    List<JsonNode> found = new ArrayList<>();
    if (node.isObject() && node.has("ja")) {
      found.add(node);
    }
    node.forEach(child -> found.addAll(texts(child)));
    return found;
  }

  @Test
  void aVietnameseSpeakingMotherReadsHerChildsCheckupInVietnameseWithTheJapaneseBesideIt() {
    Personas.FamilyWithInfant family = Personas.familySpeaking(town, "vi", null);
    String path = childHandbook(family);

    Http.Response response = Http.get(path, Tokens.guardian(family.mother()));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.header("Content-Language")).isEqualTo("vi");
    JsonNode checkup = infantCheckup(response.json());
    assertThat(checkup.path("kindLabel").path("ja").asText()).isEqualTo("3～4か月児健康診査");
    assertThat(checkup.path("kindLabel").path("vi").asText())
        .isEqualTo("Khám sức khỏe trẻ 3–4 tháng tuổi");
    JsonNode judgement = checkup.path("overallJudgement");
    assertThat(judgement.path("label").path("ja").asText()).isEqualTo("要経過観察");
    assertThat(judgement.path("label").path("vi").asText()).isEqualTo("Cần theo dõi");
    assertThat(judgement.path("explanation").path("vi").asText()).contains("khám");
    JsonNode skin = finding(checkup, "skin-finding");
    assertThat(skin.path("label").path("vi").asText()).isEqualTo("Da");
    // The clinic's own words stay as the clinic wrote them, inside the translated answer.
    assertThat(skin.path("display").path("vi").asText()).isEqualTo("Có điểm cần lưu ý (乳児湿疹)");
    assertThat(finding(checkup, "head-control").path("display").path("vi").asText())
        .isEqualTo("Có");
    assertThat(finding(checkup, "age-at-checkup").path("display").path("vi").asText())
        .endsWith(" ngày");
    // Two strings a label: never English besides, never all eight languages.
    for (JsonNode text : texts(response.json())) {
      assertThat(text.size()).as(text.toString()).isLessThanOrEqualTo(2);
      assertThat(text.has("en")).as(text.toString()).isFalse();
    }
  }

  @Test
  void forOneScreenSheAsksForPortugueseAndHerSettingStaysVietnamese() {
    Personas.FamilyWithInfant family = Personas.familySpeaking(town, "vi", null);
    String path = childHandbook(family);
    String token = Tokens.guardian(family.mother());

    Http.Response portuguese = get(path, token, "pt-BR, vi;q=0.5");
    Http.Response again = Http.get(path, token);

    assertThat(portuguese.header("Content-Language")).isEqualTo("pt");
    assertThat(infantCheckup(portuguese.json()).path("overallJudgement").path("label").path("pt"))
        .hasToString("\"Acompanhar a evolução\"");
    assertThat(again.header("Content-Language")).isEqualTo("vi");
  }

  @Test
  void aJapaneseMotherWhoNeverChoseReadsJapaneseAloneWithDatesInTheEra() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    String path = childHandbook(family);

    Http.Response response = Http.get(path, Tokens.guardian(family.mother()));

    assertThat(response.header("Content-Language")).isEqualTo("ja");
    JsonNode checkup = infantCheckup(response.json());
    assertThat(checkup.path("overallJudgement").path("label").size()).isEqualTo(1);
    assertThat(finding(checkup, "follow-up-visit-date").path("display").path("ja").asText())
        .isEqualTo("令和8年5月1日");
    // The date itself stays a date for the app.
    assertThat(checkup.path("followUp").path("visitDate").asText()).isEqualTo("2026-05-01");
  }

  @Test
  void aNepaliSpeakingMotherWhoChoseTheJapaneseCalendarSeesTheEraBesideHerDates() {
    Personas.FamilyWithInfant family = Personas.familySpeaking(town, "ne", "japanese");
    String path = childHandbook(family);

    JsonNode checkup = infantCheckup(Http.get(path, Tokens.guardian(family.mother())).json());

    JsonNode date = finding(checkup, "follow-up-visit-date").path("display");
    assertThat(date.path("ja").asText()).isEqualTo("令和8年5月1日");
    assertThat(date.path("ne").asText()).contains("2026").endsWith("(令和8年)");
  }

  @Test
  void staffReadEveryLanguageTheTextWasWrittenInWhateverTheirBrowserAsks() {
    Personas.FamilyWithInfant family = Personas.familySpeaking(town, "vi", null);
    String path = childHandbook(family);

    Http.Response response =
        get(path, Tokens.staff(Personas.staffOf(town)), "vi-VN,vi;q=0.9,ja;q=0.8");

    assertThat(response.header("Content-Language")).isNull();
    JsonNode label = infantCheckup(response.json()).path("overallJudgement").path("label");
    assertThat(label.path("ja").asText()).isEqualTo("要経過観察");
    assertThat(label.path("en").asText()).isEqualTo("Follow-up observation");
  }

  @Test
  void aMotherChoosesVietnameseAndLaterTheJapaneseCalendarAndReadsHerChoiceBack() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    String token = Tokens.guardian(family.mother());

    JsonNode before = Http.get("/api/v1/me/language", token).json();
    Http.Response chose =
        Http.send("PUT", "/api/v1/me/language", token, "application/json", "{\"language\":\"vi\"}");
    Http.Response calendar =
        Http.send(
            "PUT",
            "/api/v1/me/language",
            token,
            "application/json",
            "{\"language\":\"vi\",\"calendar\":\"japanese\"}");

    assertThat(before.path("language").asText()).isEqualTo("ja");
    assertThat(before.path("calendar").asText()).isEqualTo("japanese");
    assertThat(before.path("calendarChosen").asBoolean()).isFalse();
    assertThat(before.path("updatedAt").isNull()).isTrue();
    assertThat(before.path("languages")).hasSize(8);
    assertThat(before.path("languages").get(4).path("name").asText()).isEqualTo("Tiếng Việt");
    assertThat(before.path("languages").get(4).path("reviewed").asBoolean()).isFalse();
    assertThat(chose.status()).as(chose.body()).isEqualTo(200);
    assertThat(chose.json().path("calendar").asText()).isEqualTo("gregorian");
    assertThat(calendar.json().path("calendar").asText()).isEqualTo("japanese");
    assertThat(calendar.json().path("calendarChosen").asBoolean()).isTrue();
    // One language for everything: the notification settings speak it too.
    assertThat(Http.get("/api/v1/me/notification-settings", token).json().path("language").asText())
        .isEqualTo("vi");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND action ="
                    + " 'replace-language'",
                family.mother().loginSubject()))
        .isEqualTo(2);
  }

  @Test
  void aLanguageNotOfferedAndAnUnknownCalendarAreRefusedTogetherAndNothingIsStored() {
    Personas.FamilyWithInfant family = Personas.familySpeaking(town, "ko", null);
    String token = Tokens.guardian(family.mother());

    Http.Response refused =
        Http.send(
            "PUT",
            "/api/v1/me/language",
            token,
            "application/json",
            "{\"language\":\"fr\",\"calendar\":\"lunar\"}");
    Http.Response missing =
        Http.send("PUT", "/api/v1/me/language", token, "application/json", "{}");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-5601");
    assertThat(refused.json().path("errors").findValuesAsText("field"))
        .containsExactly("language", "calendar");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("code").asText()).isEqualTo("SKY-3003");
    assertThat(Http.get("/api/v1/me/language", token).json().path("language").asText())
        .isEqualTo("ko");
  }

  @Test
  void staffHaveNoLanguageSettingHere() {
    Http.Response response = Http.get("/api/v1/me/language", Tokens.staff(Personas.staffOf(town)));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1005");
  }
}
