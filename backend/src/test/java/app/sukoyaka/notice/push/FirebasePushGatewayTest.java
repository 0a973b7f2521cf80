package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.json.gson.GsonFactory;
import com.google.firebase.messaging.Message;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirebasePushGatewayTest {

  @Test
  void theSdksRequestsToFcmGoToTheEndpointsHostAndPort() {
    assertThat(EndpointTransport.target(URI.create("http://127.0.0.1:9099")).toURI())
        .isEqualTo("http://127.0.0.1:9099");
    assertThat(EndpointTransport.target(URI.create("https://fcm.staging.example/")).toURI())
        .isEqualTo("https://fcm.staging.example:443");
    assertThatThrownBy(() -> EndpointTransport.target(URI.create("http://127.0.0.1:9099/fcm")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EndpointTransport.target(URI.create("ftp://127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfterIsReadInSecondsOrAsAnHttpDate() {
    assertThat(FirebasePushGateway.parseRetryAfter("120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(FirebasePushGateway.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
        .isEqualTo(Duration.ZERO);
    assertThat(FirebasePushGateway.parseRetryAfter("soon")).isNull();
    assertThat(FirebasePushGateway.parseRetryAfter(null)).isNull();
  }

  @Test
  void copiesOfOnePushReplaceEachOtherOnThePhone() throws Exception {
    Message message =
        FirebasePushGateway.message(
            new PushGateway.DevicePush(
                "token-of-a-phone-0123456789",
                "お知らせが届きました",
                "アプリでご確認ください",
                Map.of("messageId", "01937a2e-5c4b-7d8e-9f0a-1b2c3d4e5f60", "kind", "notice")));
    // As the SDK writes it to FCM: the Android tag and the APNs collapse id are the message id.
    String json = GsonFactory.getDefaultInstance().toString(message);
    assertThat(json)
        .contains("\"tag\":\"01937a2e-5c4b-7d8e-9f0a-1b2c3d4e5f60\"")
        .contains("\"apns-collapse-id\":\"01937a2e-5c4b-7d8e-9f0a-1b2c3d4e5f60\"")
        .contains("\"title\":\"お知らせが届きました\"")
        .contains("\"kind\":\"notice\"");
  }

  @Test
  void inProductionTheServiceAccountFileNamesTheProject() throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String key =
        java.util.Base64.getMimeEncoder(64, "\n".getBytes())
            .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    String account =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(
                Map.of(
                    "type", "service_account",
                    "project_id", "sukoyaka-prod",
                    "private_key_id", "k1",
                    "private_key",
                        "-----BEGIN PRIVATE KEY-----\n" + key + "\n-----END PRIVATE KEY-----\n",
                    "client_email", "push@sukoyaka-prod.iam.gserviceaccount.com",
                    "client_id", "1",
                    "token_uri", "https://oauth2.googleapis.com/token"));
    java.nio.file.Path file = java.nio.file.Files.createTempFile("firebase", ".json");
    java.nio.file.Files.writeString(file, account);
    PushConfiguration config =
        new PushConfiguration(
            true,
            null,
            file,
            null,
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

    try (FirebasePushGateway gateway = FirebasePushGateway.toFcm(config)) {
      assertThat(gateway.projectId()).isEqualTo("sukoyaka-prod");
    } finally {
      java.nio.file.Files.delete(file);
    }
  }
}
