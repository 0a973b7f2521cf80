package app.sukoyaka.checkup;

import app.sukoyaka.platform.SqlTime;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
        recordedAt,
        checkup.encounterClass(),
        checkup.kindName(),
        checkup.performerName(),
        checkup.source());
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
        // A correction keeps its subject: the newborn's finding at a delivery stays the newborn's.
        finding.about(replaced.childId()),
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
        text(value),
        value instanceof FindingValue.Day d ? d.value() : null,
        finding.sourceSystem(),
        finding.sourceCode(),
        version,
        status,
        updatedAt,
        value instanceof FindingValue.WholeNumber n ? n.value() : null,
        value instanceof FindingValue.Moment m ? m.value() : null,
        finding.childId(),
        finding.resourceType(),
        finding.authoredAt());
  }

  /** A string's value, or the text a coded finding carries. */
  private static String text(FindingValue value) {
    if (value instanceof FindingValue.Text t) {
      return t.value();
    }
    return value instanceof FindingValue.Coded c ? c.text() : null;
  }

  /**
   * Binds one row of {@link CheckupService#INSERT_ENCOUNTER}, in its column order, to the
   * parameters after {@code offset} (the row's place in a multi-row insert).
   */
  static void bindEncounter(PreparedStatement statement, int offset, CheckupEncounterRow row)
      throws SQLException {
    statement.setObject(offset + 1, row.id());
    statement.setObject(offset + 2, row.municipalityId());
    statement.setString(offset + 3, row.kind());
    setNullable(statement, offset + 4, row.pregnancyId(), Types.OTHER);
    setNullable(statement, offset + 5, row.childId(), Types.OTHER);
    setNullable(statement, offset + 6, row.facilityId(), Types.OTHER);
    SqlTime.setDate(statement, offset + 7, row.visitDate());
    setNullable(statement, offset + 8, row.gestationalAgeDays(), Types.INTEGER);
    setNullable(statement, offset + 9, row.submissionId(), Types.OTHER);
    SqlTime.setInstant(statement, offset + 10, row.recordedAt());
    statement.setString(offset + 11, row.encounterClass());
    statement.setString(offset + 12, row.kindName());
    statement.setString(offset + 13, row.performerName());
    statement.setString(offset + 14, row.source());
  }

  /**
   * Binds one row of {@link CheckupService#INSERT_FINDING}, in its column order, to the parameters
   * after {@code offset} (the row's place in a multi-row insert).
   */
  static void bindFinding(PreparedStatement statement, int offset, CheckupFindingRow row)
      throws SQLException {
    statement.setObject(offset + 1, row.id());
    statement.setObject(offset + 2, row.encounterId());
    statement.setObject(offset + 3, row.municipalityId());
    statement.setObject(offset + 4, row.observationId());
    statement.setString(offset + 5, row.itemCode());
    statement.setString(offset + 6, row.valueType());
    statement.setBigDecimal(offset + 7, row.quantityValue());
    statement.setString(offset + 8, row.quantityUnit());
    statement.setString(offset + 9, row.codeSystem());
    statement.setString(offset + 10, row.codeValue());
    setNullable(statement, offset + 11, row.booleanValue(), Types.BOOLEAN);
    statement.setString(offset + 12, row.stringValue());
    SqlTime.setDate(statement, offset + 13, row.dateValue());
    statement.setString(offset + 14, row.sourceSystem());
    statement.setString(offset + 15, row.sourceCode());
    statement.setInt(offset + 16, row.version());
    statement.setString(offset + 17, row.status());
    SqlTime.setInstant(statement, offset + 18, row.updatedAt());
    setNullable(statement, offset + 19, row.integerValue(), Types.INTEGER);
    SqlTime.setInstant(statement, offset + 20, row.datetimeValue());
    setNullable(statement, offset + 21, row.childId(), Types.OTHER);
    statement.setString(offset + 22, row.resourceType());
    SqlTime.setInstant(statement, offset + 23, row.authoredAt());
  }

  private static void setNullable(PreparedStatement statement, int index, Object value, int type)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, type);
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
      return new FindingValue.Coded(row.codeSystem(), row.codeValue(), row.stringValue());
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
    if (type.equals("integer")) {
      return new FindingValue.WholeNumber(row.integerValue());
    }
    if (type.equals("datetime")) {
      return new FindingValue.Moment(row.datetimeValue());
    }
    throw new IllegalStateException("Unknown value type " + type);
  }
}
