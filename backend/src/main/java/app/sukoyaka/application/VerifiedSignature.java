package app.sukoyaka.application;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A signature that was verified, with what it signed and who signed it.
 *
 * @param content the signed bytes (the JWS payload)
 * @param algorithm the JWS algorithm (RS256, PS256, ES256)
 * @param chain the validated path, signer first, without the trust anchor
 * @param trustAnchor the subject of the CA the path ends at
 * @param checkedAt the moment validity and revocation were checked for
 */
public record VerifiedSignature(
    byte[] content,
    String algorithm,
    List<X509Certificate> chain,
    String trustAnchor,
    Instant checkedAt) {

  public VerifiedSignature {
    chain = List.copyOf(chain);
  }

  public X509Certificate signer() {
    return chain.get(0);
  }
}
