package app.sukoyaka.municipality.figures;

import app.sukoyaka.checkup.CheckupsRecorded;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.immunization.ChildSchedules;
import app.sukoyaka.immunization.VaccinationsRecorded;
import app.sukoyaka.municipality.DashboardList;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each municipality's figures counted. A count reads every figure from one snapshot of the
 * rows and replaces the municipality's cells in one transaction ({@link FigureComputations}); the
 * children's vaccination forecasts are made once a day for the whole municipality ({@link
 * ForecastSnapshot}). Counts happen:
 *
 * <ul>
 *   <li>when records of the municipality's families arrive: the checkup and immunization packages
 *       publish an event in the storing transaction; this listener only notes the ids (nothing is
 *       written in the clinic's transaction), and the next tick brings those children's forecasts
 *       up to date at once and asks for a count, made at most every {@code min-interval};
 *   <li>when staff open the dashboard and the figures are from an earlier day or older than {@code
 *       max-age}, and when staff ask;
 *   <li>every day for municipalities whose staff used the dashboard lately.
 * </ul>
 *
 * <p>Cluster-safe: the municipality's {@code dashboard_refresh} row is claimed by one instance at a
 * time (a lease covers an instance that stopped).
 */
@Singleton
public class FigureRefresher {
  private static final Logger LOG = LoggerFactory.getLogger(FigureRefresher.class);

  private final FigureComputations computations;
  private final ForecastSnapshot snapshot;
  private final FigureStore store;
  private final List<DashboardList> lists;
  private final DataSource dataSource;
  private final FamilyService families;
  private final ChildSchedules schedules;
  private final RefreshConfiguration config;
  private final Clock clock;
  private final String instance;
  private final Timer forecastBatch;
  private final Timer counting;
  private final Set<UUID> recordedChildren = ConcurrentHashMap.newKeySet();
  private final Set<UUID> recordedCheckups = ConcurrentHashMap.newKeySet();

  FigureRefresher(
      FigureComputations computations,
      ForecastSnapshot snapshot,
      FigureStore store,
      List<DashboardList> lists,
      DataSource dataSource,
      FamilyService families,
      ChildSchedules schedules,
      RefreshConfiguration config,
      Clock clock,
      MeterRegistry meters) {
    this.computations = computations;
    this.forecastBatch =
        Timer.builder("sukoyaka.forecast.batch")
            .description("The day's forecasts of a municipality's children (the dashboard's count)")
            .register(meters);
    this.counting =
        Timer.builder("sukoyaka.dashboard.count")
            .description("One count of a municipality's figures, forecasts included")
            .register(meters);
    this.snapshot = snapshot;
    this.store = store;
    this.lists = List.copyOf(lists);
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    this.families = families;
    this.schedules = schedules;
    this.config = config;
    this.clock = clock;
    this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
  }

  // --- what changed ------------------------------------------------------------------------

  @EventListener
  void onVaccinations(VaccinationsRecorded event) {
    recordedChildren.addAll(event.childIds());
  }

  @EventListener
  void onCheckups(CheckupsRecorded event) {
    recordedCheckups.addAll(event.encounterIds());
  }

  /**
   * Staff opened the dashboard: keeps the municipality counted every day, and asks for a count when
   * its figures are missing, from an earlier day or older than the maximum age.
   */
  public void viewed(UUID municipalityId) {
    store.viewed(municipalityId);
    Optional<FigureStore.State> state = store.state(municipalityId);
    Instant now = clock.instant();
    boolean stale =
        state.isEmpty()
            || state.get().asOf() == null
            || state.get().asOf().isBefore(LocalDate.now(clock))
            || state.get().computedAt().isBefore(now.minus(config.maxAge()));
    if (stale) {
      store.request(municipalityId, "view");
    }
  }

  // --- the timer ---------------------------------------------------------------------------

  @Scheduled(
      fixedDelay = "${sukoyaka.dashboard.refresh.tick:15s}",
      initialDelay = "${sukoyaka.dashboard.refresh.initial-delay:20s}")
  void tick() {
    if (!config.enabled()) {
      return;
    }
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.warn("Counting the dashboard's figures failed; the next tick tries again", e);
    }
  }

  /**
   * One round of the timer: forecasts of children with new doses, requests for municipalities with
   * new records or of a new day, then every count that is due and this instance can claim.
   *
   * @return the municipalities counted
   */
  public List<UUID> runOnce() {
    LocalDate today = LocalDate.now(clock);
    noteRecorded(today);
    requestDaily(today);
    List<UUID> counted = new ArrayList<>();
    for (UUID municipality : due()) {
      if (refresh(municipality, today)) {
        counted.add(municipality);
      }
    }
    return counted;
  }

  /**
   * Counts the municipality's figures now, waiting for a count another instance runs to end; for
   * staff who ask, tests and the benchmark.
   */
  public void refreshNow(UUID municipalityId, String by) {
    store.request(municipalityId, by);
    LocalDate today = LocalDate.now(clock);
    Instant deadline = clock.instant().plus(config.lease());
    while (!refresh(municipalityId, today)) {
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException("Another count of " + municipalityId + " did not end");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    store
        .state(municipalityId)
        .filter(state -> "failed".equals(state.status()))
        .ifPresent(
            state -> {
              throw new IllegalStateException("Counting failed: " + state.error());
            });
  }

  private void noteRecorded(LocalDate today) {
    Set<UUID> children = drain(recordedChildren);
    Set<UUID> checkups = drain(recordedCheckups);
    if (children.isEmpty() && checkups.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      Map<UUID, List<UUID>> childrenByMunicipality = new HashMap<>();
      Map<UUID, LocalDate> forecastDays = new HashMap<>();
      Set<UUID> municipalities = new HashSet<>();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT c.id, c.municipality_id, r.forecast_as_of FROM child c"
                  + " JOIN dashboard_refresh r ON r.municipality_id = c.municipality_id"
                  + " WHERE c.id = ANY (?)")) {
        statement.setArray(1, connection.createArrayOf("uuid", children.toArray()));
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            UUID municipality = rs.getObject(2, UUID.class);
            municipalities.add(municipality);
            childrenByMunicipality
                .computeIfAbsent(municipality, m -> new ArrayList<>())
                .add(rs.getObject(1, UUID.class));
            forecastDays.put(municipality, rs.getObject(3, LocalDate.class));
          }
        }
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT DISTINCT e.municipality_id FROM checkup_encounter e"
                  + " JOIN dashboard_refresh r ON r.municipality_id = e.municipality_id"
                  + " WHERE e.id = ANY (?)")) {
        statement.setArray(1, connection.createArrayOf("uuid", checkups.toArray()));
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            municipalities.add(rs.getObject(1, UUID.class));
          }
        }
      }
      // The forecasts of a municipality counted today follow each new dose at once; one not yet
      // counted today is forecast whole by its next count.
      for (Map.Entry<UUID, List<UUID>> entry : childrenByMunicipality.entrySet()) {
        if (today.equals(forecastDays.get(entry.getKey()))) {
          reforecast(connection, entry.getKey(), entry.getValue(), today);
        }
      }
      for (UUID municipality : municipalities) {
        store.request(municipality, "records");
      }
    } catch (SQLException | RuntimeException e) {
      // Noted again so that the next tick tries; the daily count covers them anyway.
      recordedChildren.addAll(children);
      recordedCheckups.addAll(checkups);
      LOG.warn("Noting newly recorded children and checkups failed", e);
    }
  }

  private void reforecast(
      Connection connection, UUID municipalityId, List<UUID> childIds, LocalDate today)
      throws SQLException {
    List<ForecastSnapshot.ChildStatus> statuses = new ArrayList<>();
    for (UUID childId : childIds) {
      Optional<Child> child = families.child(childId);
      if (child.isPresent() && !child.get().birthDate().isAfter(today)) {
        statuses.add(ForecastSnapshot.of(childId, schedules.of(child.get(), today).forecast()));
      }
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      snapshot.replaceChildren(connection, municipalityId, today, statuses);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * Children of the municipality the day's forecasts do not have yet (a birth registered, a family
   * that moved in since the morning): forecast one by one, so the figures always cover every child.
   */
  private void forecastNewcomers(UUID municipalityId, LocalDate today) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      List<UUID> missing = new ArrayList<>();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT c.id FROM child c WHERE c.municipality_id = ? AND c.birth_date <= ?"
                  + " AND NOT EXISTS (SELECT 1 FROM dashboard_child_forecast f"
                  + " WHERE f.child_id = c.id AND f.municipality_id = c.municipality_id"
                  + " AND f.as_of = ?)")) {
        statement.setObject(1, municipalityId);
        statement.setDate(2, Date.valueOf(today));
        statement.setDate(3, Date.valueOf(today));
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            missing.add(rs.getObject(1, UUID.class));
          }
        }
      }
      reforecast(connection, municipalityId, missing, today);
    }
  }

  private static Set<UUID> drain(Set<UUID> ids) {
    Set<UUID> drained = new HashSet<>();
    for (UUID id : ids) {
      if (ids.remove(id)) {
        drained.add(id);
      }
    }
    return drained;
  }

  /** A new day: municipalities whose staff used the dashboard lately are counted again. */
  private void requestDaily(LocalDate today) {
    Instant now = clock.instant();
    update(
        "UPDATE dashboard_refresh SET requested_at = ?, requested_by = 'daily'"
            + " WHERE requested_at IS NULL AND (as_of IS NULL OR as_of < ?)"
            + " AND last_viewed_at >= ?",
        Timestamp.from(now),
        Date.valueOf(today),
        Timestamp.from(now.minus(config.keepCountingFor())));
  }

  /** Municipalities with a count asked for and none in the last minimum interval, oldest first. */
  private List<UUID> due() {
    Instant now = clock.instant();
    List<UUID> due = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT municipality_id FROM dashboard_refresh WHERE requested_at IS NOT NULL"
                    + " AND (status <> 'running' OR heartbeat_at < ?)"
                    + " AND (finished_at IS NULL OR finished_at <= ? OR as_of IS NULL)"
                    + " ORDER BY requested_at LIMIT 20")) {
      statement.setTimestamp(1, Timestamp.from(now.minus(config.lease())));
      statement.setTimestamp(2, Timestamp.from(now.minus(config.minInterval())));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          due.add(rs.getObject(1, UUID.class));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading the counts due failed", e);
    }
    return due;
  }

  /**
   * Counts one municipality if this instance can claim it.
   *
   * @return false when another instance holds the claim
   */
  boolean refresh(UUID municipalityId, LocalDate today) {
    Instant started = clock.instant();
    Optional<LocalDate> forecastDay = claim(municipalityId, started);
    if (forecastDay == null) {
      return false;
    }
    long began = System.nanoTime();
    try {
      LocalDate forecastAsOf = forecastDay.orElse(null);
      if (!today.equals(forecastAsOf)) {
        long forecastStarted = System.nanoTime();
        snapshot.replaceMunicipality(municipalityId, today);
        forecastBatch.record(System.nanoTime() - forecastStarted, TimeUnit.NANOSECONDS);
        forecastAsOf = today;
      } else {
        forecastNewcomers(municipalityId, today);
      }
      Map<String, Map<String, Long>> workLists = workListCounts(municipalityId, today);
      Instant computedAt = count(municipalityId, today, workLists);
      counting.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
      finish(
          municipalityId,
          started,
          today,
          computedAt,
          forecastAsOf,
          (int) ((System.nanoTime() - began) / 1_000_000),
          null);
      return true;
    } catch (SQLException | RuntimeException | Error e) {
      // Also an OutOfMemoryError: the claim must not stay running until its lease is over.
      LOG.warn("Counting the figures of municipality {} failed", municipalityId, e);
      finish(
          municipalityId,
          started,
          null,
          null,
          null,
          (int) ((System.nanoTime() - began) / 1_000_000),
          String.valueOf(e.getMessage()));
      return true;
    }
  }

  /** The work lists' items by status, from the lists themselves. */
  Map<String, Map<String, Long>> workListCounts(UUID municipalityId, LocalDate today) {
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (DashboardList list : lists) {
      if (list.workList()) {
        counts.put(list.id(), list.countsByStatus(municipalityId, today));
      }
    }
    return counts;
  }

  private Instant count(
      UUID municipalityId, LocalDate today, Map<String, Map<String, Long>> workLists)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      int isolation = connection.getTransactionIsolation();
      connection.setAutoCommit(false);
      // One snapshot for every figure; the cells replace the old ones in the same transaction, so
      // a page reads either all old or all new figures.
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        Instant computedAt;
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT statement_timestamp()");
            ResultSet rs = statement.executeQuery()) {
          rs.next();
          computedAt = rs.getTimestamp(1).toInstant();
        }
        Map<String, List<Cell>> cells =
            computations.compute(connection, municipalityId, today, (m, d) -> workLists);
        FigureStore.replace(connection, municipalityId, cells);
        connection.commit();
        return computedAt;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setTransactionIsolation(isolation);
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  /**
   * Claims the municipality's count: the row exists (a request made it) and no live count holds it.
   *
   * @return the day of its current forecasts (empty when none), or null when not claimed
   */
  private Optional<LocalDate> claim(UUID municipalityId, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "UPDATE dashboard_refresh SET status = 'running', instance = ?, started_at = ?,"
                    + " heartbeat_at = ?, finished_at = NULL, error = NULL"
                    + " WHERE municipality_id = ? AND (status <> 'running' OR heartbeat_at < ?)"
                    + " RETURNING forecast_as_of")) {
      statement.setString(1, instance);
      statement.setTimestamp(2, Timestamp.from(now));
      statement.setTimestamp(3, Timestamp.from(now));
      statement.setObject(4, municipalityId);
      statement.setTimestamp(5, Timestamp.from(now.minus(config.lease())));
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return Optional.ofNullable(rs.getObject(1, LocalDate.class));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Claiming the count of " + municipalityId + " failed", e);
    }
  }

  /**
   * Ends the count: a success records the day and snapshot, and clears the request unless one came
   * in while counting; a failure keeps the last good cells and the request (the next tick after the
   * minimum interval tries again).
   */
  private void finish(
      UUID municipalityId,
      Instant started,
      LocalDate asOf,
      Instant computedAt,
      LocalDate forecastAsOf,
      int durationMs,
      String error) {
    Instant now = clock.instant();
    if (error == null) {
      update(
          "UPDATE dashboard_refresh SET status = 'idle', finished_at = ?, heartbeat_at = ?,"
              + " as_of = ?, computed_at = ?, forecast_as_of = ?, duration_ms = ?,"
              + " definitions_version = ?, error = NULL, requested_at = CASE WHEN requested_at"
              + " <= ? THEN NULL ELSE requested_at END WHERE municipality_id = ? AND instance = ?",
          Timestamp.from(now),
          Timestamp.from(now),
          Date.valueOf(asOf),
          Timestamp.from(computedAt),
          Date.valueOf(forecastAsOf),
          durationMs,
          computations.definitions().version(),
          Timestamp.from(started),
          municipalityId,
          instance);
    } else {
      update(
          "UPDATE dashboard_refresh SET status = 'failed', finished_at = ?, heartbeat_at = ?,"
              + " duration_ms = ?, error = ? WHERE municipality_id = ? AND instance = ?",
          Timestamp.from(now),
          Timestamp.from(now),
          durationMs,
          error.length() > 1000 ? error.substring(0, 1000) : error,
          municipalityId,
          instance);
    }
  }

  private void update(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** For tests: the lease's length, so a test can wait no longer. */
  Duration lease() {
    return config.lease();
  }
}
