package app.sukoyaka.municipality.figures;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Counts every figure of {@code figures.json} for one municipality from its rows, with set-based
 * SQL on one connection inside one repeatable-read transaction of the caller, so that all figures
 * read one snapshot. Plain JDBC, no Micronaut types: the benchmark runs the same code.
 *
 * <p>Cells exist for the combinations that have a denominator (children of a cohort, pregnancies of
 * a band …); a numerator of 0 is a cell, an empty group is not.
 */
public final class FigureComputations {

  /** The counts of the work lists, by list and status, from the lists themselves. */
  public interface WorkListCounts {
    Map<String, Map<String, Long>> counts(UUID municipalityId, LocalDate today);
  }

  /** A series of the routine schedule and its dose labels (the vaccine catalog's). */
  public record Series(String vaccine, List<String> doses) {}

  private final FigureDefinitions definitions;
  private final CheckupWindows windows;
  private final List<Series> series;

  public FigureComputations(
      FigureDefinitions definitions, CheckupWindows windows, List<Series> series) {
    this.definitions = definitions;
    this.windows = windows;
    this.series = List.copyOf(series);
    Set<String> known = Set.copyOf(COMPUTED);
    for (String figure : definitions.figures().keySet()) {
      if (!known.contains(figure)) {
        throw new IllegalStateException(
            FigureDefinitions.RESOURCE + ": the service cannot count figure " + figure);
      }
    }
  }

  /** The figures this class counts; a definition of any other stops the service. */
  static final List<String> COMPUTED =
      List.of(
          "checkup-attendance",
          "checkup-visits-monthly",
          "vaccination-coverage",
          "vaccination-coverage-by-age",
          "vaccine-status",
          "follow-up-work",
          "prenatal-gap",
          "notice-delivery",
          "app-registration",
          "digital-prescreening",
          "visit-to-record");

  public FigureDefinitions definitions() {
    return definitions;
  }

  /**
   * Every figure of the municipality on {@code today}, by figure id. Creates temporary tables
   * (dropped at the end of the caller's transaction).
   */
  public Map<String, List<Cell>> compute(
      Connection connection, UUID municipalityId, LocalDate today, WorkListCounts workLists)
      throws SQLException {
    FigureDefinitions.Parameters p = definitions.parameters();
    children(connection, municipalityId, today);
    doses(connection, today);
    Map<String, List<Cell>> cells = new LinkedHashMap<>();
    for (String figure : definitions.figures().keySet()) {
      List<Cell> computed =
          switch (figure) {
            case "checkup-attendance" -> attendance(connection, today, p);
            case "checkup-visits-monthly" -> visitsByMonth(connection, municipalityId, today, p);
            case "vaccination-coverage" -> coverage(connection, today, p);
            case "vaccination-coverage-by-age" -> coverageByAge(connection, today, p);
            case "vaccine-status" -> vaccineStatus(connection, municipalityId);
            case "follow-up-work" -> followUpWork(workLists.counts(municipalityId, today));
            case "prenatal-gap" -> prenatalGap(connection, municipalityId, today, p);
            case "notice-delivery" -> notices(connection, municipalityId, today, p);
            case "app-registration" -> registration(connection, municipalityId, today, p);
            case "digital-prescreening" -> prescreening(connection, municipalityId, today, p);
            case "visit-to-record" -> visitToRecord(connection, municipalityId, today, p);
            default -> throw new IllegalStateException("no count for " + figure);
          };
      cells.put(figure, computed);
    }
    return cells;
  }

  // --- the municipality's children and their counting doses, read once ------------------------

