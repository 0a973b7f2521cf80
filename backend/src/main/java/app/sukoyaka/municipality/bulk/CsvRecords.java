package app.sukoyaka.municipality.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of a CSV file (RFC 4180, as spreadsheets and legacy systems write it) split at the
 * byte level, each field still in the file's encoding. Splitting before decoding works for UTF-8
 * and Shift_JIS (Windows-31J) alike, because neither uses the bytes of {@code "}, {@code ,}, CR or
 * LF inside a multi-byte character; and it lets a field that cannot be decoded fail its own row
 * instead of the file. Quoted fields may hold separators and line breaks ({@code ""} is a quote); a
 * UTF-8 byte-order mark is skipped; CRLF, LF and CR end a record; blank lines are skipped (and
 * counted as rows). Pure.
 */
final class CsvRecords {
  private static final byte QUOTE = '"';
  private static final byte CR = '\r';
  private static final byte LF = '\n';

  /**
   * One record.
   *
   * @param number its row as a spreadsheet numbers it: the header is row 1
   * @param fields the raw bytes of each field, quotes removed
   * @param unterminated whether the file ended inside a quoted field
   */
  record Record(int number, List<byte[]> fields, boolean unterminated) {}

  private final byte[] bytes;
  private final byte delimiter;
  private int position;
  private int number;

  CsvRecords(byte[] bytes, char delimiter) {
    if (delimiter > 0x7f) {
      throw new IllegalArgumentException("The delimiter must be an ASCII character");
    }
    this.bytes = bytes;
    this.delimiter = (byte) delimiter;
    this.position = hasUtf8Bom(bytes) ? 3 : 0;
  }

  static boolean hasUtf8Bom(byte[] bytes) {
    return bytes.length >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF;
  }

  boolean hasNext() {
    skipBlankLines();
    return position < bytes.length;
  }

  Record next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    number++;
    List<byte[]> fields = new ArrayList<>();
    java.io.ByteArrayOutputStream field = new java.io.ByteArrayOutputStream(32);
    boolean quoted = false;
    boolean fieldStarted = false;
    while (position < bytes.length) {
      byte b = bytes[position];
      if (quoted) {
        if (b == QUOTE) {
          if (position + 1 < bytes.length && bytes[position + 1] == QUOTE) {
            field.write(QUOTE);
            position += 2;
            continue;
          }
          quoted = false;
          position++;
          continue;
        }
        field.write(b);
        position++;
        continue;
      }
      if (b == QUOTE && !fieldStarted) {
        quoted = true;
        fieldStarted = true;
        position++;
        continue;
      }
      if (b == delimiter) {
        fields.add(field.toByteArray());
        field.reset();
        fieldStarted = false;
        position++;
        continue;
      }
      if (b == CR || b == LF) {
        position++;
        if (b == CR && position < bytes.length && bytes[position] == LF) {
          position++;
        }
        fields.add(field.toByteArray());
        return new Record(number, fields, false);
      }
      // A quote inside an unquoted field is kept as written, as spreadsheets do.
      field.write(b);
      fieldStarted = true;
      position++;
    }
    fields.add(field.toByteArray());
    return new Record(number, fields, quoted);
  }

  /** Skips empty lines, counting each as a row as a spreadsheet would. */
  private void skipBlankLines() {
    while (position < bytes.length && (bytes[position] == CR || bytes[position] == LF)) {
      if (bytes[position] == CR && position + 1 < bytes.length && bytes[position + 1] == LF) {
        position++;
      }
      position++;
      number++;
    }
  }

  /** How many records after the header the file holds. */
  static int countRows(byte[] bytes, char delimiter) {
    CsvRecords records = new CsvRecords(bytes, delimiter);
    int count = 0;
    while (records.hasNext()) {
      records.next();
      count++;
    }
    return Math.max(0, count - 1);
  }
}
