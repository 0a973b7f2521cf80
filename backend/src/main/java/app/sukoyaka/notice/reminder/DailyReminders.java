package app.sukoyaka.notice.reminder;

import app.sukoyaka.immunization.StoredForecastBatch;
import app.sukoyaka.immunization.schedule.Recommendation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily reminder run of a municipality: settles the reminders whose event happened, then turns
 * the forecast of every child ({@link StoredForecastBatch}: all children of the municipality in one
 * pass on one snapshot), the children's checkups, the pregnancies' 妊婦健診 visits and the 要精密
 * referrals without a result into reminders for each recipient, with their pushes, in transactions
 * of a few hundred reminders each.
 *
 * <p>Cluster-safe: a run is claimed by inserting its {@code reminder_run} row (municipality, day);
 * an instance that finds the row leaves the day alone, so each municipality is run once a day
 * however many instances tick. A run whose instance stopped (no heartbeat for the lease) or that
 * failed is taken over by the next tick; a run taken over repeats nothing, since every reminder is
 * written once per recipient and event.
 */
@Singleton
public class DailyReminders {
  private static final Logger LOG = LoggerFactory.getLogger(DailyReminders.class);

  /** Planned reminders written per transaction. */
  static final int FLUSH = 400;

  private static final long HEARTBEAT_MILLIS = 30_000;

  private final JdbcOperations jdbc;
  private final TransactionOperations<Connection> transactions;
  private final StoredForecastBatch batch;
  private final ReminderPlanner planner;
  private final ReminderStore store;
  private final ReminderResolutions resolutions;
  private final MunicipalReminderSettings municipalSettings;
  private final ReminderConfiguration configuration;
  private final Clock clock;
  private final String instance;

  DailyReminders(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      StoredForecastBatch batch,
      ReminderPlanner planner,
      ReminderStore store,
      ReminderResolutions resolutions,
      MunicipalReminderSettings municipalSettings,
      ReminderConfiguration configuration,
      Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.batch = batch;
    this.planner = planner;
    this.store = store;
    this.resolutions = resolutions;
    this.municipalSettings = municipalSettings;
    this.configuration = configuration;
    this.clock = clock;
    this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
  }

  /** Who holds the claims this instance makes. */
  String instance() {
    return instance;
  }

  /**
   * A run as recorded.
   *
   * @param startedBy {@code schedule}, or the staff member who asked for it
   */
  public record Run(
      UUID municipalityId,
      LocalDate runDate,
      String status,
      String startedBy,
      int attempts,
      Instant startedAt,
      @Nullable Instant finishedAt,
      @Nullable Integer children,
      @Nullable Integer pregnancies,
      @Nullable Integer remindersCreated,
      @Nullable Integer pushesQueued,
      @Nullable Integer remindersResolved,
      @Nullable Integer pushesWithdrawn,
      @Nullable String error) {}

