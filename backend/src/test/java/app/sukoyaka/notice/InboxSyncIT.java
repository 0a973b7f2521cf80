package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Notices reach the app's offline inbox through the sync; reading one changes its line. */
class InboxSyncIT {
  private final Personas.Municipality city = Personas.municipality();
  private final String staff = Tokens.staff(Personas.staffOf(city));
  private final Personas.FamilyWithInfant family = Personas.familyWhoConsentedToOnlineNotices(city);
  private final String guardian = Tokens.guardian(family.mother());

  private JsonNode sync(JsonNode previous) {
    String query =
        previous == null
            ? ""
            : "?cursor="
                + URLEncoder.encode(previous.path("cursor").asText(), StandardCharsets.UTF_8);
    Http.Response response = Http.get("/api/v1/me/sync" + query, guardian);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode notices(JsonNode sync) {
    return sync.path("changes").findParents("kind").stream()
        .filter(c -> c.path("kind").asText().equals("notice"))
        .reduce(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode(),
            (array, c) -> array.add(c),
            (a, b) -> a.addAll(b));
  }

  @Test
  void aNoticeSentAfterTheCursorArrivesUnreadAndReadingItChangesItsLine() {
    JsonNode first = sync(null);
    UUID notice = NoticeSteps.officialDraft(staff, NoticeSteps.everyone(staff));
    NoticeSteps.sent(staff, notice);

    JsonNode arrived = sync(first);
    Http.get("/api/v1/me/notices/" + notice, guardian);
    JsonNode read = sync(arrived);

    assertThat(notices(first)).isEmpty();
    assertThat(notices(arrived)).hasSize(1);
    JsonNode line = notices(arrived).get(0);
    assertThat(line.path("id").asText()).isEqualTo(notice.toString());
    assertThat(line.path("subject").path("kind").asText()).isEqualTo("guardian");
    assertThat(line.path("data").path("readAt").isNull()).isTrue();
    assertThat(notices(read)).hasSize(1);
    assertThat(notices(read).get(0).path("data").path("readAt").asText()).isNotBlank();
    assertThat(notices(sync(read))).isEmpty();
  }
}
