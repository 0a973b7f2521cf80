package app.sukoyaka.municipality.figures;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.family.FamilyService;
import app.sukoyaka.immunization.ChildSchedules;
import app.sukoyaka.immunization.StoredForecastBatch;
import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.municipality.synthetic.SyntheticPopulation;
import app.sukoyaka.notice.reminder.ReminderRules;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineSeries;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's figures are kept as cells counted by SQL; this test counts every figure again, in
 * plain Java, from the rows themselves (and the vaccination statuses from each child's own
 * schedule, not the batch), and requires every cell to be equal — for a municipality of a few
 * hundred made-up families with edge cases added by hand, and again after a dose is recorded
 * through the API and the forecasts follow it.
 */
class FigureRecomputationIT {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static Personas.Municipality city;
  private static Personas.Municipality elsewhere;
  private static LocalDate today;

  @BeforeAll
  static void municipalityWithFamilies() throws SQLException {
    city = Personas.municipality();
    elsewhere = Personas.municipality();
    today = LocalDate.now(JAPAN);
    try (Connection connection = Db.connect()) {
      connection.setAutoCommit(false);
      SyntheticPopulation.load(connection, city.id(), city.code(), 350, today, 0.17);
      // A neighbouring municipality in the same database: none of its rows may count here.
      SyntheticPopulation.load(connection, elsewhere.id(), elsewhere.code(), 80, today, -0.3);
      connection.commit();
    }
    // Edge cases the generator does not make: a guardian's unconfirmed entry, a retracted and a
    // rejected record (none of them counts), a work item already contacted.
    Db.update(
        "INSERT INTO immunization_record (id, municipality_id, child_id, occurrence_date,"
            + " vaccine_system, vaccine_code, vaccine_kind, dose_label, routine, source,"
            + " verification, recorded_by_role, recorded_by, recorded_at, updated_at)"
            + " SELECT gen_random_uuid(), municipality_id, id, birth_date + 200,"
            + " 'https://sukoyaka.app/fhir/CodeSystem/vaccine-kind', 'BCG', 'BCG', '1', true,"
            + " 'parent', 'unverified', 'guardian', 'g', now(), now() FROM child"
            + " WHERE municipality_id = ? AND birth_date < now() - interval '1 year' LIMIT 5",
        city.id());
    Db.update(
        "UPDATE immunization_record SET status = 'entered-in-error', retracted_by = 'c',"
            + " retracted_at = now() WHERE id IN (SELECT id FROM immunization_record"
            + " WHERE municipality_id = ? AND vaccine_kind = 'MR' LIMIT 7)",
        city.id());
    Db.update(
        "UPDATE immunization_record SET verification = 'rejected', verified_by = 's',"
            + " verified_at = now(), verification_reason = 'wrong date' WHERE id IN (SELECT id"
            + " FROM immunization_record WHERE municipality_id = ? AND vaccine_kind = 'PCV'"
            + " AND status = 'completed' LIMIT 4)",
        city.id());
    Db.update(
        "INSERT INTO dashboard_work_item (municipality_id, list_id, item_key, status,"
            + " updated_by, updated_at) SELECT e.municipality_id, 'epds-high', e.id::text,"
            + " 'contacted', 'staff:x', now() FROM checkup_encounter e JOIN checkup_finding f"
            + " ON f.encounter_id = e.id WHERE e.municipality_id = ? AND f.item_code ="
            + " 'epds-total-score' AND f.integer_value >= 9 LIMIT 1",
        city.id());
  }

  @Test
  void everyListReadPageByPageHoldsTheRowsOfTheWholeListAndItsTotal() {
    Collection<app.sukoyaka.municipality.DashboardList> lists =
        TestService.server()
            .getApplicationContext()
            .getBeansOfType(app.sukoyaka.municipality.DashboardList.class);
    assertThat(lists).isNotEmpty();
    for (app.sukoyaka.municipality.DashboardList list : lists) {
      Map<String, String> filters = new java.util.LinkedHashMap<>();
      list.filters().stream()
          .filter(f -> f.defaultValue() != null)
          .forEach(f -> filters.put(f.key(), f.defaultValue()));
      List<String> whole = new ArrayList<>();
      list.forEach(
          new app.sukoyaka.municipality.ListQuery(
              city.id(), today, filters, list.defaultSort(), 0, 1),
          row -> whole.add(row.itemKey()));
      List<String> paged = new ArrayList<>();
      int size = 7;
      for (int offset = 0; ; offset += size) {
        app.sukoyaka.municipality.ListPage page =
            list.page(
                new app.sukoyaka.municipality.ListQuery(
                    city.id(), today, filters, list.defaultSort(), offset, size));
        assertThat(page.total())
            .as(list.id() + " total at offset " + offset)
            .isEqualTo(whole.size());
        page.rows().forEach(row -> paged.add(row.itemKey()));
        if (page.rows().size() < size) {
          break;
        }
      }
      assertThat(paged).as(list.id()).isEqualTo(whole);
    }
  }

