package app.sukoyaka.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The pregnancy notification tables. Writes run in the caller's transaction. */
@Singleton
class NotificationStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SELECT =
      "SELECT n.id, n.municipality_id, m.code, n.receipt_number, n.applicant_subject, n.status,"
          + " n.current_version, n.arrived_at, n.pregnancy_id, p.handbook_number, n.updated_at"
          + " FROM pregnancy_notification n JOIN municipality m ON m.id = n.municipality_id"
          + " LEFT JOIN pregnancy p ON p.id = n.pregnancy_id";

  private final JdbcOperations jdbc;

  NotificationStore(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** A version about to be stored. */
  record NewVersion(
      UUID notificationId,
      int version,
      UUID municipalityId,
      Instant arrivedAt,
      NotificationContent content,
      String signedContent,
      VerifiedSignature signature,
      boolean nameMatches) {}

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void insertNotification(
      UUID id,
      UUID municipalityId,
      String receiptNumber,
      String applicantSubject,
      Instant arrivedAt) {
    jdbc.prepareStatement(
        "INSERT INTO pregnancy_notification (id, municipality_id, receipt_number,"
            + " applicant_subject, status, current_version, arrived_at, updated_at)"
            + " VALUES (?, ?, ?, ?, 'submitted', 1, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setObject(2, municipalityId);
          statement.setString(3, receiptNumber);
          statement.setString(4, applicantSubject);
          statement.setTimestamp(5, Timestamp.from(arrivedAt));
          statement.setTimestamp(6, Timestamp.from(arrivedAt));
          return statement.executeUpdate();
        });
  }

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void insertVersion(NewVersion version) {
    X509Certificate signer = version.signature().signer();
    jdbc.prepareStatement(
        "INSERT INTO pregnancy_notification_version (notification_id, version, municipality_id,"
            + " arrived_at, form, signed_content, content_sha256, signature_algorithm,"
            + " signer_subject, signer_issuer, signer_serial, signer_not_before, signer_not_after,"
            + " certificate_chain, trust_anchor, name_match)"
            + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, version.notificationId());
          statement.setInt(2, version.version());
          statement.setObject(3, version.municipalityId());
          statement.setTimestamp(4, Timestamp.from(version.arrivedAt()));
          statement.setString(5, json(version.content()));
          statement.setString(6, version.signedContent());
          statement.setString(7, sha256(version.signedContent()));
          statement.setString(8, version.signature().algorithm());
          statement.setString(9, signer.getSubjectX500Principal().getName());
          statement.setString(10, signer.getIssuerX500Principal().getName());
          statement.setString(11, signer.getSerialNumber().toString(16));
          statement.setTimestamp(12, Timestamp.from(signer.getNotBefore().toInstant()));
          statement.setTimestamp(13, Timestamp.from(signer.getNotAfter().toInstant()));
          statement.setArray(
              14,
              statement
                  .getConnection()
                  .createArrayOf("text", encoded(version.signature().chain()).toArray()));
          statement.setString(15, version.signature().trustAnchor());
          statement.setString(16, version.nameMatches() ? "match" : "mismatch");
          return statement.executeUpdate();
        });
  }

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void insertEvent(UUID id, int version, StoredNotification.Event event) {
    jdbc.prepareStatement(
        "INSERT INTO pregnancy_notification_event (notification_id, version, occurred_at,"
            + " actor_role, actor_id, from_status, to_status, message)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setInt(2, version);
          statement.setTimestamp(3, Timestamp.from(event.occurredAt()));
          statement.setString(4, event.actorRole());
          statement.setString(5, event.actorId());
          statement.setString(6, event.fromStatus());
          statement.setString(7, event.toStatus());
          statement.setString(8, event.message());
          return statement.executeUpdate();
        });
  }

  /** Sets the status (and version, and the issued pregnancy) in the caller's transaction. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  void update(UUID id, String status, int version, UUID pregnancyId, Instant at) {
    jdbc.prepareStatement(
        "UPDATE pregnancy_notification SET status = ?, current_version = ?,"
            + " pregnancy_id = COALESCE(?, pregnancy_id), updated_at = ? WHERE id = ?",
        statement -> {
          statement.setString(1, status);
          statement.setInt(2, version);
          statement.setObject(3, pregnancyId);
          statement.setTimestamp(4, Timestamp.from(at));
          statement.setObject(5, id);
          return statement.executeUpdate();
        });
  }

  /** The notification, its row locked until the caller's transaction ends. */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  Optional<StoredNotification> lock(UUID id) {
    jdbc.prepareStatement(
        "SELECT 1 FROM pregnancy_notification WHERE id = ? FOR UPDATE",
        statement -> {
          statement.setObject(1, id);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next();
          }
        });
    return read(id);
  }

  @Transactional(readOnly = true)
  Optional<StoredNotification> read(UUID id) {
    List<StoredNotification> found =
        jdbc.prepareStatement(
            SELECT + " WHERE n.id = ?",
            statement -> {
              statement.setObject(1, id);
              return headers(statement);
            });
    return found.isEmpty() ? Optional.empty() : Optional.of(withDetails(found.get(0)));
  }

  /** The applicant's notifications, newest first, each with its versions and events. */
  @Transactional(readOnly = true)
  List<StoredNotification> ofApplicant(String subject) {
    return jdbc
        .prepareStatement(
            SELECT + " WHERE n.applicant_subject = ? ORDER BY n.arrived_at DESC LIMIT 100",
            statement -> {
              statement.setString(1, subject);
              return headers(statement);
            })
        .stream()
        .map(this::withDetails)
        .toList();
  }

  record Page(List<StoredNotification> items, long total) {}

  /** The municipality's notifications, oldest arrival first (the order of the work), a page. */
  @Transactional(readOnly = true)
  Page ofMunicipality(UUID municipalityId, String status, int page, int size) {
    List<StoredNotification> items =
        jdbc
            .prepareStatement(
                SELECT
                    + " WHERE n.municipality_id = ? AND (?::text IS NULL OR n.status = ?)"
                    + " ORDER BY n.arrived_at, n.id LIMIT ? OFFSET ?",
                statement -> {
                  statement.setObject(1, municipalityId);
                  statement.setString(2, status);
                  statement.setString(3, status);
                  statement.setInt(4, size);
                  statement.setLong(5, (long) (page - 1) * size);
                  return headers(statement);
                })
            .stream()
            .map(this::withDetails)
            .toList();
    long total =
        jdbc.prepareStatement(
            "SELECT count(*) FROM pregnancy_notification WHERE municipality_id = ?"
                + " AND (?::text IS NULL OR status = ?)",
            statement -> {
              statement.setObject(1, municipalityId);
              statement.setString(2, status);
              statement.setString(3, status);
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            });
    return new Page(items, total);
  }

  private StoredNotification withDetails(StoredNotification header) {
    List<StoredNotification.Version> versions =
        jdbc.prepareStatement(
            "SELECT version, arrived_at, form::text, signature_algorithm, signer_subject,"
                + " signer_issuer, signer_serial, signer_not_before, signer_not_after,"
                + " cardinality(certificate_chain), trust_anchor, name_match"
                + " FROM pregnancy_notification_version WHERE notification_id = ?"
                + " ORDER BY version",
            statement -> {
              statement.setObject(1, header.id());
              List<StoredNotification.Version> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(
                      new StoredNotification.Version(
                          rs.getInt(1),
                          rs.getTimestamp(2).toInstant(),
                          parse(rs.getString(3)),
                          rs.getString(4),
                          rs.getString(5),
                          rs.getString(6),
                          rs.getString(7),
                          rs.getTimestamp(8).toInstant(),
                          rs.getTimestamp(9).toInstant(),
                          rs.getInt(10),
                          rs.getString(11),
                          "match".equals(rs.getString(12))));
                }
              }
              return found;
            });
    List<StoredNotification.Event> events =
        jdbc.prepareStatement(
            "SELECT version, occurred_at, actor_role, actor_id, from_status, to_status, message"
                + " FROM pregnancy_notification_event WHERE notification_id = ? ORDER BY id",
            statement -> {
              statement.setObject(1, header.id());
              List<StoredNotification.Event> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(
                      new StoredNotification.Event(
                          rs.getInt(1),
                          rs.getTimestamp(2).toInstant(),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5),
                          rs.getString(6),
                          rs.getString(7)));
                }
              }
              return found;
            });
    return new StoredNotification(
        header.id(),
        header.municipalityId(),
        header.municipalityCode(),
        header.receiptNumber(),
        header.applicantSubject(),
        header.status(),
        header.currentVersion(),
        header.arrivedAt(),
        header.pregnancyId(),
        header.handbookNumber(),
        header.updatedAt(),
        versions,
        events);
  }

  private static List<StoredNotification> headers(PreparedStatement statement) throws SQLException {
    List<StoredNotification> found = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        found.add(
            new StoredNotification(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getInt(7),
                rs.getTimestamp(8).toInstant(),
                rs.getObject(9, UUID.class),
                rs.getString(10),
                rs.getTimestamp(11).toInstant(),
                List.of(),
                List.of()));
      }
    }
    return found;
  }

  private static String json(NotificationContent content) {
    try {
      return JSON.writeValueAsString(content.form());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> encoded(List<X509Certificate> chain) {
    List<String> encoded = new ArrayList<>();
    for (X509Certificate certificate : chain) {
      try {
        encoded.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
    return encoded;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
