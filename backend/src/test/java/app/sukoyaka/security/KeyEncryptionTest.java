package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyEncryptionTest {
  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Test
  void aSealedKeyOpensWithTheSameKeyEncryptionKeyOnly() {
    KeyEncryption encryption = KeyEncryption.of(newKey()).orElseThrow();
    String jwk = "{\"kty\":\"EC\",\"d\":\"secret\"}";

    String sealed = encryption.seal(jwk);

    assertThat(sealed).doesNotContain("secret");
    assertThat(KeyEncryption.isSealed(sealed)).isTrue();
    assertThat(KeyEncryption.isSealed(jwk)).isFalse();
    assertThat(encryption.open(sealed)).contains(jwk);
    assertThat(KeyEncryption.of(newKey()).orElseThrow().open(sealed)).isEmpty();
  }

  @Test
  void noKeyEncryptionKeyMeansNoSealing() {
    assertThat(KeyEncryption.of(null)).isEmpty();
    assertThat(KeyEncryption.of(" ")).isEmpty();
  }

  @Test
  void aKeyEncryptionKeyOfTheWrongLengthIsAConfigurationError() {
    assertThatThrownBy(() -> KeyEncryption.of(Base64.getEncoder().encodeToString(new byte[16])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
