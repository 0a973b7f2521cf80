package app.sukoyaka.municipality.figures;

import app.sukoyaka.platform.ReadReplica;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The cells of each municipality's figures and the state of their counting. */
@Singleton
public class FigureStore {
  private final JdbcOperations jdbc;
  private final ReadReplica replica;
  private final Clock clock;

  FigureStore(JdbcOperations jdbc, ReadReplica replica, Clock clock) {
    this.jdbc = jdbc;
    this.replica = replica;
    this.clock = clock;
  }

  /**
   * When the municipality's figures were counted and whether a count waits or runs.
   *
   * @param asOf the day the cells count for, null before the first count
   * @param computedAt the moment of the snapshot the cells read
   */
  public record State(
      UUID municipalityId,
      LocalDate asOf,
      Instant computedAt,
      LocalDate forecastAsOf,
      Instant requestedAt,
      String status,
      Instant startedAt,
      Instant finishedAt,
      Integer durationMs,
      String error) {

    public boolean running() {
      return "running".equals(status);
    }
  }

  @Transactional(readOnly = true)
  public Optional<State> state(UUID municipalityId) {
    return jdbc.prepareStatement(
        "SELECT as_of, computed_at, forecast_as_of, requested_at, status, started_at,"
            + " finished_at, duration_ms, error FROM dashboard_refresh WHERE municipality_id = ?",
        statement -> {
          statement.setObject(1, municipalityId);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new State(
                    municipalityId,
                    rs.getObject(1, LocalDate.class),
                    instant(rs.getTimestamp(2)),
                    rs.getObject(3, LocalDate.class),
                    instant(rs.getTimestamp(4)),
                    rs.getString(5),
                    instant(rs.getTimestamp(6)),
                    instant(rs.getTimestamp(7)),
                    (Integer) rs.getObject(8),
                    rs.getString(9)));
          }
        });
  }

  /** The cells of these figures (all when empty), by figure, in the dimensions' order. */
  public Map<String, List<Cell>> cells(UUID municipalityId, Collection<String> figures) {
    Map<String, List<Cell>> cells = new LinkedHashMap<>();
    // The figures are read where the replica serves them (they lag the count by a moment at most).
    replica.read(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT figure, dims, measures FROM dashboard_cell WHERE municipality_id = ?"
                      + (figures.isEmpty() ? "" : " AND figure = ANY (?)")
                      + " ORDER BY figure, dims")) {
            statement.setObject(1, municipalityId);
            if (!figures.isEmpty()) {
              statement.setArray(2, connection.createArrayOf("text", figures.toArray()));
            }
            statement.setFetchSize(5000);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                cells
                    .computeIfAbsent(rs.getString(1), f -> new ArrayList<>())
                    .add(
                        new Cell(
                            Arrays.asList((String[]) rs.getArray(2).getArray()),
                            Arrays.asList((BigDecimal[]) rs.getArray(3).getArray())));
              }
            }
          }
          return null;
        });
    return cells;
  }

  /** The cells the overview shows ({@link OverviewQuery}), by figure. */
  public Map<String, List<Cell>> overviewCells(UUID municipalityId, FigureDefinitions definitions) {
    OverviewQuery query = OverviewQuery.of(municipalityId, definitions);
    Map<String, List<Cell>> cells = new LinkedHashMap<>();
    replica.read(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
            query.bind(statement);
            statement.setFetchSize(5000);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                cells
                    .computeIfAbsent(rs.getString(1), f -> new ArrayList<>())
                    .add(
                        new Cell(
                            Arrays.asList((String[]) rs.getArray(2).getArray()),
                            Arrays.asList((BigDecimal[]) rs.getArray(3).getArray())));
              }
            }
          }
          return null;
        });
    return cells;
  }

  /** Replaces every cell of the municipality, on the caller's connection and transaction. */
  static void replace(Connection connection, UUID municipalityId, Map<String, List<Cell>> cells)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM dashboard_cell WHERE municipality_id = ?")) {
      delete.setObject(1, municipalityId);
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO dashboard_cell (municipality_id, figure, dims, measures)"
                + " VALUES (?, ?, ?, ?)")) {
      int batched = 0;
      for (Map.Entry<String, List<Cell>> figure : cells.entrySet()) {
        for (Cell cell : figure.getValue()) {
          insert.setObject(1, municipalityId);
          insert.setString(2, figure.getKey());
          Array dims = connection.createArrayOf("text", cell.dims().toArray());
          Array measures = connection.createArrayOf("numeric", cell.measures().toArray());
          insert.setArray(3, dims);
          insert.setArray(4, measures);
          insert.addBatch();
          if (++batched % 1000 == 0) {
            insert.executeBatch();
          }
        }
      }
      insert.executeBatch();
    }
  }

  /**
   * Asks for a count of the municipality's figures (the dashboard is now in use there): records
   * changed, staff asked, or the figures are old.
   */
  @Transactional
  public void request(UUID municipalityId, String by) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.prepareStatement(
        "INSERT INTO dashboard_refresh (municipality_id, requested_at, requested_by)"
            + " VALUES (?, ?, ?) ON CONFLICT (municipality_id) DO UPDATE"
            + " SET requested_at = EXCLUDED.requested_at, requested_by = EXCLUDED.requested_by"
            + " WHERE dashboard_refresh.requested_at IS NULL",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setTimestamp(2, now);
          statement.setString(3, by);
          return statement.executeUpdate();
        });
  }

  /** Staff opened the dashboard: the municipality's figures are kept counted every day. */
  @Transactional
  public void viewed(UUID municipalityId) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.prepareStatement(
        "INSERT INTO dashboard_refresh (municipality_id, last_viewed_at) VALUES (?, ?)"
            + " ON CONFLICT (municipality_id) DO UPDATE SET last_viewed_at = EXCLUDED.last_viewed_at"
            + " WHERE dashboard_refresh.last_viewed_at IS NULL"
            + " OR dashboard_refresh.last_viewed_at < EXCLUDED.last_viewed_at - interval '1 hour'",
        statement -> {
          statement.setObject(1, municipalityId);
          statement.setTimestamp(2, now);
          return statement.executeUpdate();
        });
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