  @Test
  void everyFigureEqualsItsRecountFromTheRows() throws SQLException {
    TestService.bean(FigureRefresher.class).refreshNow(city.id(), "test");
    assertCellsEqualRecount();
  }

  @Test
  void aDoseRecordedThroughTheApiReachesTheForecastsAndTheFiguresStillEqualTheRecount()
      throws SQLException {
    FigureRefresher refresher = TestService.bean(FigureRefresher.class);
    refresher.refreshNow(city.id(), "test");
    Personas.FamilyWithInfant infant = Personas.infantBornOn(city, today.minusMonths(7));
    refresher.refreshNow(city.id(), "test");
    assertThat(statuses(infant.childId())).contains("BCG:due");

    Http.Response recorded =
        Http.postJson(
            "/api/v1/children/" + infant.childId() + "/immunizations",
            Tokens.staff(Personas.staffOf(city)),
            "{\"vaccine\":{\"kind\":\"BCG\"},\"date\":\"" + today + "\",\"routine\":true}");
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    // The next tick brings the child's forecast up to date at once (the figures follow with the
    // next count of the municipality).
    refresher.runOnce();
    assertThat(statuses(infant.childId())).contains("BCG:complete");

    refresher.refreshNow(city.id(), "test");
    assertCellsEqualRecount();
  }

  private static List<String> statuses(UUID childId) throws SQLException {
    try (Connection c = Db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT statuses FROM dashboard_child_forecast WHERE child_id = ?")) {
      s.setObject(1, childId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Arrays.asList((String[]) rs.getArray(1).getArray()) : List.of();
      }
    }
  }

  private void assertCellsEqualRecount() throws SQLException {
    Map<String, List<Cell>> stored =
        TestService.bean(FigureStore.class).cells(city.id(), List.of());
    Map<String, Map<List<String>, List<BigDecimal>>> expected = new Recount().all();
    assertThat(expected.keySet())
        .containsExactlyInAnyOrderElementsOf(FigureDefinitions.load().figures().keySet());
    for (Map.Entry<String, Map<List<String>, List<BigDecimal>>> figure : expected.entrySet()) {
      Map<List<String>, List<BigDecimal>> actual = new TreeMap<>(Recount.ORDER);
      for (Cell cell : stored.getOrDefault(figure.getKey(), List.of())) {
        actual.put(cell.dims(), normalise(cell.measures()));
      }
      Map<List<String>, List<BigDecimal>> wanted = new TreeMap<>(Recount.ORDER);
      figure.getValue().forEach((k, v) -> wanted.put(k, normalise(v)));
      assertThat(actual).as(figure.getKey()).isEqualTo(wanted);
      assertThat(wanted).as(figure.getKey() + " has cells").isNotEmpty();
    }
  }

  private static List<BigDecimal> normalise(List<BigDecimal> values) {
    return values.stream()
        .map(v -> v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros())
        .toList();
  }

  /** The figures counted again in Java, from the rows as they are. */
  private static final class Recount {
    static final java.util.Comparator<List<String>> ORDER =
        (a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b));

    private final FigureDefinitions definitions = FigureDefinitions.load();
    private final FigureDefinitions.Parameters p = definitions.parameters();
    private final Map<String, Map<List<String>, List<BigDecimal>>> figures = new TreeMap<>();

    record Child(UUID id, LocalDate birth, int cohort, String area, boolean app) {}

    record Encounter(
        UUID id,
        UUID child,
        UUID pregnancy,
        UUID municipality,
        String kind,
        LocalDate visit,
        boolean electronic,
        Instant recorded) {}

