package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push outbox on real PostgreSQL: what a producer queues, in whose language, and when. */
class PushOutboxIT {
  private Personas.Mother mother;
  private PushOutbox outbox;
  private TransactionOperations<Connection> transactions;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void aMotherAt20WeeksUsesTheApp() {
    TestService.server();
    mother = Personas.motherAt20Weeks(Personas.municipality());
    outbox = TestService.bean(PushOutbox.class);
    transactions = TestService.bean(TransactionOperations.class);
  }

  private PushRequest request(UUID subject) {
    return new PushRequest(
        mother.personId(),
        mother.municipality().id(),
        PushKind.NOTICE,
        subject,
        Map.of("ja", "お知らせが届きました", "en", "You have a new notice"),
        Map.of("ja", "アプリで内容をご確認ください", "en", "Open the app to read it"),
        "sukoyaka://home",
        Map.of("noticeId", subject.toString()));
  }

  private JsonNode payload(UUID subject) throws Exception {
    try (Connection connection = Db.connect();
        var statement =
            connection.prepareStatement(
                "SELECT payload::text, created_at, not_before, status FROM push_message"
                    + " WHERE subject_id = ?")) {
      statement.setObject(1, subject);
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        Instant created = rs.getTimestamp(2).toInstant();
        Instant notBefore = rs.getTimestamp(3).toInstant();
        assertThat(notBefore).isEqualTo(QuietHours.DEFAULT.release(created));
        assertThat(rs.getString(4)).isEqualTo("queued");
        return new ObjectMapper().readTree(rs.getString(1));
      }
    }
  }

  @Test
  void aPushIsQueuedInJapaneseByDefaultAndASecondRequestForTheSameNoticeIsIgnored()
      throws Exception {
    UUID notice = UUID.randomUUID();
    int first = transactions.executeWrite(status -> outbox.enqueue(request(notice)));
    int again = transactions.executeWrite(status -> outbox.enqueue(request(notice)));

    assertThat(first).isEqualTo(1);
    assertThat(again).isZero();
    JsonNode payload = payload(notice);
    assertThat(payload.get("language").asText()).isEqualTo("ja");
    assertThat(payload.get("title").asText()).isEqualTo("お知らせが届きました");
    assertThat(payload.get("kind").asText()).isEqualTo("notice");
    assertThat(payload.at("/data/noticeId").asText()).isEqualTo(notice.toString());
  }

  @Test
  void aGuardianWhoChoseEnglishGetsTheEnglishText() throws Exception {
    Db.update(
        "INSERT INTO notification_preference (person_id, municipality_id, language, updated_at)"
            + " VALUES (?, ?, 'en', ?)",
        mother.personId(),
        mother.municipality().id(),
        Timestamp.from(Instant.now()));
    UUID notice = UUID.randomUUID();
    transactions.executeWrite(status -> outbox.enqueueAll(List.of(request(notice))));

    assertThat(payload(notice).get("body").asText()).isEqualTo("Open the app to read it");
  }

  @Test
  void aPushNotYetSentCanBeWithdrawn() {
    UUID reminder = UUID.randomUUID();
    transactions.executeWrite(status -> outbox.enqueue(request(reminder)));
    int withdrawn = transactions.executeWrite(status -> outbox.cancel(reminder));

    assertThat(withdrawn).isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM push_message WHERE subject_id = ? AND status = 'cancelled'",
                reminder))
        .isEqualTo(1);
  }

  @Test
  void nothingIsQueuedOutsideTheProducersTransaction() {
    assertThatThrownBy(() -> outbox.enqueue(request(UUID.randomUUID())))
        .isInstanceOf(RuntimeException.class);
  }
}
