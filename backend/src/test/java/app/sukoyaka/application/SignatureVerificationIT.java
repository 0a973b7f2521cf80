package app.sukoyaka.application;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.NotificationForms;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.TestSigningCa;
import app.sukoyaka.testing.Tokens;
import com.nimbusds.jose.JWSAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signature on a pregnancy notification is checked as a My Number card signature would be: each
 * fault is refused with its own code as problem+json, and nothing is stored.
 */
class SignatureVerificationIT {
  private final TestSigningCa ca = TestSigningCa.get();
  private Personas.Municipality town;
  private Personas.Resident misaki;
  private String token;
  private String form;

  @BeforeEach
  void arrange() {
    town = Personas.municipality();
    misaki = Personas.residentAt(8);
    token = Tokens.user("resident", misaki.subject());
    form = NotificationForms.json(misaki, town);
  }

  private Http.Response submit(String signed) {
    return Http.postJson(
        "/api/v1/me/pregnancy-notifications", token, NotificationForms.body(signed));
  }

  private void assertRefused(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("code").asText()).isEqualTo(code);
    assertThat(
            Db.count(
                "SELECT count(*) FROM pregnancy_notification WHERE applicant_subject = ?",
                misaki.subject()))
        .isZero();
  }

  @Test
  void aGoodSignatureIsAccepted() {
    assertThat(submit(ca.signer("佐藤 美咲").sign(form)).status()).isEqualTo(201);
  }

  @Test
  void anEs256AndAPs256SignatureAreAcceptedToo() {
    assertThat(submit(ca.ecSigner("佐藤 美咲").sign(form)).status()).isEqualTo(201);
    assertThat(submit(ca.signer("佐藤 美咲").sign(form, JWSAlgorithm.PS256)).status()).isEqualTo(201);
  }

  @Test
  void aChainWithoutTheCaCertificateIsAcceptedAsTheCaIsTrustedHere() {
    TestSigningCa.Signer signer = ca.signer("佐藤 美咲");

    assertThat(
            submit(signer.sign(form, JWSAlgorithm.RS256, List.of(signer.certificate()))).status())
        .isEqualTo(201);
  }

  @Test
  void aRevokedCertificateIsRefused() {
    TestSigningCa.Signer signer = ca.signer("佐藤 美咲");
    ca.revoke(signer);
    TestService.bean(SigningTrust.class).refresh();

    assertRefused(submit(signer.sign(form)), 422, "SKY-5310");
  }

  @Test
  void anExpiredCertificateIsRefused() {
    assertRefused(submit(ca.expiredSigner("佐藤 美咲").sign(form)), 422, "SKY-5308");
  }

  @Test
  void aCertificateNotYetValidIsRefused() {
    assertRefused(submit(ca.notYetValidSigner("佐藤 美咲").sign(form)), 422, "SKY-5309");
  }

  @Test
  void aCertificateOfAnotherCaIsRefused() {
    assertRefused(submit(ca.signerOfAnotherCa("佐藤 美咲").sign(form)), 422, "SKY-5307");
  }

  @Test
  void contentChangedAfterSigningIsRefused() {
    String signed = ca.signer("佐藤 美咲").sign(form);
    String[] parts = signed.split("\\.");
    String changed =
        form.replace(
            misaki.expectedDeliveryDate().toString(),
            misaki.expectedDeliveryDate().plusDays(1).toString());
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(changed.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertRefused(submit(tampered), 422, "SKY-5306");
  }

  @Test
  void aCertificateForEncryptionOnlyIsRefused() {
    assertRefused(submit(ca.encryptionOnlySigner("佐藤 美咲").sign(form)), 422, "SKY-5305");
  }

  @Test
  void aSignatureWithoutItsCertificateChainIsRefused() {
    assertRefused(
        submit(ca.signer("佐藤 美咲").sign(form, JWSAlgorithm.RS256, List.of())), 422, "SKY-5303");
  }

  @Test
  void somethingThatIsNotAJwsIsRefused() {
    assertRefused(submit("this is not signed"), 400, "SKY-5301");
  }

  @Test
  void aCertificateChainThatIsNotX509IsRefused() {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"alg\":\"RS256\",\"x5c\":[\"bm90IGEgY2VydGlmaWNhdGU=\"]}"
                    .getBytes(StandardCharsets.UTF_8));
    String signed = ca.signer("佐藤 美咲").sign(form);
    String forged = header + signed.substring(signed.indexOf('.'));

    assertRefused(submit(forged), 422, "SKY-5304");
  }

  @Test
  void onlyResidentsAndGuardiansNotify() {
    Personas.Staff staff = Personas.staffOf(town);

    Http.Response response =
        Http.postJson(
            "/api/v1/me/pregnancy-notifications",
            Tokens.staff(staff),
            NotificationForms.body(ca.signer("佐藤 美咲").sign(form)));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1005");
  }
}
