package app.sukoyaka.municipality.dashboard;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV as Excel in Japan opens it: UTF-8 with a byte-order mark, CRLF line ends, cells quoted when
 * they hold a quote, comma or line break (RFC 4180), and cells a spreadsheet would run as a formula
 * prefixed with an apostrophe.
 */
final class Csv {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Csv() {
    out.writeBytes(BOM);
  }

  Csv line(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(cell(cells.get(i)));
    }
    line.append("\r\n");
    out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !isNumber(text)) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private static boolean isNumber(String text) {
    return text.matches("-?[0-9]+(\\.[0-9]+)?");
  }

  /** A download: never sniffed, never kept by a shared cache. */
  static MutableHttpResponse<byte[]> download(byte[] bytes, String fileName) {
    return HttpResponse.ok(bytes)
        .contentType("text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "private, no-store");
  }
}
