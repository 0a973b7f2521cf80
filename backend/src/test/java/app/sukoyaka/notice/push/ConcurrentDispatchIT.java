package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Personas;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Two service instances dispatching the same queue at once (each its own dispatcher and Firebase
 * app, two workers each): every message is sent to every device exactly once.
 */
class ConcurrentDispatchIT {

  @Test
  void twoDispatchersRunningAtOnceOnTheSameQueueNeverSendAMessageTwice() throws Exception {
    try (PushFixture push = new PushFixture(PushFixture.config(8, 25, 2))) {
      Personas.Municipality city = Personas.municipality();
      List<Personas.Device> devices = new ArrayList<>();
      List<PushRequest> requests = new ArrayList<>();
      List<UUID> notices = new ArrayList<>();
      for (int m = 0; m < 40; m++) {
        Personas.Mother mother = Personas.motherAt20Weeks(city);
        devices.add(Personas.deviceOf(mother, "android"));
        devices.add(Personas.deviceOf(mother, "ios"));
        for (int n = 0; n < 25; n++) {
          UUID notice = UUID.randomUUID();
          notices.add(notice);
          requests.add(push.noticeRequest(mother, notice));
        }
      }
      push.enqueue(requests);
      PushDispatcher first = push.dispatcher();
      PushDispatcher second = push.dispatcher();

      ExecutorService instances = Executors.newFixedThreadPool(2);
      CompletableFuture<Integer> a = CompletableFuture.supplyAsync(first::drain, instances);
      CompletableFuture<Integer> b = CompletableFuture.supplyAsync(second::drain, instances);
      int handledByFirst = a.get();
      int handledBySecond = b.get();
      instances.shutdown();

      assertThat(handledByFirst + handledBySecond).isEqualTo(1000);
      assertThat(handledByFirst).isPositive();
      assertThat(handledBySecond).isPositive();
      assertThat(push.endpoint.acceptedCount()).isEqualTo(2000);
      assertThat(
              PushFixture.texts(
                  "SELECT DISTINCT status FROM push_message WHERE subject_id = ANY (?::uuid[])",
                  (Object) notices.stream().map(UUID::toString).toArray(String[]::new)))
          .containsExactly("sent");
      for (int i = 0; i < devices.size(); i++) {
        Personas.Device device = devices.get(i);
        List<String> messages =
            PushFixture.texts(
                "SELECT a.message_id::text FROM push_attempt a WHERE a.device_id = ?", device.id());
        assertThat(messages).hasSize(25);
        for (String messageId : messages) {
          assertThat(push.endpoint.acceptedCount(messageId, device.token()))
              .as("message %s to %s", messageId, device.token())
              .isEqualTo(1);
        }
      }
      assertThat(push.endpoint.violations()).isEmpty();
    }
  }
}
