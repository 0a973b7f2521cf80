package app.sukoyaka.municipality.figures;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The statement that reads the cells the dashboard's overview shows: of each figure only those its
 * overview's fixed values and row filters select (one dose of the coverage by age, not every dose).
 * Plain JDBC: the benchmark's baseline runs the very same statement.
 *
 * @param parameters in order; arrays of text as {@code String[]}
 */
public record OverviewQuery(String sql, List<Object> parameters) {

  public OverviewQuery {
    parameters = java.util.Collections.unmodifiableList(new ArrayList<>(parameters));
  }

  public static OverviewQuery of(UUID municipalityId, FigureDefinitions definitions) {
    List<String> conditions = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    parameters.add(municipalityId);
    for (FigureDefinitions.Figure figure : definitions.figures().values()) {
      StringBuilder condition = new StringBuilder("(figure = ?");
      parameters.add(figure.id());
      FigureDefinitions.Overview overview = figure.overview();
      for (Map.Entry<String, String> fixed : overview.where().entrySet()) {
        condition.append(" AND dims[").append(figure.dimension(fixed.getKey()) + 1).append("] = ?");
        parameters.add(fixed.getValue());
      }
      for (Map.Entry<String, List<String>> allowed : overview.rowsFilter().entrySet()) {
        condition
            .append(" AND dims[")
            .append(figure.dimension(allowed.getKey()) + 1)
            .append("] = ANY (?)");
        parameters.add(allowed.getValue().toArray(new String[0]));
      }
      conditions.add(condition.append(")").toString());
    }
    return new OverviewQuery(
        "SELECT figure, dims, measures FROM dashboard_cell WHERE municipality_id = ? AND ("
            + String.join(" OR ", conditions)
            + ")",
        parameters);
  }

  /** Binds the parameters to a statement prepared from {@link #sql}. */
  public void bind(PreparedStatement statement) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      Object value = parameters.get(i);
      if (value instanceof String[] values) {
        statement.setArray(i + 1, statement.getConnection().createArrayOf("text", values));
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }
}
