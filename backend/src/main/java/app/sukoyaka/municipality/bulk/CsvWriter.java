package app.sukoyaka.municipality.bulk;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV as Excel in Japan opens it, written as it goes: UTF-8 with a byte-order mark, CRLF line ends,
 * a cell quoted when it holds a quote, comma or line break (RFC 4180), and a cell a spreadsheet
 * would run as a formula prefixed with an apostrophe. Does not close the stream it writes to (a ZIP
 * entry is closed by the ZIP).
 */
final class CsvWriter {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private final Writer out;

  CsvWriter(OutputStream stream) {
    try {
      stream.write(BOM);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
  }

  CsvWriter row(List<String> cells) {
    try {
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(cell(cells.get(i)));
      }
      out.write("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  CsvWriter row(String... cells) {
    return row(java.util.Arrays.asList(cells));
  }

  /** Writes out what is buffered; the stream stays open. */
  void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !isNumber(text)) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private static boolean isNumber(String text) {
    return text.matches("-?[0-9]+(\\.[0-9]+)?");
  }
}
