package app.sukoyaka.profiles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Hand-written matchers for the forms the compiled check accepts, each exactly the language of one
 * of {@link CompiledSubmissionCheck}'s patterns, and a strict UTF-8 check: what the streaming path
 * runs per element, where a regular expression cost more than the rest of the check. {@code
 * SyntaxTest} holds each to its pattern (and the UTF-8 check to the JDK's decoder) on generated and
 * edge-case input.
 */
final class Syntax {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long LOW_BITS = 0x0101010101010101L;

  private Syntax() {}

  /**
   * Whether the bytes are UTF-8 the JDK's decoder takes with malformed input reported (RFC 3629: no
   * overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence).
   */
  static boolean wellFormedUtf8(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      // Eight ASCII bytes at a time: the common case of JSON's structure.
      if (i + 8 <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
        i += 8;
        continue;
      }
      int c = bytes[i] & 0xFF;
      if (c < 0x80) {
        i++;
      } else if (c < 0xC2) {
        // A continuation byte, or the lead of an overlong two-byte form.
        return false;
      } else if (c < 0xE0) {
        if (i + 1 >= n || !continuation(bytes[i + 1])) {
          return false;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= n || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
          return false;
        }
        int c1 = bytes[i + 1] & 0xFF;
        // Overlong (E0 80–9F), or a surrogate (ED A0–BF).
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
          return false;
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= n
            || !continuation(bytes[i + 1])
            || !continuation(bytes[i + 2])
            || !continuation(bytes[i + 3])) {
          return false;
        }
        int c1 = bytes[i + 1] & 0xFF;
        // Overlong (F0 80–8F), or beyond U+10FFFF (F4 90–BF).
        if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /** Whether any byte is zero (never in JSON text that HAPI's path reads). */
  static boolean hasZeroByte(byte[] bytes) {
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      long word = (long) LONGS.get(bytes, i);
      if (((word - LOW_BITS) & ~word & HIGH_BITS) != 0) {
        return true;
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** {@link CompiledSubmissionCheck#URN_UUID}: {@code urn:uuid:} and a lower-case UUID. */
  static boolean isUrnUuid(String text) {
    if (text.length() != 45 || !text.startsWith("urn:uuid:")) {
      return false;
    }
    for (int i = 9; i < 45; i++) {
      char c = text.charAt(i);
      int at = i - 9;
      if (at == 8 || at == 13 || at == 18 || at == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** {@link CompiledSubmissionCheck#DECIMAL}: {@code (0|[1-9][0-9]{0,8})(\.[0-9]{1,6})?}. */
  static boolean isDecimal(String text) {
    int length = text.length();
    int dot = text.indexOf('.');
    int whole = dot < 0 ? length : dot;
    if (!isWholeNumber(text, 0, whole)) {
      return false;
    }
    if (dot < 0) {
      return true;
    }
    int fraction = length - dot - 1;
    return fraction >= 1 && fraction <= 6 && digits(text, dot + 1, length);
  }

  /** {@link CompiledSubmissionCheck#INTEGER}: {@code 0|-?[1-9][0-9]{0,8}}. */
  static boolean isInteger(String text) {
    if (text.equals("0")) {
      return true;
    }
    int start = text.startsWith("-") ? 1 : 0;
    return text.length() > start
        && text.charAt(start) != '0'
        && isWholeNumber(text, start, text.length());
  }

  /** {@code 0|[1-9][0-9]{0,8}} on text[from, to). */
  private static boolean isWholeNumber(String text, int from, int to) {
    int length = to - from;
    if (length < 1 || length > 9 || !digits(text, from, to)) {
      return false;
    }
    return length == 1 || text.charAt(from) != '0';
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@link CompiledSubmissionCheck#DATE}: {@code (19|20)yy-MM-dd}, months 01–12, days 01–31. */
  static boolean isDate(String text) {
    return text.length() == 10 && datePart(text);
  }

  /**
   * {@link CompiledSubmissionCheck#DATE_TIME}: a date, or a date with {@code THH:mm:ss}, an
   * optional fraction of one to nine digits and {@code Z} or an offset of −13:59 to +13:59 or
   * ±14:00.
   */
  static boolean isDateTime(String text) {
    int length = text.length();
    if (length < 10 || !datePart(text)) {
      return false;
    }
    if (length == 10) {
      return true;
    }
    // THH:mm:ss
    if (length < 20
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || !twoDigits(text, 11, 23)
        || !twoDigits(text, 14, 59)
        || !twoDigits(text, 17, 59)) {
      return false;
    }
    int at = 19;
    if (text.charAt(at) == '.') {
      int end = at + 1;
      while (end < length && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
        end++;
      }
      int fraction = end - at - 1;
      if (fraction < 1 || fraction > 9) {
        return false;
      }
      at = end;
    }
    if (at == length - 1) {
      return text.charAt(at) == 'Z';
    }
    if (at != length - 6) {
      return false;
    }
    char sign = text.charAt(at);
    if ((sign != '+' && sign != '-') || text.charAt(at + 3) != ':') {
      return false;
    }
    if (text.startsWith("14:00", at + 1)) {
      return true;
    }
    return twoDigits(text, at + 1, 13) && twoDigits(text, at + 4, 59);
  }

  /** {@code (19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])} at the start of text. */
  private static boolean datePart(String text) {
    if (!(text.startsWith("19") || text.startsWith("20"))
        || !digits(text, 2, 4)
        || text.charAt(4) != '-'
        || text.charAt(7) != '-') {
      return false;
    }
    return twoDigits(text, 5, 12)
        && !(text.charAt(5) == '0' && text.charAt(6) == '0')
        && twoDigits(text, 8, 31)
        && !(text.charAt(8) == '0' && text.charAt(9) == '0');
  }

  /** Two digits at {@code at} forming 00 … max. */
  private static boolean twoDigits(String text, int at, int max) {
    char tens = text.charAt(at);
    char ones = text.charAt(at + 1);
    if (tens < '0' || tens > '9' || ones < '0' || ones > '9') {
      return false;
    }
    return (tens - '0') * 10 + (ones - '0') <= max;
  }

  /**
   * {@link CompiledSubmissionCheck#HTTP_URL}: {@code http} or {@code https}, two or more host
   * labels of lower-case letters, digits and inner hyphens, then path segments of unreserved
   * characters and an optional final slash.
   */
  static boolean isHttpUrl(String text) {
    int at;
    if (text.startsWith("https://")) {
      at = 8;
    } else if (text.startsWith("http://")) {
      at = 7;
    } else {
      return false;
    }
    int length = text.length();
    int labels = 0;
    while (true) {
      int start = at;
      while (at < length && isLabelChar(text.charAt(at))) {
        at++;
      }
      if (at == start || text.charAt(start) == '-' || text.charAt(at - 1) == '-') {
        return false;
      }
      labels++;
      if (at < length && text.charAt(at) == '.') {
        at++;
        continue;
      }
      break;
    }
    if (labels < 2) {
      return false;
    }
    while (at < length) {
      if (text.charAt(at) != '/') {
        return false;
      }
      at++;
      int start = at;
      while (at < length && isSegmentChar(text.charAt(at))) {
        at++;
      }
      if (at == start) {
        // Only a final slash may stand without a segment.
        return at == length;
      }
    }
    return true;
  }

  private static boolean isLabelChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }

  private static boolean isSegmentChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '-';
  }
}
