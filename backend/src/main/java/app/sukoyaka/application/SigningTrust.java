package app.sukoyaka.application;

import app.sukoyaka.platform.SukoyakaConfiguration;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust anchors and the current certificate revocation lists signatures are checked against.
 * Anchors are read once at start-up (a new CA is a configuration change); CRLs are read at start-up
 * and again every refresh interval, each source keeping its last good list when a read fails.
 */
@Singleton
public class SigningTrust {
  /** The demo CA, trusted only with {@code SUKOYAKA_DEMO=true} (see the README). */
  static final String DEMO_CA = "/app/sukoyaka/application/demo/demo-jpki-ca.pem";

  static final String DEMO_CRL = "/app/sukoyaka/application/demo/demo-jpki-ca.crl.pem";

  private static final Logger LOG = LoggerFactory.getLogger(SigningTrust.class);

  private final SignatureConfiguration config;
  private final boolean demo;
  private final Set<TrustAnchor> anchors;
  private final HttpClient http;
  private final Map<String, List<X509CRL>> crlsBySource = new LinkedHashMap<>();
  private volatile List<X509CRL> crls = List.of();

  SigningTrust(SignatureConfiguration config, SukoyakaConfiguration service) {
    this.config = config;
    this.demo = service.demo();
    List<X509Certificate> certificates = new ArrayList<>();
    for (Path file : config.trustAnchors()) {
      certificates.addAll(certificates(read(file), file.toString()));
    }
    if (demo) {
      certificates.addAll(certificates(resource(DEMO_CA), DEMO_CA));
    }
    this.anchors = Set.copyOf(certificates.stream().map(c -> new TrustAnchor(c, null)).toList());
    this.http = HttpClient.newBuilder().connectTimeout(config.crlFetchTimeout()).build();
    refresh();
  }

  /** The CAs trusted to issue signing certificates. */
  public Set<TrustAnchor> anchors() {
    return anchors;
  }

  /** The revocation lists read last. */
  public List<X509CRL> crls() {
    return crls;
  }

  /** Reads every CRL source again; a source that fails keeps its last good list. */
  @Scheduled(
      fixedDelay = "${sukoyaka.signatures.crl-refresh-interval:1h}",
      initialDelay = "${sukoyaka.signatures.crl-refresh-interval:1h}")
  public synchronized void refresh() {
    for (Path file : config.crlFiles()) {
      load(file.toString(), () -> read(file));
    }
    for (URI url : config.crlUrls()) {
      load(url.toString(), () -> fetch(url));
    }
    if (demo) {
      load(DEMO_CRL, () -> resource(DEMO_CRL));
    }
    List<X509CRL> all = new ArrayList<>();
    crlsBySource.values().forEach(all::addAll);
    crls = List.copyOf(all);
  }

  private interface Source {
    byte[] bytes() throws IOException;
  }

  private void load(String name, Source source) {
    try {
      Collection<? extends CRL> read =
          factory().generateCRLs(new ByteArrayInputStream(source.bytes()));
      List<X509CRL> lists = new ArrayList<>();
      for (CRL crl : read) {
        lists.add((X509CRL) crl);
      }
      if (lists.isEmpty()) {
        throw new CRLException("no CRL in it");
      }
      crlsBySource.put(name, List.copyOf(lists));
    } catch (IOException | CRLException | RuntimeException e) {
      // The last good list stays; once its nextUpdate has passed PKIX refuses to rely on it.
      LOG.warn("Certificate revocation list {} could not be read: {}", name, e.toString());
    }
  }

  private byte[] fetch(URI url) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(config.crlFetchTimeout()).GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = SigningTrust.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<X509Certificate> certificates(byte[] pem, String name) {
    try {
      List<X509Certificate> found = new ArrayList<>();
      for (java.security.cert.Certificate c :
          factory().generateCertificates(new ByteArrayInputStream(pem))) {
        found.add((X509Certificate) c);
      }
      if (found.isEmpty()) {
        throw new IllegalArgumentException("No certificate in trust anchor file " + name);
      }
      return found;
    } catch (CertificateException e) {
      throw new IllegalArgumentException("Trust anchor file " + name + " is not PEM X.509", e);
    }
  }

  static CertificateFactory factory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