    record Finding(UUID encounter, String item, String code, Boolean flag, Integer number) {}

    record Dose(
        UUID record,
        UUID child,
        UUID municipality,
        LocalDate date,
        boolean routine,
        boolean completed,
        String verification,
        String source,
        Instant recorded,
        List<String[]> credits) {}

    private final Map<UUID, Child> children = new java.util.LinkedHashMap<>();
    private final List<Encounter> encounters = new ArrayList<>();
    private final Map<UUID, List<Finding>> findings = new HashMap<>();
    private final List<Dose> doses = new ArrayList<>();

    Map<String, Map<List<String>, List<BigDecimal>>> all() throws SQLException {
      try (Connection c = Db.connect()) {
        load(c);
        attendance();
        visitsByMonth();
        coverage();
        vaccineStatus();
        workLists(c);
        prenatalGap(c);
        notices(c);
        registration(c);
        prescreening(c);
        visitToRecord();
      }
      return figures;
    }

    private void add(String figure, List<String> dims, long... measures) {
      List<BigDecimal> values = new ArrayList<>();
      for (long m : measures) {
        values.add(BigDecimal.valueOf(m));
      }
      figures.computeIfAbsent(figure, f -> new TreeMap<>(ORDER)).put(dims, values);
    }

    private void count(String figure, List<String> dims, int measures, int index) {
      Map<List<String>, List<BigDecimal>> cells =
          figures.computeIfAbsent(figure, f -> new TreeMap<>(ORDER));
      List<BigDecimal> values =
          cells.computeIfAbsent(
              dims, d -> new ArrayList<>(java.util.Collections.nCopies(measures, BigDecimal.ZERO)));
      values.set(index, values.get(index).add(BigDecimal.ONE));
    }

    private static int cohort(LocalDate day) {
      return day.minusMonths(3).getYear();
    }

    private int firstCohort(int years) {
      return cohort(today) - years + 1;
    }

    private LocalDate trendStart() {
      return today.withDayOfMonth(1).minusMonths(p.trendMonths() - 1L);
    }

    private static String month(LocalDate day) {
      return day.toString().substring(0, 7);
    }

