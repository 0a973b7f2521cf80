package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sending: deliveries and queued pushes in one transaction, and what is refused. */
class NoticeSendIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Personas.Municipality city = Personas.municipality();
  private final Personas.Staff staffMember = Personas.staffOf(city);
  private final String staff = Tokens.staff(staffMember);

  private static long deliveries(UUID notice) {
    return Db.count("SELECT count(*) FROM notice_delivery WHERE notice_id = ?", notice);
  }

  private static long pushes(UUID notice) {
    return Db.count("SELECT count(*) FROM push_message WHERE subject_id = ?", notice);
  }

  private static JsonNode payload(UUID notice, UUID person) throws Exception {
    try (Connection c = Db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT payload::text FROM push_message WHERE subject_id = ? AND person_id = ?")) {
      s.setObject(1, notice);
      s.setObject(2, person);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("a push for " + person).isTrue();
        return JSON.readTree(rs.getString(1));
      }
    }
  }

  @Test
  void sendingDeliversToEveryRecipientAndQueuesAPushForEachOnlineOne() throws Exception {
    Personas.FamilyWithInfant first = Personas.familyWhoConsentedToOnlineNotices(city);
    Personas.FamilyWithInfant second = Personas.familyWhoConsentedToOnlineNotices(city);
    Personas.FamilyWithInfant paper = Personas.familyNotAskedForOnlineConsent(city);
    UUID notice = NoticeSteps.officialDraft(staff, NoticeSteps.everyone(staff));
    Instant before = Instant.now();

    Http.Response response = NoticeSteps.send(staff, notice);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode sent = response.json();
    assertThat(sent.path("status").asText()).isEqualTo("sent");
    assertThat(sent.path("sentBy").asText()).isEqualTo(staffMember.subject());
    assertThat(Instant.parse(sent.path("sentAt").asText()))
        .isAfterOrEqualTo(before.minusSeconds(1));
    assertThat(sent.path("recipients").path("total").asInt()).isEqualTo(3);
    assertThat(sent.path("recipients").path("online").asInt()).isEqualTo(2);
    assertThat(sent.path("recipients").path("paper").asInt()).isEqualTo(1);
    assertThat(deliveries(notice)).isEqualTo(3);
    assertThat(
            Db.count(
                "SELECT count(*) FROM notice_delivery WHERE notice_id = ? AND person_id = ?"
                    + " AND channel = 'paper'",
                notice,
                paper.mother().personId()))
        .isEqualTo(1);
    assertThat(pushes(notice)).isEqualTo(2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM push_message WHERE subject_id = ? AND person_id = ?",
                notice,
                paper.mother().personId()))
        .isZero();

    JsonNode push = payload(notice, first.mother().personId());
    assertThat(push.path("kind").asText()).isEqualTo("notice");
    assertThat(push.path("language").asText()).isEqualTo("ja");
    assertThat(push.path("title").asText()).isEqualTo("予防接種のお知らせ");
    assertThat(push.path("body").asText()).isEqualTo("アプリでお知らせをご確認ください");
    assertThat(push.path("deepLink").asText()).isEqualTo("sukoyaka://notices/" + notice);
    assertThat(push.path("data").path("noticeId").asText()).isEqualTo(notice.toString());
    assertThat(push.path("data").size()).isEqualTo(1);
    assertThat(payload(notice, second.mother().personId()).path("title").asText())
        .isEqualTo("予防接種のお知らせ");
    assertThat(
            Db.count(
                "SELECT count(*) FROM push_message WHERE subject_id = ? AND status = 'queued'",
                notice))
        .isEqualTo(2);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'send-notice'",
                notice))
        .isEqualTo(1);
  }

  @Test
  void aGuardianWhoChoseEnglishGetsTheEnglishTitleWhenTheNoticeHasOne() throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWhoConsentedToOnlineNotices(city);
    Db.update(
        "INSERT INTO notification_preference (person_id, municipality_id, language, updated_at)"
            + " VALUES (?, ?, 'en', now())",
        family.mother().personId(),
        city.id());
    UUID notice = NoticeSteps.officialDraft(staff, NoticeSteps.everyone(staff));

    NoticeSteps.sent(staff, notice);

    JsonNode push = payload(notice, family.mother().personId());
    assertThat(push.path("language").asText()).isEqualTo("en");
    assertThat(push.path("title").asText()).isEqualTo("About vaccinations");
    assertThat(push.path("body").asText()).isEqualTo("Please open the app to read the notice.");
  }

  @Test
  void whenQueueingAPushFailsNeitherDeliveriesNorPushesAreStored() {
    Personas.familyWhoConsentedToOnlineNotices(city);
    Personas.FamilyWithInfant failing = Personas.familyWhoConsentedToOnlineNotices(city);
    UUID notice = NoticeSteps.officialDraft(staff, NoticeSteps.everyone(staff));
    String suffix = failing.mother().personId().toString().replace("-", "");
    Db.update(
        "CREATE FUNCTION refuse_push_"
            + suffix
            + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.person_id = '"
            + failing.mother().personId()
            + "' THEN RAISE EXCEPTION 'push refused for the test'; END IF; RETURN NEW; END; $$");
    Db.update(
        "CREATE TRIGGER refuse_push_"
            + suffix
            + " BEFORE INSERT ON push_message FOR EACH ROW EXECUTE FUNCTION refuse_push_"
            + suffix
            + "()");
    Http.Response failed;
    try {
      failed = Http.probe("POST", "/api/v1/notices/" + notice + "/send", staff);
    } finally {
      Db.update("DROP TRIGGER refuse_push_" + suffix + " ON push_message");
      Db.update("DROP FUNCTION refuse_push_" + suffix + "()");
    }

    assertThat(failed.status()).isEqualTo(500);
    assertThat(deliveries(notice)).isZero();
    assertThat(pushes(notice)).isZero();
    assertThat(Http.get("/api/v1/notices/" + notice, staff).json().path("status").asText())
        .isEqualTo("draft");

    NoticeSteps.sent(staff, notice);
    assertThat(deliveries(notice)).isEqualTo(2);
    assertThat(pushes(notice)).isEqualTo(2);
  }

  @Test
  void aNoticeIsSentOnce() {
    Personas.familyWhoConsentedToOnlineNotices(city);
    UUID notice = NoticeSteps.officialDraft(staff, NoticeSteps.everyone(staff));
    NoticeSteps.sent(staff, notice);

    Http.Response again = NoticeSteps.send(staff, notice);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("code").asText()).isEqualTo("SKY-5109");
    assertThat(deliveries(notice)).isEqualTo(1);
    assertThat(pushes(notice)).isEqualTo(1);
  }

  @Test
  void aNoticeThatReachesNobodyOrHasNoAudienceIsNotSent() {
    UUID nobody =
        NoticeSteps.officialDraft(
            staff, NoticeSteps.audience(staff, "{\"pregnancyWeeks\": {\"from\": 40}}"));
    UUID noAudience =
        NoticeSteps.draft(staff, "{\"title\": {\"ja\": \"題\"}, \"body\": {\"ja\": \"本文\"}}");

    Http.Response empty = NoticeSteps.send(staff, nobody);
    Http.Response unaddressed = NoticeSteps.send(staff, noAudience);

    assertThat(empty.status()).isEqualTo(409);
    assertThat(empty.json().path("code").asText()).isEqualTo("SKY-5113");
    assertThat(unaddressed.status()).isEqualTo(409);
    assertThat(unaddressed.json().path("code").asText()).isEqualTo("SKY-5112");
    assertThat(Http.get("/api/v1/notices/" + nobody, staff).json().path("status").asText())
        .isEqualTo("draft");
  }

  @Test
  void aDraftWhoseDeadlineHasPassedIsNotSent() {
    Personas.familyWhoConsentedToOnlineNotices(city);
    UUID notice =
        NoticeSteps.questionDraft(
            staff,
            NoticeSteps.everyone(staff),
            "{\"type\": \"free_text\", \"prompt\": {\"ja\": \"ご意見\"}, \"maxLength\": 200}",
            "once");
    Db.update("UPDATE notice SET reply_deadline = now() - interval '1 hour' WHERE id = ?", notice);

    Http.Response response = NoticeSteps.send(staff, notice);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5103");
    assertThat(deliveries(notice)).isZero();
  }

  @Test
  void theArrivalInTheInboxIsTheInstantTheNoticeWasSent() {
    Personas.FamilyWithInfant family = Personas.familyWhoConsentedToOnlineNotices(city);
    UUID notice = NoticeSteps.officialDraft(staff, NoticeSteps.everyone(staff));
    NoticeSteps.sent(staff, notice);
    String sentAt = Http.get("/api/v1/notices/" + notice, staff).json().path("sentAt").asText();

    JsonNode item =
        Http.get("/api/v1/me/notices", Tokens.guardian(family.mother()))
            .json()
            .path("items")
            .get(0);

    assertThat(item.path("id").asText()).isEqualTo(notice.toString());
    assertThat(Instant.parse(item.path("arrivedAt").asText())).isEqualTo(Instant.parse(sentAt));
  }
}
