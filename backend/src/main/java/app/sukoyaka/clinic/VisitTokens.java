package app.sukoyaka.clinic;

import app.sukoyaka.phr.consent.ConsentTexts;
import app.sukoyaka.platform.Ids;
import app.sukoyaka.security.VisitGrants;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The visit tokens a parent's QR code carries: 256 random bits, shown once and stored only as their
 * SHA-256, bound to one child and one 予診票 and valid for a short while. The first clinic that
 * redeems a token owns it: it may read the visit again until the token expires, and holds a visit
 * grant for the child (it may submit the child's vaccination) for the grant's lifetime; another
 * clinic is refused. Issuing a token is the guardian's consent to this (the version of the text in
 * force is kept with it, {@link VisitGrantConsentSource}); a withdrawn token is refused and its
 * grant ends at once.
 */
@Singleton
public class VisitTokens implements VisitGrants {
  /** What the QR code encodes: this prefix and the token. */
  public static final String QR_PREFIX = "sukoyaka-visit:";

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS =
      "id, municipality_id, child_id, prescreening_id, issued_at, expires_at,"
          + " redeemed_by_facility, redeemed_at, grant_expires_at, withdrawn_at";

  /** The consent register's kind, and the kind of its text in consent-texts.json. */
  public static final String CONSENT_KIND = "visit-grant";

  private final JdbcOperations jdbc;
  private final Clock clock;
  private final VisitConfiguration configuration;
  private final ConsentTexts texts;

