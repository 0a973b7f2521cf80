package app.sukoyaka.notice;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The headers every file the notices serve carries: never sniffed, never cached by a shared cache
 * or kept on disk, and for PDFs opened sandboxed (no scripts, no forms) and downloaded rather than
 * shown inline.
 */
final class Downloads {
  private Downloads() {}

  static MutableHttpResponse<byte[]> pdf(NoticeStore.AttachmentContent content) {
    return HttpResponse.ok(content.bytes())
        .contentType("application/pdf")
        .header("Content-Disposition", attachment(content.fileName()))
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "sandbox")
        .header("Cache-Control", "private, no-store")
        .header("ETag", "\"" + content.sha256() + "\"");
  }

  static MutableHttpResponse<byte[]> csv(byte[] bytes, String fileName) {
    return HttpResponse.ok(bytes)
        .contentType("text/csv; charset=UTF-8")
        .header("Content-Disposition", attachment(fileName))
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "private, no-store");
  }

  static MutableHttpResponse<String> html(String page) {
    return HttpResponse.ok(page)
        .contentType("text/html; charset=UTF-8")
        .header("X-Content-Type-Options", "nosniff")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
        .header("Cache-Control", "private, no-store");
  }

  /**
   * {@code attachment} with an ASCII fallback name and the real one in RFC 5987 form, so that a
   * Japanese file name survives and a quote or control character cannot break the header.
   */
  static String attachment(String fileName) {
    StringBuilder ascii = new StringBuilder();
    for (char c : fileName.toCharArray()) {
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' ? c : '_');
    }
    StringBuilder encoded = new StringBuilder();
    for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format("%02X", c));
      }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
