package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The guardian's inbox: reading, read receipts and replies by the question's rules. */
class NoticeInboxIT {
  private final Personas.Municipality city = Personas.municipality();
  private final String staff = Tokens.staff(Personas.staffOf(city));
  private final Personas.FamilyWithInfant family = Personas.familyWhoConsentedToOnlineNotices(city);
  private final String guardian = Tokens.guardian(family.mother());
  private final UUID everyone = NoticeSteps.everyone(staff);

  private static final String SINGLE =
      """
      {"type": "single_choice", "prompt": {"ja": "参加しますか。"},
       "options": [{"code": "yes", "label": {"ja": "参加する"}},
                   {"code": "no", "label": {"ja": "参加しない"}}]}
      """;

  private UUID sentQuestion(String question, String policy) {
    UUID notice = NoticeSteps.questionDraft(staff, everyone, question, policy);
    NoticeSteps.sent(staff, notice);
    return notice;
  }

  private Http.Response reply(UUID notice, String answer) {
    return Http.send(
        "PUT", "/api/v1/me/notices/" + notice + "/reply", guardian, "application/json", answer);
  }

  @Test
  void theInboxListsTheGuardiansNoticesUnreadFirst() {
    UUID older = NoticeSteps.officialDraft(staff, everyone);
    NoticeSteps.sent(staff, older);
    UUID newer = NoticeSteps.officialDraft(staff, everyone);
    NoticeSteps.sent(staff, newer);
    Http.get("/api/v1/me/notices/" + newer, guardian);

    JsonNode unreadFirst = Http.get("/api/v1/me/notices", guardian).json();
    JsonNode newest = Http.get("/api/v1/me/notices?order=newest", guardian).json();

    assertThat(unreadFirst.path("total").asInt()).isEqualTo(2);
    assertThat(unreadFirst.path("unread").asInt()).isEqualTo(1);
    assertThat(unreadFirst.path("items").findValuesAsText("id"))
        .containsExactly(older.toString(), newer.toString());
    assertThat(newest.path("items").findValuesAsText("id"))
        .containsExactly(newer.toString(), older.toString());
    assertThat(unreadFirst.path("items").get(0).path("readAt").isNull()).isTrue();
  }

