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
 * Work list: children's checkups that called for a detailed examination (要精密, or a referral) with
 * no result recorded yet, oldest first.
 */
@Singleton
class DetailedExaminationList extends SqlList {
  private final FollowUpRules rules;

  DetailedExaminationList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels,
      FollowUpRules rules) {
    super(jdbc, transactions, definitions, labels);
    this.rules = rules;
  }

  @Override
  public String id() {
    return "detailed-examination-open";
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
    columns.add(column("daysSince", ListColumn.Type.NUMBER));
    columns.add(column("facility", ListColumn.Type.TEXT));
    return columns;
  }

  @Override
  public List<ListFilter> filters() {
    return withWorkStatus(
        List.of(
            pattern("area", "[0-9A-Za-z_-]{0,20}", false),
            pattern("kind", "[a-z0-9-]{1,40}", false)));
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("area", "area", "kind", "checkupKind");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("checkupDate", false);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    parameters.add(query.today());
    parameters.add(query.municipalityId());
    // The municipality's findings first (an index of the few that call for attention, by
    // municipality): the rules' codes across a database of many municipalities are tens of
    // thousands of rows each.
    parameters.add(query.municipalityId());
    return "SELECT e1.id::text AS item_key, "
        + childSubject("c")
        + ", "
        + childColumns("c")
        + ", e1.kind AS \"checkupKind\", e1.visit_date AS \"checkupDate\","
        + " (?::date - e1.visit_date) AS \"daysSince\", (SELECT ff.string_value"
        + " FROM checkup_finding ff WHERE ff.encounter_id = e1.id"
        + " AND ff.item_code = 'follow-up-facility' AND ff.status <> 'entered-in-error'"
        + " LIMIT 1) AS \"facility\" FROM checkup_encounter e1 JOIN child c ON c.id = e1.child_id"
        + " WHERE c.municipality_id = ? AND e1.id IN (SELECT f.encounter_id FROM checkup_finding f"
        + " WHERE f.municipality_id = ? AND "
        + rules.trigger()
        + ") AND NOT "
        + rules.resultRecorded();
  }
}
