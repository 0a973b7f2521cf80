package app.sukoyaka.checkup;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import java.math.BigDecimal;
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
 * Reads stored checkups with their findings into the domain records: two statements whatever the
 * number of checkups (the encounters with their facility; the current findings of all of them),
 * each row read by column position. Every handbook, sync, timeline and FHIR read of checkups passes
 * here: mapping a family's findings through Micronaut Data's entities cost most of a first sync's
 * CPU, since every row and property had its column name worked out and looked up again.
 */
final class CheckupReader {
  /**
   * An encounter with its facility, for a {@code WHERE} on alias {@code e}. A checkup the
   * municipality held itself (集団健診) has no facility: its place, and no 医療機関コード.
   */
  static final String ENCOUNTER_SELECT =
      "SELECT e.id, e.pregnancy_id, e.child_id, e.kind, e.encounter_class, e.kind_name,"
          + " e.visit_date, e.gestational_age_days, COALESCE(fa.name, e.performer_name),"
          + " fa.medical_institution_code, e.recorded_at, e.source FROM checkup_encounter e"
          + " LEFT JOIN facility fa ON fa.id = e.facility_id";

  /** The current findings of the encounters given as one array; retracted ones are no record. */
  static final String FINDING_SELECT =
      "SELECT f.encounter_id, f.id, f.observation_id, f.item_code, f.value_type,"
          + " f.quantity_value, f.quantity_unit, f.code_system, f.code_value, f.boolean_value,"
          + " f.string_value, f.date_value, f.integer_value, f.datetime_value, f.source_system,"
          + " f.source_code, f.version, f.status, f.child_id, f.resource_type, f.authored_at"
          + " FROM checkup_finding f WHERE f.encounter_id = ANY (?)"
          + " AND f.status <> 'entered-in-error'";

  /** Binds a query's parameters. */
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private final JdbcOperations jdbc;

  CheckupReader(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The checkups {@link #ENCOUNTER_SELECT} followed by {@code whereAndOrder} finds, in that order,
   * each with its current findings.
   */
  List<Checkup> read(String whereAndOrder, Binder binder) {
    List<Checkup> encounters =
        jdbc.prepareStatement(
            ENCOUNTER_SELECT + " " + whereAndOrder,
            statement -> {
              binder.bind(statement);
              List<Checkup> found = new ArrayList<>();
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(encounter(rs));
                }
              }
              return found;
            });
    if (encounters.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<Checkup.Finding>> findings = findings(encounters);
    List<Checkup> result = new ArrayList<>(encounters.size());
    for (Checkup encounter : encounters) {
      result.add(encounter.withFindings(findings.getOrDefault(encounter.id(), List.of())));
    }
    return result;
  }

  private Map<UUID, List<Checkup.Finding>> findings(List<Checkup> encounters) {
    UUID[] ids = encounters.stream().map(Checkup::id).toArray(UUID[]::new);
    return jdbc.prepareStatement(
        FINDING_SELECT,
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
          Map<UUID, List<Checkup.Finding>> byEncounter = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              byEncounter
                  .computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                  .add(finding(rs));
            }
          }
          return byEncounter;
        });
  }

  /** A row of {@link #ENCOUNTER_SELECT}, without its findings yet. */
  static Checkup encounter(ResultSet rs) throws SQLException {
    return new Checkup(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getObject(7, LocalDate.class),
        (Integer) rs.getObject(8),
        rs.getString(9),
        rs.getString(10),
        instant(rs, 11),
        List.of(),
        rs.getString(12));
  }

  /** A row of {@link #FINDING_SELECT} (its first column, the encounter, read by the caller). */
  static Checkup.Finding finding(ResultSet rs) throws SQLException {
    return new Checkup.Finding(
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        value(rs),
        rs.getString(15),
        rs.getString(16),
        rs.getInt(17),
        rs.getString(18),
        rs.getObject(19, UUID.class),
        rs.getString(20),
        instant(rs, 21));
  }

  /** The typed value from the column its value type names (as intake wrote it). */
  private static FindingValue value(ResultSet rs) throws SQLException {
    String type = rs.getString(5);
    if (type.equals("quantity")) {
      BigDecimal value = rs.getBigDecimal(6);
      return new FindingValue.Quantity(value, rs.getString(7));
    }
    if (type.equals("coded")) {
      return new FindingValue.Coded(rs.getString(8), rs.getString(9), rs.getString(11));
    }
    if (type.equals("boolean")) {
      return new FindingValue.Flag(rs.getBoolean(10));
    }
    if (type.equals("string")) {
      return new FindingValue.Text(rs.getString(11));
    }
    if (type.equals("date")) {
      return new FindingValue.Day(rs.getObject(12, LocalDate.class));
    }
    if (type.equals("integer")) {
      return new FindingValue.WholeNumber(rs.getInt(13));
    }
    if (type.equals("datetime")) {
      return new FindingValue.Moment(instant(rs, 14));
    }
    throw new IllegalStateException("Unknown value type " + type);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
