package app.sukoyaka.municipality.worklist;

import app.sukoyaka.municipality.ListColumn;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.ListQuery;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.Labels;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Work list: children judged 要経過観察 at a checkup with no later checkup recorded, once the recheck
 * interval (figures.json) has passed: they are due to be seen again.
 */
@Singleton
class ObservationRecheckList extends SqlList {

  ObservationRecheckList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels) {
    super(jdbc, transactions, definitions, labels);
  }

  @Override
  public String id() {
    return "observation-recheck";
  }

  @Override
  public boolean workList() {
    return true;
  }

  @Override
  public List<ListColumn> columns() {
    List<ListColumn> columns = new ArrayList<>(childListColumns());
    columns.add(column("checkupKind", ListColumn.Type.CODE));
    columns.add(column("checkupDate", ListColumn.Type.DATE));
    columns.add(column("recheckDue", ListColumn.Type.DATE));
    return columns;
  }

  @Override
  public List<ListFilter> filters() {
    return withWorkStatus(List.of(pattern("area", "[0-9A-Za-z_-]{0,20}", false)));
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("area", "area");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("recheckDue", false);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    FigureDefinitions.Parameters p = definitions.parameters();
    List<String> items = p.observationItems().stream().map(SqlList::literal).toList();
    int days = p.observationRecheckDays();
    parameters.add(query.municipalityId());
    parameters.add(query.today());
    parameters.add(query.municipalityId());
    return "SELECT e1.id::text AS item_key, "
        + childSubject("c")
        + ", "
        + childColumns("c")
        + ", e1.kind AS \"checkupKind\", e1.visit_date AS \"checkupDate\", e1.visit_date + "
        + days
        + " AS \"recheckDue\" FROM checkup_encounter e1 JOIN child c ON c.id = e1.child_id"
        + " WHERE c.municipality_id = ? AND e1.visit_date + "
        + days
        + " <= ? AND e1.id IN (SELECT f.encounter_id FROM checkup_finding f WHERE"
        + " f.municipality_id = ? AND f.item_code IN ("
        + String.join(", ", items)
        + ") AND f.code_value = "
        + literal(p.observationCode())
        + " AND f.status <> 'entered-in-error') AND NOT EXISTS (SELECT 1 FROM checkup_encounter"
        + " e2 WHERE e2.child_id = e1.child_id AND e2.visit_date > e1.visit_date)";
  }
}
