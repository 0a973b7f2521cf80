package app.sukoyaka.notice.push;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The app registers, updates, lists and removes the devices that receive its guardian's pushes. */
class PushDevicesIT {
  private Personas.Mother mother;
  private String token;

  @BeforeEach
  void aMotherAt20WeeksSignedInToTheApp() {
    mother = Personas.motherAt20Weeks(Personas.municipality());
    token = Tokens.guardian(mother);
  }

  private static String registration(String fcmToken, String platform, String appVersion) {
    return """
        {"token": "%s", "platform": "%s", "locale": "ja-JP", "appVersion": "%s"}
        """
        .formatted(fcmToken, platform, appVersion);
  }

  private static String fcmToken() {
    return "dR3kVx8tQ5mZ1cY7:APA91b" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void aDeviceIsRegisteredListedAndUpdatedWhenTheAppRegistersItsTokenAgain() {
    String fcm = fcmToken();
    Http.Response created =
        Http.postJson("/api/v1/me/devices", token, registration(fcm, "android", "1.4.0 (212)"));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.header("Location")).isEqualTo("/api/v1/me/devices/" + id);
    assertThat(created.json().get("tokenSuffix").asText())
        .isEqualTo(fcm.substring(fcm.length() - 6));

    Http.Response again =
        Http.postJson("/api/v1/me/devices", token, registration(fcm, "android", "1.5.0 (230)"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("id").asText()).isEqualTo(id);

    JsonNode devices = Http.get("/api/v1/me/devices", token).json().get("devices");
    assertThat(devices).hasSize(1);
    assertThat(devices.get(0).get("appVersion").asText()).isEqualTo("1.5.0 (230)");
    assertThat(devices.get(0).get("platform").asText()).isEqualTo("android");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'register-push-device'",
                mother.personId()))
        .isEqualTo(2);
  }

  @Test
  void aTokenRegisteredByAnotherPersonMovesToThem() {
    String fcm = fcmToken();
    Http.postJson("/api/v1/me/devices", token, registration(fcm, "ios", "1.4.0"));
    Personas.Mother sister = Personas.motherAt20Weeks(mother.municipality());
    String sisterToken = Tokens.guardian(sister);

    Http.Response moved =
        Http.postJson("/api/v1/me/devices", sisterToken, registration(fcm, "ios", "1.4.0"));

    assertThat(moved.status()).isEqualTo(201);
    assertThat(Http.get("/api/v1/me/devices", token).json().get("devices")).isEmpty();
    assertThat(Http.get("/api/v1/me/devices", sisterToken).json().get("devices")).hasSize(1);
    assertThat(
            PushFixture.text(
                "SELECT removed_reason FROM push_device WHERE person_id = ? AND token = ?",
                mother.personId(),
                fcm))
        .isEqualTo("moved");
  }

  @Test
  void aRemovedDeviceIsNoLongerListedAndCannotBeRemovedTwice() {
    String id =
        Http.postJson("/api/v1/me/devices", token, registration(fcmToken(), "web", "2026.4"))
            .json()
            .get("id")
            .asText();

    assertThat(Http.send("DELETE", "/api/v1/me/devices/" + id, token, null, null).status())
        .isEqualTo(204);
    assertThat(Http.get("/api/v1/me/devices", token).json().get("devices")).isEmpty();
    Http.Response twice = Http.send("DELETE", "/api/v1/me/devices/" + id, token, null, null);
    assertThat(twice.status()).isEqualTo(404);
    assertThat(twice.json().get("code").asText()).isEqualTo("SKY-5002");
    assertThat(PushFixture.text("SELECT removed_reason FROM push_device WHERE id = ?::uuid", id))
        .isEqualTo("removed");
  }

  @Test
  void anotherGuardianCannotRemoveMyDevice() {
    String id =
        Http.postJson("/api/v1/me/devices", token, registration(fcmToken(), "android", "1.0"))
            .json()
            .get("id")
            .asText();
    String stranger = Tokens.guardian(Personas.motherAt20Weeks(mother.municipality()));

    Http.Response refused = Http.send("DELETE", "/api/v1/me/devices/" + id, stranger, null, null);

    assertThat(refused.status()).isEqualTo(404);
    assertThat(Http.get("/api/v1/me/devices", token).json().get("devices")).hasSize(1);
  }

  @Test
  void everyInvalidMemberOfARegistrationIsNamedAndNothingIsStored() {
    Http.Response refused =
        Http.postJson(
            "/api/v1/me/devices",
            token,
            """
            {"token": "short", "platform": "blackberry", "locale": "日本語", "appVersion": ""}
            """);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().get("code").asText()).isEqualTo("SKY-5001");
    assertThat(refused.json().get("errors").findValuesAsText("field"))
        .containsExactly("token", "platform", "locale", "appVersion");
    assertThat(Db.count("SELECT count(*) FROM push_device WHERE person_id = ?", mother.personId()))
        .isZero();

    Http.Response missing = Http.postJson("/api/v1/me/devices", token, "{}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json().get("errors")).hasSize(4);
  }

  @Test
  void aPersonHasAtMostTenDevices() {
    for (int i = 0; i < 10; i++) {
      assertThat(
              Http.postJson("/api/v1/me/devices", token, registration(fcmToken(), "android", "1"))
                  .status())
          .isEqualTo(201);
    }
    Http.Response eleventh =
        Http.postJson("/api/v1/me/devices", token, registration(fcmToken(), "android", "1"));

    assertThat(eleventh.status()).isEqualTo(409);
    assertThat(eleventh.json().get("code").asText()).isEqualTo("SKY-5003");
  }

  @Test
  void staffHaveNoDevicesOfTheirOwn() {
    String staff = Tokens.staff(Personas.staffOf(mother.municipality()));

    Http.Response refused =
        Http.postJson("/api/v1/me/devices", staff, registration(fcmToken(), "android", "1"));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("code").asText()).isEqualTo("SKY-1005");
    assertThat(Http.get("/api/v1/me/devices", null).status()).isEqualTo(401);
  }
}
