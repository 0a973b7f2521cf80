package app.sukoyaka.family.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.NotificationForms;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestSigningCa;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A mother whose handbook was issued online keeps her 妊婦健診 schedule with its 受診券 and her 妊娠届出 on
 * her phone: both come with the first sync, and again when a clinic uses a voucher or staff decide
 * on a notification of hers.
 */
class PrenatalSyncIT {
  private static final String SYNC = "/api/v1/me/sync";
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private Personas.Municipality town;
  private Personas.Resident misaki;
  private Personas.Clinic clinic;
  private UUID notificationId;
  private UUID pregnancyId;
  private String handbookNumber;
  private String guardian;

  @BeforeEach
  void herNotificationWasAcceptedAndHerHandbookIssued() {
    town = Personas.municipality();
    misaki = Personas.residentAt(12);
    clinic = Personas.clinicServing(town);
    Http.Response submitted = submit(Tokens.user("resident", misaki.subject()));
    notificationId = UUID.fromString(submitted.json().path("id").asText());
    Http.Response accepted =
        Http.postJson(
            "/api/v1/pregnancy-notifications/" + notificationId + "/acceptance",
            Tokens.staff(Personas.staffOf(town)),
            null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    pregnancyId = UUID.fromString(accepted.json().path("handbook").path("pregnancyId").asText());
    handbookNumber = accepted.json().path("handbook").path("handbookNumber").path("value").asText();
    guardian = Tokens.user("guardian", misaki.subject());
  }

  private Http.Response submit(String token) {
    Http.Response submitted =
        Http.postJson(
            "/api/v1/me/pregnancy-notifications",
            token,
            NotificationForms.body(
                TestSigningCa.get().signer("佐藤 美咲").sign(NotificationForms.json(misaki, town))));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    return submitted;
  }

  private JsonNode sync(JsonNode previous) {
    Http.Response response =
        Http.get(
            SYNC
                + (previous == null
                    ? ""
                    : "?cursor="
                        + URLEncoder.encode(
                            previous.path("cursor").asText(), StandardCharsets.UTF_8)),
            guardian);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static List<JsonNode> of(JsonNode sync, String kind) {
    List<JsonNode> found = new ArrayList<>();
    sync.path("changes")
        .forEach(
            c -> {
              if (c.path("kind").asText().equals(kind)) {
                found.add(c);
              }
            });
    return found;
  }

  @Test
  void theFirstSyncHoldsHerVouchersAndNotificationAndAVoucherUsedLaterIsTheOnlyChange() {
    JsonNode first = sync(null);

    List<JsonNode> schedules = of(first, "prenatalCheckups");
    assertThat(schedules).hasSize(1);
    JsonNode schedule = schedules.get(0);
    assertThat(schedule.path("id").asText()).isEqualTo(pregnancyId.toString());
    assertThat(schedule.path("subject").path("kind").asText()).isEqualTo("pregnancy");
    assertThat(schedule.path("data").path("visits")).hasSize(14);
    assertThat(schedule.path("data").path("visits").get(2).path("voucher").path("status").asText())
        .isEqualTo("unused");
    List<JsonNode> notifications = of(first, "pregnancyNotification");
    assertThat(notifications).hasSize(1);
    assertThat(notifications.get(0).path("id").asText()).isEqualTo(notificationId.toString());
    assertThat(notifications.get(0).path("subject").path("kind").asText()).isEqualTo("guardian");
    assertThat(notifications.get(0).path("data").path("status").asText()).isEqualTo("accepted");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND action = 'sync'"
                    + " AND subject_type = 'pregnancy-notification' AND subject_id = ?",
                misaki.subject(),
                notificationId))
        .isEqualTo(1);

    Http.Response used =
        Http.postJson(
            "/api/v1/clinic/prenatal-vouchers/uses",
            Tokens.clinic(clinic),
            "{\"municipalityCode\":\""
                + town.code()
                + "\",\"voucherNumber\":\""
                + handbookNumber
                + "-03\",\"motherBirthDate\":\""
                + misaki.birthDate()
                + "\",\"visitDate\":\""
                + LocalDate.now(JAPAN)
                + "\"}");
    assertThat(used.status()).as(used.body()).isEqualTo(200);
    JsonNode delta = sync(first);

    assertThat(delta.path("changes")).hasSize(1);
    JsonNode voucher =
        of(delta, "prenatalCheckups").get(0).path("data").path("visits").get(2).path("voucher");
    assertThat(voucher.path("status").asText()).isEqualTo("used");
    assertThat(voucher.path("usedBy").path("name").asText())
        .isEqualTo("テストクリニック " + clinic.medicalInstitutionCode());
    assertThat(sync(delta).path("changes")).isEmpty();
  }

  @Test
  void aNotificationStaffAskToCorrectComesAgainAlone() {
    Http.Response second = submit(guardian);
    UUID secondId = UUID.fromString(second.json().path("id").asText());
    JsonNode first = sync(null);
    assertThat(of(first, "pregnancyNotification")).hasSize(2);

    Http.Response asked =
        Http.postJson(
            "/api/v1/pregnancy-notifications/" + secondId + "/correction-request",
            Tokens.staff(Personas.staffOf(town)),
            "{\"message\":\"出産予定日をご確認ください。\"}");
    assertThat(asked.status()).as(asked.body()).isEqualTo(200);
    JsonNode delta = sync(first);

    assertThat(delta.path("changes")).hasSize(1);
    JsonNode entry = of(delta, "pregnancyNotification").get(0);
    assertThat(entry.path("id").asText()).isEqualTo(secondId.toString());
    assertThat(entry.path("data").path("status").asText()).isEqualTo("correction_requested");
  }
}