  VisitTokens(
      JdbcOperations jdbc, Clock clock, VisitConfiguration configuration, ConsentTexts texts) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.configuration = configuration;
    this.texts = texts;
  }

  /** A token as stored (never the token itself). */
  public record Token(
      UUID id,
      UUID municipalityId,
      UUID childId,
      UUID prescreeningId,
      Instant issuedAt,
      Instant expiresAt,
      UUID redeemedByFacility,
      Instant redeemedAt,
      Instant grantExpiresAt,
      Instant withdrawnAt) {}

  /**
   * A new token: the only time the token itself exists on the server.
   *
   * @param consentTextVersion the version of the visit-grant consent text the guardian agreed to
   */
  public record Issued(
      UUID id, String token, String qr, Instant expiresAt, String consentTextVersion) {}

  /** A redeemed token, and whether this was the first redemption. */
  public record Redeemed(Token token, boolean first) {}

  /** Why a token was refused. */
  public enum Refusal {
    UNKNOWN,
    EXPIRED,
    OTHER_CLINIC,
    WITHDRAWN
  }

  /** A refused redemption; {@link #token()} is null for a token nobody issued. */
  public static final class RefusedException extends RuntimeException {
    private final Refusal refusal;
    private final transient Token token;

    RefusedException(Refusal refusal, Token token) {
      super(refusal.name(), null, false, false);
      this.refusal = refusal;
      this.token = token;
    }

    public Refusal refusal() {
      return refusal;
    }

    public Token token() {
      return token;
    }
  }

  /**
   * Issues a token for a child's 予診票, in the caller's transaction; earlier tokens of that 予診票 that
   * nobody redeemed stop working, so only the code on the screen now is valid.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public Issued issue(UUID municipalityId, UUID childId, UUID prescreeningId, String issuedBy) {
    Instant now = clock.instant();
    jdbc.prepareStatement(
        "UPDATE visit_token SET expires_at = GREATEST(?, issued_at + interval '1 millisecond')"
            + " WHERE prescreening_id = ? AND redeemed_at IS NULL AND expires_at > ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setObject(2, prescreeningId);
          statement.setTimestamp(3, Timestamp.from(now));
          return statement.executeUpdate();
        });
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    UUID id = Ids.newId();
    Instant expiresAt = now.plus(configuration.tokenLifetime());
    String textVersion =
        texts
            .current(CONSENT_KIND, now.atZone(java.time.ZoneId.of("Asia/Tokyo")).toLocalDate())
            .version();
    jdbc.prepareStatement(
        "INSERT INTO visit_token (id, token_sha256, municipality_id, child_id, prescreening_id,"
            + " issued_by, issued_at, expires_at, consent_text_version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setString(2, sha256(token));
          statement.setObject(3, municipalityId);
          statement.setObject(4, childId);
          statement.setObject(5, prescreeningId);
          statement.setString(6, issuedBy);
          statement.setTimestamp(7, Timestamp.from(now));
          statement.setTimestamp(8, Timestamp.from(expiresAt));
          statement.setString(9, textVersion);
          return statement.executeUpdate();
        });
    return new Issued(id, token, QR_PREFIX + token, expiresAt, textVersion);
  }

  /**
   * Redeems a token for a clinic, in the caller's transaction: the first redemption binds it to the
   * clinic and starts the clinic's visit grant; the same clinic may redeem again until it expires.
   *
   * @param scanned the token, or the whole text of the QR code
   * @throws RefusedException for a token nobody issued, an expired one, or one another clinic
   *     redeemed
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public Redeemed redeem(String scanned, UUID facilityId, String clientId) {
    String token = tokenOf(scanned).orElseThrow(() -> new RefusedException(Refusal.UNKNOWN, null));
    Instant now = clock.instant();
    Token found =
        jdbc.prepareStatement(
            "SELECT " + COLUMNS + " FROM visit_token WHERE token_sha256 = ? FOR UPDATE",
            statement -> {
              statement.setString(1, sha256(token));
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? token(rs) : null;
              }
            });
    if (found == null) {
      throw new RefusedException(Refusal.UNKNOWN, null);
    }
    if (found.withdrawnAt() != null) {
      throw new RefusedException(Refusal.WITHDRAWN, found);
    }
    if (!now.isBefore(found.expiresAt())) {
      throw new RefusedException(Refusal.EXPIRED, found);
    }
    if (found.redeemedByFacility() != null) {
      if (!found.redeemedByFacility().equals(facilityId)) {
        throw new RefusedException(Refusal.OTHER_CLINIC, found);
      }
      return new Redeemed(found, false);
    }
    Instant grantExpiresAt = now.plus(configuration.grantLifetime());
    jdbc.prepareStatement(
        "UPDATE visit_token SET redeemed_by_facility = ?, redeemed_by_client = ?,"
            + " redeemed_at = ?, grant_expires_at = ? WHERE id = ?",
        statement -> {
          statement.setObject(1, facilityId);
          statement.setString(2, clientId);
          statement.setTimestamp(3, Timestamp.from(now));
          statement.setTimestamp(4, Timestamp.from(grantExpiresAt));
          statement.setObject(5, found.id());
          return statement.executeUpdate();
        });
    return new Redeemed(
        new Token(
            found.id(),
            found.municipalityId(),
            found.childId(),
            found.prescreeningId(),
            found.issuedAt(),
            found.expiresAt(),
            facilityId,
            now,
            grantExpiresAt,
            null),
        true);
  }

  @Override
  @Transactional(readOnly = true)
  public boolean holds(UUID facilityId, UUID childId) {
    Instant now = clock.instant();
    return jdbc.prepareStatement(
        "SELECT EXISTS (SELECT 1 FROM visit_token WHERE child_id = ?"
            + " AND redeemed_by_facility = ? AND grant_expires_at > ? AND withdrawn_at IS NULL)",
        statement -> {
          statement.setObject(1, childId);
          statement.setObject(2, facilityId);
          statement.setTimestamp(3, Timestamp.from(now));
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
          }
        });
  }

  /** The token in a scanned text: the bare token or the QR code's text; empty if neither. */
  static Optional<String> tokenOf(String scanned) {
    if (scanned == null) {
      return Optional.empty();
    }
    String text = scanned.strip();
    if (text.startsWith(QR_PREFIX)) {
      text = text.substring(QR_PREFIX.length());
    }
    return TOKEN.matcher(text).matches() ? Optional.of(text) : Optional.empty();
  }

  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Token token(ResultSet rs) throws SQLException {
    return new Token(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getObject(4, UUID.class),
        instant(rs.getTimestamp(5)),
        instant(rs.getTimestamp(6)),
        rs.getObject(7, UUID.class),
        instant(rs.getTimestamp(8)),
        instant(rs.getTimestamp(9)),
        instant(rs.getTimestamp(10)));
  }

  /**
   * Withdraws the guardian's consent of a token they issued, in the caller's transaction: the token
   * is refused from now on and the clinic's grant ends at once. Withdrawing again changes nothing.
   *
   * @return false when the guardian issued no such token
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public boolean withdraw(String issuedBy, UUID tokenId) {
    Instant now = clock.instant();
    Boolean found =
        jdbc.prepareStatement(
            "SELECT withdrawn_at IS NULL FROM visit_token WHERE id = ? AND issued_by = ?"
                + " FOR UPDATE",
            statement -> {
              statement.setObject(1, tokenId);
              statement.setString(2, issuedBy);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
              }
            });
    if (found == null) {
      return false;
    }
    if (found) {
      jdbc.prepareStatement(
          "UPDATE visit_token SET withdrawn_at = GREATEST(?, issued_at) WHERE id = ?",
          statement -> {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setObject(2, tokenId);
            return statement.executeUpdate();
          });
    }
    return true;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
