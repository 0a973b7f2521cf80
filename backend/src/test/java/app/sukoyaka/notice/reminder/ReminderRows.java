package app.sukoyaka.notice.reminder;

import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.Forecaster;
import app.sukoyaka.immunization.schedule.GivenDose;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Sex;
import app.sukoyaka.testing.Db;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** What the reminder tests read back: reminder rows, push rows, and days worked out from rules. */
final class ReminderRows {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Forecaster FORECASTER = new Forecaster(RoutineSchedule.load());

  private ReminderRows() {}

  /** Today in Japan, as the service's clock reads it. */
  static LocalDate today() {
    return LocalDate.now(JAPAN);
  }

  record Reminder(
      UUID id,
      UUID personId,
      String kind,
      String eventKey,
      int occurrence,
      LocalDate dueDate,
      LocalDate runDate,
      UUID pushSubjectId,
      String resolution) {
    boolean open() {
      return resolution == null;
    }
  }

  record Push(
      UUID subjectId,
      UUID personId,
      String status,
      JsonNode payload,
      Instant createdAt,
      Instant notBefore) {}

  /** Every reminder about a child or a pregnancy, oldest first. */
  static List<Reminder> about(UUID subjectId) {
    return query(
        "SELECT id, person_id, kind, event_key, occurrence, due_date, run_date, push_subject_id,"
            + " resolution FROM reminder WHERE subject_id = ? ORDER BY created_at, kind, event_key,"
            + " person_id",
        subjectId,
        rs ->
            new Reminder(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getObject(6, LocalDate.class),
                rs.getObject(7, LocalDate.class),
                rs.getObject(8, UUID.class),
                rs.getString(9)));
  }

  /** Every push queued for a person. */
  static List<Push> pushesOf(UUID personId) {
    return query(
        "SELECT subject_id, person_id, status, payload::text, created_at, not_before"
            + " FROM push_message WHERE person_id = ? ORDER BY created_at",
        personId,
        rs -> {
          try {
            return new Push(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                JSON.readTree(rs.getString(4)),
                rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6).toInstant());
          } catch (java.io.IOException e) {
            throw new SQLException(e);
          }
        });
  }

  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> List<T> query(String sql, UUID id, RowReader<T> reader) {
    try (Connection connection = Db.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, id);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The forecaster's recommendation of a dose for a child without doses born then. */
  static Recommendation dose(LocalDate born, LocalDate asOf, String vaccine, String dose) {
    return FORECASTER
        .forecast(new ForecastRequest(born, asOf, Sex.MALE, List.<GivenDose>of(), Set.of()))
        .recommendations()
        .stream()
        .filter(r -> r.vaccine().equals(vaccine) && r.dose().equals(dose))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The birth day, searched over the given span, for which a child without doses has a dose's date
   * (as {@code date} reads it from the forecast of {@code asOf}) on {@code target}.
   */
  static LocalDate bornSoThat(
      String vaccine,
      String doseLabel,
      LocalDate asOf,
      Function<Recommendation, LocalDate> date,
      LocalDate target,
      LocalDate from,
      LocalDate to) {
    for (LocalDate born = from; !born.isAfter(to); born = born.plusDays(1)) {
      if (target.equals(date.apply(dose(born, asOf, vaccine, doseLabel)))) {
        return born;
      }
    }
    throw new IllegalStateException(
        "No birth day gives " + vaccine + "/" + doseLabel + " " + target);
  }

  /** The later of two days, either may be null. */
  static LocalDate later(LocalDate a, LocalDate b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }
}
