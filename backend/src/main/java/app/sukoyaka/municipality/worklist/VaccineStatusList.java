package app.sukoyaka.municipality.worklist;

import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.municipality.ListColumn;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.ListQuery;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.Labels;
import app.sukoyaka.profiles.VaccineCatalog;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The children behind the vaccination-status figure: the day's forecast of each child ({@code
 * dashboard_child_forecast}) in a status for a vaccine (overdue by default), with the open dose and
 * its dates; "ANY": in that status for at least one vaccine.
 */
@Singleton
class VaccineStatusList extends SqlList {
  static final String ANY = "ANY";

  private final List<ListFilter> filters;

  VaccineStatusList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels,
      VaccineCatalog vaccines) {
    super(jdbc, transactions, definitions, labels);
    List<ListFilter.Option> series = new ArrayList<>();
    series.add(new ListFilter.Option(ANY, labels.requiredCode("anyVaccine", ANY)));
    vaccines.series().forEach(s -> series.add(new ListFilter.Option(s.id(), s.label())));
    List<ListFilter.Option> statuses = new ArrayList<>();
    for (Status status : Status.values()) {
      statuses.add(
          new ListFilter.Option(
              status.code(), labels.requiredCode("vaccineStatus", status.code())));
    }
    this.filters =
        List.of(
            new ListFilter("vaccine", labels.filter("vaccine"), series, null, false, ANY),
            new ListFilter("status", labels.filter("status"), statuses, null, false, "overdue"),
            pattern("cohort", "[0-9]{4}", false),
            pattern("area", "[0-9A-Za-z_-]{0,20}", false));
  }

  @Override
  public String id() {
    return "vaccine-status";
  }

  @Override
  public boolean workList() {
    return false;
  }

  @Override
  public List<ListColumn> columns() {
    List<ListColumn> columns = new ArrayList<>(childListColumns());
    columns.add(column("vaccine", ListColumn.Type.CODE));
    columns.add(column("dose", ListColumn.Type.CODE));
    columns.add(column("status", ListColumn.Type.CODE));
    columns.add(column("recommendedFrom", ListColumn.Type.DATE));
    columns.add(column("dueDate", ListColumn.Type.DATE));
    columns.add(column("windowEnd", ListColumn.Type.DATE));
    columns.add(column("forecastDay", ListColumn.Type.DATE));
    return columns;
  }

  @Override
  public List<ListFilter> filters() {
    return filters;
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("cohort", "cohort", "area", "area");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("dueDate", false);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    String vaccine = query.filter("vaccine") == null ? ANY : query.filter("vaccine");
    String status = query.filter("status") == null ? "overdue" : query.filter("status");
    String open = "f.open_doses -> v.vaccine";
    parameters.add(status);
    String which;
    if (ANY.equals(vaccine)) {
      // One row per child and vaccine in the status.
      which =
          " CROSS JOIN LATERAL (SELECT split_part(s, ':', 1) AS vaccine FROM unnest(f.statuses) s"
              + " WHERE split_part(s, ':', 2) = ?) v";
      parameters.add(status);
    } else {
      which = " CROSS JOIN (SELECT ?::text AS vaccine) v";
      parameters.add(vaccine);
    }
    parameters.add(query.municipalityId());
    String sql =
        "SELECT c.id::text || '/' || v.vaccine AS item_key, "
            + childSubject("c")
            + ", "
            + childColumns("c")
            + ", v.vaccine AS \"vaccine\", ("
            + open
            + " ->> 'dose') AS \"dose\", ?::text AS \"status\", ("
            + open
            + " ->> 'recommendedFrom')::date AS \"recommendedFrom\", ("
            + open
            + " ->> 'due')::date AS \"dueDate\", ("
            + open
            + " ->> 'windowEnd')::date AS \"windowEnd\", f.as_of AS \"forecastDay\""
            + " FROM dashboard_child_forecast f"
            + which
            + " JOIN child c ON c.id = f.child_id AND c.municipality_id = f.municipality_id"
            + " WHERE f.municipality_id = ?";
    if (!ANY.equals(vaccine)) {
      sql += " AND f.statuses @> ARRAY[?]::text[]";
      parameters.add(vaccine + ":" + status);
    }
    return sql;
  }
}
