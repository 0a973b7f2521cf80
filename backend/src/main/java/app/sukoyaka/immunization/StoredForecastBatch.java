package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Status;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
import org.postgresql.PGStatement;

/**
 * Forecasts for every stored child of a municipality (or of all of them) on one day: for reminders
 * and the municipal overdue list. One pass over the data: the children, their records and the
 * records' credits are each streamed in child order through a server-side cursor (no statement per
 * child; see {@link Statement}), on connections of their own that share one snapshot, and merged by
 * child; while they stream, each child is forecast on a pool of one thread per core by the same
 * code as {@link ChildForecasts#forChild}, so a child's forecast here is the one its schedule
 * shows.
 *
 * <p>Plain JDBC outside any transaction of the caller (three connections while it runs); no
 * Micronaut types, so that the benchmark runs the very same code against its own PostgreSQL.
 */
public final class StoredForecastBatch {
  /** Rows per round trip of the cursor: large enough that latency does not matter. */
  public static final int FETCH_SIZE = 10_000;

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
   * The statements the batch runs, each prepared and bound on the connection given: the current
   * flags of the children; the children born by the day, by id; their current records up to the
   * day, by child and record; the credits of their records, by child and record. The last three are
   * ordered as an index is (the children's primary key, {@code immunization_record_forecast} and
   * {@code immunization_credit_forecast}, which hold every column read), so PostgreSQL streams them
   * without sorting or joining millions of rows, and the batch merges them by child. For one
   * municipality, records and credits are those of its children (also those recorded while a child
   * lived elsewhere).
   */
  public enum Statement {
    FLAGS,
    CHILDREN,
    RECORDS,
    CREDITS;

    /**
     * @param municipalityId the municipality, or null for all
     */
    public PreparedStatement prepare(Connection connection, UUID municipalityId, LocalDate asOf)
        throws SQLException {
      boolean one = municipalityId != null;
      String ofChildren =
          " JOIN child c ON c.id = %s.child_id AND c.birth_date <= ? AND c.municipality_id = ?";
      String sql =
          switch (this) {
            case FLAGS ->
                "SELECT f.child_id, f.flag FROM child_immunization_flag f"
                    + (one ? " JOIN child c ON c.id = f.child_id AND c.municipality_id = ?" : "")
                    + " WHERE f.cleared_at IS NULL";
            case CHILDREN ->
                "SELECT c.id, c.municipality_id, c.birth_date, c.sex FROM child c"
                    + " WHERE c.birth_date <= ?"
                    + (one ? " AND c.municipality_id = ?" : "")
                    + " ORDER BY c.id";
            case RECORDS ->
                "SELECT r.child_id, r.id, r.occurrence_date, r.recorded_at, r.product,"
                    + " r.verification = 'unverified' FROM immunization_record r"
                    + (one ? ofChildren.formatted("r") : "")
                    + " WHERE r.child_id IS NOT NULL AND r.status <> 'entered-in-error'"
                    + " AND r.verification <> 'rejected' AND r.occurrence_date <= ?"
                    + " ORDER BY r.child_id, r.id";
            case CREDITS ->
                "SELECT cr.child_id, cr.record_id, cr.vaccine, cr.dose_label"
                    + " FROM immunization_credit cr"
                    + (one ? ofChildren.formatted("cr") : "")
                    + " WHERE cr.child_id IS NOT NULL ORDER BY cr.child_id, cr.record_id";
          };
      PreparedStatement statement = connection.prepareStatement(sql);
      try {
        // Parameters in the order the SQL above names them.
        List<Object> parameters = new ArrayList<>();
        if (this != FLAGS && (one || this == CHILDREN)) {
          parameters.add(Date.valueOf(asOf));
        }
        if (one) {
          parameters.add(municipalityId);
        }
        if (this == RECORDS) {
          parameters.add(Date.valueOf(asOf));
        }
        for (int i = 0; i < parameters.size(); i++) {
          statement.setObject(i + 1, parameters.get(i));
        }
        StoredForecastBatch.prepare(statement);
        return statement;
      } catch (SQLException e) {
        statement.close();
        throw e;
      }
    }
  }

  /**
   * Fetches {@link #FETCH_SIZE} rows per round trip and asks for binary results: ids, dates and
   * times then arrive as bytes instead of text to parse, which is most of the cost of reading
   * millions of rows.
   */
  static void prepare(PreparedStatement statement) throws SQLException {
    statement.setFetchSize(FETCH_SIZE);
    if (statement.isWrapperFor(PGStatement.class)) {
      // A negative threshold is pgjdbc's switch for binary results from the first execution.
      statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
    }
  }

