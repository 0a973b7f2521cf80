package app.sukoyaka.municipality.bulk;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.text.Normalizer;

/**
 * What a cell of a legacy export says, decoded and normalised the way Japanese systems need:
 * full-width digits and letters (３．２, Ｒ５) read as their ASCII forms, the wave dash of Shift_JIS (〜,
 * U+301C) and the full-width tilde (～) as {@code ~}, the minus sign as {@code -}, and spaces
 * (full-width too) trimmed. Codes of a mapping are compared in the same normal form, so {@code
 * 3～4か月児健診} in the file matches {@code 3~4か月児健診} in the mapping. Pure.
 */
final class Cells {
  private Cells() {}

  /** The cell's text; throws when its bytes are not valid in the charset. */
  static String decode(byte[] raw, Charset charset) throws CharacterCodingException {
    if (raw.length == 0) {
      return "";
    }
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    return decoder.decode(ByteBuffer.wrap(raw)).toString();
  }

  /** The normal form codes, numbers and dates are read in; empty for a blank cell. */
  static String normal(String text) {
    if (text == null) {
      return "";
    }
    String normal = Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(normal.length());
    for (int i = 0; i < normal.length(); i++) {
      char c = normal.charAt(i);
      switch (c) {
        case '\u301C', '\uFF5E' -> out.append('~');
        case '\u2212', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\uFF0D' ->
            out.append('-');
        default -> out.append(c);
      }
    }
    return out.toString().strip();
  }

  /** Whether the cell says nothing. */
  static boolean blank(String text) {
    return text == null || normal(text).isEmpty();
  }
}
