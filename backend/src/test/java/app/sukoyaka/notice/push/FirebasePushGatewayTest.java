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
}
