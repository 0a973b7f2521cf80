package app.sukoyaka.family.prenatal;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The 妊婦健診 schedule of a pregnancy with its vouchers: the whole of it, or what is next (for the
 * handbook's home). Callers check access to the pregnancy first.
 */
@Singleton
public class PrenatalSchedule {
  static final String SELECT =
      "SELECT v.visit_number, v.from_week, v.to_week, v.recommended_from, v.recommended_to,"
          + " pv.id, pv.pregnancy_id, pv.municipality_id, pv.voucher_number, pv.covers,"
          + " pv.used_on, pv.used_at, pv.used_by_facility_id, f.name"
          + " FROM prenatal_visit v"
          + " JOIN prenatal_voucher pv ON pv.pregnancy_id = v.pregnancy_id"
          + " AND pv.visit_number = v.visit_number"
          + " LEFT JOIN facility f ON f.id = pv.used_by_facility_id";

  private final JdbcOperations jdbc;
  private final PrenatalCheckupPlan plan;

  PrenatalSchedule(JdbcOperations jdbc) {
    this.jdbc = jdbc;
    this.plan = PrenatalCheckupPlan.load();
  }

  /**
   * Every visit of the pregnancy, in order; empty for a handbook issued without a schedule here.
   */
  @Transactional(readOnly = true)
  public List<PrenatalVisit> of(UUID pregnancyId) {
    return jdbc.prepareStatement(
        SELECT + " WHERE v.pregnancy_id = ? ORDER BY v.visit_number",
        statement -> {
          statement.setObject(1, pregnancyId);
          return visits(statement, plan);
        });
  }

  /**
   * Every visit of each of these pregnancies, in order, in one statement; a pregnancy without a
   * schedule here has no key.
   */
  @Transactional(readOnly = true)
  public Map<UUID, List<PrenatalVisit>> of(UUID[] pregnancyIds) {
    Map<UUID, List<PrenatalVisit>> byPregnancy = new LinkedHashMap<>();
    if (pregnancyIds.length == 0) {
      return byPregnancy;
    }
    List<PrenatalVisit> visits =
        jdbc.prepareStatement(
            SELECT + " WHERE v.pregnancy_id = ANY (?) ORDER BY v.pregnancy_id, v.visit_number",
            statement -> {
              statement.setArray(1, statement.getConnection().createArrayOf("uuid", pregnancyIds));
              return visits(statement, plan);
            });
    for (PrenatalVisit visit : visits) {
      byPregnancy
          .computeIfAbsent(visit.voucher().pregnancyId(), id -> new ArrayList<>())
          .add(visit);
    }
    return byPregnancy;
  }

  /**
   * The visits still ahead on that day: voucher unused and the recommended window not over, in
   * order (the first is the next checkup).
   */
  @Transactional(readOnly = true)
  public List<PrenatalVisit> upcoming(UUID pregnancyId, LocalDate today) {
    return jdbc.prepareStatement(
        SELECT
            + " WHERE v.pregnancy_id = ? AND pv.used_at IS NULL AND v.recommended_to >= ?"
            + " ORDER BY v.visit_number",
        statement -> {
          statement.setObject(1, pregnancyId);
          statement.setDate(2, Date.valueOf(today));
          return visits(statement, plan);
        });
  }

  static List<PrenatalVisit> visits(PreparedStatement statement, PrenatalCheckupPlan plan)
      throws SQLException {
    List<PrenatalVisit> visits = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        visits.add(
            new PrenatalVisit(
                rs.getInt(1),
                rs.getInt(2),
                rs.getInt(3),
                rs.getDate(4).toLocalDate(),
                rs.getDate(5).toLocalDate(),
                voucher(rs, 6, plan)));
      }
    }
    return visits;
  }

  /** A voucher read from the columns starting at {@code from} (id .. facility name). */
  static PrenatalVoucher voucher(ResultSet rs, int from, PrenatalCheckupPlan plan)
      throws SQLException {
    List<PrenatalCheckupPlan.Cover> covers = new ArrayList<>();
    for (Object code : (Object[]) rs.getArray(from + 4).getArray()) {
      covers.add(plan.cover((String) code));
    }
    Date usedOn = rs.getDate(from + 5);
    Timestamp usedAt = rs.getTimestamp(from + 6);
    return new PrenatalVoucher(
        rs.getObject(from, UUID.class),
        rs.getObject(from + 1, UUID.class),
        rs.getObject(from + 2, UUID.class),
        rs.getString(from + 3),
        rs.getInt(from - 5),
        covers,
        usedOn == null ? null : usedOn.toLocalDate(),
        usedAt == null ? null : usedAt.toInstant(),
        rs.getObject(from + 7, UUID.class),
        rs.getString(from + 8));
  }
}