    private static <T> List<T> rows(Connection c, String sql, RowReader<T> reader, Object... args)
        throws SQLException {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          s.setObject(i + 1, args[i]);
        }
        List<T> found = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            found.add(reader.read(rs));
          }
        }
        return found;
      }
    }

    interface RowReader<T> {
      T read(ResultSet rs) throws SQLException;
    }

    private void load(Connection c) throws SQLException {
      record Guardian(UUID child, boolean mother, String person, String area, boolean login) {}
      List<Guardian> guardians =
          rows(
              c,
              "SELECT g.child_id, g.relationship = 'mother', g.person_id::text, p.area_code,"
                  + " p.login_subject IS NOT NULL FROM guardianship g JOIN person p"
                  + " ON p.id = g.person_id JOIN child c ON c.id = g.child_id"
                  + " WHERE c.municipality_id = ?",
              rs ->
                  new Guardian(
                      rs.getObject(1, UUID.class),
                      rs.getBoolean(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getBoolean(5)),
              city.id());
      Map<UUID, List<Guardian>> byChild = new HashMap<>();
      guardians.forEach(g -> byChild.computeIfAbsent(g.child(), k -> new ArrayList<>()).add(g));
      for (Object[] row :
          rows(
              c,
              "SELECT id, birth_date FROM child WHERE municipality_id = ? AND birth_date <= ?",
              rs -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class)},
              city.id(),
              today)) {
        UUID id = (UUID) row[0];
        LocalDate birth = (LocalDate) row[1];
        List<Guardian> gs = byChild.getOrDefault(id, List.of());
        // The mother's area first, then by the person's id as PostgreSQL orders uuids.
        String area =
            gs.stream()
                .filter(g -> g.area() != null)
                .sorted(
                    java.util.Comparator.comparing((Guardian g) -> !g.mother())
                        .thenComparing(Guardian::person))
                .map(Guardian::area)
                .findFirst()
                .orElse("");
        children.put(
            id, new Child(id, birth, cohort(birth), area, gs.stream().anyMatch(Guardian::login)));
      }
      encounters.addAll(
          rows(
              c,
              "SELECT e.id, e.child_id, e.pregnancy_id, e.municipality_id, e.kind, e.visit_date,"
                  + " e.submission_id IS NOT NULL, e.recorded_at FROM checkup_encounter e"
                  + " WHERE e.municipality_id = ? OR e.child_id IN (SELECT id FROM child"
                  + " WHERE municipality_id = ?) OR e.pregnancy_id IN (SELECT id FROM pregnancy"
                  + " WHERE municipality_id = ?)",
              rs ->
                  new Encounter(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getObject(3, UUID.class),
                      rs.getObject(4, UUID.class),
                      rs.getString(5),
                      rs.getObject(6, LocalDate.class),
                      rs.getBoolean(7),
                      rs.getTimestamp(8).toInstant()),
              city.id(),
              city.id(),
              city.id()));
      Set<UUID> ids = new HashSet<>();
      encounters.forEach(e -> ids.add(e.id()));
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT encounter_id, item_code, code_value, boolean_value, integer_value"
                  + " FROM checkup_finding WHERE encounter_id = ANY (?)"
                  + " AND status <> 'entered-in-error'")) {
        s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            findings
                .computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                .add(
                    new Finding(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        (Boolean) rs.getObject(4),
                        (Integer) rs.getObject(5)));
          }
        }
      }
      Map<UUID, List<String[]>> credits = new HashMap<>();
      for (Object[] row :
          rows(
              c,
              "SELECT cr.record_id, cr.vaccine, cr.dose_label FROM immunization_credit cr"
                  + " JOIN immunization_record r ON r.id = cr.record_id"
                  + " WHERE r.municipality_id = ? OR r.child_id IN (SELECT id FROM child"
                  + " WHERE municipality_id = ?)",
              rs -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)},
              city.id(),
              city.id())) {
        credits
            .computeIfAbsent((UUID) row[0], k -> new ArrayList<>())
            .add(new String[] {(String) row[1], (String) row[2]});
      }
      doses.addAll(
          rows(
              c,
              "SELECT id, child_id, municipality_id, occurrence_date, routine,"
                  + " status = 'completed', verification, source, recorded_at"
                  + " FROM immunization_record WHERE municipality_id = ? OR child_id IN"
                  + " (SELECT id FROM child WHERE municipality_id = ?)",
              rs ->
                  new Dose(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      rs.getObject(3, UUID.class),
                      rs.getObject(4, LocalDate.class),
                      rs.getBoolean(5),
                      rs.getBoolean(6),
                      rs.getString(7),
                      rs.getString(8),
                      rs.getTimestamp(9).toInstant(),
                      credits.getOrDefault(rs.getObject(1, UUID.class), List.of())),
              city.id(),
              city.id()));
    }

    private void attendance() {
      int first = firstCohort(p.attendanceCohortYears());
      for (CheckupWindows.Window w : CheckupWindows.load().windows()) {
        Set<UUID> attended = new HashSet<>();
        encounters.stream()
            .filter(e -> e.child() != null && e.kind().equals(w.kind()))
            .forEach(e -> attended.add(e.child()));
        for (Child child : children.values()) {
          if (child.cohort() < first || w.reached(child.birth()).isAfter(today)) {
            continue;
          }
          List<String> dims = List.of(w.kind(), Integer.toString(child.cohort()), child.area());
          if (attended.contains(child.id())) {
            count("checkup-attendance", dims, 2, 0);
          }
          count("checkup-attendance", dims, 2, 1);
        }
      }
    }

    private void visitsByMonth() {
      for (Encounter e : encounters) {
        if (city.id().equals(e.municipality())
            && !e.visit().isBefore(trendStart())
            && !e.visit().isAfter(today)) {
          count("checkup-visits-monthly", List.of(e.kind(), month(e.visit())), 1, 0);
        }
      }
    }

    /** Each child's first counting record of each dose. */
    private Map<List<String>, LocalDate> countingDoses() {
      Map<List<String>, LocalDate> first = new HashMap<>();
      for (Dose d : doses) {
        if (d.child() == null
            || !children.containsKey(d.child())
            || !d.routine()
            || !d.completed()
            || !d.verification().equals("verified")
            || d.date().isAfter(today)) {
          continue;
        }
        for (String[] credit : d.credits()) {
          if (credit[1] == null) {
            continue;
          }
          first.merge(
              List.of(d.child().toString(), credit[0], credit[1]),
              d.date(),
              (a, b) -> a.isBefore(b) ? a : b);
        }
      }
      return first;
    }

    private void coverage() {
      Map<List<String>, LocalDate> given = countingDoses();
      int first = firstCohort(p.coverageCohortYears());
      for (VaccineSeries series : TestService.bean(VaccineCatalog.class).series()) {
        for (String dose : series.doseLabels()) {
          for (Child child : children.values()) {
            if (child.cohort() < first) {
              continue;
            }
            String cohort = Integer.toString(child.cohort());
            LocalDate date = given.get(List.of(child.id().toString(), series.id(), dose));
            List<String> dims = List.of(series.id(), dose, cohort);
            touch("vaccination-coverage", dims, 2);
            if (date != null) {
              count("vaccination-coverage", dims, 2, 0);
            }
            count("vaccination-coverage", dims, 2, 1);
            for (int age : p.coverageAgeMonths()) {
              LocalDate reached = child.birth().plusMonths(age);
              if (reached.isAfter(today)) {
                continue;
              }
              List<String> byAge = List.of(series.id(), dose, cohort, Integer.toString(age));
              touch("vaccination-coverage-by-age", byAge, 2);
              if (date != null && date.isBefore(reached)) {
                count("vaccination-coverage-by-age", byAge, 2, 0);
              }
              count("vaccination-coverage-by-age", byAge, 2, 1);
            }
          }
        }
      }
    }

    private void touch(String figure, List<String> dims, int measures) {
      figures
          .computeIfAbsent(figure, f -> new TreeMap<>(ORDER))
          .computeIfAbsent(
              dims, d -> new ArrayList<>(java.util.Collections.nCopies(measures, BigDecimal.ZERO)));
    }

    /** By each child's own schedule (the handbook's), not the batch the figures were made with. */
    private void vaccineStatus() {
      FamilyService families = TestService.bean(FamilyService.class);
      ChildSchedules schedules = TestService.bean(ChildSchedules.class);
      Map<List<String>, Long> counts = new HashMap<>();
      for (Child child : children.values()) {
        Map<String, Status> statuses =
            StoredForecastBatch.statuses(
                schedules.of(families.child(child.id()).orElseThrow(), today).forecast());
        Set<String> any = new HashSet<>();
        statuses.forEach(
            (vaccine, status) -> {
              counts.merge(List.of(vaccine, status.code()), 1L, Long::sum);
              any.add(status.code());
            });
        any.forEach(status -> counts.merge(List.of("ANY", status), 1L, Long::sum));
      }
      counts.forEach((dims, n) -> add("vaccine-status", dims, n, children.size()));
    }

    private void workLists(Connection c) throws SQLException {
      Map<String, Map<String, String>> statuses = new HashMap<>();
      for (Object[] row :
          rows(
              c,
              "SELECT list_id, item_key, status FROM dashboard_work_item WHERE municipality_id = ?",
              rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3)},
              city.id())) {
        statuses
            .computeIfAbsent((String) row[0], k -> new HashMap<>())
            .put((String) row[1], (String) row[2]);
      }
      Map<String, List<String>> items = new TreeMap<>();
      items.put("detailed-examination-open", detailedExaminations());
      items.put("hearing-refer", hearingRefers());
      items.put("epds-high", epds(c));
      items.put("observation-recheck", observations());
      items.put("prenatal-gap", prenatalGapItems(c));
      for (Map.Entry<String, List<String>> list : items.entrySet()) {
        Map<String, Long> byStatus = new HashMap<>();
        for (String item : list.getValue()) {
          byStatus.merge(
              statuses.getOrDefault(list.getKey(), Map.of()).getOrDefault(item, "open"),
              1L,
              Long::sum);
        }
        for (FigureDefinitions.Status status : definitions.statuses()) {
          add(
              "follow-up-work",
              List.of(list.getKey(), status.code()),
              byStatus.getOrDefault(status.code(), 0L));
        }
      }
    }

    private List<Encounter> childCheckups() {
      return encounters.stream()
          .filter(e -> e.child() != null && children.containsKey(e.child()))
          .toList();
    }

    private List<String> detailedExaminations() {
      ReminderRules.Kind rules =
          TestService.bean(ReminderRules.class)
              .kind(ReminderRules.CHECKUP_FOLLOW_UP, today)
              .orElseThrow();
      List<String> open = new ArrayList<>();
      for (Encounter e1 : childCheckups()) {
        boolean triggered =
            findings.getOrDefault(e1.id(), List.of()).stream()
                .anyMatch(
                    f ->
                        rules.triggers().stream()
                            .anyMatch(
                                t ->
                                    t.item().equals(f.item())
                                        && (t.code() != null
                                            ? t.code().equals(f.code())
                                            : t.flag().equals(f.flag()))));
        if (!triggered) {
          continue;
        }
        boolean resolved =
            encounters.stream()
                .filter(
                    e2 ->
                        e1.child().equals(e2.child())
                            && e2.kind().equals(e1.kind())
                            && !e2.visit().isBefore(e1.visit()))
                .flatMap(e2 -> findings.getOrDefault(e2.id(), List.of()).stream())
                .anyMatch(
                    f ->
                        rules.resolvedBy().stream()
                            .anyMatch(
                                r ->
                                    r.item().equals(f.item())
                                        && (f.code() == null
                                            || !r.exceptCodes().contains(f.code()))));
        if (!resolved) {
          open.add(e1.id().toString());
        }
      }
      return open;
    }

    private List<String> hearingRefers() {
      List<String> refer = new ArrayList<>();
      Map<UUID, Map<Integer, Boolean>> stages = new HashMap<>();
      for (Encounter e : encounters) {
        if (e.child() == null || !children.containsKey(e.child())) {
          continue;
        }
        for (Finding f : findings.getOrDefault(e.id(), List.of())) {
          for (int s = 0; s < p.hearingStages().size(); s++) {
            if (p.hearingStages().get(s).contains(f.item())) {
              stages
                  .computeIfAbsent(e.child(), k -> new TreeMap<>())
                  .merge(s, p.hearingReferCode().equals(f.code()), Boolean::logicalOr);
            }
          }
        }
      }
      stages.forEach(
          (child, byStage) -> {
            boolean latest = ((TreeMap<Integer, Boolean>) byStage).lastEntry().getValue();
            if (latest) {
              refer.add(child.toString());
            }
          });
      return refer;
    }

    private List<String> epds(Connection c) throws SQLException {
      Set<UUID> pregnancies =
          new HashSet<>(
              rows(
                  c,
                  "SELECT id FROM pregnancy WHERE municipality_id = ?",
                  rs -> rs.getObject(1, UUID.class),
                  city.id()));
      List<String> high = new ArrayList<>();
      for (Encounter e : encounters) {
        if (e.pregnancy() == null || !pregnancies.contains(e.pregnancy())) {
          continue;
        }
        boolean flagged =
            findings.getOrDefault(e.id(), List.of()).stream()
                .anyMatch(
                    f ->
                        (f.item().equals("epds-total-score")
                                && f.number() != null
                                && f.number() >= p.epdsThreshold())
                            || (p.epdsItem10Flags()
                                && f.item().equals("epds-item-10")
                                && f.number() != null
                                && f.number() > 0));
        if (flagged) {
          high.add(e.id().toString());
        }
      }
      return high;
    }

    private List<String> observations() {
      List<String> due = new ArrayList<>();
      for (Encounter e1 : childCheckups()) {
        boolean observation =
            findings.getOrDefault(e1.id(), List.of()).stream()
                .anyMatch(
                    f ->
                        p.observationItems().contains(f.item())
                            && p.observationCode().equals(f.code()));
        boolean later =
            encounters.stream()
                .anyMatch(e2 -> e1.child().equals(e2.child()) && e2.visit().isAfter(e1.visit()));
        if (observation
            && !later
            && !e1.visit().plusDays(p.observationRecheckDays()).isAfter(today)) {
          due.add(e1.id().toString());
        }
      }
      return due;
    }

    record Pregnancy(UUID id, String band, int maxDays, LocalDate since, boolean registered) {}

    private List<Pregnancy> activePregnancies(Connection c) throws SQLException {
      List<Pregnancy> found = new ArrayList<>();
      for (Object[] row :
          rows(
              c,
              "SELECT p.id, p.expected_delivery_date, p.handbook_issued_on, p.created_at"
                  + " FROM pregnancy p WHERE p.municipality_id = ? AND p.status = 'active'"
                  + " AND p.expected_delivery_date IS NOT NULL",
              rs ->
                  new Object[] {
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, LocalDate.class),
                    rs.getObject(3, LocalDate.class),
                    rs.getTimestamp(4).toInstant()
                  },
              city.id())) {
        UUID id = (UUID) row[0];
        LocalDate edd = (LocalDate) row[1];
        long days = 280 - ChronoUnit.DAYS.between(today, edd);
        int week = (int) Math.floor(days / 7.0);
        LocalDate last =
            encounters.stream()
                .filter(
                    e ->
                        id.equals(e.pregnancy())
                            && e.kind().equals("prenatal")
                            && !e.visit().isAfter(today))
                .map(Encounter::visit)
                .max(LocalDate::compareTo)
                .orElse(null);
        LocalDate since =
            last != null
                ? last
                : row[2] != null
                    ? (LocalDate) row[2]
                    : ((Instant) row[3]).atZone(JAPAN).toLocalDate();
        for (FigureDefinitions.PrenatalGap gap : p.prenatalGaps()) {
          if (week >= gap.fromWeek() && week <= gap.toWeek()) {
            found.add(new Pregnancy(id, gap.band(), gap.maxDays(), since, false));
          }
        }
      }
      return found;
    }

    private List<String> prenatalGapItems(Connection c) throws SQLException {
      return activePregnancies(c).stream()
          .filter(pr -> ChronoUnit.DAYS.between(pr.since(), today) > pr.maxDays())
          .map(pr -> pr.id().toString())
          .toList();
    }

    private void prenatalGap(Connection c) throws SQLException {
      for (Pregnancy pr : activePregnancies(c)) {
        List<String> dims = List.of(pr.band());
        if (ChronoUnit.DAYS.between(pr.since(), today) > pr.maxDays()) {
          count("prenatal-gap", dims, 2, 0);
        }
        count("prenatal-gap", dims, 2, 1);
      }
    }

    private void notices(Connection c) throws SQLException {
      Instant start = trendStart().atStartOfDay(JAPAN).toInstant();
      for (Object[] row :
          rows(
              c,
              "SELECT n.sent_at, n.question IS NOT NULL, d.channel, d.read_at IS NOT NULL,"
                  + " EXISTS (SELECT 1 FROM notice_reply r WHERE r.notice_id = d.notice_id"
                  + " AND r.person_id = d.person_id AND r.superseded_at IS NULL)"
                  + " FROM notice n JOIN notice_delivery d ON d.notice_id = n.id"
                  + " WHERE n.municipality_id = ? AND n.status = 'sent'",
              rs ->
                  new Object[] {
                    rs.getTimestamp(1).toInstant(),
                    rs.getBoolean(2),
                    rs.getString(3),
                    rs.getBoolean(4),
                    rs.getBoolean(5)
                  },
              city.id())) {
        Instant sent = (Instant) row[0];
        if (sent.isBefore(start)) {
          continue;
        }
        List<String> dims = List.of(month(sent.atZone(JAPAN).toLocalDate()));
        boolean online = row[2].equals("online");
        count("notice-delivery", dims, 5, 0);
        if (online) {
          count("notice-delivery", dims, 5, 1);
        }
        if ((Boolean) row[3]) {
          count("notice-delivery", dims, 5, 2);
        }
        if (online && (Boolean) row[1]) {
          count("notice-delivery", dims, 5, 3);
        }
        if ((Boolean) row[4]) {
          count("notice-delivery", dims, 5, 4);
        }
      }
    }

    private void registration(Connection c) throws SQLException {
      for (Child child : children.values()) {
        if (child.birth().isAfter(today.minusYears(p.registrationChildYears()))) {
          List<String> dims = List.of("child", Integer.toString(child.cohort()));
          if (child.app()) {
            count("app-registration", dims, 2, 0);
          }
          count("app-registration", dims, 2, 1);
        }
      }
      for (Boolean registered :
          rows(
              c,
              "SELECT pe.login_subject IS NOT NULL OR EXISTS (SELECT 1 FROM pregnancy_share s"
                  + " JOIN person sp ON sp.id = s.person_id WHERE s.pregnancy_id = p.id"
                  + " AND sp.login_subject IS NOT NULL) FROM pregnancy p JOIN person pe"
                  + " ON pe.id = p.person_id WHERE p.municipality_id = ? AND p.status = 'active'",
              rs -> rs.getBoolean(1),
              city.id())) {
        if (registered) {
          count("app-registration", List.of("pregnancy", ""), 2, 0);
        }
        count("app-registration", List.of("pregnancy", ""), 2, 1);
      }
    }

    private void prescreening(Connection c) throws SQLException {
      Map<List<String>, List<LocalDate>> planned = new HashMap<>();
      for (Object[] row :
          rows(
              c,
              "SELECT child_id, vaccine, planned_date FROM prescreening WHERE child_id IN"
                  + " (SELECT id FROM child WHERE municipality_id = ?)",
              rs ->
                  new Object[] {
                    rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, LocalDate.class)
                  },
              city.id())) {
        planned
            .computeIfAbsent(List.of(row[0].toString(), (String) row[1]), k -> new ArrayList<>())
            .add((LocalDate) row[2]);
      }
      Instant start = trendStart().atStartOfDay(JAPAN).toInstant();
      for (Dose d : doses) {
        if (!city.id().equals(d.municipality())
            || d.child() == null
            || !d.source().equals("clinic")
            || !d.routine()
            || !d.completed()
            || d.recorded().isBefore(start)
            || d.date().isBefore(trendStart())
            || d.date().isAfter(today)) {
          continue;
        }
        boolean with =
            d.credits().stream()
                .anyMatch(
                    credit ->
                        planned
                            .getOrDefault(List.of(d.child().toString(), credit[0]), List.of())
                            .stream()
                            .anyMatch(
                                day ->
                                    !day.isBefore(d.date().minusDays(p.prescreeningWindowDays()))
                                        && !day.isAfter(d.date())));
        List<String> dims = List.of(month(d.date()));
        if (with) {
          count("digital-prescreening", dims, 2, 0);
        }
        count("digital-prescreening", dims, 2, 1);
      }
    }

    private void visitToRecord() {
      Map<List<String>, List<Long>> days = new HashMap<>();
      Instant start = trendStart().atStartOfDay(JAPAN).toInstant();
      for (Encounter e : encounters) {
        if (city.id().equals(e.municipality())
            && !e.visit().isBefore(trendStart())
            && !e.visit().isAfter(today)) {
          days.computeIfAbsent(
                  List.of("checkup", e.electronic() ? "electronic" : "manual", month(e.visit())),
                  k -> new ArrayList<>())
              .add(ChronoUnit.DAYS.between(e.visit(), e.recorded().atZone(JAPAN).toLocalDate()));
        }
      }
      for (Dose d : doses) {
        if (city.id().equals(d.municipality())
            && List.of("clinic", "municipal", "transfer").contains(d.source())
            && d.completed()
            && !d.recorded().isBefore(start)
            && !d.date().isBefore(trendStart())
            && !d.date().isAfter(today)) {
          days.computeIfAbsent(
                  List.of(
                      "vaccination",
                      d.source().equals("clinic") ? "electronic" : "manual",
                      month(d.date())),
                  k -> new ArrayList<>())
              .add(ChronoUnit.DAYS.between(d.date(), d.recorded().atZone(JAPAN).toLocalDate()));
        }
      }
      days.forEach(
          (dims, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            figures
                .computeIfAbsent("visit-to-record", f -> new TreeMap<>(ORDER))
                .put(
                    dims,
                    List.of(
                        BigDecimal.valueOf(sorted.size()),
                        percentile(sorted, 0.5),
                        percentile(sorted, 0.9)));
          });
    }

    /** Linear interpolation between the closest ranks, as percentile_cont. */
    private static BigDecimal percentile(List<Long> sorted, double fraction) {
      double position = fraction * (sorted.size() - 1);
      int low = (int) Math.floor(position);
      int high = (int) Math.ceil(position);
      double value = sorted.get(low) + (position - low) * (sorted.get(high) - sorted.get(low));
      return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
  }
}
