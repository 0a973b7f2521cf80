package app.sukoyaka.municipality.transfer;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Corrections of records and the municipalities to tell of them, in PostgreSQL. */
@Singleton
@Transactional
class CorrectionStore {
  private static final String CORRECTION_SELECT =
      "SELECT id, municipality_id, child_id, record_type, record_id, encounter_id, action,"
          + " version_before, version_after, before::text, after::text, reason, notice_id,"
          + " corrected_by, corrected_at FROM record_correction";

  private static final String CONTACT_SELECT =
      "SELECT id, correction_id, municipality_id, to_code, to_name, reason, status, note,"
          + " transfer_out_id, updated_by, updated_at, created_at FROM correction_contact";

  private final JdbcOperations jdbc;

  CorrectionStore(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** A correction of a record by staff. */
  record CorrectionRow(
      UUID id,
      UUID municipalityId,
      UUID childId,
      String recordType,
      UUID recordId,
      UUID encounterId,
      String action,
      int versionBefore,
      int versionAfter,
      String before,
      String after,
      String reason,
      UUID noticeId,
      String correctedBy,
      Instant correctedAt) {}

  /**
   * A municipality to tell of a correction.
   *
   * @param reason sent (we sent it the record) or origin (it first registered the record)
   * @param status open, contacted or done
   */
  record ContactRow(
      UUID id,
      UUID correctionId,
      UUID municipalityId,
      String toCode,
      String toName,
      String reason,
      String status,
      String note,
      UUID transferOutId,
      String updatedBy,
      Instant updatedAt,
      Instant createdAt) {}

  public void insertCorrection(CorrectionRow row, String bundle) {
    jdbc.prepareStatement(
        "INSERT INTO record_correction (id, municipality_id, child_id, record_type, record_id,"
            + " encounter_id, action, version_before, version_after, before, after, reason,"
            + " bundle, notice_id, corrected_by, corrected_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?, ?, ?)",
        statement -> {
          statement.setObject(1, row.id());
          statement.setObject(2, row.municipalityId());
          statement.setObject(3, row.childId());
          statement.setString(4, row.recordType());
          statement.setObject(5, row.recordId());
          statement.setObject(6, row.encounterId());
          statement.setString(7, row.action());
          statement.setInt(8, row.versionBefore());
          statement.setInt(9, row.versionAfter());
          statement.setString(10, row.before());
          statement.setString(11, row.after());
          statement.setString(12, row.reason());
          statement.setString(13, bundle);
          statement.setObject(14, row.noticeId());
          statement.setString(15, row.correctedBy());
          statement.setTimestamp(16, Timestamp.from(row.correctedAt()));
          return statement.executeUpdate();
        });
  }

  public void insertContact(ContactRow row) {
    jdbc.prepareStatement(
        "INSERT INTO correction_contact (id, correction_id, municipality_id, to_code, to_name,"
            + " reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        statement -> {
          statement.setObject(1, row.id());
          statement.setObject(2, row.correctionId());
          statement.setObject(3, row.municipalityId());
          statement.setString(4, row.toCode());
          statement.setString(5, row.toName());
          statement.setString(6, row.reason());
          statement.setTimestamp(7, Timestamp.from(row.createdAt()));
          return statement.executeUpdate();
        });
  }

  public Optional<CorrectionRow> correction(UUID id) {
    List<CorrectionRow> found = corrections(CORRECTION_SELECT + " WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The municipality's corrections, newest first. */
  public List<CorrectionRow> corrections(UUID municipalityId, int limit) {
    return corrections(
        CORRECTION_SELECT + " WHERE municipality_id = ? ORDER BY corrected_at DESC LIMIT ?",
        municipalityId,
        limit);
  }

  public String bundle(UUID correctionId) {
    return jdbc.prepareStatement(
        "SELECT bundle::text FROM record_correction WHERE id = ?",
        statement -> {
          statement.setObject(1, correctionId);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
          }
        });
  }

  public List<ContactRow> contactsOf(UUID correctionId) {
    return contacts(
        CONTACT_SELECT + " WHERE correction_id = ? ORDER BY created_at, to_code", correctionId);
  }

  public Optional<ContactRow> contact(UUID id, boolean lock) {
    List<ContactRow> found =
        contacts(CONTACT_SELECT + " WHERE id = ?" + (lock ? " FOR UPDATE" : ""), id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public void updateContact(
      UUID id, String status, String note, UUID transferOutId, String by, Instant at) {
    jdbc.prepareStatement(
        "UPDATE correction_contact SET status = ?, note = COALESCE(?, note),"
            + " transfer_out_id = COALESCE(?, transfer_out_id), updated_by = ?, updated_at = ?"
            + " WHERE id = ?",
        statement -> {
          statement.setString(1, status);
          statement.setString(2, note);
          statement.setObject(3, transferOutId);
          statement.setString(4, by);
          statement.setTimestamp(5, Timestamp.from(at));
          statement.setObject(6, id);
          return statement.executeUpdate();
        });
  }

  private List<CorrectionRow> corrections(String sql, Object... args) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          TransferStore.bind(statement, args);
          List<CorrectionRow> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(
                  new CorrectionRow(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getObject(3, UUID.class),
                      rs.getString(4),
                      rs.getObject(5, UUID.class),
                      rs.getObject(6, UUID.class),
                      rs.getString(7),
                      rs.getInt(8),
                      rs.getInt(9),
                      rs.getString(10),
                      rs.getString(11),
                      rs.getString(12),
                      rs.getObject(13, UUID.class),
                      rs.getString(14),
                      rs.getTimestamp(15).toInstant()));
            }
          }
          return rows;
        });
  }

  private List<ContactRow> contacts(String sql, Object... args) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          TransferStore.bind(statement, args);
          List<ContactRow> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(
                  new ContactRow(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getObject(3, UUID.class),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(8),
                      rs.getObject(9, UUID.class),
                      rs.getString(10),
                      TransferStore.instant(rs.getTimestamp(11)),
                      rs.getTimestamp(12).toInstant()));
            }
          }
          return rows;
        });
  }
}
