package app.sukoyaka.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.StatementCount;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The screens parents use most — the home, the timeline, their own records with the handbook's
 * questions, the growth chart and the pregnancy notification form — read in the parent's language
 * with the Japanese original beside every text, and never fall back to English for a reader of
 * another language.
 */
class ParentScreensLanguageIT {
  private static final Map<String, String> STATUS_VI =
      Map.of(
          "overdue", "Đã quá thời gian thông thường",
          "due", "Có thể thực hiện ngay bây giờ",
          "upcoming", "Sắp đến");

  private static final Map<String, String> LEVEL_VI =
      Map.of(
          "ok", "Không có vấn đề",
          "info", "Thông tin",
          "attention", "Theo dõi hoặc kiểm tra lại",
          "action", "Cần đi khám");

  private final Personas.Municipality town = Personas.municipality();

  private static LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Tokyo"));
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

  /** Japanese and one more language at most, and that one never English. */
  private static void noEnglishFallback(JsonNode body) {
    for (JsonNode text : texts(body)) {
      assertThat(text.size()).as(text.toString()).isLessThanOrEqualTo(2);
      assertThat(text.has("en")).as(text.toString()).isFalse();
    }
  }

  private static JsonNode ok(Http.Response response, String language) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.header("Content-Language")).isEqualTo(language);
    return response.json();
  }

  @Test
  void aVietnameseMotherReadsHerHomeTimelineAndOwnRecordsInVietnameseWithTheJapaneseBeside() {
    Personas.FamilyWithInfant family = Personas.familySpeaking(town, "vi", null);
    String mother = Tokens.guardian(family.mother());
    Http.Response checkup =
        Http.postFhir(
            Tokens.clinic(Personas.clinicServing(town)),
            InfantCheckupBundle.threeToFourMonths(family, today().minusDays(1)).json());
    assertThat(checkup.status()).as(checkup.body()).isEqualTo(200);

    JsonNode home = ok(Http.get("/api/v1/me/home", mother), "vi");
    JsonNode next = home.path("children").get(0).path("next");
    assertThat(next).isNotEmpty();
    for (JsonNode step : next) {
      JsonNode label = step.path("statusLabel");
      assertThat(label.path("vi").asText())
          .as(step.toString())
          .isEqualTo(STATUS_VI.get(step.path("status").asText()));
      assertThat(label.path("ja").asText()).isNotBlank();
    }
    JsonNode firstDose = null;
    for (JsonNode step : next) {
      if (step.path("source").asText().equals("vaccination")
          && step.path("title").path("ja").asText().endsWith("（1回目）")) {
        firstDose = step;
      }
    }
    assertThat(firstDose).as(next.toString()).isNotNull();
    assertThat(firstDose.path("title").path("vi").asText()).endsWith(" (Mũi 1)");
    noEnglishFallback(home);

    JsonNode timeline =
        ok(Http.get("/api/v1/children/" + family.childId() + "/timeline", mother), "vi");
    JsonNode entry = timeline.path("entries").get(0);
    assertThat(entry.path("kindLabel").path("ja").asText()).isEqualTo("健診");
    assertThat(entry.path("kindLabel").path("vi").asText()).isEqualTo("Khám sức khỏe");
    assertThat(entry.path("title").path("vi").asText())
        .isEqualTo("Khám sức khỏe trẻ 3–4 tháng tuổi");
    assertThat(entry.path("sourceLabel").path("ja").asText()).isEqualTo("医療機関の記録");
    assertThat(entry.path("sourceLabel").path("vi").asText()).isEqualTo("Do cơ sở y tế ghi");
    JsonNode level = entry.path("judgement").path("levelLabel");
    assertThat(level.path("vi").asText())
        .as(entry.toString())
        .isEqualTo(LEVEL_VI.get(entry.path("judgement").path("level").asText()));
    noEnglishFallback(timeline);

    Http.Response milestone =
        Http.postJson(
            "/api/v1/children/" + family.childId() + "/records",
            mother,
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"milestone\",\"item\":\"head-control\",\"date\":\""
                + today().minusDays(3)
                + "\",\"author\":\"mother\"}");
    assertThat(milestone.status()).as(milestone.body()).isEqualTo(201);
    assertThat(milestone.json().path("itemLabel").path("ja").asText()).isEqualTo("首すわり");
    assertThat(milestone.json().path("itemLabel").path("vi").asText()).isEqualTo("Cứng cổ");
    assertThat(milestone.json().path("authorLabel").path("vi").asText()).isEqualTo("Mẹ");
    noEnglishFallback(milestone.json());

    JsonNode items = ok(Http.get("/api/v1/own-record-items", mother), "vi");
    noEnglishFallback(items);
    assertThat(items.toString())
        .contains("\"ja\":\"3〜4か月頃\",\"vi\":\"Khoảng 3–4 tháng tuổi\"")
        .contains(
            "\"ja\":\"子育てについて不安や困難を感じることはありますか\","
                + "\"vi\":\"Bạn có cảm thấy lo lắng hay khó khăn trong việc nuôi con không?\"");
  }

  @Test
  void aScreenThatAsksTheDatabaseNothingIsStillWrittenInHerLanguage() {
    // The consent texts come from the service's own files: her request takes no connection, so
    // her setting was not learnt with her scope and the response is written after asking for it.
    Personas.FamilyWithInfant family = Personas.familySpeaking(town, "vi", null);

    StatementCount.Run run =
        StatementCount.get("/api/v1/consent-texts", Tokens.guardian(family.mother()));

    JsonNode texts = ok(run.response(), "vi");
    assertThat(texts.toString()).contains("\"ja\":");
    assertThat(run.connections()).as(run.listing()).isEqualTo(1);
    assertThat(run.listing()).contains("notification_preference");
  }

  @Test
  void herSonsGrowthChartIsDrawnInVietnameseAndInNepaliWhenTheAppAsksForIt() {
    Personas.FamilyWithInfant family = Personas.familySpeaking(town, "vi", null);
    String mother = Tokens.guardian(family.mother());
    Http.Response weight =
        Http.postJson(
            "/api/v1/children/" + family.childId() + "/records",
            mother,
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
                + today()
                + "\",\"quantity\":{\"value\":6.9,\"unit\":\"kg\"}}");
    assertThat(weight.status()).as(weight.body()).isEqualTo(201);
    String chart = "/api/v1/children/" + family.childId() + "/growth-chart.svg?measure=weight";

    Http.Response vietnamese = Http.get(chart, mother);
    Http.Response nepali = Http.get(chart + "&lang=ne", mother);
    Http.Response french = Http.get(chart + "&lang=fr", mother);
    Http.Response growthResponse =
        Http.get("/api/v1/children/" + family.childId() + "/growth", mother);
    JsonNode growth = ok(growthResponse, "vi");
    Http.Response inEnglish =
        Http.send(
            "GET",
            "/api/v1/children/" + family.childId() + "/growth",
            mother,
            null,
            null,
            "Accept-Language",
            "en");

    assertThat(vietnamese.status()).as(vietnamese.body()).isEqualTo(200);
    assertThat(vietnamese.header("Content-Language")).isEqualTo("vi");
    assertThat(vietnamese.body())
        .contains("lang=\"vi\"")
        .contains("<title id=\"chart-title\">Cân nặng: biểu đồ tăng trưởng (bé trai)</title>")
        .contains("1 lần do cha mẹ ghi")
        .contains("Nguồn: Cơ quan Trẻ em và Gia đình Nhật Bản");
    assertThat(nepali.status()).as(nepali.body()).isEqualTo(200);
    assertThat(nepali.header("Content-Language")).isEqualTo("ne");
    assertThat(nepali.body()).contains("तौल: वृद्धि चार्ट (केटा)");
    assertThat(french.status()).isEqualTo(400);
    assertThat(french.json().path("code").asText()).isEqualTo("SKY-5409");
    // The JSON's percentile band of the home weight, in her language beside the Japanese.
    JsonNode band = growth.path("measurements").get(0).path("percentileBand").path("label");
    assertThat(band.path("ja").asText()).contains("パーセンタイル");
    assertThat(band.path("vi").asText()).contains("bách phân vị");
    noEnglishFallback(growth);
    // Each language its own ETag: an app that changes language is never told "not modified".
    assertThat(inEnglish.header("ETag")).isNotEqualTo(growthResponse.header("ETag"));
    assertThat(inEnglish.header("Content-Language")).isEqualTo("en");
  }

  @Test
  void aNepaliSpeakingResidentReadsThePregnancyNotificationFormInNepali() {
    String resident = Tokens.user("resident", "resident-" + UUID.randomUUID());

    Http.Response response =
        Http.send(
            "GET",
            "/api/v1/pregnancy-notification-form",
            resident,
            null,
            null,
            "Accept-Language",
            "ne");

    JsonNode form = ok(response, "ne");
    assertThat(form.path("title").path("ja").asText()).isEqualTo("妊娠届出書");
    assertThat(form.path("title").path("ne").asText()).isEqualTo("गर्भावस्थाको सूचना");
    JsonNode firstPregnancy = null;
    for (JsonNode question : form.path("questions")) {
      if (question.path("id").asText().equals("first-pregnancy")) {
        firstPregnancy = question;
      }
    }
    assertThat(firstPregnancy.path("text").path("ne").asText())
        .isEqualTo("के यो तपाईंको पहिलो गर्भावस्था हो?");
    noEnglishFallback(form);
  }
}