  /**
   * Runs the day for every municipality this instance can claim, one after the other; a failing
   * municipality is recorded as failed and does not stop the others.
   *
   * @return the runs this instance made
   */
  public List<Run> runAll(LocalDate day, String startedBy) {
    List<UUID> municipalities =
        transactions.executeRead(
            status ->
                jdbc.prepareStatement(
                    "SELECT id FROM municipality ORDER BY code",
                    statement -> {
                      List<UUID> ids = new ArrayList<>();
                      try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                          ids.add(rs.getObject(1, UUID.class));
                        }
                      }
                      return ids;
                    }));
    return runAll(day, startedBy, municipalities);
  }

  /** Runs the day for each of these municipalities this instance can claim, in this order. */
  public List<Run> runAll(LocalDate day, String startedBy, List<UUID> municipalities) {
    List<Run> runs = new ArrayList<>();
    for (UUID municipality : municipalities) {
      try {
        run(municipality, day, startedBy).ifPresent(runs::add);
      } catch (RuntimeException e) {
        // Recorded as failed by run(); the next tick tries again.
        LOG.error("Reminder run of municipality {} for {} failed", municipality, day, e);
      }
    }
    return runs;
  }

  /**
   * Runs the day for one municipality if this instance can claim it.
   *
   * @return the finished run, or empty when another run holds the day (running or done)
   * @throws IllegalArgumentException when the day is after today
   */
  public Optional<Run> run(UUID municipalityId, LocalDate day, String startedBy) {
    LocalDate today = LocalDate.now(clock);
    if (day.isAfter(today)) {
      throw new IllegalArgumentException("The run day " + day + " is after today " + today);
    }
    if (!claim(municipalityId, day, startedBy)) {
      return Optional.empty();
    }
    Progress progress = new Progress(municipalityId, day);
    try {
      work(municipalityId, day, progress);
      transactions.executeWrite(
          status ->
              jdbc.prepareStatement(
                  "UPDATE reminder_run SET status = 'done', finished_at = ?, heartbeat_at = ?,"
                      + " children = ?, pregnancies = ?, reminders_created = ?,"
                      + " pushes_queued = ?, reminders_resolved = ?, pushes_withdrawn = ?"
                      + " WHERE municipality_id = ? AND run_date = ? AND instance = ?",
                  statement -> {
                    Timestamp now = Timestamp.from(clock.instant());
                    statement.setTimestamp(1, now);
                    statement.setTimestamp(2, now);
                    statement.setInt(3, (int) progress.children);
                    statement.setInt(4, (int) progress.pregnancies);
                    statement.setInt(5, progress.created.intValue());
                    statement.setInt(6, progress.pushes.intValue());
                    statement.setInt(7, progress.resolved.intValue());
                    statement.setInt(8, progress.withdrawn.intValue());
                    statement.setObject(9, municipalityId);
                    statement.setDate(10, Date.valueOf(day));
                    statement.setString(11, instance);
                    return statement.executeUpdate();
                  }));
    } catch (RuntimeException e) {
      fail(municipalityId, day, e);
      throw e;
    }
    return find(municipalityId, day);
  }

  /** The recorded run of a municipality's day. */
  public Optional<Run> find(UUID municipalityId, LocalDate day) {
    List<Run> found = runs(municipalityId, day, 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The municipality's latest runs, newest day first (only the day's, when one is given). */
  public List<Run> runs(UUID municipalityId, @Nullable LocalDate day, int limit) {
    return transactions.executeRead(
        status ->
            jdbc.prepareStatement(
                "SELECT municipality_id, run_date, status, started_by, attempts, started_at,"
                    + " finished_at, children, pregnancies, reminders_created, pushes_queued,"
                    + " reminders_resolved, pushes_withdrawn, error FROM reminder_run"
                    + " WHERE municipality_id = ?"
                    + (day == null ? "" : " AND run_date = ?")
                    + " ORDER BY run_date DESC LIMIT ?",
                statement -> {
                  int i = 1;
                  statement.setObject(i++, municipalityId);
                  if (day != null) {
                    statement.setDate(i++, Date.valueOf(day));
                  }
                  statement.setInt(i, limit);
                  List<Run> runs = new ArrayList<>();
                  try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                      Timestamp finished = rs.getTimestamp(7);
                      runs.add(
                          new Run(
                              rs.getObject(1, UUID.class),
                              rs.getObject(2, LocalDate.class),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getInt(5),
                              rs.getTimestamp(6).toInstant(),
                              finished == null ? null : finished.toInstant(),
                              (Integer) rs.getObject(8),
                              (Integer) rs.getObject(9),
                              (Integer) rs.getObject(10),
                              (Integer) rs.getObject(11),
                              (Integer) rs.getObject(12),
                              (Integer) rs.getObject(13),
                              rs.getString(14)));
                    }
                  }
                  return runs;
                }));
  }

  // --- Claiming ---------------------------------------------------------------------------

  /**
   * Claims the day: inserts its row, or takes over a failed run or one whose instance has not
   * reported for the lease. One statement each, so two instances cannot both succeed.
   */
  boolean claim(UUID municipalityId, LocalDate day, String startedBy) {
    Instant now = clock.instant();
    return transactions.executeWrite(
        status -> {
          int inserted =
              jdbc.prepareStatement(
                  "INSERT INTO reminder_run (municipality_id, run_date, status, started_by,"
                      + " instance, started_at, heartbeat_at) VALUES (?, ?, 'running', ?, ?, ?, ?)"
                      + " ON CONFLICT (municipality_id, run_date) DO NOTHING",
                  statement -> {
                    statement.setObject(1, municipalityId);
                    statement.setDate(2, Date.valueOf(day));
                    statement.setString(3, startedBy);
                    statement.setString(4, instance);
                    statement.setTimestamp(5, Timestamp.from(now));
                    statement.setTimestamp(6, Timestamp.from(now));
                    return statement.executeUpdate();
                  });
          if (inserted == 1) {
            return true;
          }
          int taken =
              jdbc.prepareStatement(
                  "UPDATE reminder_run SET status = 'running', started_by = ?, instance = ?,"
                      + " attempts = attempts + 1, started_at = ?, heartbeat_at = ?,"
                      + " finished_at = NULL, error = NULL WHERE municipality_id = ?"
                      + " AND run_date = ? AND (status = 'failed'"
                      + " OR (status = 'running' AND heartbeat_at < ?))",
                  statement -> {
                    statement.setString(1, startedBy);
                    statement.setString(2, instance);
                    statement.setTimestamp(3, Timestamp.from(now));
                    statement.setTimestamp(4, Timestamp.from(now));
                    statement.setObject(5, municipalityId);
                    statement.setDate(6, Date.valueOf(day));
                    statement.setTimestamp(7, Timestamp.from(now.minus(configuration.lease())));
                    return statement.executeUpdate();
                  });
          return taken == 1;
        });
  }

  private void fail(UUID municipalityId, LocalDate day, RuntimeException failure) {
    try {
      transactions.executeWrite(
          status ->
              jdbc.prepareStatement(
                  "UPDATE reminder_run SET status = 'failed', finished_at = ?, error = ?"
                      + " WHERE municipality_id = ? AND run_date = ? AND instance = ?",
                  statement -> {
                    statement.setTimestamp(1, Timestamp.from(clock.instant()));
                    String message = String.valueOf(failure.getMessage());
                    statement.setString(
                        2, message.length() > 2000 ? message.substring(0, 2000) : message);
                    statement.setObject(3, municipalityId);
                    statement.setDate(4, Date.valueOf(day));
                    statement.setString(5, instance);
                    return statement.executeUpdate();
                  }));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  // --- The work ---------------------------------------------------------------------------

  /** Counts and the heartbeat of one run; written to from the batch's threads. */
  private final class Progress {
    final UUID municipalityId;
    final LocalDate day;
    final LongAdder created = new LongAdder();
    final LongAdder pushes = new LongAdder();
    final LongAdder resolved = new LongAdder();
    final LongAdder withdrawn = new LongAdder();
    final AtomicLong lastBeat = new AtomicLong(System.currentTimeMillis());
    long children;
    long pregnancies;

    Progress(UUID municipalityId, LocalDate day) {
      this.municipalityId = municipalityId;
      this.day = day;
    }

    void written(ReminderStore.Written written) {
      created.add(written.created());
      pushes.add(written.pushes());
    }

    void resolved(ReminderStore.Resolved done) {
      resolved.add(done.reminders());
      withdrawn.add(done.pushesWithdrawn());
    }

    /** Reports that this instance still works on the run, at most every half minute. */
    void beat() {
      long now = System.currentTimeMillis();
      long last = lastBeat.get();
      if (now - last < HEARTBEAT_MILLIS || !lastBeat.compareAndSet(last, now)) {
        return;
      }
      jdbc.prepareStatement(
          "UPDATE reminder_run SET heartbeat_at = ? WHERE municipality_id = ? AND run_date = ?"
              + " AND instance = ?",
          statement -> {
            statement.setTimestamp(1, Timestamp.from(clock.instant()));
            statement.setObject(2, municipalityId);
            statement.setDate(3, Date.valueOf(day));
            statement.setString(4, instance);
            return statement.executeUpdate();
          });
    }
  }

  private void work(UUID municipalityId, LocalDate day, Progress progress) {
    Instant now = clock.instant();
    // First what happened since the last run: attended checkups, ended pregnancies, results.
    ReminderStore.Resolved settled =
        transactions.executeWrite(status -> resolutions.settleMunicipality(municipalityId, now));
    progress.resolved(settled);
    Map<PlannedReminder.Event, ReminderStore.Last> known = store.known(municipalityId, day);
    Writer writer = new Writer(progress, known);

    // Vaccinations: every child's forecast on the day, read in one pass.
    Map<UUID, List<ReminderStore.OpenDose>> openDoses = store.openDoses(municipalityId, null);
    progress.children =
        batch.forEachForecast(
            municipalityId,
            day,
            child -> {
              List<Recommendation> recommendations = child.forecast().forecast().recommendations();
              List<ReminderStore.OpenDose> open = openDoses.get(child.childId());
              writer.add(
                  planner.vaccines(child.childId(), recommendations, day),
                  open == null ? null : ReminderResolutions.settle(open, recommendations));
            });
    writer.flush();

    // The passes below read in a transaction of their own and write once it is over, so that no
    // write waits on a read transaction (nor joins it).
    List<PlannedReminder> collected = new ArrayList<>();

    // Infant and child checkups the municipality runs, for children young enough.
    List<String> runs = municipalSettings.of(municipalityId).infantCheckups();
    int months = planner.infantCheckupMonths(day);
    if (!runs.isEmpty() && months > 0) {
      transactions.executeRead(
          status ->
              jdbc.prepareStatement(
                  "SELECT c.id, c.birth_date, ARRAY(SELECT DISTINCT e.kind FROM checkup_encounter e"
                      + " WHERE e.child_id = c.id AND e.kind = ANY (?)) FROM child c"
                      + " WHERE c.municipality_id = ? AND c.birth_date > ? AND c.birth_date <= ?",
                  statement -> {
                    statement.setArray(1, ReminderStore.texts(statement.getConnection(), runs));
                    statement.setObject(2, municipalityId);
                    statement.setDate(3, Date.valueOf(day.minusMonths(months)));
                    statement.setDate(4, Date.valueOf(day));
                    statement.setFetchSize(StoredForecastBatch.FETCH_SIZE);
                    try (ResultSet rs = statement.executeQuery()) {
                      while (rs.next()) {
                        Array attended = rs.getArray(3);
                        collected.addAll(
                            planner.infantCheckups(
                                rs.getObject(1, UUID.class),
                                rs.getObject(2, LocalDate.class),
                                Set.of((String[]) attended.getArray()),
                                runs,
                                day));
                      }
                    }
                    return null;
                  }));
      writeAll(writer, collected);
    }

    // 妊婦健診 visits of the active pregnancies.
    progress.pregnancies =
        transactions.executeRead(
            status ->
                jdbc.prepareStatement(
                    "SELECT p.id, p.expected_delivery_date, ARRAY(SELECT e.visit_date"
                        + " FROM checkup_encounter e WHERE e.pregnancy_id = p.id AND e.kind = ?)"
                        + " FROM pregnancy p WHERE p.municipality_id = ? AND p.status = 'active'"
                        + " AND p.expected_delivery_date BETWEEN ? AND ?",
                    statement -> {
                      statement.setString(1, ReminderRulesFactory.PRENATAL_KIND);
                      statement.setObject(2, municipalityId);
                      // Pregnancies whose schedule of visits is near or under way on the day.
                      statement.setDate(3, Date.valueOf(day.minusDays(60)));
                      statement.setDate(4, Date.valueOf(day.plusDays(300)));
                      statement.setFetchSize(StoredForecastBatch.FETCH_SIZE);
                      long pregnancies = 0;
                      try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                          pregnancies++;
                          List<LocalDate> visits = new ArrayList<>();
                          for (Object visit : (Object[]) rs.getArray(3).getArray()) {
                            visits.add(((java.sql.Date) visit).toLocalDate());
                          }
                          collected.addAll(
                              planner.prenatalCheckups(
                                  rs.getObject(1, UUID.class),
                                  rs.getObject(2, LocalDate.class),
                                  visits,
                                  day));
                        }
                      }
                      return pregnancies;
                    }));
    writeAll(writer, collected);

    // 要精密 referrals of the municipality's children without a result yet.
    Optional<ReminderRules.Kind> followUp =
        planner.rules().kind(ReminderRules.CHECKUP_FOLLOW_UP, day);
    if (followUp.isPresent()) {
      FollowUpSql.Condition trigger = FollowUpSql.trigger(followUp.get());
      FollowUpSql.Condition result = FollowUpSql.resultRecorded(followUp.get());
      transactions.executeRead(
          status ->
              jdbc.prepareStatement(
                  "SELECT e1.id, e1.child_id, e1.kind, e1.visit_date FROM checkup_encounter e1"
                      + " JOIN child c ON c.id = e1.child_id WHERE c.municipality_id = ?"
                      + " AND e1.visit_date BETWEEN ? AND ?"
                      + " AND EXISTS (SELECT 1 FROM checkup_finding f WHERE f.encounter_id = e1.id"
                      + " AND "
                      + trigger.sql()
                      + ") AND NOT "
                      + result.sql(),
                  statement -> {
                    statement.setObject(1, municipalityId);
                    statement.setDate(
                        2, Date.valueOf(day.minusDays(planner.followUpSpanDays(day))));
                    statement.setDate(3, Date.valueOf(day.minusDays(followUp.get().afterDays())));
                    int next = trigger.bind(statement, 4);
                    result.bind(statement, next);
                    try (ResultSet rs = statement.executeQuery()) {
                      while (rs.next()) {
                        planner
                            .followUp(
                                rs.getObject(2, UUID.class),
                                rs.getObject(1, UUID.class),
                                rs.getString(3),
                                rs.getObject(4, LocalDate.class),
                                day)
                            .ifPresent(collected::add);
                      }
                    }
                    return null;
                  }));
      writeAll(writer, collected);
    }
  }

  /** Writes what a pass collected, a few hundred at a time, and empties the list. */
  private static void writeAll(Writer writer, List<PlannedReminder> collected) {
    for (int from = 0; from < collected.size(); from += FLUSH) {
      writer.add(collected.subList(from, Math.min(collected.size(), from + FLUSH)), null);
    }
    collected.clear();
    writer.flush();
  }

  /**
   * Collects planned reminders and settled doses from the batch's threads and writes them a few
   * hundred at a time, each in a transaction of its own (on the thread that filled the buffer), so
   * that writing overlaps reading.
   */
  private final class Writer {
    private final Progress progress;
    private final Map<PlannedReminder.Event, ReminderStore.Last> known;
    private final Map<String, Optional<ReminderRules.Kind>> kinds = new HashMap<>();
    private List<PlannedReminder> planned = new ArrayList<>();
    private List<UUID> done = new ArrayList<>();
    private List<UUID> noLongerDue = new ArrayList<>();

    Writer(Progress progress, Map<PlannedReminder.Event, ReminderStore.Last> known) {
      this.progress = progress;
      this.known = known;
    }

    /**
     * The reminder to write for a planned one, if any: the event's first, or its next when the last
     * was made at least the kind's interval ago and the kind allows another. Counting from the
     * reminder actually made, a family first reminded late is not reminded again the next day.
     */
    private Optional<PlannedReminder> next(PlannedReminder reminder) {
      ReminderStore.Last last = known.get(reminder.event());
      if (last == null) {
        return Optional.of(reminder.withOccurrence(1));
      }
      Optional<ReminderRules.Kind> kind =
          kinds.computeIfAbsent(reminder.kind(), k -> planner.rules().kind(k, progress.day));
      if (kind.isEmpty()
          || last.occurrence() >= kind.get().repeat().times()
          || progress.day.isBefore(last.runDate().plusDays(kind.get().repeat().everyDays()))) {
        return Optional.empty();
      }
      return Optional.of(reminder.withOccurrence(last.occurrence() + 1));
    }

    void add(List<PlannedReminder> reminders, ReminderResolutions.Settled settled) {
      List<PlannedReminder> writeNow = null;
      List<UUID> doneNow = null;
      List<UUID> goneNow = null;
      synchronized (this) {
        for (PlannedReminder reminder : reminders) {
          next(reminder).ifPresent(planned::add);
        }
        if (settled != null) {
          done.addAll(settled.done());
          noLongerDue.addAll(settled.noLongerDue());
        }
        if (planned.size() + done.size() + noLongerDue.size() >= FLUSH) {
          writeNow = planned;
          doneNow = done;
          goneNow = noLongerDue;
          planned = new ArrayList<>();
          done = new ArrayList<>();
          noLongerDue = new ArrayList<>();
        }
      }
      if (writeNow != null) {
        write(writeNow, doneNow, goneNow);
      }
    }

    void flush() {
      List<PlannedReminder> writeNow;
      List<UUID> doneNow;
      List<UUID> goneNow;
      synchronized (this) {
        writeNow = planned;
        doneNow = done;
        goneNow = noLongerDue;
        planned = new ArrayList<>();
        done = new ArrayList<>();
        noLongerDue = new ArrayList<>();
      }
      write(writeNow, doneNow, goneNow);
    }

    private void write(List<PlannedReminder> reminders, List<UUID> doneIds, List<UUID> goneIds) {
      if (reminders.isEmpty() && doneIds.isEmpty() && goneIds.isEmpty()) {
        return;
      }
      // A transaction of its own whatever the caller holds: each few hundred commit on their own,
      // and a run taken over after a failure finds them written.
      transactions.execute(
          TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW),
          status -> {
            Instant now = clock.instant();
            progress.resolved(store.resolve(new HashSet<>(doneIds), "done", now));
            progress.resolved(store.resolve(new HashSet<>(goneIds), "no-longer-due", now));
            progress.written(store.write(progress.municipalityId, reminders, progress.day, now));
            progress.beat();
            return null;
          });
    }
  }
}
