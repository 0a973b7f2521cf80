package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Online-delivery consent in the guardian's consent register: listed with the version of the
 * consent request's text, withdrawn from the register at once (the next official notice goes on
 * paper), and nobody else's to withdraw.
 */
class OnlineDeliveryConsentRegisterIT {
  private final Personas.Municipality city = Personas.municipality();
  private final String staff = Tokens.staff(Personas.staffOf(city));
  private final Personas.FamilyWithInfant family = Personas.familyNotAskedForOnlineConsent(city);
  private final String guardian = Tokens.guardian(family.mother());
  private final UUID everyone = NoticeSteps.everyone(staff);

  private String channelOfNextOfficialNotice() {
    UUID notice = NoticeSteps.officialDraft(staff, everyone);
    NoticeSteps.sent(staff, notice);
    return Db.text(
        "SELECT channel FROM notice_delivery WHERE notice_id = ? AND person_id = ?",
        notice,
        family.mother().personId());
  }

  private JsonNode consentedOnline() {
    UUID request = NoticeSteps.consentRequestDraft(staff, everyone);
    NoticeSteps.sent(staff, request);
    Http.Response yes =
        Http.send(
            "PUT",
            "/api/v1/me/notices/" + request + "/reply",
            guardian,
            "application/json",
            "{\"choices\": [\"yes\"]}");
    assertThat(yes.status()).as(yes.body()).isEqualTo(200);
    Http.Response register = Http.get("/api/v1/me/consents", guardian);
    assertThat(register.status()).as(register.body()).isEqualTo(200);
    for (JsonNode consent : register.json().path("consents")) {
      if (consent.path("kind").asText().equals("online-delivery")) {
        return consent;
      }
    }
    throw new AssertionError("No online-delivery consent in " + register.body());
  }

  @Test
  void aYesToTheConsentRequestIsInTheRegisterWithTheVersionOfItsText() {
    JsonNode consent = consentedOnline();

    assertThat(consent.path("status").asText()).isEqualTo("active");
    assertThat(consent.path("textVersion").asText()).isEqualTo("2026-05");
    assertThat(consent.path("recipient").asText()).isEqualTo("テスト市" + city.code());
    assertThat(consent.path("agreedAt").isTextual()).isTrue();
    assertThat(consent.path("withdrawnAt").isNull()).isTrue();
    assertThat(channelOfNextOfficialNotice()).isEqualTo("online");
  }

  @Test
  void withdrawnFromTheRegisterTheNextOfficialNoticeGoesOnPaper() {
    JsonNode consent = consentedOnline();

    Http.Response withdrawn =
        Http.postJson(
            "/api/v1/me/consents/online-delivery/" + consent.path("id").asText() + "/withdrawal",
            guardian,
            null);

    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(withdrawn.json().path("status").asText()).isEqualTo("withdrawn");
    assertThat(withdrawn.json().path("withdrawnAt").isTextual()).isTrue();
    assertThat(channelOfNextOfficialNotice()).isEqualTo("paper");
    assertThat(
            Http.get("/api/v1/me/online-delivery-consent", guardian).json().path("state").asText())
        .isEqualTo("withdrawn");
    // Withdrawing it again changes nothing.
    Http.Response again =
        Http.postJson(
            "/api/v1/me/consents/online-delivery/" + consent.path("id").asText() + "/withdrawal",
            guardian,
            null);
    assertThat(again.status()).isEqualTo(200);
    assertThat(
            Db.count(
                "SELECT count(*) FROM online_delivery_consent WHERE person_id = ?"
                    + " AND decision = 'withdrawn'",
                family.mother().personId()))
        .isEqualTo(1);
  }

  @Test
  void anotherGuardianCannotWithdrawItAndItStillHolds() {
    JsonNode consent = consentedOnline();
    String stranger = Tokens.guardian(Personas.familyWithInfant(city).mother());

    Http.Response refused =
        Http.postJson(
            "/api/v1/me/consents/online-delivery/" + consent.path("id").asText() + "/withdrawal",
            stranger,
            null);

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-6602");
    assertThat(Http.get("/api/v1/me/consents", stranger).json().path("consents")).isEmpty();
    assertThat(channelOfNextOfficialNotice()).isEqualTo("online");
  }
}
