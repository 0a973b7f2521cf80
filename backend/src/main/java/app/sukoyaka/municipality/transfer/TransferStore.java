package app.sukoyaka.municipality.transfer;

import app.sukoyaka.municipality.transfer.HandbookPackage.RecordKey;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The tables of transfers in PostgreSQL: transfers in with their re-query, the imports, the
 * provenance of every record taken over, the conflicts, and the log of what was sent out. Every
 * write runs in the caller's transaction.
 */
@Singleton
@Transactional
class TransferStore {
  /** The digest a conflict of a record that a newer handbook no longer has is listed under. */
  static final String MISSING = TransferContent.sha256("missing");

  private static final String TRANSFER_SELECT =
      "SELECT t.id, t.municipality_id, t.child_id, t.from_code, t.from_name,"
          + " t.handbook_issuer_code, t.handbook_number, t.birth_order, t.created_by, t.created_at,"
          + " t.requery_due, t.requery_done_at, t.requery_done_by, t.requery_import_id,"
          + " t.requery_note FROM transfer_in t";

  private static final String IMPORT_SELECT =
      "SELECT id, transfer_id, format, document_kind, document_id, brought_by, consent_at,"
          + " imported_by, imported_at, added, unchanged, conflicts, skipped::text"
          + " FROM transfer_import";

  private static final String CONFLICT_SELECT =
      "SELECT c.id, c.municipality_id, c.transfer_id, c.import_id, c.child_id, c.record_type,"
          + " c.origin_code, c.origin_id, c.local_id, c.reason, c.ours::text, c.theirs::text,"
          + " c.theirs_sha256, c.status, c.resolved_by, c.resolved_at, c.resolution_note,"
          + " c.created_at, c.pregnancy_id, c.pregnancy_transfer_id FROM transfer_conflict c";

  private final JdbcOperations jdbc;

  private final app.sukoyaka.phr.consent.ConsentTexts consentTexts;

  TransferStore(JdbcOperations jdbc, app.sukoyaka.phr.consent.ConsentTexts consentTexts) {
    this.jdbc = jdbc;
    this.consentTexts = consentTexts;
  }

  // --- Transfers in ------------------------------------------------------------------------

  /** A child who moved in, from one previous municipality. */
  record TransferRow(
      UUID id,
      UUID municipalityId,
      UUID childId,
      String fromCode,
      String fromName,
      String handbookIssuerCode,
      String handbookNumber,
      int birthOrder,
      String createdBy,
      Instant createdAt,
      LocalDate requeryDue,
      Instant requeryDoneAt,
      String requeryDoneBy,
      UUID requeryImportId,
      String requeryNote) {

    boolean requeryDone() {
      return requeryDoneAt != null;
    }
  }

