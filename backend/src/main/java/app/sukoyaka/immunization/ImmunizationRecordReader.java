package app.sukoyaka.immunization;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads vaccination records with their credits, reasons and retraction into the domain records: two
 * statements whatever the number of records, each row read by column position, and without the FHIR
 * payload a record came as (only exports need it). Mapping rows through Micronaut Data's entities
 * worked out every column's name again for every row and read the payload for nothing.
 */
final class ImmunizationRecordReader {
  /** A record's columns, for a {@code WHERE} on alias {@code r}. */
  static final String RECORD_SELECT =
      "SELECT r.id, r.municipality_id, r.child_id, r.pregnancy_id, r.occurrence_date,"
          + " r.vaccine_system, r.vaccine_code, r.vaccine_display, r.vaccine_kind, r.product,"
          + " r.lot_number, r.dose_label, r.routine, r.source, r.verification, r.verified_by,"
          + " r.verified_at, r.country, r.facility_id, r.performer_name, r.note, r.version,"
          + " r.submission_id, r.recorded_by_role, r.recorded_by, r.recorded_at, r.updated_at,"
          + " r.verification_reason, r.retracted_at FROM immunization_record r";

  /** Binds a query's parameters. */
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private final JdbcOperations jdbc;

  ImmunizationRecordReader(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /** The records {@link #RECORD_SELECT} followed by {@code whereAndOrder} finds, in that order. */
  List<StoredImmunization> read(String whereAndOrder, Binder binder) {
    List<Row> rows =
        jdbc.prepareStatement(
            RECORD_SELECT + " " + whereAndOrder,
            statement -> {
              binder.bind(statement);
              List<Row> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(row(rs));
                }
              }
              return found;
            });
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<ImmunizationRecord.Credit>> credits = credits(rows);
    List<StoredImmunization> result = new ArrayList<>(rows.size());
    for (Row row : rows) {
      result.add(row.stored(credits.getOrDefault(row.id(), List.of())));
    }
    return result;
  }

  private Map<UUID, List<ImmunizationRecord.Credit>> credits(List<Row> rows) {
    UUID[] ids = rows.stream().map(Row::id).toArray(UUID[]::new);
    return jdbc.prepareStatement(
        "SELECT record_id, vaccine, dose_label FROM immunization_credit"
            + " WHERE record_id = ANY (?) ORDER BY vaccine",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
          Map<UUID, List<ImmunizationRecord.Credit>> found = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found
                  .computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                  .add(new ImmunizationRecord.Credit(rs.getString(2), rs.getString(3)));
            }
          }
          return found;
        });
  }

  /** A record read, waiting for its credits. */
  private record Row(ImmunizationRecord record, String reason, Instant retractedAt) {
    UUID id() {
      return record.id();
    }

    StoredImmunization stored(List<ImmunizationRecord.Credit> credits) {
      ImmunizationRecord r = record;
      return new StoredImmunization(
          new ImmunizationRecord(
              r.id(),
              r.municipalityId(),
              r.childId(),
              r.pregnancyId(),
              r.occurrenceDate(),
              r.vaccine(),
              r.vaccineKind(),
              r.product(),
              r.lotNumber(),
              r.doseLabel(),
              r.routine(),
              r.source(),
              r.verification(),
              r.verifiedBy(),
              r.verifiedAt(),
              r.country(),
              r.facilityId(),
              r.performerName(),
              r.note(),
              r.version(),
              r.submissionId(),
              r.recordedByRole(),
              r.recordedBy(),
              r.recordedAt(),
              r.updatedAt(),
              credits),
          reason,
          retractedAt);
    }
  }

  private static Row row(ResultSet rs) throws SQLException {
    ImmunizationRecord record =
        new ImmunizationRecord(
            rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class),
            rs.getObject(3, UUID.class),
            rs.getObject(4, UUID.class),
            rs.getObject(5, LocalDate.class),
            new ImmunizationRecord.Coding(rs.getString(6), rs.getString(7), rs.getString(8)),
            rs.getString(9),
            rs.getString(10),
            rs.getString(11),
            rs.getString(12),
            rs.getBoolean(13),
            ImmunizationRecord.Source.ofCode(rs.getString(14)),
            ImmunizationRecord.Verification.ofCode(rs.getString(15)),
            rs.getString(16),
            instant(rs, 17),
            rs.getString(18),
            rs.getObject(19, UUID.class),
            rs.getString(20),
            rs.getString(21),
            rs.getInt(22),
            rs.getObject(23, UUID.class),
            rs.getString(24),
            rs.getString(25),
            instant(rs, 26),
            instant(rs, 27),
            List.of());
    return new Row(record, rs.getString(28), instant(rs, 29));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