  private static void children(Connection connection, UUID municipalityId, LocalDate today)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "CREATE TEMP TABLE fig_kids ON COMMIT DROP AS SELECT c.id, c.birth_date, "
                + FigureSql.cohort("c.birth_date")
                + " AS cohort, "
                + FigureSql.area("c.id")
                + " AS area FROM child c WHERE c.municipality_id = ? AND c.birth_date <= ?")) {
      statement.setObject(1, municipalityId);
      statement.setDate(2, Date.valueOf(today));
      statement.execute();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE UNIQUE INDEX ON fig_kids (id)");
      statement.execute("ANALYZE fig_kids");
    }
  }

  /**
   * Each child's first counting record of each routine dose: 定期接種, standing, verified (as {@code
   * ImmunizationCoverage} counts), once per child and dose.
   */
  private static void doses(Connection connection, LocalDate today) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "CREATE TEMP TABLE fig_doses ON COMMIT DROP AS SELECT cr.child_id, cr.vaccine,"
                + " cr.dose_label AS dose, min(r.occurrence_date) AS given FROM fig_kids k"
                + " JOIN immunization_credit cr ON cr.child_id = k.id"
                + " JOIN immunization_record r ON r.id = cr.record_id"
                + " WHERE r.routine AND r.status = 'completed' AND r.verification = 'verified'"
                + " AND cr.dose_label IS NOT NULL AND r.occurrence_date <= ?"
                + " GROUP BY cr.child_id, cr.vaccine, cr.dose_label")) {
      statement.setDate(1, Date.valueOf(today));
      statement.execute();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("ANALYZE fig_doses");
    }
  }

  // --- checkups ----------------------------------------------------------------------------

  private List<Cell> attendance(
      Connection connection, LocalDate today, FigureDefinitions.Parameters p) throws SQLException {
    StringBuilder values = new StringBuilder();
    List<Object> parameters = new ArrayList<>();
    for (CheckupWindows.Window window : windows.windows()) {
      values.append(values.length() == 0 ? "" : ", ").append("(?::text, ?::int, ?::int)");
      parameters.add(window.kind());
      parameters.add(window.fromMonths());
      parameters.add(window.fromDays());
    }
    String sql =
        "SELECT w.kind, k.cohort::text, k.area, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM"
            + " checkup_encounter e WHERE e.child_id = k.id AND e.kind = w.kind)), count(*)"
            + " FROM fig_kids k JOIN (VALUES "
            + values
            + ") AS w(kind, months, days) ON "
            + FigureSql.ageReached("k.birth_date", "w.months", "w.days")
            + " <= ? WHERE k.cohort >= ? GROUP BY 1, 2, 3";
    parameters.add(Date.valueOf(today));
    parameters.add(FigureSql.firstCohort(today, p.attendanceCohortYears()));
    return query(connection, sql, parameters, 3, 2);
  }

  private static List<Cell> visitsByMonth(
      Connection connection, UUID municipalityId, LocalDate today, FigureDefinitions.Parameters p)
      throws SQLException {
    return query(
        connection,
        "SELECT e.kind, "
            + FigureSql.month("e.visit_date")
            + ", count(*) FROM checkup_encounter e WHERE e.municipality_id = ?"
            + " AND e.visit_date BETWEEN ? AND ? GROUP BY 1, 2",
        List.of(
            municipalityId,
            Date.valueOf(FigureSql.trendStart(today, p.trendMonths())),
            Date.valueOf(today)),
        2,
        1);
  }

  // --- vaccinations ------------------------------------------------------------------------

  private List<Cell> coverage(
      Connection connection, LocalDate today, FigureDefinitions.Parameters p) throws SQLException {
    int first = FigureSql.firstCohort(today, p.coverageCohortYears());
    Map<String, Long> children = new HashMap<>();
    for (Cell cell :
        query(
            connection,
            "SELECT cohort::text, count(*) FROM fig_kids WHERE cohort >= ? GROUP BY 1",
            List.of(first),
            1,
            1)) {
      children.put(cell.dim(0), cell.measure(0).longValue());
    }
    Map<List<String>, Long> vaccinated = new HashMap<>();
    for (Cell cell :
        query(
            connection,
            "SELECT d.vaccine, d.dose, k.cohort::text, count(*) FROM fig_doses d"
                + " JOIN fig_kids k ON k.id = d.child_id WHERE k.cohort >= ? GROUP BY 1, 2, 3",
            List.of(first),
            3,
            1)) {
      vaccinated.put(cell.dims(), cell.measure(0).longValue());
    }
    List<Cell> cells = new ArrayList<>();
    for (Series s : series) {
      for (String dose : s.doses()) {
        for (int cohort = first; cohort <= FigureSql.cohortOf(today); cohort++) {
          Long total = children.get(Integer.toString(cohort));
          if (total == null) {
            continue;
          }
          List<String> dims = List.of(s.vaccine(), dose, Integer.toString(cohort));
          cells.add(Cell.of(dims, vaccinated.getOrDefault(dims, 0L), total));
        }
      }
    }
    return cells;
  }

  private List<Cell> coverageByAge(
      Connection connection, LocalDate today, FigureDefinitions.Parameters p) throws SQLException {
    int first = FigureSql.firstCohort(today, p.coverageCohortYears());
    Integer[] ages = p.coverageAgeMonths().toArray(new Integer[0]);
    Map<List<String>, Long> reached = new HashMap<>();
    for (Cell cell :
        query(
            connection,
            "SELECT k.cohort::text, a.m::text, count(*) FROM fig_kids k"
                + " JOIN unnest(?::int[]) AS a(m) ON "
                + FigureSql.ageReached("k.birth_date", "a.m", "0")
                + " <= ? WHERE k.cohort >= ? GROUP BY 1, 2",
            List.of(ages, Date.valueOf(today), first),
            2,
            1)) {
      reached.put(cell.dims(), cell.measure(0).longValue());
    }
    Map<List<String>, Long> vaccinated = new HashMap<>();
    for (Cell cell :
        query(
            connection,
            "SELECT d.vaccine, d.dose, k.cohort::text, a.m::text, count(*) FROM fig_doses d"
                + " JOIN fig_kids k ON k.id = d.child_id JOIN unnest(?::int[]) AS a(m) ON "
                + FigureSql.ageReached("k.birth_date", "a.m", "0")
                + " <= ? AND d.given < "
                + FigureSql.ageReached("k.birth_date", "a.m", "0")
                + " WHERE k.cohort >= ? GROUP BY 1, 2, 3, 4",
            List.of(ages, Date.valueOf(today), first),
            4,
            1)) {
      vaccinated.put(cell.dims(), cell.measure(0).longValue());
    }
    List<Cell> cells = new ArrayList<>();
    for (Series s : series) {
      for (String dose : s.doses()) {
        for (int cohort = first; cohort <= FigureSql.cohortOf(today); cohort++) {
          for (int age : p.coverageAgeMonths()) {
            List<String> key = List.of(Integer.toString(cohort), Integer.toString(age));
            Long total = reached.get(key);
            if (total == null) {
              continue;
            }
            List<String> dims =
                List.of(s.vaccine(), dose, Integer.toString(cohort), Integer.toString(age));
            cells.add(Cell.of(dims, vaccinated.getOrDefault(dims, 0L), total));
          }
        }
      }
    }
    return cells;
  }

  /**
   * Children by vaccine and status from the day's forecast snapshot ({@link ForecastSnapshot}), of
   * the children who still live in the municipality; ANY: in that status for at least one vaccine.
   */
  private static List<Cell> vaccineStatus(Connection connection, UUID municipalityId)
      throws SQLException {
    long forecast;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(*) FROM dashboard_child_forecast f JOIN fig_kids k ON k.id = f.child_id"
                + " WHERE f.municipality_id = ?")) {
      statement.setObject(1, municipalityId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        forecast = rs.getLong(1);
      }
    }
    List<Cell> cells = new ArrayList<>();
    for (Cell cell :
        query(
            connection,
            "SELECT split_part(s, ':', 1), split_part(s, ':', 2), count(*)"
                + " FROM dashboard_child_forecast f JOIN fig_kids k ON k.id = f.child_id,"
                + " unnest(f.statuses) AS s WHERE f.municipality_id = ? GROUP BY 1, 2"
                + " UNION ALL SELECT 'ANY', split_part(s, ':', 2), count(DISTINCT f.child_id)"
                + " FROM dashboard_child_forecast f JOIN fig_kids k ON k.id = f.child_id,"
                + " unnest(f.statuses) AS s WHERE f.municipality_id = ? GROUP BY 1, 2",
            List.of(municipalityId, municipalityId),
            2,
            1)) {
      cells.add(Cell.of(cell.dims(), cell.measure(0).longValue(), forecast));
    }
    return cells;
  }

  // --- work lists, pregnancies -------------------------------------------------------------

  private List<Cell> followUpWork(Map<String, Map<String, Long>> counts) {
    List<Cell> cells = new ArrayList<>();
    counts.forEach(
        (list, byStatus) -> {
          for (FigureDefinitions.Status status : definitions.statuses()) {
            cells.add(
                Cell.of(List.of(list, status.code()), byStatus.getOrDefault(status.code(), 0L)));
          }
        });
    return cells;
  }

  private static List<Cell> prenatalGap(
      Connection connection, UUID municipalityId, LocalDate today, FigureDefinitions.Parameters p)
      throws SQLException {
    List<Cell> found =
        query(
            connection,
            "SELECT b.band, count(*) FILTER (WHERE ?::date - x.since > b.max_days), count(*)"
                + " FROM (SELECT p.id, "
                + FigureSql.pregnancyWeek()
                + " AS week, "
                + FigureSql.prenatalSince()
                + " AS since FROM pregnancy p WHERE p.municipality_id = ? AND p.status = 'active'"
                + " AND p.expected_delivery_date IS NOT NULL) x JOIN "
                + FigureSql.prenatalBands(p.prenatalGaps())
                + " ON x.week BETWEEN b.from_week AND b.to_week GROUP BY 1",
            List.of(Date.valueOf(today), Date.valueOf(today), Date.valueOf(today), municipalityId),
            1,
            2);
    return found;
  }

  // --- notices, registration, digital questionnaires ----------------------------------------

  private static List<Cell> notices(
      Connection connection, UUID municipalityId, LocalDate today, FigureDefinitions.Parameters p)
      throws SQLException {
    return query(
        connection,
        "SELECT "
            + FigureSql.month(FigureSql.japanDay("n.sent_at"))
            + ", count(*), count(*) FILTER (WHERE d.channel = 'online'),"
            + " count(*) FILTER (WHERE d.read_at IS NOT NULL),"
            + " count(*) FILTER (WHERE d.channel = 'online' AND n.question IS NOT NULL),"
            + " count(r.id) FROM notice n JOIN notice_delivery d ON d.notice_id = n.id"
            + " LEFT JOIN notice_reply r ON r.notice_id = d.notice_id AND r.person_id = d.person_id"
            + " AND r.superseded_at IS NULL WHERE n.municipality_id = ? AND n.status = 'sent'"
            + " AND n.sent_at >= ? GROUP BY 1",
        List.of(
            municipalityId,
            Timestamp.from(
                FigureSql.trendStart(today, p.trendMonths())
                    .atStartOfDay(FigureSql.JAPAN)
                    .toInstant())),
        1,
        5);
  }

  private static List<Cell> registration(
      Connection connection, UUID municipalityId, LocalDate today, FigureDefinitions.Parameters p)
      throws SQLException {
    List<Cell> cells =
        new ArrayList<>(
            query(
                connection,
                "SELECT 'child', k.cohort::text, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM"
                    + " guardianship g JOIN person pe ON pe.id = g.person_id WHERE g.child_id = k.id"
                    + " AND pe.login_subject IS NOT NULL)), count(*) FROM fig_kids k"
                    + " WHERE k.birth_date > ?::date - make_interval(years => ?) GROUP BY 1, 2",
                List.of(Date.valueOf(today), p.registrationChildYears()),
                2,
                2));
    cells.addAll(
        query(
            connection,
            "SELECT 'pregnancy', '', count(*) FILTER (WHERE pe.login_subject IS NOT NULL"
                + " OR EXISTS (SELECT 1 FROM pregnancy_share s JOIN person sp ON sp.id = s.person_id"
                + " WHERE s.pregnancy_id = p.id AND sp.login_subject IS NOT NULL)), count(*)"
                + " FROM pregnancy p JOIN person pe ON pe.id = p.person_id"
                + " WHERE p.municipality_id = ? AND p.status = 'active' GROUP BY 1, 2",
            List.of(municipalityId),
            2,
            2));
    return cells;
  }

  private static List<Cell> prescreening(
      Connection connection, UUID municipalityId, LocalDate today, FigureDefinitions.Parameters p)
      throws SQLException {
    LocalDate start = FigureSql.trendStart(today, p.trendMonths());
    return query(
        connection,
        "SELECT "
            + FigureSql.month("r.occurrence_date")
            + ", count(*) FILTER (WHERE EXISTS (SELECT 1 FROM prescreening s"
            + " JOIN immunization_credit cr ON cr.record_id = r.id AND cr.vaccine = s.vaccine"
            + " WHERE s.child_id = r.child_id AND s.planned_date BETWEEN r.occurrence_date - ?"
            + " AND r.occurrence_date)), count(*) FROM immunization_record r"
            + " WHERE r.municipality_id = ? AND r.child_id IS NOT NULL AND r.source = 'clinic'"
            + " AND r.routine AND r.status = 'completed' AND r.recorded_at >= ?"
            + " AND r.occurrence_date BETWEEN ? AND ? GROUP BY 1",
        List.of(
            p.prescreeningWindowDays(),
            municipalityId,
            Timestamp.from(start.atStartOfDay(FigureSql.JAPAN).toInstant()),
            Date.valueOf(start),
            Date.valueOf(today)),
        1,
        2);
  }

  private static List<Cell> visitToRecord(
      Connection connection, UUID municipalityId, LocalDate today, FigureDefinitions.Parameters p)
      throws SQLException {
    LocalDate start = FigureSql.trendStart(today, p.trendMonths());
    String checkupDays = FigureSql.japanDay("e.recorded_at") + " - e.visit_date";
    String doseDays = FigureSql.japanDay("r.recorded_at") + " - r.occurrence_date";
    List<Cell> cells =
        new ArrayList<>(
            query(
                connection,
                "SELECT 'checkup', CASE WHEN e.submission_id IS NOT NULL THEN 'electronic'"
                    + " ELSE 'manual' END, "
                    + FigureSql.month("e.visit_date")
                    + ", count(*), "
                    + percentiles(checkupDays)
                    + " FROM checkup_encounter e WHERE e.municipality_id = ?"
                    + " AND e.visit_date BETWEEN ? AND ? GROUP BY 1, 2, 3",
                List.of(municipalityId, Date.valueOf(start), Date.valueOf(today)),
                3,
                3));
    cells.addAll(
        query(
            connection,
            "SELECT 'vaccination', CASE WHEN r.source = 'clinic' THEN 'electronic'"
                + " ELSE 'manual' END, "
                + FigureSql.month("r.occurrence_date")
                + ", count(*), "
                + percentiles(doseDays)
                + " FROM immunization_record r WHERE r.municipality_id = ?"
                + " AND r.source IN ('clinic', 'municipal', 'transfer') AND r.status = 'completed'"
                + " AND r.recorded_at >= ? AND r.occurrence_date BETWEEN ? AND ? GROUP BY 1, 2, 3",
            List.of(
                municipalityId,
                Timestamp.from(start.atStartOfDay(FigureSql.JAPAN).toInstant()),
                Date.valueOf(start),
                Date.valueOf(today)),
            3,
            3));
    return cells;
  }

  /** The median and 90th percentile (linear interpolation), rounded to two decimals. */
  private static String percentiles(String days) {
    return "round((percentile_cont(0.5) WITHIN GROUP (ORDER BY "
        + days
        + "))::numeric, 2), round((percentile_cont(0.9) WITHIN GROUP (ORDER BY "
        + days
        + "))::numeric, 2)";
  }

  // --- plumbing ----------------------------------------------------------------------------

  /** Runs a query whose first {@code dims} columns are the dimensions and the next the measures. */
  static List<Cell> query(
      Connection connection, String sql, List<Object> parameters, int dims, int measures)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        Object value = parameters.get(i);
        if (value instanceof Integer[] array) {
          statement.setArray(i + 1, connection.createArrayOf("int4", array));
        } else {
          statement.setObject(i + 1, value);
        }
      }
      List<Cell> cells = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          List<String> values = new ArrayList<>(dims);
          for (int i = 1; i <= dims; i++) {
            String value = rs.getString(i);
            values.add(value == null ? "" : value);
          }
          List<BigDecimal> numbers = new ArrayList<>(measures);
          for (int i = dims + 1; i <= dims + measures; i++) {
            BigDecimal value = rs.getBigDecimal(i);
            numbers.add(value == null ? BigDecimal.ZERO : value);
          }
          cells.add(new Cell(values, numbers));
        }
      }
      return cells;
    }
  }
}