  public void insertTransfer(TransferRow row) {
    jdbc.prepareStatement(
        "INSERT INTO transfer_in (id, municipality_id, child_id, from_code, from_name,"
            + " handbook_issuer_code, handbook_number, birth_order, created_by, created_at,"
            + " requery_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, row.id());
          statement.setObject(2, row.municipalityId());
          statement.setObject(3, row.childId());
          statement.setString(4, row.fromCode());
          statement.setString(5, row.fromName());
          statement.setString(6, row.handbookIssuerCode());
          statement.setString(7, row.handbookNumber());
          statement.setShort(8, (short) row.birthOrder());
          statement.setString(9, row.createdBy());
          statement.setTimestamp(10, Timestamp.from(row.createdAt()));
          statement.setDate(11, Date.valueOf(row.requeryDue()));
          return statement.executeUpdate();
        });
  }

  /**
   * The handbook numbers a child who moved in carries, kept with the child's own so that a clinic
   * naming any of them finds the child here; a number kept before stays as it was.
   */
  public void insertHandbookNumbers(
      app.sukoyaka.family.Child child,
      UUID transferId,
      List<HandbookPackage.HandbookNumber> numbers,
      Instant at) {
    for (HandbookPackage.HandbookNumber number : numbers) {
      jdbc.prepareStatement(
          "INSERT INTO child_handbook_number (child_id, municipality_id, issuer_code,"
              + " handbook_number, birth_order, source, transfer_id, recorded_at)"
              + " VALUES (?, ?, ?, ?, ?, 'transfer', ?, ?) ON CONFLICT DO NOTHING",
          statement -> {
            statement.setObject(1, child.id());
            statement.setObject(2, child.municipalityId());
            statement.setString(3, number.municipalityCode());
            statement.setString(4, number.number());
            statement.setShort(5, (short) child.birthOrder());
            statement.setObject(6, transferId);
            statement.setTimestamp(7, Timestamp.from(at));
            return statement.executeUpdate();
          });
    }
  }

  /** The transfer, locked for the rest of the transaction when asked. */
  public Optional<TransferRow> transfer(UUID id, boolean lock) {
    return first(TRANSFER_SELECT + " WHERE t.id = ?" + (lock ? " FOR UPDATE" : ""), id);
  }

  public Optional<TransferRow> transferOf(UUID childId, String fromCode) {
    return first(
        TRANSFER_SELECT + " WHERE t.child_id = ? AND t.from_code = ? FOR UPDATE",
        childId,
        fromCode);
  }

  /**
   * The transfer of a child carrying that handbook into the municipality, if it moved in before.
   */
  public Optional<TransferRow> transferByHandbook(
      UUID municipalityId, String issuerCode, String number, int birthOrder) {
    return first(
        TRANSFER_SELECT
            + " WHERE t.municipality_id = ? AND t.handbook_issuer_code = ?"
            + " AND t.handbook_number = ? AND t.birth_order = ? ORDER BY t.created_at LIMIT 1",
        municipalityId,
        issuerCode,
        number,
        (short) birthOrder);
  }

  /**
   * Holds, until the transaction ends, the taking in of a child carrying this handbook: two
   * transfers of the same child at once record it once.
   */
  public void lockHandbook(UUID municipalityId, String issuerCode, String number) {
    jdbc.prepareStatement(
        "SELECT pg_advisory_xact_lock(hashtextextended(? || '|' || ? || '|' || ?, 0))",
        statement -> {
          statement.setString(1, municipalityId.toString());
          statement.setString(2, issuerCode);
          statement.setString(3, number);
          statement.executeQuery().close();
          return null;
        });
  }

  public List<TransferRow> transfersOfChild(UUID childId) {
    return all(TRANSFER_SELECT + " WHERE t.child_id = ? ORDER BY t.created_at", childId);
  }

  /** The municipality's transfers in, newest first. */
  public List<TransferRow> transfersOf(UUID municipalityId, int limit) {
    return all(
        TRANSFER_SELECT + " WHERE t.municipality_id = ? ORDER BY t.created_at DESC LIMIT ?",
        municipalityId,
        limit);
  }

  /** Marks the re-query done; false when it was done already. */
  public boolean completeRequery(
      UUID transferId, String by, Instant at, UUID importId, String note) {
    return jdbc.prepareStatement(
            "UPDATE transfer_in SET requery_done_at = ?, requery_done_by = ?,"
                + " requery_import_id = ?, requery_note = ? WHERE id = ?"
                + " AND requery_done_at IS NULL",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(at));
              statement.setString(2, by);
              statement.setObject(3, importId);
              statement.setString(4, note);
              statement.setObject(5, transferId);
              return statement.executeUpdate();
            })
        == 1;
  }

  private Optional<TransferRow> first(String sql, Object... args) {
    List<TransferRow> found = all(sql, args);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private List<TransferRow> all(String sql, Object... args) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          bind(statement, args);
          List<TransferRow> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(
                  new TransferRow(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getObject(3, UUID.class),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getInt(8),
                      rs.getString(9),
                      rs.getTimestamp(10).toInstant(),
                      rs.getObject(11, LocalDate.class),
                      instant(rs.getTimestamp(12)),
                      rs.getString(13),
                      rs.getObject(14, UUID.class),
                      rs.getString(15)));
            }
          }
          return rows;
        });
  }

  // --- Imports -----------------------------------------------------------------------------

  /** One handbook (or corrections, or items entered) taken in. */
  record ImportRow(
      UUID id,
      UUID transferId,
      String format,
      String documentKind,
      String documentId,
      String broughtBy,
      Instant consentAt,
      String importedBy,
      Instant importedAt,
      int added,
      int unchanged,
      int conflicts,
      String skipped) {}

  public void insertImport(
      ImportRow row, UUID municipalityId, String payloadSha256, String payload) {
    jdbc.prepareStatement(
        "INSERT INTO transfer_import (id, transfer_id, municipality_id, format, document_kind,"
            + " document_id, payload_sha256, payload, brought_by, consent_at, imported_by,"
            + " imported_at, added, unchanged, conflicts, skipped, consent_text_version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)",
        statement -> {
          statement.setObject(1, row.id());
          statement.setObject(2, row.transferId());
          statement.setObject(3, municipalityId);
          statement.setString(4, row.format());
          statement.setString(5, row.documentKind());
          statement.setString(6, row.documentId());
          statement.setString(7, payloadSha256);
          statement.setString(8, payload);
          statement.setString(9, row.broughtBy());
          statement.setTimestamp(
              10, row.consentAt() == null ? null : Timestamp.from(row.consentAt()));
          statement.setString(11, row.importedBy());
          statement.setTimestamp(12, Timestamp.from(row.importedAt()));
          statement.setInt(13, row.added());
          statement.setInt(14, row.unchanged());
          statement.setInt(15, row.conflicts());
          statement.setString(16, row.skipped());
          // The family agreed to the text in force that day (the app shows it before they send).
          statement.setString(
              17,
              row.consentAt() == null
                  ? null
                  : consentTexts
                      .current(
                          TransferConsentSource.KIND,
                          java.time.LocalDate.ofInstant(
                              row.consentAt(), java.time.ZoneId.of("Asia/Tokyo")))
                      .version());
          return statement.executeUpdate();
        });
  }

  public Optional<ImportRow> importBySha(UUID transferId, String sha256) {
    List<ImportRow> found =
        imports(
            IMPORT_SELECT + " WHERE transfer_id = ? AND payload_sha256 = ?", transferId, sha256);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public List<ImportRow> importsOf(UUID transferId) {
    return imports(IMPORT_SELECT + " WHERE transfer_id = ? ORDER BY imported_at", transferId);
  }

  private List<ImportRow> imports(String sql, Object... args) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          bind(statement, args);
          List<ImportRow> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(
                  new ImportRow(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      instant(rs.getTimestamp(7)),
                      rs.getString(8),
                      rs.getTimestamp(9).toInstant(),
                      rs.getInt(10),
                      rs.getInt(11),
                      rs.getInt(12),
                      rs.getString(13)));
            }
          }
          return rows;
        });
  }

  // --- Provenance --------------------------------------------------------------------------

  /** Where a record taken over came from, and its content as last taken over. */
  record ProvenanceRow(
      UUID childId,
      String recordType,
      RecordKey origin,
      UUID transferId,
      UUID importId,
      String originSource,
      UUID localId,
      String contentSha256,
      String content,
      Instant importedAt,
      boolean fromBundle) {

    /** A record first taken over from the items staff entered, not from a handbook Bundle. */
    ProvenanceRow(
        UUID childId,
        String recordType,
        RecordKey origin,
        UUID transferId,
        UUID importId,
        String originSource,
        UUID localId,
        String contentSha256,
        String content,
        Instant importedAt) {
      this(
          childId,
          recordType,
          origin,
          transferId,
          importId,
          originSource,
          localId,
          contentSha256,
          content,
          importedAt,
          false);
    }
  }

  public void insertProvenance(ProvenanceRow row, UUID municipalityId) {
    jdbc.prepareStatement(
        "INSERT INTO transfer_record (child_id, record_type, origin_code, origin_id,"
            + " municipality_id, transfer_id, import_id, origin_source, local_id, content_sha256,"
            + " content, imported_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)",
        statement -> {
          statement.setObject(1, row.childId());
          statement.setString(2, row.recordType());
          statement.setString(3, row.origin().municipalityCode());
          statement.setString(4, row.origin().id());
          statement.setObject(5, municipalityId);
          statement.setObject(6, row.transferId());
          statement.setObject(7, row.importId());
          statement.setString(8, row.originSource());
          statement.setObject(9, row.localId());
          statement.setString(10, row.contentSha256());
          statement.setString(11, row.content());
          statement.setTimestamp(12, Timestamp.from(row.importedAt()));
          statement.setTimestamp(13, Timestamp.from(row.importedAt()));
          return statement.executeUpdate();
        });
  }

  /** Records the content now held as the sender's (a change taken over). */
  public void updateProvenance(
      UUID childId, String type, RecordKey origin, String sha256, String content, Instant at) {
    jdbc.prepareStatement(
        "UPDATE transfer_record SET content_sha256 = ?, content = ?::jsonb, updated_at = ?"
            + " WHERE child_id = ? AND record_type = ? AND origin_code = ? AND origin_id = ?",
        statement -> {
          statement.setString(1, sha256);
          statement.setString(2, content);
          statement.setTimestamp(3, Timestamp.from(at));
          statement.setObject(4, childId);
          statement.setString(5, type);
          statement.setString(6, origin.municipalityCode());
          statement.setString(7, origin.id());
          return statement.executeUpdate();
        });
  }

  /** The provenance of every record of the child taken over, by type and origin. */
  public Map<String, ProvenanceRow> provenanceOfChild(UUID childId) {
    Map<String, ProvenanceRow> found = new LinkedHashMap<>();
    for (ProvenanceRow row :
        provenance(
            "SELECT r.child_id, r.record_type, r.origin_code, r.origin_id, r.transfer_id,"
                + " r.import_id, r.origin_source, r.local_id, r.content_sha256, r.content::text,"
                + " r.imported_at, i.format = 'bundle' FROM transfer_record r"
                + " JOIN transfer_import i ON i.id = r.import_id WHERE r.child_id = ?"
                + " ORDER BY r.imported_at",
            childId)) {
      found.put(provenanceKey(row.recordType(), row.origin()), row);
    }
    return found;
  }

  /** The provenance of a record of ours, if it was taken over. */
  public Optional<ProvenanceRow> provenanceOfLocal(UUID localId) {
    List<ProvenanceRow> found =
        provenance(
            "SELECT r.child_id, r.record_type, r.origin_code, r.origin_id, r.transfer_id,"
                + " r.import_id, r.origin_source, r.local_id, r.content_sha256, r.content::text,"
                + " r.imported_at, i.format = 'bundle' FROM transfer_record r"
                + " JOIN transfer_import i ON i.id = r.import_id WHERE r.local_id = ?"
                + " ORDER BY r.imported_at LIMIT 1",
            localId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  static String provenanceKey(String type, RecordKey origin) {
    return type + "|" + origin.municipalityCode() + "|" + origin.id();
  }

  private List<ProvenanceRow> provenance(String sql, Object... args) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          bind(statement, args);
          List<ProvenanceRow> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(
                  new ProvenanceRow(
                      rs.getObject(1, UUID.class),
                      rs.getString(2),
                      new RecordKey(rs.getString(3), rs.getString(4)),
                      rs.getObject(5, UUID.class),
                      rs.getObject(6, UUID.class),
                      rs.getString(7),
                      rs.getObject(8, UUID.class),
                      rs.getString(9),
                      rs.getString(10),
                      rs.getTimestamp(11).toInstant(),
                      rs.getBoolean(12)));
            }
          }
          return rows;
        });
  }

  // --- Conflicts ---------------------------------------------------------------------------

  /**
   * A record the sender changed, withdrew or no longer has, beside ours: a child's (with its
   * transfer and import) or a pregnancy's (with her take-over; she brought her own download).
   */
  record ConflictRow(
      UUID id,
      UUID municipalityId,
      UUID transferId,
      UUID importId,
      UUID childId,
      String recordType,
      RecordKey origin,
      UUID localId,
      String reason,
      String ours,
      String theirs,
      String theirsSha256,
      String status,
      String resolvedBy,
      Instant resolvedAt,
      String resolutionNote,
      Instant createdAt,
      UUID pregnancyId,
      UUID pregnancyTransferId) {}

  public boolean conflictListed(UUID childId, String type, RecordKey origin, String theirsSha256) {
    return conflictListed("child_id", childId, type, origin, theirsSha256);
  }

  /** Whether this content of a pregnancy's record was listed as a conflict before. */
  boolean pregnancyConflictListed(
      UUID pregnancyId, String type, RecordKey origin, String theirsSha256) {
    return conflictListed("pregnancy_id", pregnancyId, type, origin, theirsSha256);
  }

  private boolean conflictListed(
      String subjectColumn, UUID subjectId, String type, RecordKey origin, String theirsSha256) {
    return jdbc.prepareStatement(
        "SELECT 1 FROM transfer_conflict WHERE "
            + subjectColumn
            + " = ? AND record_type = ?"
            + " AND origin_code = ? AND origin_id = ? AND theirs_sha256 = ?",
        statement -> {
          statement.setObject(1, subjectId);
          statement.setString(2, type);
          statement.setString(3, origin.municipalityCode());
          statement.setString(4, origin.id());
          statement.setString(5, theirsSha256);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next();
          }
        });
  }

  /**
   * Lists a conflict; an older open one of the same record is superseded by it (deciding the older
   * change after the newer one would undo the newer).
   */
  public void insertConflict(ConflictRow row) {
    jdbc.prepareStatement(
        "UPDATE transfer_conflict SET status = 'superseded', resolved_by = 'system',"
            + " resolved_at = ? WHERE (child_id = ? OR pregnancy_id = ?) AND record_type = ?"
            + " AND origin_code = ? AND origin_id = ? AND status = 'open'",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(row.createdAt()));
          statement.setObject(2, row.childId(), Types.OTHER);
          statement.setObject(3, row.pregnancyId(), Types.OTHER);
          statement.setString(4, row.recordType());
          statement.setString(5, row.origin().municipalityCode());
          statement.setString(6, row.origin().id());
          return statement.executeUpdate();
        });
    jdbc.prepareStatement(
        "INSERT INTO transfer_conflict (id, municipality_id, transfer_id, import_id, child_id,"
            + " record_type, origin_code, origin_id, local_id, reason, ours, theirs,"
            + " theirs_sha256, created_at, pregnancy_id, pregnancy_transfer_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, row.id());
          statement.setObject(2, row.municipalityId());
          statement.setObject(3, row.transferId(), Types.OTHER);
          statement.setObject(4, row.importId(), Types.OTHER);
          statement.setObject(5, row.childId(), Types.OTHER);
          statement.setString(6, row.recordType());
          statement.setString(7, row.origin().municipalityCode());
          statement.setString(8, row.origin().id());
          statement.setObject(9, row.localId());
          statement.setString(10, row.reason());
          statement.setString(11, row.ours());
          statement.setString(12, row.theirs());
          statement.setString(13, row.theirsSha256());
          statement.setTimestamp(14, Timestamp.from(row.createdAt()));
          statement.setObject(15, row.pregnancyId(), Types.OTHER);
          statement.setObject(16, row.pregnancyTransferId(), Types.OTHER);
          return statement.executeUpdate();
        });
  }

  public Optional<ConflictRow> conflict(UUID id, boolean lock) {
    List<ConflictRow> found =
        conflicts(CONFLICT_SELECT + " WHERE c.id = ?" + (lock ? " FOR UPDATE" : ""), id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public List<ConflictRow> conflictsOf(UUID transferId) {
    return conflicts(
        CONFLICT_SELECT + " WHERE c.transfer_id = ? ORDER BY c.created_at", transferId);
  }

  /** The conflicts of a pregnancy's take-overs, oldest first. */
  List<ConflictRow> conflictsOfPregnancy(UUID pregnancyId) {
    return conflicts(
        CONFLICT_SELECT + " WHERE c.pregnancy_id = ? ORDER BY c.created_at, c.id", pregnancyId);
  }

  /** Records the decision; false when the conflict was decided meanwhile. */
  public boolean resolveConflict(UUID id, String status, String by, Instant at, String note) {
    return jdbc.prepareStatement(
            "UPDATE transfer_conflict SET status = ?, resolved_by = ?, resolved_at = ?,"
                + " resolution_note = ? WHERE id = ? AND status = 'open'",
            statement -> {
              statement.setString(1, status);
              statement.setString(2, by);
              statement.setTimestamp(3, Timestamp.from(at));
              statement.setString(4, note);
              statement.setObject(5, id);
              return statement.executeUpdate();
            })
        == 1;
  }

  private List<ConflictRow> conflicts(String sql, Object... args) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          bind(statement, args);
          List<ConflictRow> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(
                  new ConflictRow(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getObject(3, UUID.class),
                      rs.getObject(4, UUID.class),
                      rs.getObject(5, UUID.class),
                      rs.getString(6),
                      new RecordKey(rs.getString(7), rs.getString(8)),
                      rs.getObject(9, UUID.class),
                      rs.getString(10),
                      rs.getString(11),
                      rs.getString(12),
                      rs.getString(13),
                      rs.getString(14),
                      rs.getString(15),
                      instant(rs.getTimestamp(16)),
                      rs.getString(17),
                      rs.getTimestamp(18).toInstant(),
                      rs.getObject(19, UUID.class),
                      rs.getObject(20, UUID.class)));
            }
          }
          return rows;
        });
  }

  // --- Sent to other municipalities --------------------------------------------------------

  /** A handbook or corrected records sent to another municipality. */
  record OutRow(
      UUID id,
      UUID municipalityId,
      UUID childId,
      String toCode,
      String toName,
      String documentKind,
      UUID correctionId,
      String bundleSha256,
      String sentBy,
      Instant sentAt,
      String note,
      int records) {}

  public void insertOut(OutRow row, String bundle, List<TransferFormat.SentRecord> records) {
    jdbc.prepareStatement(
        "INSERT INTO transfer_out (id, municipality_id, child_id, to_code, to_name, document_kind,"
            + " correction_id, bundle, bundle_sha256, sent_by, sent_at, note)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)",
        statement -> {
          statement.setObject(1, row.id());
          statement.setObject(2, row.municipalityId());
          statement.setObject(3, row.childId());
          statement.setString(4, row.toCode());
          statement.setString(5, row.toName());
          statement.setString(6, row.documentKind());
          statement.setObject(7, row.correctionId());
          statement.setString(8, bundle);
          statement.setString(9, row.bundleSha256());
          statement.setString(10, row.sentBy());
          statement.setTimestamp(11, Timestamp.from(row.sentAt()));
          statement.setString(12, row.note());
          return statement.executeUpdate();
        });
    if (records.isEmpty()) {
      return;
    }
    jdbc.prepareStatement(
        "INSERT INTO transfer_out_record (transfer_out_id, municipality_id, record_type,"
            + " record_id, version) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        statement -> {
          for (TransferFormat.SentRecord record : records) {
            statement.setObject(1, row.id());
            statement.setObject(2, row.municipalityId());
            statement.setString(3, record.type());
            statement.setObject(4, record.id());
            statement.setInt(5, record.version());
            statement.addBatch();
          }
          statement.executeBatch();
          return null;
        });
  }

  private static final String OUT_SELECT =
      "SELECT o.id, o.municipality_id, o.child_id, o.to_code, o.to_name, o.document_kind,"
          + " o.correction_id, o.bundle_sha256, o.sent_by, o.sent_at, o.note,"
          + " (SELECT count(*) FROM transfer_out_record r WHERE r.transfer_out_id = o.id)"
          + " FROM transfer_out o";

  /** The municipality's log of what was sent, newest first; of one child when given. */
  public List<OutRow> outs(UUID municipalityId, UUID childId, int limit) {
    return outs(
        OUT_SELECT
            + " WHERE o.municipality_id = ? AND (?::uuid IS NULL OR o.child_id = ?::uuid)"
            + " ORDER BY o.sent_at DESC LIMIT ?",
        municipalityId,
        childId,
        childId,
        limit);
  }

  public Optional<OutRow> out(UUID id) {
    List<OutRow> found = outs(OUT_SELECT + " WHERE o.id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The Bundle exactly as it was sent. */
  public String outBundle(UUID id) {
    return jdbc.prepareStatement(
        "SELECT bundle::text FROM transfer_out WHERE id = ?",
        statement -> {
          statement.setObject(1, id);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
          }
        });
  }

  /** A municipality a record was sent to. */
  record Recipient(String code, String name) {}

  /** Every municipality these records were sent to, in the order they were first sent. */
  public List<Recipient> recipientsOf(Collection<UUID> recordIds) {
    return jdbc.prepareStatement(
        "SELECT o.to_code, (array_agg(o.to_name ORDER BY o.sent_at DESC))[1], min(o.sent_at)"
            + " FROM transfer_out_record r JOIN transfer_out o ON o.id = r.transfer_out_id"
            + " WHERE r.record_id = ANY (?) GROUP BY o.to_code ORDER BY min(o.sent_at)",
        statement -> {
          statement.setArray(
              1, statement.getConnection().createArrayOf("uuid", recordIds.toArray()));
          List<Recipient> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(new Recipient(rs.getString(1), rs.getString(2)));
            }
          }
          return found;
        });
  }

  private List<OutRow> outs(String sql, Object... args) {
    return jdbc.prepareStatement(
        sql,
        statement -> {
          bind(statement, args);
          List<OutRow> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(
                  new OutRow(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getObject(3, UUID.class),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getObject(7, UUID.class),
                      rs.getString(8),
                      rs.getString(9),
                      rs.getTimestamp(10).toInstant(),
                      rs.getString(11),
                      rs.getInt(12)));
            }
          }
          return rows;
        });
  }

  // --- Facilities --------------------------------------------------------------------------

  /**
   * The facility with this 医療機関コード, registered now (kind unknown) when only a record taken over
   * knew it.
   */
  public UUID facility(String medicalInstitutionCode, String name, Instant at) {
    jdbc.prepareStatement(
        "INSERT INTO facility (id, medical_institution_code, name, kind, created_at)"
            + " VALUES (?, ?, ?, 'unknown', ?) ON CONFLICT (medical_institution_code) DO NOTHING",
        statement -> {
          statement.setObject(1, UUID.randomUUID());
          statement.setString(2, medicalInstitutionCode);
          statement.setString(3, name == null ? medicalInstitutionCode : name);
          statement.setTimestamp(4, Timestamp.from(at));
          return statement.executeUpdate();
        });
    return jdbc.prepareStatement(
        "SELECT id FROM facility WHERE medical_institution_code = ?",
        statement -> {
          statement.setString(1, medicalInstitutionCode);
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getObject(1, UUID.class);
          }
        });
  }

  /** The 医療機関コード of these facilities, by id. */
  public Map<UUID, String> facilityCodes(Collection<UUID> ids) {
    Map<UUID, String> codes = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return codes;
    }
    jdbc.prepareStatement(
        "SELECT id, medical_institution_code FROM facility WHERE id = ANY (?)",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids.toArray()));
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              codes.put(rs.getObject(1, UUID.class), rs.getString(2));
            }
          }
          return null;
        });
    return codes;
  }

  /** Persons of the municipality among these ids. */
  public List<UUID> personsOf(UUID municipalityId, Collection<UUID> personIds) {
    return jdbc.prepareStatement(
        "SELECT id FROM person WHERE municipality_id = ? AND id = ANY (?)",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setArray(
              2, statement.getConnection().createArrayOf("uuid", personIds.toArray()));
          List<UUID> found = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found.add(rs.getObject(1, UUID.class));
            }
          }
          return found;
        });
  }

  // --- Helpers -----------------------------------------------------------------------------

  static void bind(PreparedStatement statement, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof Instant instant) {
        statement.setTimestamp(i + 1, Timestamp.from(instant));
      } else if (arg instanceof LocalDate date) {
        statement.setDate(i + 1, Date.valueOf(date));
      } else {
        statement.setObject(i + 1, arg);
      }
    }
  }

  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
