package app.sukoyaka.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity tags (RFC 9110 §8.8.3) for conditional requests: a record's version as a strong tag that
 * If-Match names for an update, and a digest of a representation's bytes that If-None-Match names
 * to get 304 instead of the same bytes again.
 */
public final class EntityTags {
  private EntityTags() {}

  /** The strong tag of a version: {@code "3"}. */
  public static String ofVersion(int version) {
    return "\"" + version + "\"";
  }

  /**
   * The strong tag of a version written in a language: {@code "3-en"}. A representation of the same
   * version in another language is another representation, so a cache or an app that holds one
   * never gets 304 for the other; If-Match names the version either way.
   *
   * @param language the language code of the body, or null when it is not written for a reader
   */
  public static String ofVersion(int version, String language) {
    return language == null ? ofVersion(version) : "\"" + version + "-" + language + "\"";
  }

  /** A strong tag of these bytes (SHA-256, base64url, first 128 bits). */
  public static String ofBytes(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\""
          + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22)
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String ofText(String text) {
    return ofBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether an If-None-Match header names the tag (weak comparison, as RFC 9110 §13.1.2 asks);
   * {@code *} matches any.
   */
  public static boolean noneMatchNames(String ifNoneMatch, String tag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    String opaque = opaque(tag);
    for (String candidate : ifNoneMatch.split(",")) {
      String trimmed = candidate.trim();
      if (trimmed.equals("*") || opaque(trimmed).equals(opaque)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The version an If-Match header names: one strong tag of a version, in a language or not ({@code
   * "3"}, {@code "3-en"}). Empty when the header names something else (a list, a weak tag, {@code
   * *}).
   */
  public static OptionalInt versionOf(String ifMatch) {
    if (ifMatch == null) {
      return OptionalInt.empty();
    }
    Matcher matcher = VERSION_TAG.matcher(ifMatch.trim());
    if (!matcher.matches()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(matcher.group(1)));
  }

  private static final Pattern VERSION_TAG = Pattern.compile("\"([0-9]{1,9})(?:-[a-z]{2,3})?\"");

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
