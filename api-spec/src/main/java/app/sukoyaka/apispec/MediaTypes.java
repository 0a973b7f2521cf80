package app.sukoyaka.apispec;

import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/** Content-type matching as HTTP defines it: case-insensitive, parameters ignored. */
final class MediaTypes {

  static final String FORM = "application/x-www-form-urlencoded";

  private MediaTypes() {}

  /** {@code application/json; charset=utf-8} becomes {@code application/json}. */
  static String essence(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The documented media-type key that covers {@code actual}: an exact match, else {@code type/*},
   * else {@code *}{@code /*}, the order in which OpenAPI says the more specific key wins.
   */
  static Optional<String> bestMatch(Iterator<String> documented, String actual) {
    String wanted = essence(actual);
    String typeWildcard = wanted.substring(0, Math.max(wanted.indexOf('/'), 0)) + "/*";
    String exact = null;
    String partial = null;
    String any = null;
    while (documented.hasNext()) {
      String key = documented.next();
      String normalised = essence(key);
      if (normalised.equals(wanted)) {
        exact = key;
      } else if (normalised.equals(typeWildcard)) {
        partial = key;
      } else if (normalised.equals("*/*")) {
        any = key;
      }
    }
    return Optional.ofNullable(exact != null ? exact : partial != null ? partial : any);
  }

  /** Whether bodies of this type are JSON documents ({@code application/json}, {@code +json}). */
  static boolean isJson(String contentType) {
    String type = essence(contentType);
    return type.equals("application/json") || type.endsWith("+json");
  }

  static boolean isForm(String contentType) {
    return essence(contentType).equals(FORM);
  }
}
