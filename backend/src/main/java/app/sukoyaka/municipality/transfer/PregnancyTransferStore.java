package app.sukoyaka.municipality.transfer;

import app.sukoyaka.municipality.transfer.HandbookPackage.RecordKey;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The tables of pregnancies taken over from another Sukoyaka and of the notices archived with them,
 * in PostgreSQL. Every write runs in the caller's transaction.
 */
@Singleton
@Transactional
class PregnancyTransferStore {
  private final JdbcOperations jdbc;

  PregnancyTransferStore(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** The person a login belongs to, with what identifies her. */
  record Person(
      UUID id,
      UUID municipalityId,
      String municipalityCode,
      String familyName,
      String givenName,
      String familyNameKana,
      String givenNameKana,
      LocalDate birthDate) {}

  Optional<Person> personOfLogin(String loginSubject) {
    return jdbc.prepareStatement(
        "SELECT p.id, p.municipality_id, m.code, p.family_name, p.given_name,"
            + " p.family_name_kana, p.given_name_kana, p.birth_date FROM person p"
            + " JOIN municipality m ON m.id = p.municipality_id WHERE p.login_subject = ?",
        statement -> {
          statement.setString(1, loginSubject);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new Person(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getDate(8).toLocalDate()));
          }
        });
  }

  /** A pregnancy of this municipality as matching needs it. */
  record Held(
      UUID id,
      UUID personId,
      String handbookNumber,
      LocalDate expectedDeliveryDate,
      String status) {}

  List<Held> pregnanciesOf(UUID personId) {
    return held(
        "SELECT id, person_id, handbook_number, expected_delivery_date, status"
            + " FROM pregnancy WHERE person_id = ?",
        personId);
  }

  Optional<Held> pregnancyByHandbookNumber(UUID municipalityId, String number) {
    return jdbc.prepareStatement(
        "SELECT id, person_id, handbook_number, expected_delivery_date, status FROM pregnancy"
            + " WHERE municipality_id = ? AND handbook_number = ?",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, number);
          List<Held> rows = rows(statement.executeQuery());
          return rows.stream().findFirst();
        });
  }

  private List<Held> held(String sql, UUID id) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          statement.setObject(1, id);
          return rows(statement.executeQuery());
        });
  }

  private static List<Held> rows(ResultSet rs) throws SQLException {
    try (rs) {
      List<Held> rows = new ArrayList<>();
      while (rs.next()) {
        Date due = rs.getDate(4);
        rows.add(
            new Held(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                due == null ? null : due.toLocalDate(),
                rs.getString(5)));
      }
      return rows;
    }
  }

  void insertPregnancy(
      UUID id,
      UUID municipalityId,
      UUID personId,
      String handbookNumber,
      LocalDate issuedOn,
      LocalDate due,
      int fetusCount,
      String status,
      Instant at) {
    jdbc.prepareStatement(
        "INSERT INTO pregnancy (id, municipality_id, person_id, handbook_number,"
            + " handbook_issued_on, expected_delivery_date, fetus_count, status, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, id);
          statement.setObject(2, municipalityId);
          statement.setObject(3, personId);
          statement.setString(4, handbookNumber);
          statement.setDate(5, issuedOn == null ? null : Date.valueOf(issuedOn));
          statement.setDate(6, due == null ? null : Date.valueOf(due));
          statement.setShort(7, (short) fetusCount);
          statement.setString(8, status);
          statement.setTimestamp(9, Timestamp.from(at));
          return statement.executeUpdate();
        });
  }

  /** A pregnancy taken over: where from, and which pregnancy here holds it. */
  record TransferRow(
      UUID id,
      UUID municipalityId,
      UUID pregnancyId,
      String fromCode,
      String fromName,
      String originId,
      String handbookIssuerCode,
      String handbookNumber,
      boolean linked,
      Instant consentAt,
      String importedBy,
      Instant importedAt) {}

  Optional<TransferRow> transferOf(UUID municipalityId, String fromCode, String originId) {
    return jdbc.prepareStatement(
        "SELECT id, municipality_id, pregnancy_id, from_code, from_name, origin_id,"
            + " handbook_issuer_code, handbook_number, linked, consent_at, imported_by,"
            + " imported_at FROM pregnancy_transfer_in"
            + " WHERE municipality_id = ? AND from_code = ? AND origin_id = ?",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setString(2, fromCode);
          statement.setString(3, originId);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new TransferRow(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getObject(3, UUID.class),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getBoolean(9),
                    rs.getTimestamp(10).toInstant(),
                    rs.getString(11),
                    rs.getTimestamp(12).toInstant()));
          }
        });
  }

  void insertTransfer(TransferRow row) {
    jdbc.prepareStatement(
        "INSERT INTO pregnancy_transfer_in (id, municipality_id, pregnancy_id, from_code,"
            + " from_name, origin_id, handbook_issuer_code, handbook_number, linked, consent_at,"
            + " imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, row.id());
          statement.setObject(2, row.municipalityId());
          statement.setObject(3, row.pregnancyId());
          statement.setString(4, row.fromCode());
          statement.setString(5, row.fromName());
          statement.setString(6, row.originId());
          statement.setString(7, row.handbookIssuerCode());
          statement.setString(8, row.handbookNumber());
          statement.setBoolean(9, row.linked());
          statement.setTimestamp(10, Timestamp.from(row.consentAt()));
          statement.setString(11, row.importedBy());
          statement.setTimestamp(12, Timestamp.from(row.importedAt()));
          return statement.executeUpdate();
        });
  }

  static String key(String type, String originCode, String originId) {
    return type + "|" + originCode + "|" + originId;
  }

  /**
   * A record of the pregnancy taken over: where it was first registered (code, its id there and the
   * name when the download said it), our record, and the content as last taken over (null for one
   * taken over before contents were kept).
   */
  record Provenance(
      String recordType,
      RecordKey origin,
      String originName,
      UUID transferId,
      UUID localId,
      boolean linked,
      String contentSha256,
      String content,
      Instant importedAt) {}

  /** Every record of the pregnancy taken over, by type|origin code|origin id. */
  Map<String, Provenance> provenance(UUID pregnancyId) {
    Map<String, Provenance> map = new HashMap<>();
    for (Provenance row :
        list(
            "SELECT record_type, origin_code, origin_id, origin_name, transfer_id, local_id, linked,"
                + " content_sha256, content::text, imported_at FROM pregnancy_transfer_record"
                + " WHERE pregnancy_id = ?",
            rs ->
                new Provenance(
                    rs.getString(1),
                    new RecordKey(rs.getString(2), rs.getString(3)),
                    rs.getString(4),
                    rs.getObject(5, UUID.class),
                    rs.getObject(6, UUID.class),
                    rs.getBoolean(7),
                    rs.getString(8),
                    rs.getString(9),
                    rs.getTimestamp(10).toInstant()),
            pregnancyId)) {
      map.put(key(row.recordType(), row.origin().municipalityCode(), row.origin().id()), row);
    }
    return map;
  }

  void insertProvenance(UUID pregnancyId, UUID municipalityId, Provenance row) {
    jdbc.prepareStatement(
        "INSERT INTO pregnancy_transfer_record (pregnancy_id, record_type, origin_code,"
            + " origin_id, origin_name, municipality_id, transfer_id, local_id, linked,"
            + " content_sha256, content, imported_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT DO NOTHING",
        statement -> {
          TransferStore.bind(
              statement,
              pregnancyId,
              row.recordType(),
              row.origin().municipalityCode(),
              row.origin().id(),
              row.originName(),
              municipalityId,
              row.transferId(),
              row.localId(),
              row.linked(),
              row.contentSha256(),
              row.content(),
              row.importedAt(),
              row.importedAt());
          return statement.executeUpdate();
        });
  }

  /**
   * Records the content now held as the previous Sukoyaka's (a change taken over, or a baseline).
   */
  void updateContent(
      UUID pregnancyId, String type, RecordKey origin, String sha256, String content, Instant at) {
    jdbc.prepareStatement(
        "UPDATE pregnancy_transfer_record SET content_sha256 = ?, content = ?::jsonb,"
            + " updated_at = ? WHERE pregnancy_id = ? AND record_type = ? AND origin_code = ?"
            + " AND origin_id = ?",
        statement -> {
          TransferStore.bind(
              statement,
              sha256,
              content,
              at,
              pregnancyId,
              type,
              origin.municipalityCode(),
              origin.id());
          return statement.executeUpdate();
        });
  }

  /** One row of a result, read. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** The rows of a query whose parameters bind as {@link TransferStore#bind} binds them. */
  private <T> List<T> list(String sql, RowReader<T> reader, Object... args) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          TransferStore.bind(statement, args);
          List<T> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(reader.read(rs));
            }
          }
          return rows;
        });
  }

  // --- The archive of notices received elsewhere ----------------------------------------------

  /** A notice archived, as the guardian reads it. */
  record ArchivedNotice(
      UUID id,
      String fromCode,
      String fromName,
      String senderName,
      String originId,
      String kind,
      String channel,
      String title,
      String body,
      Instant sentAt,
      Instant readAt,
      String replies,
      Instant importedAt) {}

  /** Archives one notice; false when it was archived before (nothing changes). */
  boolean archive(UUID municipalityId, UUID personId, ArchivedNotice notice) {
    return jdbc.prepareStatement(
            "INSERT INTO received_notice_archive (id, municipality_id, person_id, from_code,"
                + " from_name, sender_name, origin_id, kind, channel, title, body, sent_at,"
                + " read_at, replies, imported_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                + " ON CONFLICT (person_id, from_code, origin_id) DO NOTHING",
            statement -> {
              statement.setObject(1, notice.id());
              statement.setObject(2, municipalityId);
              statement.setObject(3, personId);
              statement.setString(4, notice.fromCode());
              statement.setString(5, notice.fromName());
              statement.setString(6, notice.senderName());
              statement.setString(7, notice.originId());
              statement.setString(8, notice.kind());
              statement.setString(9, notice.channel());
              statement.setString(10, notice.title());
              statement.setString(11, notice.body());
              statement.setTimestamp(
                  12, notice.sentAt() == null ? null : Timestamp.from(notice.sentAt()));
              statement.setTimestamp(
                  13, notice.readAt() == null ? null : Timestamp.from(notice.readAt()));
              statement.setString(14, notice.replies());
              statement.setTimestamp(15, Timestamp.from(notice.importedAt()));
              return statement.executeUpdate();
            })
        == 1;
  }

  List<ArchivedNotice> archiveOf(UUID personId) {
    return jdbc.prepareStatement(
        "SELECT id, from_code, from_name, sender_name, origin_id, kind, channel, title, body,"
            + " sent_at, read_at, replies::text, imported_at FROM received_notice_archive"
            + " WHERE person_id = ? ORDER BY sent_at DESC NULLS LAST, id",
        statement -> {
          statement.setObject(1, personId);
          List<ArchivedNotice> list = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              Timestamp sent = rs.getTimestamp(10);
              Timestamp read = rs.getTimestamp(11);
              list.add(
                  new ArchivedNotice(
                      rs.getObject(1, UUID.class),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(8),
                      rs.getString(9),
                      sent == null ? null : sent.toInstant(),
                      read == null ? null : read.toInstant(),
                      rs.getString(12),
                      rs.getTimestamp(13).toInstant()));
            }
          }
          return list;
        });
  }
}
