package app.sukoyaka.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.platform.SukoyakaConfiguration;
import app.sukoyaka.testing.TestSigningCa;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier on its own: trust anchors and CRLs as configured, checked at a given moment. */
class PkixJwsVerifierTest {
  private final TestSigningCa ca = TestSigningCa.get();

  private static PkixJwsVerifier verifier(List<Path> anchors, List<URI> crlUrls, boolean demo) {
    return new PkixJwsVerifier(
        new SigningTrust(
            new SignatureConfiguration(
                anchors, List.of(), crlUrls, Duration.ofHours(1), Duration.ofSeconds(5)),
            new SukoyakaConfiguration(Path.of("/tmp"), demo)));
  }

  private static ErrorCode refusal(Runnable verification) {
    try {
      verification.run();
    } catch (ProblemException e) {
      return e.errorCode();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void withTheCaTrustedAndItsCrlFetchedASignatureIsVerified() {
    PkixJwsVerifier verifier =
        verifier(List.of(ca.anchorFile()), List.of(URI.create(ca.crlUrl())), false);

    VerifiedSignature verified =
        verifier.verify(ca.signer("佐藤 美咲").sign("{\"a\":1}"), Instant.now());

    assertThat(new String(verified.content(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(verified.algorithm()).isEqualTo("RS256");
    assertThat(verified.chain()).hasSize(1);
    assertThat(NameMatch.signerName(verified.signer())).isEqualTo("佐藤 美咲");
  }

  @Test
  void withoutACrlOfTheCaTheRevocationStatusIsUnknownAndTheSignatureRefused() {
    PkixJwsVerifier verifier = verifier(List.of(ca.anchorFile()), List.of(), false);

    assertThat(refusal(() -> verifier.verify(ca.signer("佐藤 美咲").sign("{}"), Instant.now())))
        .isEqualTo(ErrorCode.SIGNATURE_REVOCATION_UNKNOWN);
  }

  @Test
  void aCrlPastItsNextUpdateIsNotReliedOn() {
    PkixJwsVerifier verifier =
        verifier(List.of(ca.anchorFile()), List.of(URI.create(ca.crlUrl())), false);
    String signed = ca.signer("佐藤 美咲").sign("{}");

    // The test CA's CRL is good for two days; five days on, it is stale.
    assertThat(refusal(() -> verifier.verify(signed, Instant.now().plus(Duration.ofDays(5)))))
        .isEqualTo(ErrorCode.SIGNATURE_REVOCATION_UNKNOWN);
  }

  @Test
  void validityIsCheckedAtTheMomentOfArrival() {
    PkixJwsVerifier verifier =
        verifier(List.of(ca.anchorFile()), List.of(URI.create(ca.crlUrl())), false);
    String signed = ca.signer("佐藤 美咲").sign("{}");

    assertThat(refusal(() -> verifier.verify(signed, Instant.now().minus(Duration.ofDays(3)))))
        .isEqualTo(ErrorCode.SIGNATURE_CERTIFICATE_NOT_YET_VALID);
  }

  @Test
  void withNoTrustAnchorConfiguredNothingIsTrusted() {
    PkixJwsVerifier verifier = verifier(List.of(), List.of(), false);

    assertThat(refusal(() -> verifier.verify(ca.signer("佐藤 美咲").sign("{}"), Instant.now())))
        .isEqualTo(ErrorCode.SIGNATURE_UNTRUSTED);
  }

  @Test
  void anUnacceptedAlgorithmIsRefusedBeforeAnythingElse() {
    String hs256 = "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo";

    assertThatThrownBy(() -> verifier(List.of(), List.of(), false).verify(hs256, Instant.now()))
        .isInstanceOf(ProblemException.class)
        .extracting(e -> ((ProblemException) e).errorCode())
        .isEqualTo(ErrorCode.SIGNATURE_ALGORITHM_NOT_ACCEPTED);
  }

  @Test
  void inDemoModeTheDemoSignersCertificateIsTrusted() throws Exception {
    PkixJwsVerifier verifier = verifier(List.of(), List.of(), true);
    X509Certificate certificate;
    try (InputStream in =
        getClass().getResourceAsStream("/app/sukoyaka/application/demo/demo-signer.pem")) {
      certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    PrivateKey key;
    try (InputStream in =
        getClass().getResourceAsStream("/app/sukoyaka/application/demo/demo-signer-key.pem")) {
      String pem =
          new String(in.readAllBytes(), StandardCharsets.US_ASCII)
              .replaceAll("-----[A-Z ]+-----", "")
              .replaceAll("\\s", "");
      key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
    }
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .x509CertChain(List.of(Base64.encode(certificate.getEncoded())))
                .build(),
            new Payload("{}"));
    try {
      jws.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }

    VerifiedSignature verified = verifier.verify(jws.serialize(), Instant.now());

    assertThat(NameMatch.signerName(verified.signer())).isEqualTo("山田 花子");
    assertThat(verified.trustAnchor()).contains("Sukoyaka Demo JPKI Signing CA");
    // Outside demo mode the demo CA is not trusted.
    assertThat(
            refusal(
                () ->
                    verifier(List.of(ca.anchorFile()), List.of(), false)
                        .verify(jws.serialize(), Instant.now())))
        .isEqualTo(ErrorCode.SIGNATURE_UNTRUSTED);
  }
}
