package app.sukoyaka.immunization;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores vaccination records with what they count for, and reads a child's or a pregnancy's records
 * back. Every writer (clinic intake, parent and staff entries, imports) stores through here so that
 * a record and its credits are written together.
 */
@Singleton
public class ImmunizationHistory {
  private static final String INSERT_CREDIT =
      "INSERT INTO immunization_credit (record_id, municipality_id, child_id, vaccine, dose_label)"
          + " VALUES (?, ?, ?, ?, ?)";

  private final ImmunizationRepositories.RecordRepository records;
  private final JdbcOperations jdbc;

  ImmunizationHistory(ImmunizationRepositories.RecordRepository records, JdbcOperations jdbc) {
    this.records = records;
    this.jdbc = jdbc;
  }

  /**
   * Stores the records in the caller's transaction.
   *
   * @param payloads the FHIR resource each record came as, by record id (absent: not FHIR)
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void store(List<ImmunizationRecord> newRecords, Map<UUID, String> payloads) {
    List<ImmunizationRecordRow> rows = new ArrayList<>();
    List<ImmunizationCreditRow> credits = new ArrayList<>();
    for (ImmunizationRecord record : newRecords) {
      rows.add(ImmunizationRowMapper.recordRow(record, payloads.get(record.id())));
      credits.addAll(ImmunizationRowMapper.creditRows(record));
    }
    records.saveAll(rows);
    if (credits.isEmpty()) {
      return;
    }
    jdbc.prepareStatement(
        INSERT_CREDIT,
        statement -> {
          for (ImmunizationCreditRow credit : credits) {
            bindCredit(statement, credit);
            statement.addBatch();
          }
          statement.executeBatch();
          return null;
        });
  }

  /** A child's current records, oldest first, with their credits. */
  @Transactional(readOnly = true)
  public List<ImmunizationRecord> ofChild(UUID childId) {
    return withCredits(records.findByChild(childId));
  }

  /** A pregnant person's own current records during this pregnancy, oldest first. */
  @Transactional(readOnly = true)
  public List<ImmunizationRecord> ofPregnancy(UUID pregnancyId) {
    return withCredits(records.findByPregnancy(pregnancyId));
  }

  private List<ImmunizationRecord> withCredits(List<ImmunizationRecordRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<ImmunizationRecord.Credit>> credits = new HashMap<>();
    UUID[] ids = rows.stream().map(ImmunizationRecordRow::id).toArray(UUID[]::new);
    jdbc.prepareStatement(
        "SELECT record_id, vaccine, dose_label FROM immunization_credit"
            + " WHERE record_id = ANY (?) ORDER BY vaccine",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
          try (var result = statement.executeQuery()) {
            while (result.next()) {
              credits
                  .computeIfAbsent(result.getObject(1, UUID.class), id -> new ArrayList<>())
                  .add(new ImmunizationRecord.Credit(result.getString(2), result.getString(3)));
            }
          }
          return null;
        });
    List<ImmunizationRecord> result = new ArrayList<>();
    for (ImmunizationRecordRow row : rows) {
      result.add(ImmunizationRowMapper.record(row, credits.getOrDefault(row.id(), List.of())));
    }
    return result;
  }

  private static void bindCredit(PreparedStatement statement, ImmunizationCreditRow credit)
      throws SQLException {
    statement.setObject(1, credit.recordId());
    statement.setObject(2, credit.municipalityId());
    statement.setObject(3, credit.childId());
    statement.setString(4, credit.vaccine());
    if (credit.doseLabel() == null) {
      statement.setNull(5, Types.VARCHAR);
    } else {
      statement.setString(5, credit.doseLabel());
    }
  }
}
