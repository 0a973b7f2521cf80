package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Status;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Forecasts for every stored child of a municipality (or of all of them) on one day: for reminders
 * and the municipal overdue list. One statement reads the children with their flags and the credits
 * of their records, ordered by child, through a server-side cursor (no statement per child); while
 * it streams, each child is forecast on a pool of one thread per core by the same code as {@link
 * ChildForecasts#forChild}, so a child's forecast here is the one its schedule shows.
 *
 * <p>Plain JDBC on a connection of its own, outside any transaction of the caller; no Micronaut
 * types, so that the benchmark runs the very same code against its own PostgreSQL.
 */
public final class StoredForecastBatch {
  /** Rows per round trip of the cursor: large enough that latency does not matter. */
  static final int FETCH_SIZE = 10_000;

  /** Children handed to a worker at a time. */
  private static final int CHUNK = 128;

  private final DataSource dataSource;
  private final ChildForecasts forecasts;
  private final Set<String> knownFlags;
  private final Clock clock;
  private final int threads;

  StoredForecastBatch(
      DataSource dataSource,
      ChildForecasts forecasts,
      RoutineSchedule schedule,
      Clock clock,
      int threads) {
    this.dataSource = dataSource;
    this.forecasts = forecasts;
    this.knownFlags = Set.copyOf(schedule.flags().keySet());
    this.clock = clock;
    this.threads = Math.max(1, threads);
  }

  /**
   * A batch outside the service, on a database of the service's schema (the benchmark). Forecasts
   * run on {@code threads} threads.
   */
  public static StoredForecastBatch standalone(DataSource dataSource, Clock clock, int threads) {
    ImmunizationForecasts engine = new ImmunizationForecasts(clock);
    return new StoredForecastBatch(
        dataSource, new ChildForecasts(null, engine), engine.schedule(), clock, threads);
  }

  /**
   * One child's forecast.
   *
   * @param flags the flags it was forecast with
   */
  public record ChildForecast(
      UUID childId,
      UUID municipalityId,
      LocalDate birthDate,
      String sex,
      Set<String> flags,
      StoredForecast forecast) {}

  /**
   * How many children are at each status, per vaccine: a vaccine's status is that of its open dose,
   * or {@code complete} when every dose of the series is given.
   */
  public record StatusCounts(long children, Map<String, Map<Status, Long>> byVaccine) {}

  /**
   * Forecasts every child of the municipality (null: of every municipality) born by {@code asOf},
   * and hands each forecast to the consumer.
   *
   * <p>The consumer is called from several threads at once and must be thread-safe; an exception it
   * throws stops the batch and is rethrown here.
   *
   * @return the number of children forecast
   * @throws IllegalArgumentException when {@code asOf} is after today in Japan
   */
  public long forEachForecast(
      UUID municipalityId, LocalDate asOf, Consumer<ChildForecast> consumer) {
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(consumer, "consumer");
    LocalDate today = LocalDate.now(clock);
    if (asOf.isAfter(today)) {
      throw new IllegalArgumentException("asOf " + asOf + " is after today (" + today + ")");
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "stored-forecast-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    // Bounds what is read ahead of the forecasts, so that memory stays small whatever the size.
    Semaphore slots = new Semaphore(threads * 4);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    LongAdder forecast = new LongAdder();
    try {
      read(
          municipalityId,
          asOf,
          chunk -> {
            acquire(slots);
            if (failure.get() != null) {
              slots.release();
              throw new BatchStopped();
            }
            pool.execute(
                () -> {
                  try {
                    for (ChildRows child : chunk) {
                      consumer.accept(forecast(child, asOf));
                      forecast.increment();
                    }
                  } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                  } finally {
                    slots.release();
                  }
                });
          });
    } catch (BatchStopped stopped) {
      // the worker's failure is rethrown below
    } finally {
      pool.shutdown();
      awaitTermination(pool);
    }
    Throwable failed = failure.get();
    if (failed instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failed instanceof Error error) {
      throw error;
    }
    if (failed != null) {
      throw new IllegalStateException(failed);
    }
    return forecast.sum();
  }

  /** The children of the municipality (null: of all) by status, per vaccine, on {@code asOf}. */
  public StatusCounts countByStatus(UUID municipalityId, LocalDate asOf) {
    Map<String, Map<Status, LongAdder>> counts = new ConcurrentHashMap<>();
    long children =
        forEachForecast(
            municipalityId,
            asOf,
            child -> {
              for (Map.Entry<String, Status> vaccine : statuses(child.forecast()).entrySet()) {
                counts
                    .computeIfAbsent(
                        vaccine.getKey(),
                        v -> {
                          Map<Status, LongAdder> byStatus = new EnumMap<>(Status.class);
                          for (Status status : Status.values()) {
                            byStatus.put(status, new LongAdder());
                          }
                          return byStatus;
                        })
                    .get(vaccine.getValue())
                    .increment();
              }
            });
    Map<String, Map<Status, Long>> result = new TreeMap<>();
    counts.forEach(
        (vaccine, byStatus) -> {
          Map<Status, Long> sums = new EnumMap<>(Status.class);
          byStatus.forEach(
              (status, count) -> {
                if (count.sum() > 0) {
                  sums.put(status, count.sum());
                }
              });
          result.put(vaccine, sums);
        });
    return new StatusCounts(children, result);
  }

  /**
   * Each vaccine's status in a forecast: that of the series' open dose (its last entry), or {@code
   * complete} when every dose is given.
   */
  public static Map<String, Status> statuses(StoredForecast forecast) {
    Map<String, Status> statuses = new TreeMap<>();
    for (Recommendation r : forecast.forecast().recommendations()) {
      // Entries come in series order, so the last one of a vaccine decides.
      statuses.put(r.vaccine(), r.status());
    }
    return statuses;
  }

  /**
   * The statement the batch runs: children born by the day, their current flags and the credits of
   * their current records up to the day, one row per credit (children without one: one row),
   * ordered by child, record and series. Parameters: the day twice, then the municipality when
   * {@code oneMunicipality}.
   */
  public static String query(boolean oneMunicipality) {
    return "SELECT c.id, c.municipality_id, c.birth_date, c.sex, f.flags,"
        + " r.id, r.occurrence_date, r.recorded_at, r.product, r.verification,"
        + " r.vaccine, r.dose_label"
        + " FROM child c"
        + " LEFT JOIN (SELECT child_id, array_agg(flag) AS flags FROM child_immunization_flag"
        + " WHERE cleared_at IS NULL GROUP BY child_id) f ON f.child_id = c.id"
        + " LEFT JOIN (SELECT r.child_id, r.id, r.occurrence_date, r.recorded_at, r.product,"
        + " r.verification, cr.vaccine, cr.dose_label"
        + " FROM immunization_record r JOIN immunization_credit cr ON cr.record_id = r.id"
        + " WHERE r.child_id IS NOT NULL AND r.status <> 'entered-in-error'"
        + " AND r.verification <> 'rejected' AND r.occurrence_date <= ?) r ON r.child_id = c.id"
        + " WHERE c.birth_date <= ?"
        + (oneMunicipality ? " AND c.municipality_id = ?" : "")
        + " ORDER BY c.id, r.id, r.vaccine";
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** One child's rows, as read. */
  private record ChildRows(
      UUID id,
      UUID municipalityId,
      LocalDate birthDate,
      String sex,
      Set<String> flags,
      List<ChildForecasts.RecordedDose> doses) {}

  private ChildForecast forecast(ChildRows child, LocalDate asOf) {
    StoredForecast forecast =
        forecasts.forDoses(child.doses(), child.birthDate(), child.sex(), child.flags(), asOf);
    return new ChildForecast(
        child.id(),
        child.municipalityId(),
        child.birthDate(),
        child.sex(),
        child.flags(),
        forecast);
  }

  /** Streams the rows and hands them on, a chunk of whole children at a time. */
  private void read(UUID municipalityId, LocalDate asOf, Consumer<List<ChildRows>> chunks) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      // PostgreSQL keeps a cursor (and fetches FETCH_SIZE rows at a time) only in a transaction.
      connection.setAutoCommit(false);
      try (PreparedStatement statement =
          connection.prepareStatement(query(municipalityId != null))) {
        statement.setFetchSize(FETCH_SIZE);
        statement.setDate(1, Date.valueOf(asOf));
        statement.setDate(2, Date.valueOf(asOf));
        if (municipalityId != null) {
          statement.setObject(3, municipalityId);
        }
        try (ResultSet rs = statement.executeQuery()) {
          group(rs, chunks);
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading the stored children failed", e);
    }
  }

  private void group(ResultSet rs, Consumer<List<ChildRows>> chunks) throws SQLException {
    List<ChildRows> chunk = new ArrayList<>(CHUNK);
    ChildBuilder child = null;
    while (rs.next()) {
      UUID childId = rs.getObject(1, UUID.class);
      if (child == null || !child.id.equals(childId)) {
        if (child != null) {
          chunk.add(child.build());
          if (chunk.size() == CHUNK) {
            chunks.accept(chunk);
            chunk = new ArrayList<>(CHUNK);
          }
        }
        child =
            new ChildBuilder(
                childId,
                rs.getObject(2, UUID.class),
                rs.getObject(3, LocalDate.class),
                rs.getString(4),
                flags(rs.getArray(5)));
      }
      UUID recordId = rs.getObject(6, UUID.class);
      if (recordId == null) {
        continue;
      }
      child.credit(
          recordId,
          rs.getObject(7, LocalDate.class),
          rs.getTimestamp(8),
          rs.getString(9),
          rs.getString(10),
          rs.getString(11),
          rs.getString(12));
    }
    if (child != null) {
      chunk.add(child.build());
    }
    if (!chunk.isEmpty()) {
      chunks.accept(chunk);
    }
  }

  /**
   * The child's flags the schedule knows, as {@link ImmunizationFlags#forecastFlags} keeps them.
   */
  private Set<String> flags(Array array) throws SQLException {
    if (array == null) {
      return Set.of();
    }
    Set<String> flags = new TreeSet<>();
    for (Object flag : (Object[]) array.getArray()) {
      if (knownFlags.contains((String) flag)) {
        flags.add((String) flag);
      }
    }
    return flags;
  }

  /** Collects one child's rows: consecutive rows of one record are its credits. */
  private static final class ChildBuilder {
    final UUID id;
    final UUID municipalityId;
    final LocalDate birthDate;
    final String sex;
    final Set<String> flags;
    final List<ChildForecasts.RecordedDose> doses = new ArrayList<>();
    UUID recordId;
    LocalDate date;
    Timestamp recordedAt;
    String product;
    String verification;
    List<ImmunizationRecord.Credit> credits;

    ChildBuilder(UUID id, UUID municipalityId, LocalDate birthDate, String sex, Set<String> flags) {
      this.id = id;
      this.municipalityId = municipalityId;
      this.birthDate = birthDate;
      this.sex = sex;
      this.flags = flags;
    }

    void credit(
        UUID record,
        LocalDate date,
        Timestamp recordedAt,
        String product,
        String verification,
        String vaccine,
        String doseLabel) {
      if (!record.equals(recordId)) {
        finishRecord();
        this.recordId = record;
        this.date = date;
        this.recordedAt = recordedAt;
        this.product = product;
        this.verification = verification;
        this.credits = new ArrayList<>(2);
      }
      credits.add(new ImmunizationRecord.Credit(vaccine, doseLabel));
    }

    private void finishRecord() {
      if (recordId != null) {
        doses.add(
            new ChildForecasts.RecordedDose(
                recordId,
                date,
                recordedAt.toInstant(),
                product,
                ImmunizationRecord.Verification.ofCode(verification),
                credits));
      }
    }

    ChildRows build() {
      finishRecord();
      recordId = null;
      return new ChildRows(id, municipalityId, birthDate, sex, flags, doses);
    }
  }

  private static final class BatchStopped extends RuntimeException {
    BatchStopped() {
      super(null, null, false, false);
    }
  }

  private static void acquire(Semaphore slots) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while forecasting stored children", e);
    }
  }

  private static void awaitTermination(ExecutorService pool) {
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // the last chunks are still being forecast
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
