package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guardian's delivery log and the app's opened reports, over HTTP. */
class PushLogIT {
  private PushFixture push;
  private Personas.Mother mother;
  private String token;

  @BeforeEach
  void aMotherWithAPhoneReceivedPushes() {
    push = new PushFixture();
    mother = Personas.motherAt20Weeks(Personas.municipality());
    token = Tokens.guardian(mother);
  }

  @AfterEach
  void closeTheFixture() throws Exception {
    assertThat(push.endpoint.violations()).isEmpty();
    push.close();
  }

  @Test
  void theLogListsOnlyMyPushesNewestFirstWithEveryAttempt() {
    Personas.Device phone = Personas.phoneOf(mother);
    push.endpoint.fail(phone.token(), LocalFcmEndpoint.Failure.QUOTA_EXCEEDED, 1);
    push.endpoint.retryAfterSeconds(60);
    UUID older = push.notice(mother);
    PushDispatcher dispatcher = push.dispatcher();
    dispatcher.drain();
    push.clock.advance(Duration.ofMinutes(5));
    dispatcher.drain();
    UUID newer = push.notice(mother);
    dispatcher.drain();
    Personas.Mother other = Personas.motherAt20Weeks(mother.municipality());
    Personas.phoneOf(other);
    push.notice(other);
    dispatcher.drain();

    JsonNode log = Http.get("/api/v1/me/push-messages", token).json();

    JsonNode messages = log.get("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).get("subjectId").asText()).isEqualTo(newer.toString());
    assertThat(messages.get(1).get("subjectId").asText()).isEqualTo(older.toString());
    assertThat(log.get("nextCursor").isNull()).isTrue();
    JsonNode first = messages.get(1);
    assertThat(first.get("id").asText()).isEqualTo(PushFixture.messageId(older).toString());
    assertThat(first.get("status").asText()).isEqualTo("sent");
    assertThat(first.get("attempts").asInt()).isEqualTo(2);
    assertThat(first.get("title").asText()).isEqualTo("お知らせが届きました");
    JsonNode deliveries = first.get("deliveries");
    assertThat(deliveries).hasSize(2);
    assertThat(deliveries.get(0).get("outcome").asText()).isEqualTo("retry");
    assertThat(deliveries.get(0).get("errorCode").asText()).isEqualTo("QUOTA_EXCEEDED");
    assertThat(deliveries.get(0).get("httpStatus").asInt()).isEqualTo(429);
    assertThat(deliveries.get(0).get("retryAt").asText()).isNotBlank();
    assertThat(deliveries.get(1).get("outcome").asText()).isEqualTo("sent");
    assertThat(deliveries.get(1).get("fcmMessageName").asText())
        .startsWith("projects/sukoyaka-test/messages/");
    assertThat(deliveries.get(1).get("deviceId").asText()).isEqualTo(phone.id().toString());
  }

  @Test
  void theLogIsReadPageByPageWithTheCursor() {
    List<UUID> notices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      notices.add(push.notice(mother));
      push.clock.advance(Duration.ofSeconds(1));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          Http.get(
                  "/api/v1/me/push-messages?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                  token)
              .json();
      page.get("messages").forEach(m -> seen.add(m.get("subjectId").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen)
        .containsExactly(
            notices.get(4).toString(),
            notices.get(3).toString(),
            notices.get(2).toString(),
            notices.get(1).toString(),
            notices.get(0).toString());
    Http.Response badCursor = Http.get("/api/v1/me/push-messages?cursor=nonsense", token);
    assertThat(badCursor.status()).isEqualTo(400);
    assertThat(badCursor.json().get("code").asText()).isEqualTo("SKY-5006");
    assertThat(Http.get("/api/v1/me/push-messages?limit=500", token).status()).isEqualTo(400);
  }

  @Test
  void theAppReportsAPushOpenedOnceAndAnotherGuardianCannot() {
    Personas.phoneOf(mother);
    UUID notice = push.notice(mother);
    push.dispatcher().drain();
    UUID messageId = PushFixture.messageId(notice);
    String path = "/api/v1/me/push-messages/" + messageId + "/opened";

    assertThat(Http.postJson(path, token, null).status()).isEqualTo(204);
    String opened =
        PushFixture.text("SELECT opened_at::text FROM push_message WHERE id = ?", messageId);
    assertThat(Http.postJson(path, token, null).status()).isEqualTo(204);
    assertThat(PushFixture.text("SELECT opened_at::text FROM push_message WHERE id = ?", messageId))
        .isEqualTo(opened);
    assertThat(
            Http.get("/api/v1/me/push-messages", token)
                .json()
                .get("messages")
                .get(0)
                .get("openedAt")
                .asText())
        .isNotBlank();

    String stranger = Tokens.guardian(Personas.motherAt20Weeks(mother.municipality()));
    Http.Response refused = Http.postJson(path, stranger, null);
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.json().get("code").asText()).isEqualTo("SKY-5004");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'report-push-opened'",
                mother.personId()))
        .isEqualTo(2);
  }
}
