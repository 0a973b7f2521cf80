package app.sukoyaka.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals other secrets the service must keep in the database (the tokens another service gave us on
 * a family's behalf) the way the signing keys are sealed: JWE, direct AES-256-GCM under the
 * configured key-encryption key ({@code SUKOYAKA_SECURITY_KEY_ENCRYPTION_KEY}), so that a copy of
 * the database alone reveals none of them.
 */
public final class SecretSealing {
  private final KeyEncryption encryption;

  private SecretSealing(KeyEncryption encryption) {
    this.encryption = encryption;
  }

  /** Under the configured key; empty when none is configured. */
  public static Optional<SecretSealing> of(SecurityConfiguration configuration) {
    return KeyEncryption.of(configuration.keyEncryptionKey()).map(SecretSealing::new);
  }

  /**
   * Under a random key that lives as long as this process: for demo mode without a configured key,
   * where what is sealed may be lost at a restart.
   */
  public static SecretSealing ephemeral() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new SecretSealing(
        KeyEncryption.of(Base64.getEncoder().encodeToString(key)).orElseThrow());
  }

  public String seal(String secret) {
    return encryption.seal(secret);
  }

  /** The secret, or empty when it was sealed under another key. */
  public Optional<String> open(String sealed) {
    return encryption.open(sealed);
  }
}
