package app.sukoyaka.checkup;

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
        checkup.kindName());
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
