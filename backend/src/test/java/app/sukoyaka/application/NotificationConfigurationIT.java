package app.sukoyaka.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.family.prenatal.HandbookConfiguration;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.TestSigningCa;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signature and handbook settings bind from configuration, with the documented defaults. */
class NotificationConfigurationIT {

  @Test
  void signatureSettingsBindTheTrustAnchorsAndCrlUrlsWithTheDefaultIntervals() {
    SignatureConfiguration signatures = TestService.bean(SignatureConfiguration.class);

    assertThat(signatures.trustAnchors()).containsExactly(TestSigningCa.get().anchorFile());
    assertThat(signatures.crlUrls()).containsExactly(URI.create(TestSigningCa.get().crlUrl()));
    assertThat(signatures.crlFiles()).isEmpty();
    assertThat(signatures.crlRefreshInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(signatures.crlFetchTimeout()).isEqualTo(Duration.ofSeconds(20));
    // Demo mode trusts the demo CA besides the configured one.
    assertThat(TestService.bean(SigningTrust.class).anchors()).hasSize(2);
  }

  @Test
  void handbookNumbersDefaultToTheYearAndASixDigitSerial() {
    assertThat(TestService.bean(HandbookConfiguration.class).numberFormat())
        .isEqualTo("{year}-{serial:6}");
  }

  @Test
  void unusableSettingsStopTheServiceAtStartUp() {
    assertThatThrownBy(() -> new HandbookConfiguration("{year}"))
        .hasMessageContaining("sukoyaka.handbooks.number-format");
    assertThatThrownBy(
            () ->
                new SignatureConfiguration(
                    List.of(),
                    List.of(),
                    List.of(URI.create("ftp://crl.example/ca.crl")),
                    Duration.ofHours(1),
                    Duration.ofSeconds(20)))
        .hasMessageContaining("not http(s)");
  }
}
