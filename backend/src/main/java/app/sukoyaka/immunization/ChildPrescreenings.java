package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Text;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A child's 予診票 as the vaccination view lists them: those planned from {@link #PRESCREENING_DAYS}
 * days ago on and those a clinic has not read yet, newest planned first, each with the token still
 * working for its QR code. The caller has checked the access.
 */
@Singleton
class ChildPrescreenings {
  /** 予診票 planned this many days ago or later are shown, and any not yet read by a clinic. */
  static final int PRESCREENING_DAYS = 30;

  private final JdbcOperations jdbc;
  private final RoutineSchedule schedule;
  private final Clock clock;

  ChildPrescreenings(JdbcOperations jdbc, ImmunizationForecasts engine, Clock clock) {
    this.jdbc = jdbc;
    this.schedule = engine.schedule();
    this.clock = clock;
  }

  /** The child's recent and unread 予診票, with the token still working for each. */
  @Transactional(readOnly = true)
  List<VaccinationViewBodies.PrescreeningLine> of(UUID childId, LocalDate today) {
    return jdbc.prepareStatement(
        "SELECT p.id, p.vaccine, p.dose_label, p.planned_date, p.status, p.version,"
            + " p.answered_at, p.redeemed_at, (SELECT max(t.expires_at) FROM visit_token t"
            + " WHERE t.prescreening_id = p.id AND t.redeemed_at IS NULL AND t.expires_at > ?)"
            + " FROM prescreening p WHERE p.child_id = ?"
            + " AND (p.planned_date >= ? OR p.status = 'submitted')"
            + " ORDER BY p.planned_date DESC, p.created_at DESC",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(clock.instant()));
          statement.setObject(2, childId);
          statement.setDate(3, Date.valueOf(today.minusDays(PRESCREENING_DAYS)));
          List<VaccinationViewBodies.PrescreeningLine> lines = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              UUID id = rs.getObject(1, UUID.class);
              boolean redeemed = "redeemed".equals(rs.getString(5));
              String link = "/api/v1/children/" + childId + "/prescreenings/" + id;
              lines.add(
                  new VaccinationViewBodies.PrescreeningLine(
                      id,
                      rs.getString(2),
                      name(rs.getString(2)),
                      rs.getString(3),
                      rs.getObject(4, LocalDate.class),
                      rs.getString(5),
                      rs.getInt(6),
                      rs.getTimestamp(7).toInstant(),
                      instant(rs.getTimestamp(8)),
                      redeemed ? null : instant(rs.getTimestamp(9)),
                      link,
                      redeemed ? null : link + "/visit-token"));
            }
          }
          return lines;
        });
  }

  private ImmunizationRecordBodies.Text name(String vaccine) {
    Text name = schedule.vaccineName(vaccine);
    return name == null
        ? new ImmunizationRecordBodies.Text(vaccine, vaccine)
        : new ImmunizationRecordBodies.Text(name.ja(), name.en());
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