  /**
   * Orders ids as PostgreSQL orders {@code uuid} (bytewise, unsigned), which {@link UUID#compareTo}
   * does not.
   */
  static int compare(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
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

  /**
   * Streams the rows and hands them on, a chunk of whole children at a time. Records and credits
   * are read and decoded ahead on connections and threads of their own, so that PostgreSQL produces
   * the next rows while these are decoded and merged; all three connections read one snapshot of
   * the database, exported by the first.
   */
  private void read(UUID municipalityId, LocalDate asOf, Consumer<List<ChildRows>> chunks) {
    try (Connection main = dataSource.getConnection();
        Connection recordConnection = dataSource.getConnection();
        Connection creditConnection = dataSource.getConnection()) {
      List<Connection> connections = List.of(main, recordConnection, creditConnection);
      List<Boolean> autoCommits = new ArrayList<>();
      List<Integer> isolations = new ArrayList<>();
      for (Connection connection : connections) {
        autoCommits.add(connection.getAutoCommit());
        isolations.add(connection.getTransactionIsolation());
        // Cursors live in a transaction; a shared snapshot needs REPEATABLE READ.
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      try {
        shareSnapshot(main, List.of(recordConnection, creditConnection));
        Map<UUID, Set<String>> flags;
        try (PreparedStatement statement = Statement.FLAGS.prepare(main, municipalityId, asOf)) {
          flags = flags(statement);
        }
        try (PreparedStatement children = Statement.CHILDREN.prepare(main, municipalityId, asOf);
            PreparedStatement records =
                Statement.RECORDS.prepare(recordConnection, municipalityId, asOf);
            PreparedStatement credits =
                Statement.CREDITS.prepare(creditConnection, municipalityId, asOf);
            ResultSet childRows = children.executeQuery();
            Prefetched<RecordRow> recordRows =
                new Prefetched<>("stored-forecast-records", records, StoredForecastBatch::record);
            Prefetched<CreditRow> creditRows =
                new Prefetched<>("stored-forecast-credits", credits, StoredForecastBatch::credit)) {
          merge(childRows, recordRows, creditRows, flags, chunks);
        }
      } finally {
        for (int i = 0; i < connections.size(); i++) {
          connections.get(i).rollback();
          connections.get(i).setAutoCommit(autoCommits.get(i));
          connections.get(i).setTransactionIsolation(isolations.get(i));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading the stored children failed", e);
    }
  }

  /** Makes the other transactions see exactly what the first one sees. */
  private static void shareSnapshot(Connection first, List<Connection> others) throws SQLException {
    String snapshot;
    try (java.sql.Statement statement = first.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_export_snapshot()")) {
      rs.next();
      snapshot = rs.getString(1);
    }
    if (!snapshot.matches("[0-9A-Fa-f-]+")) {
      throw new SQLException("Unexpected snapshot id " + snapshot);
    }
    for (Connection other : others) {
      try (java.sql.Statement statement = other.createStatement()) {
        statement.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
      }
    }
  }

  /**
   * The flags the schedule knows, by child, as {@link ImmunizationFlags#forecastFlags} keeps them.
   */
  private Map<UUID, Set<String>> flags(PreparedStatement statement) throws SQLException {
    Map<UUID, Set<String>> flags = new HashMap<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        String flag = rs.getString(2);
        if (knownFlags.contains(flag)) {
          flags.computeIfAbsent(rs.getObject(1, UUID.class), c -> new TreeSet<>()).add(flag);
        }
      }
    }
    return flags;
  }

  /** A record as the batch reads it (rejected records are not read at all). */
  private record RecordRow(
      UUID child,
      UUID id,
      LocalDate date,
      Instant recordedAt,
      String product,
      boolean unverified) {}

  /** A credit as the batch reads it. */
  private record CreditRow(UUID child, UUID record, String vaccine, String doseLabel) {}

  private static RecordRow record(ResultSet rs) throws SQLException {
    return new RecordRow(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, LocalDate.class),
        rs.getTimestamp(4).toInstant(),
        rs.getString(5),
        rs.getBoolean(6));
  }

  private static CreditRow credit(ResultSet rs) throws SQLException {
    return new CreditRow(
        rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4));
  }

  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * The rows of one statement ordered by child, read and decoded ahead on a thread of its own in
   * blocks, a few blocks at most, so that memory stays small.
   */
  private static final class Prefetched<T> implements AutoCloseable {
    private static final int BLOCK = 4096;
    private final BlockingQueue<List<T>> blocks = new ArrayBlockingQueue<>(8);
    private final List<T> end = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Throwable failure;
    private List<T> block = List.of();
    private int position;
    private boolean finished;

