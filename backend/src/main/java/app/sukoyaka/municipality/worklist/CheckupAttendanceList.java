package app.sukoyaka.municipality.worklist;

import app.sukoyaka.municipality.ListColumn;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.ListQuery;
import app.sukoyaka.municipality.figures.CheckupWindows;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.FigureSql;
import app.sukoyaka.municipality.figures.Labels;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.profiles.CheckupKind;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The children behind the attendance figure: those of the municipality who have reached a checkup's
 * age, and whether (and when first) the checkup is recorded for them.
 */
@Singleton
class CheckupAttendanceList extends SqlList {
  private final CheckupWindows windows;
  private final List<ListFilter> filters;

  CheckupAttendanceList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels,
      CheckupWindows windows,
      CheckupItemCatalog catalog) {
    super(jdbc, transactions, definitions, labels);
    this.windows = windows;
    List<ListFilter.Option> kinds = new ArrayList<>();
    for (CheckupWindows.Window window : windows.windows()) {
      CheckupKind kind =
          catalog.kinds().stream()
              .filter(k -> k.code().equals(window.kind()))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("checkup-ages.json names " + window.kind()));
      kinds.add(new ListFilter.Option(window.kind(), kind.label()));
    }
    this.filters =
        List.of(
            new ListFilter("kind", labels.filter("kind"), kinds, null, true, null),
            pattern("cohort", "[0-9]{4}", false),
            pattern("area", "[0-9A-Za-z_-]{0,20}", false),
            yesNo("attended", null));
  }

  @Override
  public String id() {
    return "checkup-attendance";
  }

  @Override
  public boolean workList() {
    return false;
  }

  @Override
  public List<ListColumn> columns() {
    List<ListColumn> columns = new ArrayList<>(childListColumns());
    columns.add(column("attended", ListColumn.Type.BOOLEAN));
    columns.add(column("visitDate", ListColumn.Type.DATE));
    return columns;
  }

  @Override
  public List<ListFilter> filters() {
    return filters;
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("cohort", "cohort", "area", "area", "attended", "attended");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("kana", false);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    CheckupWindows.Window window =
        windows.windows().stream()
            .filter(w -> w.kind().equals(query.filter("kind")))
            .findFirst()
            .orElse(windows.windows().get(0));
    parameters.add(window.kind());
    parameters.add(query.municipalityId());
    parameters.add(query.today());
    parameters.add(window.fromMonths());
    parameters.add(window.fromDays());
    parameters.add(query.today());
    return "SELECT c.id::text AS item_key, "
        + childSubject("c")
        + ", "
        + childColumns("c")
        + ", a.first_visit IS NOT NULL AS \"attended\", a.first_visit AS \"visitDate\""
        + " FROM child c LEFT JOIN LATERAL (SELECT min(e.visit_date) AS first_visit"
        + " FROM checkup_encounter e WHERE e.child_id = c.id AND e.kind = ?) a ON true"
        + " WHERE c.municipality_id = ? AND c.birth_date <= ? AND "
        + FigureSql.ageReached("c.birth_date", "?::int", "?::int")
        + " <= ?";
  }
}
