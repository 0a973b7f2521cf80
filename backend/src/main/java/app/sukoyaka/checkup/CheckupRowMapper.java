package app.sukoyaka.checkup;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/** Pure mapping between checkup domain values and table rows. */
final class CheckupRowMapper {
  private CheckupRowMapper() {}

  static CheckupEncounterRow encounterRow(
      NewCheckup checkup, UUID submissionId, Instant recordedAt) {
    return new CheckupEncounterRow(
        checkup.id(),
        checkup.municipalityId(),
        checkup.kind(),
        checkup.pregnancyId(),
        checkup.childId(),
        checkup.facilityId(),
        checkup.visitDate(),
        checkup.gestationalAgeDays(),
        submissionId,
        recordedAt);
  }

  static CheckupFindingRow findingRow(NewCheckup checkup, NewCheckup.NewFinding finding) {
    return row(
        checkup.id(), checkup.municipalityId(), finding.observationId(), finding, 1, "final", null);
  }

  /** The row of a finding that replaces an earlier version of its Observation. */
  static CheckupFindingRow correctedRow(
      CheckupFindingRow replaced,
      NewCheckup.NewFinding finding,
      int version,
      String status,
      java.time.Instant at) {
    return row(
        replaced.encounterId(),
        replaced.municipalityId(),
        replaced.observationId(),
        finding,
        version,
        status,
        at);
  }

  private static CheckupFindingRow row(
      UUID encounterId,
      UUID municipalityId,
      UUID observationId,
      NewCheckup.NewFinding finding,
      int version,
      String status,
      java.time.Instant updatedAt) {
    FindingValue value = finding.value();
    return new CheckupFindingRow(
        finding.id(),
        encounterId,
        municipalityId,
        observationId,
        finding.itemCode(),
        value.valueType(),
        value instanceof FindingValue.Quantity q ? q.value() : null,
        value instanceof FindingValue.Quantity q ? q.unit() : null,
        value instanceof FindingValue.Coded c ? c.system() : null,
        value instanceof FindingValue.Coded c ? c.code() : null,
        value instanceof FindingValue.Flag f ? f.value() : null,
        value instanceof FindingValue.Text t ? t.value() : null,
        value instanceof FindingValue.Day d ? d.value() : null,
        finding.sourceSystem(),
        finding.sourceCode(),
        version,
        status,
        updatedAt);
  }

  /** Binds the parameters of {@link CheckupService#INSERT_ENCOUNTER}, in its column order. */
  static void bindEncounter(PreparedStatement statement, CheckupEncounterRow row)
      throws SQLException {
    statement.setObject(1, row.id());
    statement.setObject(2, row.municipalityId());
    statement.setString(3, row.kind());
    setUuid(statement, 4, row.pregnancyId());
    setUuid(statement, 5, row.childId());
    statement.setObject(6, row.facilityId());
    statement.setDate(7, Date.valueOf(row.visitDate()));
    if (row.gestationalAgeDays() == null) {
      statement.setNull(8, Types.INTEGER);
    } else {
      statement.setInt(8, row.gestationalAgeDays());
    }
    setUuid(statement, 9, row.submissionId());
    statement.setTimestamp(10, Timestamp.from(row.recordedAt()));
  }

  /** Binds the parameters of {@link CheckupService#INSERT_FINDING}, in its column order. */
  static void bindFinding(PreparedStatement statement, CheckupFindingRow row) throws SQLException {
    statement.setObject(1, row.id());
    statement.setObject(2, row.encounterId());
    statement.setObject(3, row.municipalityId());
    statement.setObject(4, row.observationId());
    statement.setString(5, row.itemCode());
    statement.setString(6, row.valueType());
    statement.setBigDecimal(7, row.quantityValue());
    statement.setString(8, row.quantityUnit());
    statement.setString(9, row.codeSystem());
    statement.setString(10, row.codeValue());
    if (row.booleanValue() == null) {
      statement.setNull(11, Types.BOOLEAN);
    } else {
      statement.setBoolean(11, row.booleanValue());
    }
    statement.setString(12, row.stringValue());
    if (row.dateValue() == null) {
      statement.setNull(13, Types.DATE);
    } else {
      statement.setDate(13, Date.valueOf(row.dateValue()));
    }
    statement.setString(14, row.sourceSystem());
    statement.setString(15, row.sourceCode());
    statement.setInt(16, row.version());
    statement.setString(17, row.status());
    if (row.updatedAt() == null) {
      statement.setNull(18, Types.TIMESTAMP);
    } else {
      statement.setTimestamp(18, Timestamp.from(row.updatedAt()));
    }
  }

  private static void setUuid(PreparedStatement statement, int index, UUID value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.OTHER);
    } else {
      statement.setObject(index, value);
    }
  }

  static FindingValue value(CheckupFindingRow row) {
    String type = row.valueType();
    if (type.equals("quantity")) {
      return new FindingValue.Quantity(row.quantityValue(), row.quantityUnit());
    }
    if (type.equals("coded")) {
      return new FindingValue.Coded(row.codeSystem(), row.codeValue());
    }
    if (type.equals("boolean")) {
      return new FindingValue.Flag(row.booleanValue());
    }
    if (type.equals("string")) {
      return new FindingValue.Text(row.stringValue());
    }
    if (type.equals("date")) {
      return new FindingValue.Day(row.dateValue());
    }
    throw new IllegalStateException("Unknown value type " + type);
  }
}
