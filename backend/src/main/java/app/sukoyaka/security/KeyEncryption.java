package app.sukoyaka.security;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.text.ParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals the private signing keys before they reach the database (JWE, direct AES-256-GCM with the
 * configured key-encryption key), so that a copy of the database alone cannot mint tokens. Without
 * a key-encryption key the keys are stored as plain JWK, which only development should do.
 */
final class KeyEncryption {
  private final byte[] key;

  private KeyEncryption(byte[] key) {
    this.key = key;
  }

  /** From a base64 256-bit key; empty when none is configured. */
  static Optional<KeyEncryption> of(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      return Optional.empty();
    }
    byte[] key = Base64.getDecoder().decode(base64Key.trim());
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "sukoyaka.security.key-encryption-key must be 32 bytes (base64), got " + key.length);
    }
    return Optional.of(new KeyEncryption(key));
  }

  String seal(String privateJwk) {
    try {
      JWEObject jwe =
          new JWEObject(
              new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), new Payload(privateJwk));
      jwe.encrypt(new DirectEncrypter(key));
      return jwe.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not seal a signing key", e);
    }
  }

  /** The plain JWK, or empty when it was sealed with another key-encryption key. */
  Optional<String> open(String sealed) {
    try {
      JWEObject jwe = JWEObject.parse(sealed);
      jwe.decrypt(new DirectDecrypter(key));
      return Optional.of(jwe.getPayload().toString());
    } catch (ParseException | JOSEException e) {
      return Optional.empty();
    }
  }

  static boolean isSealed(String stored) {
    return !stored.trim().startsWith("{");
  }
}
