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
import java.sql.Timestamp;
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
 * instance signs and verifies with the same keys and a restart keeps them. A new key is published
 * (JWKS) {@code key-publish-ahead} before it signs, so that whoever caches our JWKS knows it before
 * its first token; a key signs for {@code key-rotation-interval}, then stays published (and
 * accepted) until the last token it signed has expired, then leaves the JWKS: rotation needs no
 * downtime. The scheduled rotation ({@link SigningKeyRotation}) and the operator's ({@code
 * KeyCommand}) both come here.
 */
@Singleton
public class SigningKeys {
  /** How long others may cache our JWKS ({@link JwksController}'s Cache-Control). */
  static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);

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
    if (config.keyPublishAhead().compareTo(config.keyReloadInterval().plus(JWKS_MAX_AGE)) < 0) {
      LOG.warn(
          "sukoyaka.security.key-publish-ahead is shorter than key-reload-interval plus the JWKS"
              + " cache time (5 minutes): a rotated key may sign before every verifier knows it");
    }
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

  /**
   * The keys as last read.
   *
   * @param pendingFrom when the next published key starts signing (null: none waiting); the
   *     snapshot is read again then
   */
  private record Snapshot(
      ECKey signingKey,
      Instant signingSince,
      Map<String, ECKey> publicKeys,
      Instant loadedAt,
      Instant pendingFrom) {}

  /** The key that signs new tokens; makes one first when none may sign now. */
  public ECKey signingKey() {
    Instant now = clock.instant();
    Snapshot current = fresh(now);
    if (current.signingKey() == null) {
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

  /** Forgets the keys read, so that the next use reads them again (tests of other instances). */
  void reloadNow() {
    snapshot = null;
  }

  /** Whether tokens of that key are still accepted (a token verified before is asked again). */
  boolean published(String kid) {
    return fresh(clock.instant()).publicKeys().containsKey(kid);
  }

  /** The public keys of every key whose tokens may still be valid, and of the next one. */
  public JWKSet publicJwks() {
    Snapshot current = fresh(clock.instant());
    List<JWK> keys =
        current.publicKeys().values().stream().map(key -> (JWK) key.toPublicJWK()).toList();
    return new JWKSet(keys);
  }

  /**
   * The scheduled rotation ({@link SigningKeyRotation}): when the newest key has signed for nearly
   * {@code key-rotation-interval}, the next one is made, published at once and signing {@code
   * key-publish-ahead} later. Runs outside any request (system scope).
   */
  public void rotateIfDue() {
    Instant now = clock.instant();
    transactions.executeWrite(status -> rotateIfDue(now));
    snapshot = null;
  }

  /**
   * The operator's rotation: a new key, published now, signing after {@code key-publish-ahead} (at
   * once if no key may sign now); the key signing until then stays published until its last token
   * has expired.
   *
   * @return the new key's id
   */
  public String rotate() {
    String kid =
        transactions.executeWrite(
            status -> {
              lock();
              Instant now = clock.instant();
              boolean signable = signable(loadRows(now), now) != null;
              return insertNewKey(now, signable ? now.plus(config.keyPublishAhead()) : now);
            });
    snapshot = null;
    return kid;
  }

  /**
   * The operator's removal of a key (compromised, or to be rid of it at once): its tokens are
   * refused from now on, by this instance at once and by the others within {@code
   * key-reload-interval}; if it was signing, a new key signs at once.
   *
   * @return false when there is no such key still published
   */
  public boolean retire(String kid) {
    Instant now = clock.instant();
    int retired =
        transactions.executeWrite(
            status -> {
              lock();
              return jdbc.prepareStatement(
                  "UPDATE signing_key SET retire_after = ? WHERE kid = ? AND retire_after > ?",
                  statement -> {
                    statement.setTimestamp(1, Timestamp.from(now.truncatedTo(ChronoUnit.MICROS)));
                    statement.setString(2, kid);
                    statement.setTimestamp(3, Timestamp.from(now));
                    return statement.executeUpdate();
                  });
            });
    snapshot = null;
    if (retired > 0) {
      LOG.warn("Signing key {} retired by the operator; its tokens are refused", kid);
    }
    return retired > 0;
  }

  /** One published key as the operator's list shows it. */
  public record KeyState(String kid, Instant activeFrom, Instant retireAfter, boolean signing) {}

  /** The published keys, newest first. */
  public List<KeyState> published() {
    Instant now = clock.instant();
    List<SigningKeyRow> rows = transactions.executeRead(status -> loadRows(now));
    SigningKeyRow signing = signable(rows, now);
    return rows.stream()
        .map(
            row ->
                new KeyState(
                    row.kid(),
                    row.activeFrom(),
                    row.retireAfter(),
                    signing != null && signing.kid().equals(row.kid())))
        .toList();
  }

  private List<SigningKeyRow> loadRows(Instant now) {
    return repository.findByRetireAfterGreaterThanOrderByActiveFromDesc(now).stream()
        .filter(row -> readable(row).isPresent())
        .toList();
  }

  /**
   * The key that may sign now: the newest one active, if it stays published at least as long as a
   * token it signs now may live.
   */
  private SigningKeyRow signable(List<SigningKeyRow> rows, Instant now) {
    for (SigningKeyRow row : rows) {
      if (!row.activeFrom().isAfter(now)) {
        Instant lastTokenEnds = now.plus(config.longestTokenLifetime());
        return row.retireAfter().isBefore(lastTokenEnds) ? null : row;
      }
    }
    return null;
  }

  private Void rotateIfDue(Instant now) {
    lock();
    List<SigningKeyRow> usable = loadRows(now);
    if (signable(usable, now) == null) {
      insertNewKey(now, now);
      return null;
    }
    Instant newestFrom = usable.get(0).activeFrom();
    Instant nextFrom = newestFrom.plus(config.keyRotationInterval());
    if (!nextFrom.minus(config.keyPublishAhead()).isAfter(now)) {
      Instant earliest = now.plus(config.keyPublishAhead());
      insertNewKey(now, nextFrom.isBefore(earliest) ? earliest : nextFrom);
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

  private String insertNewKey(Instant at, Instant signsFrom) {
    // PostgreSQL keeps microseconds and rounds: a key stored at "now" with nanoseconds could
    // read back as starting a moment after now.
    Instant now = at.truncatedTo(ChronoUnit.MICROS);
    Instant activeFrom = signsFrom.truncatedTo(ChronoUnit.MICROS);
    Duration tokensOutlive = config.longestTokenLifetime().plus(config.clockSkew());
    try {
      ECKey key =
          new ECKeyGenerator(Curve.P_256)
              .keyID(Ids.newId().toString())
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .generate();
      // The key signing until the new one starts stays published until its last token expires;
      // earlier keys stopped signing before and keep their ends.
      jdbc.prepareStatement(
          "UPDATE signing_key SET retire_after = ? WHERE kid = (SELECT kid FROM signing_key"
              + " WHERE retire_after > ? AND active_from <= ? ORDER BY active_from DESC LIMIT 1)",
          statement -> {
            statement.setTimestamp(1, Timestamp.from(activeFrom.plus(tokensOutlive)));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(activeFrom));
            return statement.executeUpdate();
          });
      // Until its successor is made (which sets its end as above), it is planned to sign for an
      // interval; the scheduled check may come late by up to the publication lead.
      Instant retireAfter =
          activeFrom
              .plus(config.keyRotationInterval())
              .plus(config.keyPublishAhead())
              .plus(tokensOutlive);
      repository.save(
          new SigningKeyRow(
              key.getKeyID(),
              JWSAlgorithm.ES256.getName(),
              encryption.map(e -> e.seal(key.toJSONString())).orElse(key.toJSONString()),
              key.toPublicJWK().toJSONString(),
              now,
              activeFrom,
              retireAfter));
      LOG.info("New signing key {} published; it signs from {}", key.getKeyID(), activeFrom);
      return key.getKeyID();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not generate a signing key", e);
    }
  }

  private Snapshot fresh(Instant now) {
    Snapshot current = snapshot;
    if (current == null
        || current.loadedAt().plus(config.keyReloadInterval()).isBefore(now)
        || (current.pendingFrom() != null && !now.isBefore(current.pendingFrom()))) {
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
    boolean seenActive = false;
    Instant pendingFrom = null;
    for (SigningKeyRow row : rows) {
      Optional<String> jwk = readable(row);
      if (jwk.isEmpty()) {
        // Sealed under another key-encryption key: neither usable nor trustworthy here.
        continue;
      }
      try {
        ECKey key = ECKey.parse(jwk.get());
        published.put(row.kid(), key.toPublicJWK());
        if (row.activeFrom().isAfter(now)) {
          pendingFrom = row.activeFrom();
        }
        if (!seenActive && !row.activeFrom().isAfter(now)) {
          seenActive = true;
          // Only if it outlives what it signs now; else a new key is made (signingKey()).
          if (!row.retireAfter().isBefore(now.plus(config.longestTokenLifetime()))) {
            signing = key;
            signingSince = row.activeFrom();
          }
        }
      } catch (ParseException e) {
        throw new IllegalStateException("Stored signing key " + row.kid() + " is unreadable", e);
      }
    }
    Snapshot loaded = new Snapshot(signing, signingSince, Map.copyOf(published), now, pendingFrom);
    snapshot = loaded;
    return loaded;
  }
}
