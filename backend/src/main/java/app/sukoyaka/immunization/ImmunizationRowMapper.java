package app.sukoyaka.immunization;

import java.util.ArrayList;
import java.util.List;

/** Between the domain record and its table rows; pure. */
final class ImmunizationRowMapper {
  private ImmunizationRowMapper() {}

  static ImmunizationRecordRow recordRow(ImmunizationRecord record, String payload) {
    return new ImmunizationRecordRow(
        record.id(),
        record.municipalityId(),
        record.childId(),
        record.pregnancyId(),
        record.occurrenceDate(),
        record.vaccine().system(),
        record.vaccine().code(),
        record.vaccine().display(),
        record.vaccineKind(),
        record.product(),
        record.lotNumber(),
        record.doseLabel(),
        record.routine(),
        record.source().code(),
        record.verification().code(),
        record.verifiedBy(),
        record.verifiedAt(),
        record.country(),
        record.facilityId(),
        record.performerName(),
        record.note(),
        "completed",
        record.version(),
        record.submissionId(),
        payload,
        record.recordedByRole(),
        record.recordedBy(),
        record.recordedAt(),
        record.updatedAt());
  }

  static List<ImmunizationCreditRow> creditRows(ImmunizationRecord record) {
    List<ImmunizationCreditRow> rows = new ArrayList<>();
    for (ImmunizationRecord.Credit credit : record.credits()) {
      rows.add(
          new ImmunizationCreditRow(
              record.id(),
              record.municipalityId(),
              record.childId(),
              credit.vaccine(),
              credit.doseLabel()));
    }
    return rows;
  }
}
