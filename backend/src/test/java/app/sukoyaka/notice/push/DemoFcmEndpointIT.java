package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.transaction.TransactionOperations;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Demo mode: the service sends its pushes to its own local FCM endpoint, and {@code GET
 * /dev/fcm/messages} shows a newcomer what arrived.
 */
class DemoFcmEndpointIT {

  @Test
  void inDemoModeAPushTheServiceSentIsListedFirstWithItsPayload() {
    Personas.Mother mother = Personas.motherAt20Weeks(Personas.municipality());
    // No quiet hours, so the push is due whatever time the test runs.
    Db.update(
        "INSERT INTO notification_preference (person_id, municipality_id, quiet_start, quiet_end,"
            + " updated_at) VALUES (?, ?, '00:00', '00:00', now())",
        mother.personId(),
        mother.municipality().id());
    String fcm = "demo-phone-" + UUID.randomUUID() + ":APA91bDemo";
    Http.postJson(
        "/api/v1/me/devices",
        Tokens.guardian(mother),
        "{\"token\": \""
            + fcm
            + "\", \"platform\": \"android\", \"locale\": \"ja-JP\","
            + " \"appVersion\": \"1.0.0\"}");
    UUID notice = UUID.randomUUID();
    PushOutbox outbox = TestService.bean(PushOutbox.class);
    TransactionOperations<?> transactions = TestService.bean(TransactionOperations.class);
    PushRequest request =
        new PushRequest(
            mother.personId(),
            mother.municipality().id(),
            PushKind.NOTICE,
            notice,
            java.util.Map.of("ja", "お知らせが届きました"),
            java.util.Map.of("ja", "アプリで内容をご確認ください"),
            "sukoyaka://home",
            java.util.Map.of("noticeId", notice.toString()));
    transactions.executeWrite(status -> outbox.enqueue(request));

    TestService.bean(PushDispatcher.class).drain();

    Http.Response response = Http.get("/dev/fcm/messages?limit=5", null);
    assertThat(response.status()).isEqualTo(200);
    JsonNode latest = response.json().get("messages").get(0);
    assertThat(latest.get("token").asText()).isEqualTo(fcm);
    assertThat(latest.get("status").asInt()).isEqualTo(200);
    assertThat(latest.get("name").asText()).startsWith("projects/sukoyaka-demo/messages/");
    assertThat(latest.get("data").get("noticeId").asText()).isEqualTo(notice.toString());
    assertThat(latest.get("data").get("messageId").asText())
        .isEqualTo(PushFixture.messageId(notice).toString());
    assertThat(latest.get("violations")).isEmpty();
    assertThat(response.json().get("endpoint").asText()).startsWith("http://127.0.0.1:");
    assertThat(PushFixture.status(notice)).isEqualTo("sent");
  }
}
