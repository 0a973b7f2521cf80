package app.sukoyaka.phr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * CSV as Excel in Japan opens it: UTF-8 with a byte-order mark, CRLF line ends, every cell quoted
 * when it holds a quote, comma or line break (RFC 4180). Cells that a spreadsheet would run as a
 * formula are prefixed with an apostrophe. Pure.
 */
final class CsvTables {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private CsvTables() {}

  static byte[] csv(List<String> header, List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    line(out, header);
    for (List<String> row : rows) {
      line(out, row);
    }
    byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[BOM.length + text.length];
    System.arraycopy(BOM, 0, withBom, 0, BOM.length);
    System.arraycopy(text, 0, withBom, BOM.length, text.length);
    return withBom;
  }

  /** A ZIP of named files, in the order given. */
  static byte[] zip(List<String> names, List<byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (int i = 0; i < names.size(); i++) {
        zip.putNextEntry(new ZipEntry(names.get(i)));
        zip.write(files.get(i));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
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
}
