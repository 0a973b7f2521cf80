package app.sukoyaka.family.sharing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-time codes of invitations: twelve characters a person can read aloud and type, shown as
 * {@code K7QM-2XRD-9FHT}. The alphabet leaves out what is confused when read or typed (0/O, 1/I/L,
 * U/V is kept apart by dropping U). The first four characters are the selector, stored as they are
 * to find the invitation; the other eight (30^8, about 2^39) are the secret, of which only the
 * SHA-256 is stored. Guessing is stopped by the attempt limits, not by the length alone. Pure.
 */
final class InvitationCodes {
  static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
  static final int SELECTOR_LENGTH = 4;
  static final int SECRET_LENGTH = 8;

  private InvitationCodes() {}

  /** A code split into its selector and secret. */
  record Code(String selector, String secret) {
    /** As shown to the inviter and typed by the invitee. */
    String display() {
      String all = selector + secret;
      return all.substring(0, 4) + "-" + all.substring(4, 8) + "-" + all.substring(8, 12);
    }

    String secretSha256() {
      return sha256(selector + ":" + secret);
    }
  }

  static Code generate(SecureRandom random) {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < SELECTOR_LENGTH + SECRET_LENGTH; i++) {
      code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return new Code(code.substring(0, SELECTOR_LENGTH), code.substring(SELECTOR_LENGTH));
  }

  /**
   * The code as typed: case, spaces and hyphens do not matter; anything else outside the alphabet
   * makes it no code at all.
   */
  static Optional<Code> parse(String typed) {
    if (typed == null) {
      return Optional.empty();
    }
    String compact = typed.replaceAll("[\\s\\-‐－ー]", "").toUpperCase(Locale.ROOT);
    if (compact.length() != SELECTOR_LENGTH + SECRET_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < compact.length(); i++) {
      if (ALPHABET.indexOf(compact.charAt(i)) < 0) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new Code(compact.substring(0, SELECTOR_LENGTH), compact.substring(SELECTOR_LENGTH)));
  }

  /**
   * Whether the secret matches the stored hash, in time that does not depend on where it differs.
   */
  static boolean matches(Code code, String storedSha256) {
    return MessageDigest.isEqual(
        code.secretSha256().getBytes(StandardCharsets.US_ASCII),
        storedSha256.getBytes(StandardCharsets.US_ASCII));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
