package app.sukoyaka.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class PdfPolicyTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static PdfPolicy.Refusal refusal(byte[] file) {
    return PdfPolicy.check(file).map(PdfPolicy.Finding::refusal).orElse(null);
  }

  private static byte[] withStream(byte[] content, boolean compress) {
    byte[] data = content;
    if (compress) {
      Deflater deflater = new Deflater();
      deflater.setInput(content);
      deflater.finish();
      byte[] out = new byte[content.length + 64];
      int n = deflater.deflate(out);
      data = java.util.Arrays.copyOf(out, n);
    }
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    pdf.writeBytes(bytes("%PDF-1.7\n4 0 obj << /Length " + data.length + " >>\nstream\r\n"));
    pdf.writeBytes(data);
    pdf.writeBytes(bytes("\nendstream\nendobj\ntrailer << >>\n%%EOF"));
    return pdf.toByteArray();
  }

  @Test
  void aPlainPdfIsAccepted() {
    assertThat(PdfPolicy.check(NoticeSteps.pdf())).isEmpty();
  }

  @Test
  void aFileMustStartWithTheHeaderAndEndWithTheTrailer() {
    assertThat(refusal(bytes("GIF89a%PDF-1.4\n%%EOF"))).isEqualTo(PdfPolicy.Refusal.NOT_A_PDF);
    assertThat(refusal(bytes("%PDF-1.4\n1 0 obj << >> endobj\n")))
        .isEqualTo(PdfPolicy.Refusal.NOT_A_PDF);
    assertThat(refusal(new byte[0])).isEqualTo(PdfPolicy.Refusal.NOT_A_PDF);
    assertThat(PdfPolicy.check(bytes("%PDF-1.4\n%%EOF\r\n\r\n"))).isEmpty();
  }

  @Test
  void everyForbiddenNameRefusesTheFileAndSaysWhy() {
    for (String name : PdfPolicy.FORBIDDEN_NAMES.keySet()) {
      byte[] file = NoticeSteps.pdf("4 0 obj << /" + name + " 5 0 R >> endobj\n");
      var finding = PdfPolicy.check(file);
      assertThat(finding).as(name).isPresent();
      assertThat(finding.get().refusal()).isEqualTo(PdfPolicy.Refusal.ACTIVE_CONTENT);
      assertThat(finding.get().reason()).contains("/" + name);
    }
  }

  @Test
  void aNameIsComparedAfterItsEscapesAreDecoded() {
    assertThat(refusal(NoticeSteps.pdf("4 0 obj << /#4A#53 (x) >> endobj\n")))
        .isEqualTo(PdfPolicy.Refusal.ACTIVE_CONTENT);
    assertThat(refusal(NoticeSteps.pdf("4 0 obj << /L#61unch 1 >> endobj\n")))
        .isEqualTo(PdfPolicy.Refusal.ACTIVE_CONTENT);
  }

  @Test
  void longerNamesThatMerelyStartLikeAForbiddenOneAreAccepted() {
    assertThat(PdfPolicy.check(NoticeSteps.pdf("4 0 obj << /JSONData 1 /Launcher 2 >> endobj\n")))
        .isEmpty();
  }

  @Test
  void compressedStreamsAreInflatedAndChecked() {
    byte[] hidden = bytes("<< /AA << /O << /S /Launch /F (calc) >> >> >>");
    assertThat(refusal(withStream(hidden, true))).isEqualTo(PdfPolicy.Refusal.ACTIVE_CONTENT);
    assertThat(PdfPolicy.check(withStream(bytes("BT /F1 12 Tf (Hello) Tj ET"), true))).isEmpty();
  }

  @Test
  void aCompressedStreamThatInflatesBeyondTheBoundIsRefusedUnchecked() {
    byte[] zeros = new byte[(int) PdfPolicy.MAX_INFLATED + 1024];
    var finding = PdfPolicy.check(withStream(zeros, true));
    assertThat(finding).isPresent();
    assertThat(finding.get().refusal()).isEqualTo(PdfPolicy.Refusal.ACTIVE_CONTENT);
    assertThat(finding.get().reason()).contains("cannot be checked");
  }
}
