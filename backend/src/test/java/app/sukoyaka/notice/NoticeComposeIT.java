package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NoticeComposeIT {
  private final Personas.Municipality city = Personas.municipality();
  private final String staff = Tokens.staff(Personas.staffOf(city));

  private static List<String> fields(Http.Response response) {
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  @Test
  void staffDraftANoticeWithLinksAQuestionAndItsDeadline() {
    UUID audience = NoticeSteps.everyone(staff);
    Http.Response response =
        Http.postJson(
            "/api/v1/notices",
            staff,
            """
            {"title": {"ja": "4か月児健診のご案内", "en": "4-month checkup"},
             "body": {"ja": "ご都合のよい日をお選びください。"},
             "links": [{"title": "持ち物", "url": "https://www.city.example.lg.jp/kenshin"}],
             "question": {"type": "single_choice", "prompt": {"ja": "参加しますか。"},
               "options": [{"code": "yes", "label": {"ja": "参加する"}},
                           {"code": "no", "label": {"ja": "参加しない", "en": "No"}}]},
             "replyDeadline": "%s", "replyPolicy": "once", "paperFollowUpAfterDays": 10,
             "audienceId": "%s"}
            """
                .formatted(NoticeSteps.nextWeek(), audience));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonNode notice = response.json();
    assertThat(notice.path("status").asText()).isEqualTo("draft");
    assertThat(notice.path("kind").asText()).isEqualTo("official");
    assertThat(notice.path("title").path("en").asText()).isEqualTo("4-month checkup");
    assertThat(notice.path("question").path("options")).hasSize(2);
    assertThat(notice.path("replyPolicy").asText()).isEqualTo("once");
    assertThat(notice.path("paperFollowUpAfterDays").asInt()).isEqualTo(10);
    assertThat(notice.path("sentAt").isNull()).isTrue();
    assertThat(notice.path("recipients").isNull()).isTrue();

    Http.Response read = Http.get("/api/v1/notices/" + notice.path("id").asText(), staff);
    assertThat(read.json().path("links").get(0).path("url").asText())
        .isEqualTo("https://www.city.example.lg.jp/kenshin");
  }

  @Test
  void aNoticeWithoutAJapaneseTitleOrBodyIsRefusedNamingBoth() {
    Http.Response response =
        Http.postJson(
            "/api/v1/notices",
            staff,
            "{\"title\": {\"en\": \"Hello\"}, \"body\": {\"ja\": \" \"}}");

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5101");
    assertThat(fields(response)).contains("title.ja", "body.ja");
    assertThat(Db.count("SELECT count(*) FROM notice WHERE municipality_id = ?", city.id()))
        .isZero();
  }

  @Test
  void aLinkThatIsNotHttpsIsRefused() {
    Http.Response response =
        Http.postJson(
            "/api/v1/notices",
            staff,
            """
            {"title": {"ja": "題"}, "body": {"ja": "本文"},
             "links": [{"title": "ok", "url": "https://example.jp/"},
                       {"title": "plain", "url": "http://example.jp/"},
                       {"title": "script", "url": "javascript:alert(1)"}]}
            """);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5102");
    assertThat(fields(response)).containsExactly("links[1].url", "links[2].url");
  }

  @Test
  void aChoiceQuestionWithoutOptionsIsRefused() {
    Http.Response response =
        Http.postJson(
            "/api/v1/notices",
            staff,
            """
            {"title": {"ja": "題"}, "body": {"ja": "本文"},
             "question": {"type": "multiple_choice", "prompt": {"ja": "どれ？"}},
             "replyDeadline": "%s", "replyPolicy": "changeable"}
            """
                .formatted(NoticeSteps.nextWeek()));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5103");
    assertThat(fields(response)).containsExactly("question.options");
  }

  @Test
  void aQuestionNeedsItsTypesOwnMembersAndADeadlineAhead() {
    Http.Response freeText =
        Http.postJson(
            "/api/v1/notices",
            staff,
            """
            {"title": {"ja": "題"}, "body": {"ja": "本文"},
             "question": {"type": "free_text", "prompt": {"ja": "ご意見"},
               "dates": ["2030-01-01"]},
             "replyDeadline": "2020-01-01T00:00:00+09:00"}
            """);
    assertThat(freeText.status()).isEqualTo(422);
    assertThat(fields(freeText))
        .containsExactlyInAnyOrder(
            "question.dates", "question.maxLength", "replyDeadline", "replyPolicy");

    Http.Response dates =
        Http.postJson(
            "/api/v1/notices",
            staff,
            """
            {"title": {"ja": "題"}, "body": {"ja": "本文"},
             "question": {"type": "date_choice", "prompt": {"ja": "希望日"},
               "dates": ["2020-01-01", "not a date"]},
             "replyDeadline": "%s", "replyPolicy": "once"}
            """
                .formatted(NoticeSteps.nextWeek()));
    assertThat(dates.status()).isEqualTo(422);
    assertThat(fields(dates)).containsExactly("question.dates[0]", "question.dates[1]");
  }

  @Test
  void aConsentRequestAsksItsOwnYesNoQuestionAndNeedsTheVersionOfItsText() {
    Http.Response missing =
        Http.postJson(
            "/api/v1/notices",
            staff,
            """
            {"kind": "consent_request", "title": {"ja": "同意のお願い"}, "body": {"ja": "同意文"},
             "question": {"type": "free_text", "prompt": {"ja": "?"}, "maxLength": 10},
             "replyDeadline": "%s"}
            """
                .formatted(NoticeSteps.nextWeek()));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(fields(missing)).containsExactlyInAnyOrder("question", "consentTextVersion");

    UUID id = NoticeSteps.consentRequestDraft(staff, NoticeSteps.everyone(staff));
    JsonNode request = Http.get("/api/v1/notices/" + id, staff).json();
    assertThat(request.path("kind").asText()).isEqualTo("consent_request");
    assertThat(request.path("consentTextVersion").asText()).isEqualTo("2026-05");
    assertThat(request.path("replyPolicy").asText()).isEqualTo("changeable");
    assertThat(request.path("question").path("type").asText()).isEqualTo("single_choice");
    assertThat(request.path("question").path("options").findValuesAsText("code"))
        .containsExactly("yes", "no");
  }

  @Test
  void aDraftIsEditedAndDeletedButASentNoticeNeverChanges() {
    UUID audience = NoticeSteps.everyone(staff);
    Personas.familyWhoConsentedToOnlineNotices(city);
    UUID id = NoticeSteps.officialDraft(staff, audience);

    Http.Response edited =
        Http.send(
            "PUT",
            "/api/v1/notices/" + id,
            staff,
            "application/json",
            "{\"title\": {\"ja\": \"訂正版\"}, \"body\": {\"ja\": \"本文\"}, \"audienceId\": \""
                + audience
                + "\"}");
    assertThat(edited.status()).as(edited.body()).isEqualTo(200);
    assertThat(edited.json().path("title").path("ja").asText()).isEqualTo("訂正版");

    NoticeSteps.sent(staff, id);
    Http.Response again =
        Http.send(
            "PUT",
            "/api/v1/notices/" + id,
            staff,
            "application/json",
            "{\"title\": {\"ja\": \"再訂正\"}, \"body\": {\"ja\": \"本文\"}}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("code").asText()).isEqualTo("SKY-5109");
    assertThat(Http.send("DELETE", "/api/v1/notices/" + id, staff, null, null).status())
        .isEqualTo(409);
    assertThat(Http.get("/api/v1/notices/" + id, staff).json().path("title").path("ja").asText())
        .isEqualTo("訂正版");

    UUID other = NoticeSteps.officialDraft(staff, audience);
    assertThat(Http.send("DELETE", "/api/v1/notices/" + other, staff, null, null).status())
        .isEqualTo(204);
    assertThat(Http.get("/api/v1/notices/" + other, staff).status()).isEqualTo(404);
  }

  @Test
  void theDatabaseRefusesToChangeASentNoticeWhateverTheCode() {
    UUID request = Personas.consentRequestOnRecord(city);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Db.update("UPDATE notice SET title = '{\"ja\": \"改ざん\"}' WHERE id = ?", request))
        .hasStackTraceContaining("cannot be changed");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Db.update("DELETE FROM notice WHERE id = ?", request))
        .hasStackTraceContaining("cannot be changed");
  }

  @Test
  void staffOfAnotherMunicipalityCannotReadOrChangeTheNotice() {
    UUID id = NoticeSteps.officialDraft(staff, NoticeSteps.everyone(staff));
    String elsewhere = Tokens.staff(Personas.staffOf(Personas.municipality()));

    Http.Response read = Http.get("/api/v1/notices/" + id, elsewhere);
    Http.Response send = NoticeSteps.send(elsewhere, id);

    // Another municipality's notice does not exist for its staff (row-level security).
    assertThat(read.status()).isEqualTo(404);
    assertThat(send.status()).isEqualTo(404);
    assertThat(Db.text("SELECT status FROM notice WHERE id = ?", id)).isEqualTo("draft");
    assertThat(Http.get("/api/v1/notices", elsewhere).json().path("total").asLong()).isZero();
  }

  @Test
  void aGuardianCannotWriteNotices() {
    Personas.Mother mother = Personas.motherAt20Weeks(city);

    Http.Response response =
        Http.postJson(
            "/api/v1/notices",
            Tokens.guardian(mother),
            "{\"title\": {\"ja\": \"題\"}, \"body\": {\"ja\": \"本文\"}}");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1005");
  }

  @Test
  void theListShowsTheMunicipalitysNoticesNewestFirstAPageAtATime() {
    UUID audience = NoticeSteps.everyone(staff);
    UUID first = NoticeSteps.officialDraft(staff, audience);
    UUID second = NoticeSteps.officialDraft(staff, audience);
    UUID third = NoticeSteps.officialDraft(staff, audience);

    JsonNode page = Http.get("/api/v1/notices?size=2", staff).json();
    JsonNode next = Http.get("/api/v1/notices?size=2&page=2&status=draft", staff).json();

    assertThat(page.path("total").asLong()).isEqualTo(3);
    assertThat(page.path("items").findValuesAsText("id"))
        .containsExactly(third.toString(), second.toString());
    assertThat(next.path("items").findValuesAsText("id")).containsExactly(first.toString());
    assertThat(Http.get("/api/v1/notices?size=500", staff).status()).isEqualTo(400);
  }
}
