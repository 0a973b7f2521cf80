package app.sukoyaka.application;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How electronic signatures on applications are verified: the certification authorities trusted
 * (for the My Number card's 署名用電子証明書, the JPKI signing CA) and where their certificate revocation
 * lists come from.
 *
 * @param trustAnchors PEM files of the trusted CA certificates ({@code
 *     SUKOYAKA_SIGNATURES_TRUST_ANCHORS}, comma-separated); with none, no signature is accepted
 *     (demo mode adds the demo CA, see the README)
 * @param crlFiles CRL files, DER or PEM ({@code SUKOYAKA_SIGNATURES_CRL_FILES}), read again at
 *     every refresh so that an operator's copy job can replace them
 * @param crlUrls CRL distribution URLs ({@code SUKOYAKA_SIGNATURES_CRL_URLS}), fetched at start-up
 *     and at every refresh; a failed fetch keeps the last good list, which PKIX stops accepting
 *     once its nextUpdate has passed
 * @param crlRefreshInterval how often the lists are read again ({@code
 *     SUKOYAKA_SIGNATURES_CRL_REFRESH_INTERVAL}, default 1 hour; JPKI publishes its CRL more often
 *     than daily)
 * @param crlFetchTimeout how long one CRL download may take (default 20 seconds)
 */
@ConfigurationProperties("sukoyaka.signatures")
public record SignatureConfiguration(
    @Nullable List<Path> trustAnchors,
    @Nullable List<Path> crlFiles,
    @Nullable List<URI> crlUrls,
    @Bindable(defaultValue = "1h") @NotNull Duration crlRefreshInterval,
    @Bindable(defaultValue = "20s") @NotNull Duration crlFetchTimeout) {

  public SignatureConfiguration {
    trustAnchors = trustAnchors == null ? List.of() : List.copyOf(trustAnchors);
    crlFiles = crlFiles == null ? List.of() : List.copyOf(crlFiles);
    crlUrls = crlUrls == null ? List.of() : List.copyOf(crlUrls);
    if (crlRefreshInterval != null
        && (crlRefreshInterval.isNegative() || crlRefreshInterval.isZero())) {
      throw new IllegalArgumentException(
          "sukoyaka.signatures.crl-refresh-interval must be positive");
    }
    if (crlFetchTimeout != null && (crlFetchTimeout.isNegative() || crlFetchTimeout.isZero())) {
      throw new IllegalArgumentException("sukoyaka.signatures.crl-fetch-timeout must be positive");
    }
    for (URI url : crlUrls) {
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        // CRLs are signed, so plain http is what CAs publish them over (JPKI does too).
        throw new IllegalArgumentException("sukoyaka.signatures.crl-urls: not http(s): " + url);
      }
    }
  }
}
