package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** What the notice tests do over HTTP, as staff and guardians would. */
public final class NoticeSteps {
  private NoticeSteps() {}

  /** A reply deadline a week ahead. */
  static String nextWeek() {
    return OffsetDateTime.now(ZoneOffset.ofHours(9))
        .plusDays(7)
        .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"));
  }

  static UUID audience(String staffToken, String queryJson) {
    Http.Response response =
        Http.postJson(
            "/api/v1/notice-audiences",
            staffToken,
            "{\"name\": \"audience " + UUID.randomUUID() + "\", \"query\": " + queryJson + "}");
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return UUID.fromString(response.json().get("id").asText());
  }

  /** Everyone of the municipality: every guardian of a child and every pregnant person. */
  static UUID everyone(String staffToken) {
    return audience(staffToken, "{}");
  }

  static UUID draft(String staffToken, String json) {
    Http.Response response = Http.postJson("/api/v1/notices", staffToken, json);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return UUID.fromString(response.json().get("id").asText());
  }

  /** A plain official notice to the audience, without a question. */
  static UUID officialDraft(String staffToken, UUID audienceId) {
    return draft(
        staffToken,
        """
        {"title": {"ja": "予防接種のお知らせ", "en": "About vaccinations"},
         "body": {"ja": "接種の時期です。"},
         "links": [{"title": "市のページ", "url": "https://www.city.example.lg.jp/yobo"}],
         "paperFollowUpAfterDays": 7,
         "audienceId": "%s"}
        """
            .formatted(audienceId));
  }

  /** An official notice asking one question. */
  public static UUID questionDraft(
      String staffToken, UUID audienceId, String questionJson, String policy) {
    return draft(
        staffToken,
        """
        {"title": {"ja": "健診日のご希望"}, "body": {"ja": "ご希望をお知らせください。"},
         "question": %s, "replyDeadline": "%s", "replyPolicy": "%s", "audienceId": "%s"}
        """
            .formatted(questionJson, nextWeek(), policy, audienceId));
  }

  static UUID consentRequestDraft(String staffToken, UUID audienceId) {
    return draft(
        staffToken,
        """
        {"kind": "consent_request",
         "title": {"ja": "お知らせをアプリで受け取ることへの同意のお願い"},
         "body": {"ja": "市からの通知をアプリでお届けすることに同意いただけますか。"},
         "consentTextVersion": "2026-05", "replyDeadline": "%s", "audienceId": "%s"}
        """
            .formatted(nextWeek(), audienceId));
  }

  static Http.Response send(String staffToken, UUID noticeId) {
    return Http.postJson("/api/v1/notices/" + noticeId + "/send", staffToken, null);
  }

  public static void sent(String staffToken, UUID noticeId) {
    Http.Response response = send(staffToken, noticeId);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  /**
   * Changes a sent notice's row in the test's own connection with triggers off, which the service's
   * immutability trigger otherwise forbids: how tests move its arrival or deadline into the past
   * instead of waiting days.
   */
  static void rewriteSentNotice(String setClause, UUID noticeId) {
    try (Connection c = Db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement("SET LOCAL session_replication_role = replica")) {
        s.execute();
      }
      try (PreparedStatement s =
          c.prepareStatement("UPDATE notice SET " + setClause + " WHERE id = ?")) {
        s.setObject(1, noticeId);
        assertThat(s.executeUpdate()).isEqualTo(1);
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A small PDF of one empty page, as a PDF writer would produce it. */
  static byte[] pdf() {
    return pdf("");
  }

  /** A small PDF of one page with extra objects (to smuggle in what must be refused). */
  static byte[] pdf(String extraObjects) {
    String text =
        "%PDF-1.4\n"
            + "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
            + extraObjects
            + "trailer << /Root 1 0 R >>\n"
            + "%%EOF\n";
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
