package app.sukoyaka.notice.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A guardian's notification settings over HTTP: defaults, replacing them, and what is refused. */
class NotificationSettingsIT {
  private static final String PATH = "/api/v1/me/notification-settings";
  private Personas.Mother mother;
  private String token;

  @BeforeEach
  void aMotherAt20WeeksUsesTheApp() {
    mother = Personas.motherAt20Weeks(Personas.municipality());
    token = Tokens.guardian(mother);
  }

  private Http.Response put(String body) {
    return Http.send("PUT", PATH, token, "application/json", body);
  }

  private static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  @Test
  void aGuardianWhoNeverChoseHasJapaneseQuietHoursFromNineToEightAndEveryReminder() {
    Http.Response response = Http.get(PATH, token);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode settings = response.json();
    assertThat(settings.path("language").asText()).isEqualTo("ja");
    assertThat(settings.at("/quietHours/start").asText()).isEqualTo("21:00");
    assertThat(settings.at("/quietHours/end").asText()).isEqualTo("08:00");
    assertThat(settings.path("remindersOff")).isEmpty();
    assertThat(settings.path("updatedAt").isNull()).isTrue();
    List<String> kinds = new ArrayList<>();
    settings
        .path("reminderKinds")
        .forEach(
            k -> {
              kinds.add(k.path("kind").asText());
              assertThat(k.path("enabled").asBoolean()).isTrue();
              assertThat(k.at("/label/ja").asText()).isNotBlank();
            });
    assertThat(kinds).containsExactlyElementsOf(ReminderRules.KINDS);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = ?",
                mother.personId(),
                "read-notification-settings"))
        .isEqualTo(1);
  }

  @Test
  void theGuardianChoosesEnglishQuietHoursAndTheRemindersTheyWant() {
    Http.Response replaced =
        put(
            "{\"language\":\"en\",\"quietHours\":{\"start\":\"22:30\",\"end\":\"06:45\"},"
                + "\"remindersOff\":[\"vaccine-overdue\",\"checkup-follow-up\"]}");

    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    JsonNode read = Http.get(PATH, token).json();
    assertThat(read.path("language").asText()).isEqualTo("en");
    assertThat(read.at("/quietHours/start").asText()).isEqualTo("22:30");
    assertThat(read.at("/quietHours/end").asText()).isEqualTo("06:45");
    assertThat(read.path("remindersOff").toString())
        .isEqualTo("[\"vaccine-overdue\",\"checkup-follow-up\"]");
    assertThat(read.path("updatedAt").isTextual()).isTrue();
    assertThat(read.at("/reminderKinds/1/enabled").asBoolean()).isFalse();
    assertThat(
            Db.count(
                "SELECT count(*) FROM notification_preference WHERE person_id = ?"
                    + " AND language = 'en' AND quiet_start = '22:30' AND quiet_end = '06:45'"
                    + " AND reminders_off = '{vaccine-overdue,checkup-follow-up}'",
                mother.personId()))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = ?",
                mother.personId(),
                "replace-notification-settings"))
        .isEqualTo(1);
  }

  @Test
  void everyWrongMemberIsReportedAtOnceAndNothingIsStored() {
    Http.Response refused =
        put(
            "{\"language\":\"fr\",\"quietHours\":{\"start\":\"25:00\",\"end\":\"8:00\"},"
                + "\"remindersOff\":[\"vaccine-due\",\"newsletters\"]}");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-5201");
    assertThat(fields(refused.json()))
        .containsExactly("language", "quietHours.start", "quietHours.end", "remindersOff/1");
    assertThat(
            Db.count(
                "SELECT count(*) FROM notification_preference WHERE person_id = ?",
                mother.personId()))
        .isZero();
  }

  @Test
  void aTimeThatIsNotHoursAndMinutesAndAnUnknownKindHaveTheirOwnCodes() {
    Http.Response time =
        put(
            "{\"language\":\"ja\",\"quietHours\":{\"start\":\"21:00\",\"end\":\"noon\"},"
                + "\"remindersOff\":[]}");
    Http.Response kind =
        put(
            "{\"language\":\"ja\",\"quietHours\":{\"start\":\"21:00\",\"end\":\"08:00\"},"
                + "\"remindersOff\":[\"weather\"]}");

    assertThat(time.status()).isEqualTo(422);
    assertThat(time.json().path("code").asText()).isEqualTo("SKY-5202");
    assertThat(kind.status()).isEqualTo(422);
    assertThat(kind.json().path("code").asText()).isEqualTo("SKY-5203");
  }

  @Test
  void aMissingMemberIsABadRequest() {
    Http.Response missing = put("{\"language\":\"ja\",\"remindersOff\":[]}");

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("code").asText()).isEqualTo("SKY-3003");
    assertThat(fields(missing.json())).containsExactly("quietHours");
  }

  @Test
  void staffHaveNoNotificationSettingsHere() {
    Http.Response response = Http.get(PATH, Tokens.staff(Personas.staffOf(mother.municipality())));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1005");
  }
}
