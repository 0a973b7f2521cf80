package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Follow-up of a sent notice: counts, replies per choice, recipients and the paper list. */
class NoticeFollowUpIT {
  private final Personas.Municipality city = Personas.municipality();
  private final String staff = Tokens.staff(Personas.staffOf(city));
  private final Personas.FamilyWithInfant reader = Personas.familyWhoConsentedToOnlineNotices(city);
  private final Personas.FamilyWithInfant silent = Personas.familyWhoConsentedToOnlineNotices(city);
  private final Personas.FamilyWithInfant paper = Personas.familyNotAskedForOnlineConsent(city);
  private final UUID notice =
      NoticeSteps.questionDraft(
          staff,
          NoticeSteps.everyone(staff),
          """
          {"type": "single_choice", "prompt": {"ja": "参加しますか。"},
           "options": [{"code": "yes", "label": {"ja": "参加する"}},
                       {"code": "no", "label": {"ja": "参加しない"}}]}
          """,
          "once");

  private void sendAndReplyYes() {
    Db.update("UPDATE notice SET paper_after_days = 7 WHERE id = ?", notice);
    NoticeSteps.sent(staff, notice);
    Http.Response reply =
        Http.send(
            "PUT",
            "/api/v1/me/notices/" + notice + "/reply",
            Tokens.guardian(reader.mother()),
            "application/json",
            "{\"choices\": [\"yes\"]}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  @Test
  void staffSeeDeliveredReadRepliedAndPaperCountsWithTheRepliesPerChoice() {
    sendAndReplyYes();

    JsonNode followUp = Http.get("/api/v1/notices/" + notice + "/follow-up", staff).json();

    assertThat(followUp.path("recipients").asInt()).isEqualTo(3);
    assertThat(followUp.path("online").asInt()).isEqualTo(2);
    assertThat(followUp.path("paper").asInt()).isEqualTo(1);
    assertThat(followUp.path("read").asInt()).isEqualTo(1);
    assertThat(followUp.path("unread").asInt()).isEqualTo(1);
    assertThat(followUp.path("replied").asInt()).isEqualTo(1);
    assertThat(followUp.path("paperFollowUp").asInt()).isEqualTo(1);
    assertThat(followUp.path("paperFollowUpAfterDays").asInt()).isEqualTo(7);
    JsonNode choices = followUp.path("tally").path("choices");
    assertThat(choices.findValuesAsText("code")).containsExactly("yes", "no");
    assertThat(choices.get(0).path("count").asInt()).isEqualTo(1);
    assertThat(choices.get(1).path("count").asInt()).isZero();
  }

  @Test
  void recipientsAreListedByStateWithTheirRepliesAndEachListingIsLogged() {
    sendAndReplyYes();

    JsonNode replied =
        Http.get("/api/v1/notices/" + notice + "/recipients?state=replied", staff).json();
    String logged =
        "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'list-notice-recipients'";
    assertThat(Db.count(logged, reader.mother().personId())).isEqualTo(1);
    assertThat(Db.count(logged, paper.mother().personId())).isZero();
    JsonNode unread =
        Http.get("/api/v1/notices/" + notice + "/recipients?state=unread", staff).json();
    JsonNode onPaper =
        Http.get("/api/v1/notices/" + notice + "/recipients?state=paper", staff).json();
    JsonNode all = Http.get("/api/v1/notices/" + notice + "/recipients?size=2", staff).json();

    JsonNode answer = replied.path("items").get(0);
    assertThat(replied.path("total").asInt()).isEqualTo(1);
    assertThat(answer.path("personId").asText()).isEqualTo(reader.mother().personId().toString());
    assertThat(answer.path("name").asText()).isEqualTo("鈴木 優子");
    assertThat(answer.path("nameKana").asText()).isEqualTo("スズキ ユウコ");
    assertThat(answer.path("handbookNumbers").get(0).asText())
        .isEqualTo(reader.mother().handbookNumber());
    assertThat(answer.path("reply").path("choices").get(0).asText()).isEqualTo("yes");
    assertThat(answer.path("readAt").asText()).isNotBlank();
    assertThat(answer.path("arrivedAt").asText()).isNotBlank();
    assertThat(unread.path("items").findValuesAsText("personId"))
        .containsExactly(silent.mother().personId().toString());
    assertThat(onPaper.path("items").get(0).path("channel").asText()).isEqualTo("paper");
    assertThat(onPaper.path("items").get(0).path("arrivedAt").isNull()).isTrue();
    assertThat(all.path("total").asInt()).isEqualTo(3);
    assertThat(all.path("items")).hasSize(2);
    assertThat(Db.count(logged, paper.mother().personId())).isGreaterThanOrEqualTo(1);
  }

  @Test
  void thePaperListHoldsThoseWithoutConsentAndThoseStillUnreadAfterTheNoticesDays() {
    Personas.area(city, "A01", "中央地区", paper.mother().personId(), silent.mother().personId());
    sendAndReplyYes();

    String before = Http.getBytes("/api/v1/notices/" + notice + "/paper-list.csv", staff).text();
    NoticeSteps.rewriteSentNotice("sent_at = sent_at - interval '8 days'", notice);
    Http.BinaryResponse csv = Http.getBytes("/api/v1/notices/" + notice + "/paper-list.csv", staff);

    assertThat(before.split("\r\n")).hasSize(2);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition")).startsWith("attachment;");
    assertThat(csv.header("Cache-Control")).isEqualTo("private, no-store");
    byte[] bytes = csv.body();
    assertThat(new byte[] {bytes[0], bytes[1], bytes[2]})
        .containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    String[] lines = csv.text().substring(1).split("\r\n");
    assertThat(lines[0]).isEqualTo("氏名,フリガナ,地区コード,地区,母子健康手帳交付番号,理由,理由コード");
    assertThat(lines).hasSize(3);
    assertThat(csv.text())
        .contains(
            "鈴木 優子,スズキ ユウコ,A01,中央地区,"
                + paper.mother().handbookNumber()
                + ",オンライン受け取りの同意なし,no_consent")
        .contains(silent.mother().handbookNumber() + ",未読（到達から7日以上）,unread")
        .doesNotContain(reader.mother().handbookNumber());
    assertThat(
            Http.get("/api/v1/notices/" + notice + "/follow-up", staff)
                .json()
                .path("paperFollowUp")
                .asInt())
        .isEqualTo(2);
    assertThat(
            Http.get("/api/v1/notices/" + notice + "/recipients?state=paper_follow_up", staff)
                .json()
                .path("total")
                .asInt())
        .isEqualTo(2);
  }

  @Test
  void thePrintablePageEscapesEveryValue() {
    Personas.area(city, "X1", "<script>alert('x')</script>&地区", paper.mother().personId());
    sendAndReplyYes();

    Http.Response page = Http.get("/api/v1/notices/" + notice + "/paper-list.html", staff);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'");
    assertThat(page.body())
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;地区")
        .doesNotContain("<script>")
        .contains("@media print")
        .contains("<td>" + paper.mother().handbookNumber() + "</td>")
        .contains("オンライン受け取りの同意なし");
  }

  @Test
  void aDraftHasNothingToFollowUpAndOtherMunicipalitiesSeeNothing() {
    Http.Response draft = Http.get("/api/v1/notices/" + notice + "/follow-up", staff);
    sendAndReplyYes();
    String elsewhere = Tokens.staff(Personas.staffOf(Personas.municipality()));

    assertThat(draft.status()).isEqualTo(409);
    assertThat(draft.json().path("code").asText()).isEqualTo("SKY-5114");
    // Another municipality's notice does not exist for its staff (row-level security).
    assertThat(Http.get("/api/v1/notices/" + notice + "/follow-up", elsewhere).status())
        .isEqualTo(404);
    assertThat(Http.get("/api/v1/notices/" + notice + "/paper-list.html", elsewhere).status())
        .isEqualTo(404);
  }
}