    Prefetched(String name, PreparedStatement statement, RowReader<T> reader) {
      thread =
          new Thread(
              () -> {
                try (ResultSet rs = statement.executeQuery()) {
                  List<T> rows = new ArrayList<>(BLOCK);
                  while (!closed && rs.next()) {
                    rows.add(reader.read(rs));
                    if (rows.size() == BLOCK) {
                      blocks.put(rows);
                      rows = new ArrayList<>(BLOCK);
                    }
                  }
                  if (!rows.isEmpty() && !closed) {
                    blocks.put(rows);
                  }
                } catch (InterruptedException e) {
                  // closed before the end: nothing more is wanted
                } catch (Throwable t) {
                  failure = t;
                } finally {
                  finishReading();
                }
              },
              name);
      thread.setDaemon(true);
      thread.start();
    }

    /** Tells the reader the rows have ended; when closed, nobody waits for them any more. */
    private void finishReading() {
      while (!closed) {
        try {
          blocks.put(end);
          return;
        } catch (InterruptedException e) {
          // closed meanwhile: the loop ends
        }
      }
    }

    /** The current row, or null when there are no more. */
    T current() throws SQLException {
      while (!finished && position >= block.size()) {
        List<T> next;
        try {
          next = blocks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("Interrupted while reading stored children", e);
        }
        if (next == end) {
          finished = true;
          if (failure instanceof SQLException sql) {
            throw sql;
          }
          if (failure != null) {
            throw new SQLException("Reading stored children failed", failure);
          }
        } else {
          block = next;
          position = 0;
        }
      }
      return finished ? null : block.get(position);
    }

    void advance() {
      position++;
    }

    /** Stops the reading thread (early, when the batch stops) and waits for it. */
    @Override
    public void close() {
      closed = true;
      thread.interrupt();
      blocks.clear();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void merge(
      ResultSet children,
      Prefetched<RecordRow> records,
      Prefetched<CreditRow> credits,
      Map<UUID, Set<String>> flags,
      Consumer<List<ChildRows>> chunks)
      throws SQLException {
    List<ChildRows> chunk = new ArrayList<>(CHUNK);
    while (children.next()) {
      UUID id = children.getObject(1, UUID.class);
      // The child's records by id, then the credits of each record (both ordered by record id);
      // rows of children not read (born after the day, other municipalities) are passed by.
      List<RecordRow> childRecords = new ArrayList<>();
      RecordRow record;
      while ((record = records.current()) != null && compare(record.child(), id) <= 0) {
        if (record.child().equals(id)) {
          childRecords.add(record);
        }
        records.advance();
      }
      List<ChildForecasts.RecordedDose> doses = new ArrayList<>(childRecords.size());
      int r = 0;
      List<ImmunizationRecord.Credit> recordCredits = null;
      CreditRow credit;
      while ((credit = credits.current()) != null && compare(credit.child(), id) <= 0) {
        credits.advance();
        if (!credit.child().equals(id)) {
          continue;
        }
        // Credits of records the batch does not read (retracted, rejected, later) are passed by.
        while (r < childRecords.size() && compare(childRecords.get(r).id(), credit.record()) < 0) {
          if (recordCredits != null) {
            doses.add(dose(childRecords.get(r), recordCredits));
            recordCredits = null;
          }
          r++;
        }
        if (r < childRecords.size() && childRecords.get(r).id().equals(credit.record())) {
          if (recordCredits == null) {
            recordCredits = new ArrayList<>(2);
          }
          recordCredits.add(new ImmunizationRecord.Credit(credit.vaccine(), credit.doseLabel()));
        }
      }
      if (recordCredits != null) {
        doses.add(dose(childRecords.get(r), recordCredits));
      }
      chunk.add(
          new ChildRows(
              id,
              children.getObject(2, UUID.class),
              children.getObject(3, LocalDate.class),
              children.getString(4),
              flags.getOrDefault(id, Set.of()),
              doses));
      if (chunk.size() == CHUNK) {
        chunks.accept(chunk);
        chunk = new ArrayList<>(CHUNK);
      }
    }
    if (!chunk.isEmpty()) {
      chunks.accept(chunk);
    }
  }

  private static ChildForecasts.RecordedDose dose(
      RecordRow row, List<ImmunizationRecord.Credit> credits) {
    return new ChildForecasts.RecordedDose(
        row.id(),
        row.date(),
        row.recordedAt(),
        row.product(),
        row.unverified()
            ? ImmunizationRecord.Verification.UNVERIFIED
            : ImmunizationRecord.Verification.VERIFIED,
        credits);
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
