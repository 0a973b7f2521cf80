package app.sukoyaka.municipality.figures;

import app.sukoyaka.immunization.StoredForecast;
import app.sukoyaka.immunization.StoredForecastBatch;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.Status;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Each child's vaccination status on a day, kept in {@code dashboard_child_forecast} for the
 * dashboard: every vaccine's status (that of the series' open dose, or complete) and the open doses
 * with their dates. The whole municipality is forecast by {@link StoredForecastBatch} (the same
 * forecast as the child's schedule) and replaced in one transaction, so a list never sees half of a
 * day; one child is replaced when a dose of theirs is recorded.
 *
 * <p>Plain JDBC on connections of its own: the benchmark runs the same code.
 */
public final class ForecastSnapshot {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final StoredForecastBatch batch;

  public ForecastSnapshot(DataSource dataSource, StoredForecastBatch batch) {
    this.dataSource = dataSource;
    this.batch = batch;
  }

  /** One child's row: statuses and open doses, from its forecast. */
  public record ChildStatus(
      UUID childId, Map<String, Status> statuses, Map<String, Recommendation> open) {}

  /** The statuses and open doses a forecast gives, by vaccine. */
  public static ChildStatus of(UUID childId, StoredForecast forecast) {
    Map<String, Status> statuses = StoredForecastBatch.statuses(forecast);
    Map<String, Recommendation> last = new LinkedHashMap<>();
    for (Recommendation r : forecast.forecast().recommendations()) {
      last.put(r.vaccine(), r);
    }
    Map<String, Recommendation> open = new LinkedHashMap<>();
    last.forEach(
        (vaccine, r) -> {
          if (r.status() != Status.COMPLETE && r.status() != Status.INELIGIBLE) {
            open.put(vaccine, r);
          }
        });
    return new ChildStatus(childId, statuses, open);
  }

  /**
   * Forecasts every child of the municipality born by {@code asOf} and replaces the municipality's
   * rows with them, in one transaction. Each child's row is streamed into a COPY as soon as it is
   * forecast, so memory stays small whatever the municipality's size; readers see the old rows
   * until the new ones commit.
   *
   * @return the number of children forecast
   */
  public long replaceMunicipality(UUID municipalityId, LocalDate asOf) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      CopyIn copy = null;
      try {
        try (PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM dashboard_child_forecast WHERE municipality_id = ?"
                    + " OR child_id IN (SELECT id FROM child WHERE municipality_id = ?)")) {
          delete.setObject(1, municipalityId);
          delete.setObject(2, municipalityId);
          delete.executeUpdate();
        }
        // PostgreSQL refuses COPY into a table under row-level security (V0050): the rows are
        // copied into a table of this transaction's own and moved over in one statement.
        try (Statement staging = connection.createStatement()) {
          staging.execute(
              "CREATE TEMPORARY TABLE dashboard_child_forecast_new"
                  + " (LIKE dashboard_child_forecast INCLUDING DEFAULTS) ON COMMIT DROP");
        }
        CopyIn stream =
            connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                    "COPY dashboard_child_forecast_new (child_id, municipality_id, as_of,"
                        + " statuses, open_doses) FROM STDIN");
        copy = stream;
        long children =
            batch.forEachForecast(
                municipalityId,
                asOf,
                child -> {
                  byte[] line =
                      copyLine(of(child.childId(), child.forecast()), child.municipalityId(), asOf)
                          .getBytes(StandardCharsets.UTF_8);
                  // The forecasts come from several threads; the connection takes one at a time.
                  synchronized (stream) {
                    try {
                      stream.writeToCopy(line, 0, line.length);
                    } catch (SQLException e) {
                      throw new IllegalStateException("Writing the forecasts failed", e);
                    }
                  }
                });
        stream.endCopy();
        try (Statement move = connection.createStatement()) {
          move.executeUpdate(
              "INSERT INTO dashboard_child_forecast (child_id, municipality_id, as_of, statuses,"
                  + " open_doses) SELECT child_id, municipality_id, as_of, statuses, open_doses"
                  + " FROM dashboard_child_forecast_new");
        }
        connection.commit();
        return children;
      } catch (SQLException | RuntimeException | Error e) {
        if (copy != null && copy.isActive()) {
          copy.cancelCopy();
        }
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  /** Replaces the rows of these children (their forecasts made by the caller). */
  public void replaceChildren(
      Connection connection, UUID municipalityId, LocalDate asOf, List<ChildStatus> children)
      throws SQLException {
    if (children.isEmpty()) {
      return;
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM dashboard_child_forecast WHERE child_id = ?")) {
      for (ChildStatus child : children) {
        delete.setObject(1, child.childId());
        delete.addBatch();
      }
      delete.executeBatch();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO dashboard_child_forecast (child_id, municipality_id, as_of, statuses,"
                + " open_doses) VALUES (?, ?, ?, ?, ?::jsonb)")) {
      for (ChildStatus child : children) {
        insert.setObject(1, child.childId());
        insert.setObject(2, municipalityId);
        insert.setDate(3, Date.valueOf(asOf));
        insert.setArray(4, connection.createArrayOf("text", statuses(child).toArray()));
        insert.setString(5, openJson(child));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static List<String> statuses(ChildStatus child) {
    List<String> statuses = new ArrayList<>();
    child.statuses().forEach((vaccine, status) -> statuses.add(vaccine + ":" + status.code()));
    return statuses;
  }

  private static String openJson(ChildStatus child) {
    Map<String, Map<String, Object>> open = new LinkedHashMap<>();
    child
        .open()
        .forEach(
            (vaccine, r) -> {
              Map<String, Object> dose = new LinkedHashMap<>();
              dose.put("dose", r.dose());
              dose.put("status", r.status().code());
              dose.put("earliest", text(r.earliestDate()));
              dose.put("recommendedFrom", text(r.recommendedFrom()));
              dose.put("due", text(r.dueDate()));
              dose.put("windowEnd", text(r.windowEnd()));
              open.put(vaccine, dose);
            });
    try {
      return JSON.writeValueAsString(open);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(LocalDate date) {
    return date == null ? null : date.toString();
  }

  /** A line of COPY's text format; backslashes are its escape character. */
  private static String copyLine(ChildStatus child, UUID municipalityId, LocalDate asOf) {
    String array = "{" + String.join(",", statuses(child)) + "}";
    return child.childId()
        + "\t"
        + municipalityId
        + "\t"
        + asOf
        + "\t"
        + escape(array)
        + "\t"
        + escape(openJson(child))
        + "\n";
  }

  private static String escape(String value) {
    return value
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r");
  }
}
