package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaperListDocumentsTest {
  private static FollowUps.PaperList list(String name, String area) {
    NoticeContent content =
        new NoticeContent(
            NoticeKind.OFFICIAL,
            Map.of("ja", "健診 <案内>"),
            Map.of("ja", "本文"),
            List.of(),
            null,
            null,
            null,
            null,
            14,
            null);
    StoredNotice notice =
        new StoredNotice(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "sent",
            content,
            List.of(),
            "staff",
            Instant.EPOCH,
            "staff",
            Instant.EPOCH,
            "staff",
            Instant.parse("2026-05-01T01:00:00Z"),
            1,
            1);
    FollowUps.Recipient recipient =
        new FollowUps.Recipient(
            UUID.randomUUID(),
            UUID.randomUUID(),
            name,
            "ヤマダ ハナコ",
            "A01",
            area,
            List.of("T0000001", "T0000002"),
            "online",
            Instant.EPOCH,
            null,
            null);
    return new FollowUps.PaperList(
        notice,
        Instant.parse("2026-05-20T00:00:00Z"),
        List.of(new FollowUps.PaperEntry(recipient, FollowUps.PaperReason.UNREAD)));
  }

  @Test
  void theCsvStartsWithAByteOrderMarkAndEndsLinesWithCrLf() {
    byte[] csv = PaperListDocuments.csv(list("山田 花子", "中央"));
    String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);

    assertThat(csv[0]).isEqualTo((byte) 0xEF);
    assertThat(text)
        .isEqualTo(
            "氏名,フリガナ,地区コード,地区,母子健康手帳交付番号,理由,理由コード\r\n"
                + "山田 花子,ヤマダ ハナコ,A01,中央,T0000001 T0000002,未読（到達から14日以上）,unread\r\n");
  }

  @Test
  void aCsvCellIsQuotedWhenItMustBeAndDefusedWhenASpreadsheetWouldCalculateIt() {
    assertThat(PaperListDocuments.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(PaperListDocuments.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(PaperListDocuments.cell("=HYPERLINK(\"x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(PaperListDocuments.cell("+81")).isEqualTo("'+81");
    assertThat(PaperListDocuments.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(PaperListDocuments.cell("中央")).isEqualTo("中央");
  }

  @Test
  void thePageEscapesTheTitleAndEveryCellAndShowsTimesInJapan() {
    String html = PaperListDocuments.html(list("<b>山田</b>", "\"中央\" & 'x'"));

    assertThat(html)
        .contains("健診 &lt;案内&gt;")
        .contains("&lt;b&gt;山田&lt;/b&gt;")
        .contains("&quot;中央&quot; &amp; &#39;x&#39;")
        .contains("送信日時: 令和8年5月1日 10:00")
        .doesNotContain("<b>");
  }
}
