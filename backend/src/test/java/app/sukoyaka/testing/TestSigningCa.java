package app.sukoyaka.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certification authority of the tests' own, standing in for the JPKI signing CA of the My Number
 * card: it issues signing certificates to personas (valid, expired, not yet valid, revoked, for
 * encryption only) and publishes its CRL over HTTP, which the service is configured to fetch. A
 * second CA that the service does not trust issues the wrong-chain certificates.
 */
public final class TestSigningCa {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static TestSigningCa instance;

  private final Authority trusted;
  private final Authority other;
  private final HttpServer server;
  private final Path anchorFile;
  private final List<BigInteger> revoked = new ArrayList<>();
  private volatile byte[] crl;

  /** An issuing CA: its name, keys and certificate. */
  private record Authority(X500Name name, KeyPair keys, X509Certificate certificate) {}

  /** A signer with her key and certificate chain (signer first). */
  public record Signer(PrivateKey key, List<X509Certificate> chain) {

    /** The content signed as a JWS with the chain in x5c (RS256 for RSA keys, ES256 for EC). */
    public String sign(String content) {
      return sign(content, key instanceof ECPrivateKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256);
    }

    public String sign(String content, JWSAlgorithm algorithm) {
      return sign(content, algorithm, chain);
    }

    /** Signed with the chain given in x5c (empty: no x5c at all). */
    public String sign(String content, JWSAlgorithm algorithm, List<X509Certificate> x5c) {
      JWSHeader.Builder header = new JWSHeader.Builder(algorithm);
      if (!x5c.isEmpty()) {
        List<Base64> encoded = new ArrayList<>();
        for (X509Certificate certificate : x5c) {
          try {
            encoded.add(Base64.encode(certificate.getEncoded()));
          } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
          }
        }
        header.x509CertChain(encoded);
      }
      JWSObject jws =
          new JWSObject(header.build(), new Payload(content.getBytes(StandardCharsets.UTF_8)));
      try {
        jws.sign(key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key));
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
      return jws.serialize();
    }

    public X509Certificate certificate() {
      return chain.get(0);
    }
  }

  private TestSigningCa() throws IOException, GeneralSecurityException, OperatorCreationException {
    trusted = authority("Sukoyaka Test JPKI Signing CA");
    other = authority("Somebody Else's CA");
    crl = buildCrl();
    anchorFile = Files.createTempFile("sukoyaka-test-jpki-ca", ".pem");
    anchorFile.toFile().deleteOnExit();
    Files.writeString(anchorFile, pem(trusted.certificate()));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/crl",
        exchange -> {
          byte[] body = crl;
          exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  public static synchronized TestSigningCa get() {
    if (instance == null) {
      try {
        instance = new TestSigningCa();
      } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  /** Service properties that trust this CA and fetch its CRL. */
  public Map<String, Object> serviceProperties() {
    return Map.of(
        "sukoyaka.signatures.trust-anchors",
        anchorFile.toString(),
        "sukoyaka.signatures.crl-urls",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/crl");
  }

  /** The CRL's address, for tests of the revocation list's refresh. */
  public String crlUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/crl";
  }

  public Path anchorFile() {
    return anchorFile;
  }

  /** A signing certificate valid for a year from yesterday, an RSA key as on the My Number card. */
  public Signer signer(String name) {
    return issue(trusted, name, rsa(), Duration.ofDays(-1), Duration.ofDays(365), true);
  }

  /** The same with an EC P-256 key (ES256). */
  public Signer ecSigner(String name) {
    return issue(trusted, name, ec(), Duration.ofDays(-1), Duration.ofDays(365), true);
  }

  public Signer expiredSigner(String name) {
    return issue(trusted, name, rsa(), Duration.ofDays(-400), Duration.ofDays(-30), true);
  }

  public Signer notYetValidSigner(String name) {
    return issue(trusted, name, rsa(), Duration.ofDays(10), Duration.ofDays(400), true);
  }

  /** A certificate for key encipherment only: not for signatures. */
  public Signer encryptionOnlySigner(String name) {
    return issue(trusted, name, rsa(), Duration.ofDays(-1), Duration.ofDays(365), false);
  }

  /** A valid-looking certificate from a CA the service does not trust. */
  public Signer signerOfAnotherCa(String name) {
    return issue(other, name, rsa(), Duration.ofDays(-1), Duration.ofDays(365), true);
  }

  /**
   * Revokes the signer's certificate and publishes the new CRL; the service sees it at its next
   * refresh.
   */
  public synchronized void revoke(Signer signer) {
    revoked.add(signer.certificate().getSerialNumber());
    try {
      crl = buildCrl();
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Signer issue(
      Authority ca, String name, KeyPair keys, Duration from, Duration to, boolean forSignatures) {
    try {
      Instant now = Instant.now();
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.C, "JP")
              .addRDN(BCStyle.CN, name)
              .build();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca.name(),
              new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
              Date.from(now.plus(from)),
              Date.from(now.plus(to)),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              forSignatures
                  ? KeyUsage.digitalSignature | KeyUsage.nonRepudiation
                  : KeyUsage.keyEncipherment));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withRSA").build(ca.keys().getPrivate())));
      return new Signer(keys.getPrivate(), List.of(certificate, ca.certificate()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Authority authority(String name)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    KeyPair keys = rsa();
    X500Name x500 =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "JP")
            .addRDN(BCStyle.O, "Sukoyaka Tests")
            .addRDN(BCStyle.CN, name)
            .build();
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            x500,
            BigInteger.ONE,
            Date.from(now.minus(Duration.ofDays(3650))),
            Date.from(now.plus(Duration.ofDays(3650))),
            x500,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    return new Authority(x500, keys, certificate);
  }

  private byte[] buildCrl()
      throws GeneralSecurityException, OperatorCreationException, IOException {
    Instant now = Instant.now();
    X509v2CRLBuilder builder =
        new X509v2CRLBuilder(trusted.name(), Date.from(now.minusSeconds(60)));
    builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(2))));
    for (BigInteger serial : revoked) {
      builder.addCRLEntry(serial, Date.from(now.minusSeconds(30)), CRLReason.keyCompromise);
    }
    return builder
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(trusted.keys().getPrivate()))
        .getEncoded();
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
