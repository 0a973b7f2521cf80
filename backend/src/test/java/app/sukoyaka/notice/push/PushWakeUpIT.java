package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.transaction.TransactionOperations;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An instance that dispatches wakes up when a producer's transaction that queued a push commits
 * (PostgreSQL NOTIFY), without waiting for its next poll.
 */
class PushWakeUpIT {

  @Test
  void aPushQueuedByAnotherInstanceIsSentAsSoonAsItsTransactionCommits() throws Exception {
    Personas.Mother mother = Personas.motherAt20Weeks(Personas.municipality());
    Db.update(
        "INSERT INTO notification_preference (person_id, municipality_id, quiet_start, quiet_end,"
            + " updated_at) VALUES (?, ?, '00:00', '00:00', now())",
        mother.personId(),
        mother.municipality().id());
    Personas.Device phone = Personas.phoneOf(mother);
    try (LocalFcmEndpoint endpoint = LocalFcmEndpoint.start(LocalFcmEndpoint.Options.forTests());
        EmbeddedServer dispatching =
            TestService.start(
                Map.of(
                    "sukoyaka.security.key-encryption-key",
                    TestService.KEY_ENCRYPTION_KEY,
                    "sukoyaka.push.endpoint",
                    endpoint.uri().toString(),
                    "sukoyaka.push.project-id",
                    "sukoyaka-wake-up",
                    // Polls only after an hour: only the wake-up can send the push in time.
                    "sukoyaka.push.poll-interval",
                    "1h"))) {
      Thread.sleep(2000); // the instance starts listening right after start-up
      UUID notice = UUID.randomUUID();
      PushRequest request =
          new PushRequest(
              mother.personId(),
              mother.municipality().id(),
              PushKind.NOTICE,
              notice,
              Map.of("ja", "お知らせが届きました"),
              Map.of("ja", "アプリで内容をご確認ください"),
              "sukoyaka://home",
              Map.of("noticeId", notice.toString()));
      PushOutbox outbox = TestService.bean(PushOutbox.class);
      TransactionOperations<?> transactions = TestService.bean(TransactionOperations.class);
      transactions.executeWrite(status -> outbox.enqueue(request));

      long deadline = System.nanoTime() + 15_000_000_000L;
      while (endpoint.receivedFor(phone.token()).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }

      assertThat(endpoint.receivedFor(phone.token())).hasSize(1);
      assertThat(endpoint.violations()).isEmpty();
    }
  }
}
