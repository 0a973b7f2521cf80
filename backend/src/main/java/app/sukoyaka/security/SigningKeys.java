package app.sukoyaka.security;

import app.sukoyaka.platform.Ids;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys the service signs its access tokens with, kept in the database so that every
 * instance signs and verifies with the same keys and a restart keeps them. A key signs for {@code
 * key-rotation-interval}; it stays published (and accepted) until the last token it signed has
 * expired, so rotation needs no downtime.
 */
@Singleton
public class SigningKeys {
  private static final Duration RELOAD_AFTER = Duration.ofSeconds(60);
  private static final Duration UNKNOWN_KID_RELOAD_AFTER = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final long ROTATION_LOCK = 0x534b595f4b455953L;

  private final SigningKeyRepository repository;
  private final JdbcOperations jdbc;
  private final SecurityConfiguration config;
  private final Clock clock;
  private final TransactionOperations<Connection> transactions;
  private final Optional<KeyEncryption> encryption;
  private volatile Snapshot snapshot;

  SigningKeys(
      SigningKeyRepository repository,
      JdbcOperations jdbc,
      SecurityConfiguration config,
      Clock clock,
      TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
    this.encryption = KeyEncryption.of(config.keyEncryptionKey());
    if (encryption.isEmpty()) {
      LOG.warn(
          "Token signing keys are stored unsealed; set SUKOYAKA_SECURITY_KEY_ENCRYPTION_KEY in"
              + " production");
    }
    this.repository = repository;
    this.jdbc = jdbc;
    this.config = config;
    this.clock = clock;
  }

  private record Snapshot(
      ECKey signingKey, Instant signingSince, Map<String, ECKey> publicKeys, Instant loadedAt) {}

  /** The key that signs new tokens; rotates first when the current one is due. */
  public ECKey signingKey() {
    Instant now = clock.instant();
    Snapshot current = fresh(now);
    if (current.signingKey() == null || rotationDue(current, now)) {
      transactions.executeWrite(status -> rotateIfDue(now));
      current = reload(now);
    }
    if (current.signingKey() == null) {
      throw new IllegalStateException(
          "No signing key active at " + now + " among " + current.publicKeys().keySet());
    }
    return current.signingKey();
  }

  /** A published key by its id, looking in the database once more if another instance made it. */
  public Optional<ECKey> publicKey(String kid) {
    Instant now = clock.instant();
    Snapshot current = fresh(now);
    ECKey key = current.publicKeys().get(kid);
    if (key == null && current.loadedAt().plus(UNKNOWN_KID_RELOAD_AFTER).isBefore(now)) {
      key = reload(now).publicKeys().get(kid);
    }
    return Optional.ofNullable(key);
  }

  /** The public keys of every key whose tokens may still be valid. */
  public JWKSet publicJwks() {
    Snapshot current = fresh(clock.instant());
    List<JWK> keys =
        current.publicKeys().values().stream().map(key -> (JWK) key.toPublicJWK()).toList();
    return new JWKSet(keys);
  }

  /** Makes a new signing key now, whatever the age of the current one. */
  public void rotate() {
    transactions.executeWrite(
        status -> {
          lock();
          insertNewKey(clock.instant());
          return null;
        });
    snapshot = null;
  }

  private Void rotateIfDue(Instant now) {
    lock();
    List<SigningKeyRow> usable =
        repository.findByRetireAfterGreaterThanOrderByActiveFromDesc(now).stream()
            .filter(row -> readable(row).isPresent())
            .toList();
    boolean due =
        usable.isEmpty()
            || usable.get(0).activeFrom().plus(config.keyRotationInterval()).isBefore(now);
    if (due) {
      insertNewKey(now);
    }
    return null;
  }

  private void lock() {
    // Several instances may find the key due at once; only one of them makes the new key.
    jdbc.prepareStatement(
        "SELECT pg_advisory_xact_lock(?)",
        statement -> {
          statement.setLong(1, ROTATION_LOCK);
          statement.execute();
          return null;
        });
  }

  private void insertNewKey(Instant at) {
    // PostgreSQL keeps microseconds and rounds: a key stored at "now" with nanoseconds could
    // read back as starting a moment after now.
    Instant now = at.truncatedTo(ChronoUnit.MICROS);
    try {
      ECKey key =
          new ECKeyGenerator(Curve.P_256)
              .keyID(Ids.newId().toString())
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .generate();
      Instant retireAfter =
          now.plus(config.keyRotationInterval())
              .plus(config.longestTokenLifetime())
              .plus(config.clockSkew());
      repository.save(
          new SigningKeyRow(
              key.getKeyID(),
              JWSAlgorithm.ES256.getName(),
              encryption.map(e -> e.seal(key.toJSONString())).orElse(key.toJSONString()),
              key.toPublicJWK().toJSONString(),
              now,
              now,
              retireAfter));
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not generate a signing key", e);
    }
  }

  private boolean rotationDue(Snapshot current, Instant now) {
    return current.signingSince().plus(config.keyRotationInterval()).isBefore(now);
  }

  private Snapshot fresh(Instant now) {
    Snapshot current = snapshot;
    if (current == null || current.loadedAt().plus(RELOAD_AFTER).isBefore(now)) {
      current = reload(now);
    }
    return current;
  }

  private Optional<String> readable(SigningKeyRow row) {
    if (!KeyEncryption.isSealed(row.privateJwk())) {
      return Optional.of(row.privateJwk());
    }
    Optional<String> opened = encryption.flatMap(e -> e.open(row.privateJwk()));
    if (opened.isEmpty()) {
      LOG.warn("Signing key {} is sealed with another key-encryption key; skipped", row.kid());
    }
    return opened;
  }

  private synchronized Snapshot reload(Instant now) {
    List<SigningKeyRow> rows = repository.findByRetireAfterGreaterThanOrderByActiveFromDesc(now);
    Map<String, ECKey> published = new LinkedHashMap<>();
    ECKey signing = null;
    Instant signingSince = null;
    for (SigningKeyRow row : rows) {
      Optional<String> jwk = readable(row);
      if (jwk.isEmpty()) {
        // Sealed under another key-encryption key: neither usable nor trustworthy here.
        continue;
      }
      try {
        ECKey key = ECKey.parse(jwk.get());
        published.put(row.kid(), key.toPublicJWK());
        if (signing == null && !row.activeFrom().isAfter(now)) {
          signing = key;
          signingSince = row.activeFrom();
        }
      } catch (ParseException e) {
        throw new IllegalStateException("Stored signing key " + row.kid() + " is unreadable", e);
      }
    }
    Snapshot loaded = new Snapshot(signing, signingSince, Map.copyOf(published), now);
    snapshot = loaded;
    return loaded;
  }
}
