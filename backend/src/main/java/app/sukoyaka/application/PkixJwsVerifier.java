package app.sukoyaka.application;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a JWS (compact serialisation) whose header carries the signer's X.509 chain in {@code
 * x5c}, as an application signed with the My Number card's 署名用電子証明書 arrives: the signature with the
 * signer's key, the key usage for signatures, then the chain with the JDK's PKIX validator against
 * the configured trust anchors at the moment of arrival, revocation by CRL only (no OCSP, no
 * fallback: an unknown status is a refusal).
 */
@Singleton
class PkixJwsVerifier implements SignatureVerifier {
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

  /** KeyUsage bits: digitalSignature (0) and nonRepudiation / contentCommitment (1). */
  private static final int DIGITAL_SIGNATURE = 0;

  private static final int NON_REPUDIATION = 1;

  private final SigningTrust trust;

  PkixJwsVerifier(SigningTrust trust) {
    this.trust = trust;
  }

  @Override
  public VerifiedSignature verify(String signedContent, Instant at) {
    JWSObject jws;
    try {
      jws = JWSObject.parse(signedContent == null ? "" : signedContent.trim());
    } catch (ParseException e) {
      throw new ProblemException(
          ErrorCode.SIGNATURE_MALFORMED,
          "signedContent must be a JWS in compact serialisation (header.payload.signature).");
    }
    JWSAlgorithm algorithm = jws.getHeader().getAlgorithm();
    if (!ALGORITHMS.contains(algorithm)) {
      throw new ProblemException(
          ErrorCode.SIGNATURE_ALGORITHM_NOT_ACCEPTED,
          "The signature algorithm " + algorithm + " is not accepted; use RS256, PS256 or ES256.");
    }
    List<X509Certificate> chain = chain(jws.getHeader().getX509CertChain());
    X509Certificate signer = chain.get(0);
    boolean[] usage = signer.getKeyUsage();
    if (usage == null
        || !(usage.length > NON_REPUDIATION
            && (usage[DIGITAL_SIGNATURE] || usage[NON_REPUDIATION]))) {
      throw new ProblemException(
          ErrorCode.SIGNATURE_KEY_USAGE,
          "The signing certificate's key usage does not allow electronic signatures.");
    }
    if (!signatureMatches(jws, algorithm, signer.getPublicKey())) {
      throw new ProblemException(
          ErrorCode.SIGNATURE_INVALID,
          "The signature does not match the signed content and the signing certificate.");
    }
    String anchor = validatePath(chain, at);
    return new VerifiedSignature(
        jws.getPayload().toBytes(), algorithm.getName(), withoutAnchors(chain), anchor, at);
  }

  private static List<X509Certificate> chain(List<Base64> x5c) {
    if (x5c == null || x5c.isEmpty()) {
      throw new ProblemException(
          ErrorCode.SIGNATURE_NO_CERTIFICATE,
          "The JWS header carries no signing certificate chain (x5c).");
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (Base64 der : x5c) {
      try {
        chain.add(
            (X509Certificate)
                SigningTrust.factory().generateCertificate(new ByteArrayInputStream(der.decode())));
      } catch (CertificateException | RuntimeException e) {
        throw new ProblemException(
            ErrorCode.SIGNATURE_CERTIFICATE_MALFORMED,
            "Certificate " + (chain.size() + 1) + " of x5c is not an X.509 certificate.");
      }
    }
    return chain;
  }

  private static boolean signatureMatches(JWSObject jws, JWSAlgorithm algorithm, PublicKey key) {
    try {
      JWSVerifier verifier;
      if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECPublicKey ec) {
        verifier = new ECDSAVerifier(ec);
      } else if (!JWSAlgorithm.ES256.equals(algorithm) && key instanceof RSAPublicKey rsa) {
        verifier = new RSASSAVerifier(rsa);
      } else {
        // An algorithm that does not fit the certificate's key cannot have made this signature.
        return false;
      }
      return jws.verify(verifier);
    } catch (JOSEException | IllegalStateException e) {
      return false;
    }
  }

  /** The chain as sent may end with the root; PKIX wants the path without its anchor. */
  private List<X509Certificate> withoutAnchors(List<X509Certificate> chain) {
    List<X509Certificate> path = new ArrayList<>(chain);
    while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
      path.remove(path.size() - 1);
    }
    return path;
  }

  private boolean isAnchor(X509Certificate certificate) {
    for (TrustAnchor anchor : trust.anchors()) {
      if (certificate.equals(anchor.getTrustedCert())) {
        return true;
      }
    }
    return false;
  }

  private String validatePath(List<X509Certificate> chain, Instant at) {
    if (trust.anchors().isEmpty()) {
      throw new ProblemException(
          ErrorCode.SIGNATURE_UNTRUSTED,
          "No certification authority is trusted for signatures here (see the README).");
    }
    try {
      CertPath path = SigningTrust.factory().generateCertPath(withoutAnchors(chain));
      CertPathValidator validator = CertPathValidator.getInstance("PKIX");
      PKIXParameters parameters = new PKIXParameters(trust.anchors());
      parameters.setDate(Date.from(at));
      parameters.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(trust.crls())));
      PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
      revocation.setOptions(
          EnumSet.of(
              PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
      parameters.setRevocationEnabled(true);
      parameters.addCertPathChecker(revocation);
      PKIXCertPathValidatorResult result =
          (PKIXCertPathValidatorResult) validator.validate(path, parameters);
      return result.getTrustAnchor().getTrustedCert().getSubjectX500Principal().getName();
    } catch (CertPathValidatorException e) {
      throw refusal(e);
    } catch (GeneralSecurityException e) {
      throw new ProblemException(
          ErrorCode.SIGNATURE_CHAIN_INVALID, "The certificate chain cannot be validated.");
    }
  }

  private static ProblemException refusal(CertPathValidatorException e) {
    CertPathValidatorException.Reason reason = e.getReason();
    if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
      return new ProblemException(
          ErrorCode.SIGNATURE_CERTIFICATE_EXPIRED,
          "A certificate of the chain had expired when the application arrived.");
    }
    if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return new ProblemException(
          ErrorCode.SIGNATURE_CERTIFICATE_NOT_YET_VALID,
          "A certificate of the chain was not yet valid when the application arrived.");
    }
    if (reason == CertPathValidatorException.BasicReason.REVOKED) {
      return new ProblemException(
          ErrorCode.SIGNATURE_CERTIFICATE_REVOKED,
          "The signing certificate has been revoked (for a My Number card: it was suspended,"
              + " renewed or the address or name changed); sign again with a valid certificate.");
    }
    if (reason == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
      return new ProblemException(
          ErrorCode.SIGNATURE_REVOCATION_UNKNOWN,
          "The revocation status of the signing certificate cannot be checked now; try later.");
    }
    if (reason == PKIXReason.NO_TRUST_ANCHOR) {
      return new ProblemException(
          ErrorCode.SIGNATURE_UNTRUSTED,
          "The signing certificate was not issued by a certification authority trusted here.");
    }
    return new ProblemException(
        ErrorCode.SIGNATURE_CHAIN_INVALID, "The certificate chain is not valid: " + reason + ".");
  }
}
