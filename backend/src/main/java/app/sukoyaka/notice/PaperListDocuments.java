package app.sukoyaka.notice;

import app.sukoyaka.platform.i18n.DateTexts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The paper follow-up list as staff take it to the post: a CSV that Excel in Japan opens as it is
 * (UTF-8 with a byte-order mark, CRLF lines) and a printable HTML page. Every value is escaped for
 * its format; a CSV cell that a spreadsheet would take for a formula is prefixed with an
 * apostrophe. Pure.
 */
final class PaperListDocuments {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  static final List<String> HEADER =
      List.of("氏名", "フリガナ", "地区コード", "地区", "母子健康手帳交付番号", "理由", "理由コード");

  private PaperListDocuments() {}

  /** Why the recipient is on the list, in Japanese. */
  static String reason(FollowUps.PaperEntry entry, Integer days) {
    return entry.reason() == FollowUps.PaperReason.NO_CONSENT
        ? "オンライン受け取りの同意なし"
        : "未読（到達から" + days + "日以上）";
  }

  static byte[] csv(FollowUps.PaperList list) {
    StringBuilder out = new StringBuilder();
    row(out, HEADER);
    Integer days = list.notice().content().paperAfterDays();
    for (FollowUps.PaperEntry entry : list.entries()) {
      FollowUps.Recipient r = entry.recipient();
      row(
          out,
          List.of(
              r.name(),
              nullToEmpty(r.nameKana()),
              nullToEmpty(r.areaCode()),
              nullToEmpty(r.areaName()),
              String.join(" ", r.handbookNumbers()),
              reason(entry, days),
              entry.reason().code));
    }
    byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[BOM.length + text.length];
    System.arraycopy(BOM, 0, bytes, 0, BOM.length);
    System.arraycopy(text, 0, bytes, BOM.length, text.length);
    return bytes;
  }

  private static void row(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
  }

  /** One RFC 4180 cell, defused against formula injection. */
  static String cell(String value) {
    String text = value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      text = "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  static String html(FollowUps.PaperList list) {
    Map<String, String> title = list.notice().content().title();
    Integer days = list.notice().content().paperAfterDays();
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>紙での送付リスト: ")
        .append(escape(title.get("ja")))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;font-size:10.5pt;margin:1.5em}\n")
        .append("h1{font-size:14pt;margin:0 0 .3em}\n")
        .append("p.meta{margin:.1em 0;color:#333}\n")
        .append("table{border-collapse:collapse;width:100%;margin-top:1em}\n")
        .append(
            "th,td{border:1px solid #555;padding:.25em .4em;text-align:left;vertical-align:top}\n")
        .append("th{background:#eee}\n")
        .append("td.n{text-align:right;width:3em}\n")
        .append("@page{size:A4 landscape;margin:12mm}\n")
        .append("@media print{body{margin:0}thead{display:table-header-group}")
        .append("tr{page-break-inside:avoid}}\n")
        .append("</style>\n</head>\n<body>\n<h1>紙での送付リスト</h1>\n")
        .append("<p class=\"meta\">お知らせ: ")
        .append(escape(title.get("ja")))
        .append("</p>\n<p class=\"meta\">送信日時: ")
        .append(escape(format(list.notice().sentAt())))
        .append("　作成日時: ")
        .append(escape(format(list.asOf())))
        .append("　件数: ")
        .append(list.entries().size())
        .append("</p>\n<table>\n<thead><tr><th>No.</th>");
    for (String heading : HEADER.subList(0, 6)) {
      out.append("<th>").append(escape(heading)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    int n = 0;
    for (FollowUps.PaperEntry entry : list.entries()) {
      FollowUps.Recipient r = entry.recipient();
      out.append("<tr><td class=\"n\">").append(++n).append("</td>");
      for (String cell :
          List.of(
              r.name(),
              nullToEmpty(r.nameKana()),
              nullToEmpty(r.areaCode()),
              nullToEmpty(r.areaName()),
              String.join(" ", r.handbookNumbers()),
              reason(entry, days))) {
        out.append("<td>").append(escape(cell)).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n</body>\n</html>\n");
    return out.toString();
  }

  /** Escapes text for HTML element content and attribute values. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The page is a municipal document in Japanese: its dates carry the era (令和8年5月1日 10:00). */
  private static String format(Instant instant) {
    if (instant == null) {
      return "";
    }
    ZonedDateTime at = instant.atZone(JAPAN);
    return DateTexts.era(at.toLocalDate()) + " " + TIME.format(at);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