  @Test
  void theFirstReadRecordsTheReadReceiptAndLaterReadsKeepIt() {
    UUID notice = NoticeSteps.officialDraft(staff, everyone);
    NoticeSteps.sent(staff, notice);

    JsonNode first = Http.get("/api/v1/me/notices/" + notice, guardian).json();
    JsonNode second = Http.get("/api/v1/me/notices/" + notice, guardian).json();

    assertThat(first.path("readAt").asText()).isNotBlank();
    assertThat(second.path("readAt").asText()).isEqualTo(first.path("readAt").asText());
    assertThat(first.path("title").path("ja").asText()).isEqualTo("予防接種のお知らせ");
    assertThat(first.path("links").get(0).path("url").asText()).startsWith("https://");
    assertThat(first.path("municipality").path("code").asText()).isEqualTo(city.code());
    assertThat(first.path("canReply").asBoolean()).isFalse();
    assertThat(
            Db.count(
                "SELECT count(*) FROM notice_delivery WHERE notice_id = ? AND read_at IS NOT NULL",
                notice))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'read-notice'",
                family.mother().personId()))
        .isEqualTo(2);
  }

  @Test
  void anotherGuardianCannotReadSomeoneElsesNotice() {
    UUID notice = NoticeSteps.officialDraft(staff, everyone);
    NoticeSteps.sent(staff, notice);
    Personas.FamilyWithInfant stranger =
        Personas.familyWhoConsentedToOnlineNotices(Personas.municipality());

    Http.Response read =
        Http.get("/api/v1/me/notices/" + notice, Tokens.guardian(stranger.mother()));
    Http.Response reply =
        Http.send(
            "PUT",
            "/api/v1/me/notices/" + notice + "/reply",
            Tokens.guardian(stranger.mother()),
            "application/json",
            "{\"text\": \"x\"}");

    assertThat(read.status()).isEqualTo(404);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(
            Db.count(
                "SELECT count(*) FROM notice_delivery WHERE notice_id = ? AND read_at IS NOT NULL",
                notice))
        .isZero();
  }

  @Test
  void aNoticeSentOnPaperIsNotInTheInbox() {
    Personas.FamilyWithInfant paper = Personas.familyNotAskedForOnlineConsent(city);
    UUID notice = NoticeSteps.officialDraft(staff, everyone);
    NoticeSteps.sent(staff, notice);
    String token = Tokens.guardian(paper.mother());

    assertThat(Http.get("/api/v1/me/notices", token).json().path("total").asInt()).isZero();
    assertThat(Http.get("/api/v1/me/notices/" + notice, token).status()).isEqualTo(404);
  }

  @Test
  void staffHaveNoInbox() {
    Http.Response response = Http.get("/api/v1/me/notices", staff);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1005");
  }

  @Test
  void aOnceOnlyReplyIsStoredAndCannotBeChanged() {
    UUID notice = sentQuestion(SINGLE, "once");

    Http.Response first = reply(notice, "{\"choices\": [\"yes\"]}");
    Http.Response second = reply(notice, "{\"choices\": [\"no\"]}");

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().path("reply").path("choices").get(0).asText()).isEqualTo("yes");
    assertThat(first.json().path("canReply").asBoolean()).isFalse();
    assertThat(first.json().path("readAt").asText()).isNotBlank();
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().path("code").asText()).isEqualTo("SKY-5118");
    assertThat(
            Http.get("/api/v1/me/notices/" + notice, guardian)
                .json()
                .path("reply")
                .path("choices")
                .get(0)
                .asText())
        .isEqualTo("yes");
  }

  @Test
  void aChangeableReplyIsReplacedUntilTheDeadlineAndTheEarlierOneIsKept() {
    UUID notice =
        sentQuestion(
            """
            {"type": "multiple_choice", "prompt": {"ja": "興味のある講座"},
             "options": [{"code": "food", "label": {"ja": "離乳食"}},
                         {"code": "teeth", "label": {"ja": "歯みがき"}},
                         {"code": "sleep", "label": {"ja": "睡眠"}}]}
            """,
            "changeable");

    assertThat(reply(notice, "{\"choices\": [\"food\"]}").status()).isEqualTo(200);
    Http.Response changed = reply(notice, "{\"choices\": [\"teeth\", \"sleep\"]}");

    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().path("reply").path("choices").toString())
        .isEqualTo("[\"teeth\",\"sleep\"]");
    assertThat(changed.json().path("canReply").asBoolean()).isTrue();
    assertThat(Db.count("SELECT count(*) FROM notice_reply WHERE notice_id = ?", notice))
        .isEqualTo(2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM notice_reply WHERE notice_id = ? AND superseded_at IS NULL",
                notice))
        .isEqualTo(1);
  }

  @Test
  void afterTheDeadlineAReplyIsRefusedWithAClearCode() {
    UUID notice = sentQuestion(SINGLE, "changeable");
    NoticeSteps.rewriteSentNotice("reply_deadline = now() - interval '1 minute'", notice);

    Http.Response late = reply(notice, "{\"choices\": [\"yes\"]}");

    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().path("code").asText()).isEqualTo("SKY-5117");
    assertThat(
            Http.get("/api/v1/me/notices/" + notice, guardian).json().path("canReply").asBoolean())
        .isFalse();
    assertThat(Db.count("SELECT count(*) FROM notice_reply WHERE notice_id = ?", notice)).isZero();
  }

  @Test
  void anAnswerThatDoesNotFitTheQuestionIsRefused() {
    UUID single = sentQuestion(SINGLE, "once");
    LocalDate offered = LocalDate.now().plusDays(14);
    UUID date =
        sentQuestion(
            "{\"type\": \"date_choice\", \"prompt\": {\"ja\": \"希望日\"}, \"dates\": [\""
                + offered
                + "\"]}",
            "once");
    UUID text =
        sentQuestion(
            "{\"type\": \"free_text\", \"prompt\": {\"ja\": \"ご意見\"}, \"maxLength\": 5}", "once");

    Http.Response unknown = reply(single, "{\"choices\": [\"maybe\"]}");
    Http.Response both = reply(single, "{\"choices\": [\"yes\", \"no\"]}");
    Http.Response notOffered = reply(date, "{\"date\": \"" + offered.plusDays(1) + "\"}");
    Http.Response tooLong = reply(text, "{\"text\": \"ありがとうございます\"}");
    Http.Response wrongKind = reply(text, "{\"choices\": [\"yes\"]}");

    for (Http.Response response :
        new Http.Response[] {unknown, both, notOffered, tooLong, wrongKind}) {
      assertThat(response.status()).as(response.body()).isEqualTo(422);
      assertThat(response.json().path("code").asText()).isEqualTo("SKY-5116");
    }
    assertThat(reply(date, "{\"date\": \"" + offered + "\"}").status()).isEqualTo(200);
    assertThat(reply(text, "{\"text\": \"ありがとう\"}").status()).isEqualTo(200);
    assertThat(Db.count("SELECT count(*) FROM notice_reply WHERE notice_id = ?", single)).isZero();
  }

  @Test
  void aNoticeWithoutAQuestionTakesNoReply() {
    UUID notice = NoticeSteps.officialDraft(staff, everyone);
    NoticeSteps.sent(staff, notice);

    Http.Response response = reply(notice, "{\"text\": \"はい\"}");

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5115");
  }
}
