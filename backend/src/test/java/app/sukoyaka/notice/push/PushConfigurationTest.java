package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PushConfigurationTest {

  private static PushConfiguration with(Path credentials, URI endpoint, String project) {
    return new PushConfiguration(
        true,
        project,
        credentials,
        endpoint,
        500,
        8,
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        Duration.ofSeconds(2),
        2,
        32,
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        10);
  }

  @Test
  void aServiceAccountSendsToFcmAnEndpointToTheEndpointAndDemoModeToItsOwn() {
    assertThat(with(Path.of("/etc/sukoyaka/firebase.json"), null, null).mode(false))
        .isEqualTo(PushConfiguration.Mode.FCM);
    assertThat(with(null, URI.create("http://127.0.0.1:9099"), "p").mode(true))
        .isEqualTo(PushConfiguration.Mode.ENDPOINT);
    assertThat(with(null, null, null).mode(true)).isEqualTo(PushConfiguration.Mode.DEMO);
    assertThat(with(null, null, null).mode(false)).isEqualTo(PushConfiguration.Mode.OFF);
  }

  @Test
  void theServiceAccountIsNeverSentToAnEndpointThatIsNotFcm() {
    assertThatThrownBy(
            () -> with(Path.of("/etc/sukoyaka/firebase.json"), URI.create("http://x:1"), "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void anEndpointNeedsAProjectAndABatchFitsFcmsLimit() {
    assertThatThrownBy(() -> with(null, URI.create("http://127.0.0.1:9099"), " "))
        .hasMessageContaining("project-id");
    assertThatThrownBy(
            () ->
                new PushConfiguration(
                    true,
                    null,
                    null,
                    null,
                    501,
                    8,
                    Duration.ofSeconds(30),
                    Duration.ofHours(1),
                    Duration.ofMinutes(10),
                    Duration.ofSeconds(2),
                    2,
                    32,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(20),
                    10))
        .hasMessageContaining("batch-size");
  }
}
