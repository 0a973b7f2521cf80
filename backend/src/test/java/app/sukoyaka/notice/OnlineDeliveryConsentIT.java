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
 * Online-delivery consent: asked by a consent request delivered online to everyone, recorded from
 * the yes/no reply with the version of its text, withdrawn by the guardian; it decides whether
 * official notices go online or on paper.
 */
class OnlineDeliveryConsentIT {
  private final Personas.Municipality city = Personas.municipality();
  private final String staff = Tokens.staff(Personas.staffOf(city));
  private final Personas.FamilyWithInfant family = Personas.familyNotAskedForOnlineConsent(city);
  private final String guardian = Tokens.guardian(family.mother());
  private final UUID everyone = NoticeSteps.everyone(staff);

  private String channelOfNextOfficialNotice() {
    UUID notice = NoticeSteps.officialDraft(staff, everyone);
    NoticeSteps.sent(staff, notice);
    return Db.count(
                "SELECT count(*) FROM notice_delivery WHERE notice_id = ? AND person_id = ?"
                    + " AND channel = 'online'",
                notice,
                family.mother().personId())
            == 1
        ? "online"
        : "paper";
  }

  private UUID askedForConsent() {
    UUID request = NoticeSteps.consentRequestDraft(staff, everyone);
    NoticeSteps.sent(staff, request);
    return request;
  }

  private Http.Response answer(UUID request, String choice) {
    return Http.send(
        "PUT",
        "/api/v1/me/notices/" + request + "/reply",
        guardian,
        "application/json",
        "{\"choices\": [\"" + choice + "\"]}");
  }

  @Test
  void withoutConsentOfficialNoticesGoOnPaperButTheConsentRequestReachesTheInbox() {
    assertThat(
            Http.get("/api/v1/me/online-delivery-consent", guardian).json().path("state").asText())
        .isEqualTo("none");
    assertThat(channelOfNextOfficialNotice()).isEqualTo("paper");

    UUID request = askedForConsent();

    JsonNode inbox = Http.get("/api/v1/me/notices", guardian).json();
    assertThat(inbox.path("items").findValuesAsText("id")).containsExactly(request.toString());
    assertThat(inbox.path("items").get(0).path("kind").asText()).isEqualTo("consent_request");
    assertThat(Db.count("SELECT count(*) FROM push_message WHERE subject_id = ?", request))
        .isEqualTo(1);
  }

  @Test
  void answeringYesRecordsConsentWithTheVersionOfTheTextAndNoticesThenComeOnline() {
    UUID request = askedForConsent();

    Http.Response yes = answer(request, "yes");
    JsonNode consent = Http.get("/api/v1/me/online-delivery-consent", guardian).json();

    assertThat(yes.status()).as(yes.body()).isEqualTo(200);
    assertThat(yes.json().path("consentTextVersion").asText()).isEqualTo("2026-05");
    assertThat(consent.path("state").asText()).isEqualTo("granted");
    assertThat(consent.path("textVersion").asText()).isEqualTo("2026-05");
    assertThat(consent.path("noticeId").asText()).isEqualTo(request.toString());
    assertThat(consent.path("decidedAt").asText()).isNotBlank();
    assertThat(channelOfNextOfficialNotice()).isEqualTo("online");
  }

  @Test
  void answeringNoRecordsTheRefusalAndAChangedAnswerIsRecordedToo() {
    UUID request = askedForConsent();

    answer(request, "no");
    assertThat(
            Http.get("/api/v1/me/online-delivery-consent", guardian).json().path("state").asText())
        .isEqualTo("refused");
    assertThat(channelOfNextOfficialNotice()).isEqualTo("paper");

    answer(request, "yes");
    JsonNode consent = Http.get("/api/v1/me/online-delivery-consent", guardian).json();
    assertThat(consent.path("state").asText()).isEqualTo("granted");
    assertThat(consent.path("history").findValuesAsText("decision"))
        .containsExactly("granted", "refused");
    assertThat(channelOfNextOfficialNotice()).isEqualTo("online");
  }

  @Test
  void aGuardianWithdrawsConsentAndLaterNoticesGoOnPaperWhileEarlierOnesStay() {
    UUID request = askedForConsent();
    answer(request, "yes");
    channelOfNextOfficialNotice();

    Http.Response withdrawn =
        Http.send("DELETE", "/api/v1/me/online-delivery-consent", guardian, null, null);

    assertThat(withdrawn.status()).isEqualTo(200);
    assertThat(withdrawn.json().path("state").asText()).isEqualTo("withdrawn");
    assertThat(withdrawn.json().path("textVersion").asText()).isEqualTo("2026-05");
    assertThat(withdrawn.json().path("history").findValuesAsText("decision"))
        .containsExactly("withdrawn", "granted");
    assertThat(channelOfNextOfficialNotice()).isEqualTo("paper");
    assertThat(Http.get("/api/v1/me/notices", guardian).json().path("total").asInt()).isEqualTo(2);
  }

  @Test
  void withdrawingWithoutConsentChangesNothing() {
    Http.Response response =
        Http.send("DELETE", "/api/v1/me/online-delivery-consent", guardian, null, null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("state").asText()).isEqualTo("none");
    assertThat(
            Db.count(
                "SELECT count(*) FROM online_delivery_consent WHERE person_id = ?",
                family.mother().personId()))
        .isZero();
  }
}
