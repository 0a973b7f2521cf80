package app.sukoyaka.application;

import java.time.Instant;

/**
 * Verifies an electronically signed application: the signature over the content, the signer's
 * certificate chain up to a trusted CA, its validity and revocation at the given moment. Refusals
 * are {@link app.sukoyaka.platform.ProblemException}s with a code per reason (SKY-5301..5312).
 */
public interface SignatureVerifier {

  /** The verified content and signer, or a refusal. */
  VerifiedSignature verify(String signedContent, Instant at);
}
