package app.sukoyaka.notice;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What a notice's attachment must be: a PDF (the {@code %PDF-} header at the start and an {@code
 * %%EOF} trailer at the end) without active content. A PDF that could run or carry something other
 * than pages is refused, since guardians open attachments on their phones: JavaScript, launch
 * actions, embedded files, forms that submit or import data, XFA and rich media. Names are compared
 * after decoding their {@code #xx} escapes ({@code /J#61vaScript} is {@code /JavaScript}), and
 * Flate-compressed streams (where PDF 1.5 object streams hide dictionaries) are inflated and
 * checked too, within a bound on the inflated size. An encrypted PDF cannot be checked and is
 * refused.
 *
 * <p>This is a policy on the file's structure, not a virus scanner: it refuses what PDF viewers
 * execute, so what is accepted is pages to look at.
 */
final class PdfPolicy {
  /** Names whose presence refuses the file, with why (for the error message). */
  static final Map<String, String> FORBIDDEN_NAMES =
      Map.ofEntries(
          Map.entry("JS", "JavaScript"),
          Map.entry("JavaScript", "JavaScript"),
          Map.entry("Launch", "a launch action (starts a program)"),
          Map.entry("EmbeddedFile", "an embedded file"),
          Map.entry("EmbeddedFiles", "embedded files"),
          Map.entry("RichMedia", "rich media (Flash, video players)"),
          Map.entry("XFA", "an XFA form (may carry scripts)"),
          Map.entry("SubmitForm", "a form that submits data"),
          Map.entry("ImportData", "a form that imports data"),
          Map.entry("Encrypt", "encryption (its content cannot be checked)"));

  private static final byte[] HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRAILER = "%%EOF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STREAM = "stream".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_STREAM = "endstream".getBytes(StandardCharsets.US_ASCII);

  /** How far from the end the trailer may sit (whitespace or a last line after it). */
  private static final int TRAILER_WINDOW = 1024;

  /** Bound on the bytes inflated from all streams of one file: a zip bomb stops here. */
  static final long MAX_INFLATED = 64L * 1024 * 1024;

  private PdfPolicy() {}

  /** Why a file is refused. */
  enum Refusal {
    NOT_A_PDF,
    ACTIVE_CONTENT
  }

  /** A refusal with the reason in words. */
  record Finding(Refusal refusal, String reason) {}

  /** The reason the file is refused, or empty when it is acceptable. */
  static Optional<Finding> check(byte[] bytes) {
    if (!startsWith(bytes, HEADER)) {
      return Optional.of(
          new Finding(Refusal.NOT_A_PDF, "The file does not start with the PDF header %PDF-."));
    }
    if (lastIndexOf(bytes, TRAILER, Math.max(0, bytes.length - TRAILER_WINDOW)) < 0) {
      return Optional.of(
          new Finding(
              Refusal.NOT_A_PDF, "The file does not end with the PDF trailer %%EOF (cut short?)."));
    }
    TreeMap<String, String> found = new TreeMap<>();
    names(bytes, 0, bytes.length, found);
    long[] inflatedBudget = {MAX_INFLATED};
    int at = 0;
    while (found.isEmpty()) {
      int stream = indexOf(bytes, STREAM, at);
      if (stream < 0) {
        break;
      }
      int start = stream + STREAM.length;
      // "stream" must be the keyword (followed by an end of line), not part of "endstream".
      boolean keyword =
          (stream < 3 || !regionMatches(bytes, stream - 3, "end"))
              && start < bytes.length
              && (bytes[start] == '\r' || bytes[start] == '\n');
      if (!keyword) {
        at = start;
        continue;
      }
      if (bytes[start] == '\r' && start + 1 < bytes.length && bytes[start + 1] == '\n') {
        start++;
      }
      start++;
      int end = indexOf(bytes, END_STREAM, start);
      if (end < 0) {
        break;
      }
      Optional<byte[]> inflated = inflate(bytes, start, end, inflatedBudget);
      if (inflatedBudget[0] < 0) {
        return Optional.of(
            new Finding(
                Refusal.ACTIVE_CONTENT,
                "The file's compressed streams inflate to more than "
                    + MAX_INFLATED / (1024 * 1024)
                    + " MiB; it cannot be checked."));
      }
      inflated.ifPresent(content -> names(content, 0, content.length, found));
      at = end + END_STREAM.length;
    }
    if (!found.isEmpty()) {
      return Optional.of(
          new Finding(
              Refusal.ACTIVE_CONTENT,
              "The PDF contains "
                  + String.join(", ", found.values())
                  + " (/"
                  + String.join(", /", found.keySet())
                  + "); only PDFs without active content are accepted."));
    }
    return Optional.empty();
  }

  /** Collects the forbidden names in the region, decoding {@code #xx} escapes. */
  private static void names(byte[] bytes, int from, int to, Map<String, String> found) {
    int i = from;
    while (i < to) {
      if (bytes[i] != '/') {
        i++;
        continue;
      }
      StringBuilder name = new StringBuilder();
      int j = i + 1;
      while (j < to && isRegular(bytes[j])) {
        if (bytes[j] == '#' && j + 2 < to && isHex(bytes[j + 1]) && isHex(bytes[j + 2])) {
          name.append(
              (char) Integer.parseInt(new String(bytes, j + 1, 2, StandardCharsets.US_ASCII), 16));
          j += 3;
        } else {
          name.append((char) (bytes[j] & 0xff));
          j++;
        }
      }
      String decoded = name.toString();
      String reason = FORBIDDEN_NAMES.get(decoded);
      if (reason != null) {
        found.put(decoded, reason);
      }
      i = Math.max(j, i + 1);
    }
  }

  /**
   * The stream's bytes inflated, when they are zlib data (a Flate stream); empty otherwise (other
   * filters, images). Subtracts what was inflated from the budget, which goes negative when spent.
   */
  private static Optional<byte[]> inflate(byte[] bytes, int from, int to, long[] budget) {
    if (to - from < 2
        || (bytes[from] & 0x0f) != 8
        || (((bytes[from] & 0xff) << 8) | (bytes[from + 1] & 0xff)) % 31 != 0) {
      return Optional.empty();
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(bytes, from, to - from);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0) {
          if (inflater.needsInput() || inflater.needsDictionary()) {
            break;
          }
        }
        budget[0] -= n;
        if (budget[0] < 0) {
          return Optional.empty();
        }
        out.write(buffer, 0, n);
      }
      return Optional.of(out.toByteArray());
    } catch (DataFormatException e) {
      // Not Flate data after all; its raw bytes were already checked.
      return Optional.empty();
    } finally {
      inflater.end();
    }
  }

  /** PDF regular characters: not whitespace and not a delimiter. */
  private static boolean isRegular(byte b) {
    return switch (b) {
      case 0, 9, 10, 12, 13, 32, '(', ')', '<', '>', '[', ']', '{', '}', '/', '%' -> false;
      default -> true;
    };
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && regionMatches(bytes, 0, prefix);
  }

  private static boolean regionMatches(byte[] bytes, int at, String text) {
    return regionMatches(bytes, at, text.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean regionMatches(byte[] bytes, int at, byte[] expected) {
    if (at < 0 || at + expected.length > bytes.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (bytes[at + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= bytes.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int lastIndexOf(byte[] bytes, byte[] needle, int notBefore) {
    for (int i = bytes.length - needle.length; i >= notBefore; i--) {
      if (regionMatches(bytes, i, needle)) {
        return i;
      }
    }
    return -1;
  }
}
