package app.sukoyaka.apispec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decoding of query strings, form bodies and path segments. */
final class UrlEncoded {

  private UrlEncoded() {}

  /**
   * Parses {@code a=1&b=2&a=3} into names and their values in order of appearance. Both query
   * strings and {@code application/x-www-form-urlencoded} bodies use this syntax ({@code +} is a
   * space).
   */
  static Map<String, List<String>> parse(String encoded) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.computeIfAbsent(decodeForm(name), n -> new ArrayList<>()).add(decodeForm(value));
    }
    return values;
  }

  /** Percent-decodes one path segment, where {@code +} is a literal plus. */
  static String decodePathSegment(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String decodeForm(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
