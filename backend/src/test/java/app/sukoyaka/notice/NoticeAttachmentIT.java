package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class NoticeAttachmentIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Personas.Municipality city = Personas.municipality();
  private final String staff = Tokens.staff(Personas.staffOf(city));
  private final UUID notice = NoticeSteps.officialDraft(staff, NoticeSteps.everyone(staff));

  private Http.BinaryResponse upload(UUID noticeId, String fileName, byte[] bytes) {
    return Http.sendBytes(
        "POST",
        "/api/v1/notices/"
            + noticeId
            + "/attachments?fileName="
            + URLEncoder.encode(fileName, StandardCharsets.UTF_8),
        staff,
        "application/pdf",
        bytes);
  }

  private static String code(Http.BinaryResponse response) throws Exception {
    return JSON.readTree(response.body()).path("code").asText();
  }

  private long stored() {
    return Db.count("SELECT count(*) FROM notice_attachment WHERE notice_id = ?", notice);
  }

  @Test
  void aPdfIsStoredAsBytesWithItsSha256AndServedAsADownloadThatIsNeverSniffed() throws Exception {
    byte[] pdf = NoticeSteps.pdf();

    Http.BinaryResponse response = upload(notice, "4か月児健診のご案内.pdf", pdf);

    assertThat(response.status()).as(response.text()).isEqualTo(201);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));
    var body = JSON.readTree(response.body());
    assertThat(body.path("sha256").asText()).isEqualTo(sha);
    assertThat(body.path("size").asInt()).isEqualTo(pdf.length);
    String id = body.path("id").asText();

    Http.BinaryResponse download =
        Http.getBytes("/api/v1/notices/" + notice + "/attachments/" + id, staff);
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(pdf);
    assertThat(download.contentType()).startsWith("application/pdf");
    assertThat(download.header("Content-Disposition"))
        .startsWith("attachment; filename=\"")
        .contains(
            "filename*=UTF-8''4%E3%81%8B%E6%9C%88%E5%85%90%E5%81%A5%E8%A8%BA%E3%81%AE%E3%81%94%E6%A1%88%E5%86%85.pdf");
    assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(download.header("Content-Security-Policy")).isEqualTo("sandbox");
    assertThat(download.header("Cache-Control")).isEqualTo("private, no-store");
    assertThat(Http.get("/api/v1/notices/" + notice, staff).json().path("attachments")).hasSize(1);
  }

  @Test
  void bytesThatAreNotAPdfAreRefused() throws Exception {
    Http.BinaryResponse html =
        upload(notice, "fake.pdf", "<html><script>alert(1)</script></html>".getBytes());
    byte[] cut = Arrays.copyOf(NoticeSteps.pdf(), NoticeSteps.pdf().length - 8);
    Http.BinaryResponse truncated = upload(notice, "cut.pdf", cut);

    assertThat(html.status()).isEqualTo(422);
    assertThat(code(html)).isEqualTo("SKY-5104");
    assertThat(truncated.status()).isEqualTo(422);
    assertThat(code(truncated)).isEqualTo("SKY-5104");
    assertThat(stored()).isZero();
  }

  @Test
  void aPdfWithJavaScriptALaunchActionOrAnEmbeddedFileIsRefused() throws Exception {
    String[] active = {
      "4 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n",
      "4 0 obj << /Type /Action /S /Launch /F (cmd.exe) >> endobj\n",
      "4 0 obj << /Type /EmbeddedFile /Length 3 >> stream\nabc\nendstream endobj\n",
      // the same name written with a #xx escape
      "4 0 obj << /S /J#61vaScript /JS (x) >> endobj\n"
    };
    for (String object : active) {
      Http.BinaryResponse response = upload(notice, "active.pdf", NoticeSteps.pdf(object));
      assertThat(response.status()).as(object).isEqualTo(422);
      assertThat(code(response)).as(object).isEqualTo("SKY-5105");
    }
    assertThat(stored()).isZero();
  }

  @Test
  void javaScriptHiddenInACompressedObjectStreamIsFoundAndRefused() throws Exception {
    byte[] hidden =
        "<< /OpenAction << /S /JavaScript /JS (this.exportDataObject()) >> >>"
            .getBytes(StandardCharsets.ISO_8859_1);
    Deflater deflater = new Deflater();
    deflater.setInput(hidden);
    deflater.finish();
    byte[] compressed = new byte[1024];
    int length = deflater.deflate(compressed);
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    byte[] plain = NoticeSteps.pdf();
    String head = new String(plain, StandardCharsets.ISO_8859_1);
    int trailer = head.indexOf("trailer");
    pdf.write(plain, 0, trailer);
    pdf.write(
        ("4 0 obj << /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode /Length "
                + length
                + " >>\nstream\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    pdf.write(compressed, 0, length);
    pdf.write("\nendstream\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
    pdf.write(plain, trailer, plain.length - trailer);

    Http.BinaryResponse response = upload(notice, "hidden.pdf", pdf.toByteArray());

    assertThat(response.status()).isEqualTo(422);
    assertThat(code(response)).isEqualTo("SKY-5105");
  }

  @Test
  void aFileOverTheConfiguredLimitIsRefusedWithoutBeingStored() throws Exception {
    byte[] pdf = NoticeSteps.pdf();
    byte[] large = new byte[10 * 1024 * 1024 + 1];
    Arrays.fill(large, (byte) ' ');
    System.arraycopy(pdf, 0, large, 0, pdf.length - 6);
    System.arraycopy("%%EOF\n".getBytes(), 0, large, large.length - 6, 6);

    Http.BinaryResponse response = upload(notice, "large.pdf", large);

    assertThat(response.status()).isEqualTo(413);
    assertThat(code(response)).isEqualTo("SKY-5106");
    assertThat(stored()).isZero();
  }

  @Test
  void anUploadThatIsNotSentAsAPdfOrLacksAUsableNameIsRefused() throws Exception {
    Http.BinaryResponse plain =
        Http.sendBytes(
            "POST",
            "/api/v1/notices/" + notice + "/attachments?fileName=a.pdf",
            staff,
            "text/plain",
            NoticeSteps.pdf());
    Http.BinaryResponse name = upload(notice, "../../etc/passwd.pdf", NoticeSteps.pdf());
    Http.BinaryResponse notPdfName = upload(notice, "report.exe", NoticeSteps.pdf());

    assertThat(plain.status()).isEqualTo(415);
    assertThat(name.status()).isEqualTo(422);
    assertThat(code(name)).isEqualTo("SKY-5108");
    assertThat(code(notPdfName)).isEqualTo("SKY-5108");
    assertThat(stored()).isZero();
  }

  @Test
  void aSentNoticeTakesNoAttachmentAndKeepsThoseItHas() throws Exception {
    Personas.familyWhoConsentedToOnlineNotices(city);
    Http.BinaryResponse first = upload(notice, "first.pdf", NoticeSteps.pdf());
    String attachment = JSON.readTree(first.body()).path("id").asText();
    NoticeSteps.sent(staff, notice);

    Http.BinaryResponse late = upload(notice, "late.pdf", NoticeSteps.pdf());
    Http.Response removal =
        Http.send(
            "DELETE",
            "/api/v1/notices/" + notice + "/attachments/" + attachment,
            staff,
            null,
            null);

    assertThat(late.status()).isEqualTo(409);
    assertThat(code(late)).isEqualTo("SKY-5109");
    assertThat(removal.status()).isEqualTo(409);
    assertThat(stored()).isEqualTo(1);
  }

  @Test
  void aDraftCarriesAtMostTheConfiguredNumberOfAttachmentsAndOneCanBeRemoved() throws Exception {
    String first = null;
    for (int i = 0; i < 10; i++) {
      Http.BinaryResponse response = upload(notice, "part" + i + ".pdf", NoticeSteps.pdf());
      assertThat(response.status()).isEqualTo(201);
      if (first == null) {
        first = JSON.readTree(response.body()).path("id").asText();
      }
    }

    Http.BinaryResponse eleventh = upload(notice, "part10.pdf", NoticeSteps.pdf());
    assertThat(eleventh.status()).isEqualTo(409);
    assertThat(code(eleventh)).isEqualTo("SKY-5107");

    Http.Response removed =
        Http.send(
            "DELETE", "/api/v1/notices/" + notice + "/attachments/" + first, staff, null, null);
    assertThat(removed.status()).isEqualTo(204);
    assertThat(upload(notice, "part10.pdf", NoticeSteps.pdf()).status()).isEqualTo(201);
  }

  @Test
  void aGuardianDownloadsAnAttachmentOfTheirNoticeAndNoOneElseDoes() throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWhoConsentedToOnlineNotices(city);
    Personas.FamilyWithInfant other =
        Personas.familyWhoConsentedToOnlineNotices(Personas.municipality());
    byte[] pdf = NoticeSteps.pdf();
    String attachment = JSON.readTree(upload(notice, "案内.pdf", pdf).body()).path("id").asText();
    NoticeSteps.sent(staff, notice);
    String path = "/api/v1/me/notices/" + notice + "/attachments/" + attachment;

    Http.BinaryResponse mine = Http.getBytes(path, Tokens.guardian(family.mother()));
    Http.BinaryResponse theirs = Http.getBytes(path, Tokens.guardian(other.mother()));

    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.body()).isEqualTo(pdf);
    assertThat(mine.header("Content-Security-Policy")).isEqualTo("sandbox");
    assertThat(mine.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(theirs.status()).isEqualTo(404);
  }
}
