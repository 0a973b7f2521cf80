package app.sukoyaka.platform.limits;

/**
 * The shape of a JSON text in one pass over its bytes, without parsing it: how deep its objects and
 * arrays nest and how long its longest string is. It does not check that the text is JSON (the
 * parser does that afterwards); it only lets a body too deep or with too long a string be refused
 * before any parser, HAPI's validator or a mapper walks it. Pure.
 */
public final class JsonShape {
  private JsonShape() {}

  /** What exceeded the limits, if anything. */
  public enum Excess {
    NONE,
    NESTING,
    STRING
  }

  /**
   * Whether a text within the limits; stops at the first excess. String length counts characters of
   * the UTF-8 text (each byte that starts a character), escapes as written.
   */
  public static Excess check(byte[] body, int maxDepth, int maxStringLength) {
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    int stringLength = 0;
    for (byte b : body) {
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
          continue;
        }
        // Continuation bytes of a multi-byte character are not characters of their own.
        if ((b & 0xC0) != 0x80 && ++stringLength > maxStringLength) {
          return Excess.STRING;
        }
        continue;
      }
      switch (b) {
        case '"' -> {
          inString = true;
          stringLength = 0;
        }
        case '{', '[' -> {
          if (++depth > maxDepth) {
            return Excess.NESTING;
          }
        }
        case '}', ']' -> depth = Math.max(0, depth - 1);
        default -> {
          // structure and scalars: nothing to count
        }
      }
    }
    return Excess.NONE;
  }
}
