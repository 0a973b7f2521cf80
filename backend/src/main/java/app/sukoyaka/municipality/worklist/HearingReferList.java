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
 * Work list: children whose latest stage of the newborn hearing screening (the confirmatory test
 * when one is recorded, else the first) was refer in either ear.
 */
@Singleton
class HearingReferList extends SqlList {

  HearingReferList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels) {
    super(jdbc, transactions, definitions, labels);
  }

  @Override
  public String id() {
    return "hearing-refer";
  }

  @Override
  public boolean workList() {
    return true;
  }

  @Override
  public List<ListColumn> columns() {
    List<ListColumn> columns = new ArrayList<>(childListColumns());
    columns.add(column("stage", ListColumn.Type.CODE));
    columns.add(column("testDate", ListColumn.Type.DATE));
    columns.add(column("right", ListColumn.Type.CODE));
    columns.add(column("left", ListColumn.Type.CODE));
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
    return new ListQuery.Sort("testDate", false);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    FigureDefinitions.Parameters p = definitions.parameters();
    List<String> items = new ArrayList<>();
    List<String> ranks = new ArrayList<>();
    List<String> sides = new ArrayList<>();
    int rank = 1;
    for (List<String> stage : p.hearingStages()) {
      for (int i = 0; i < stage.size(); i++) {
        items.add(literal(stage.get(i)));
        ranks.add(Integer.toString(rank));
        // The stage's items name the ears in order: right, then left.
        sides.add(literal(i == 0 ? "right" : "left"));
      }
      rank++;
    }
    String refer = literal(p.hearingReferCode());
    String stages =
        "(SELECT * FROM unnest(ARRAY["
            + String.join(", ", items)
            + "]::text[], ARRAY["
            + String.join(", ", ranks)
            + "]::int[], ARRAY["
            + String.join(", ", sides)
            + "]::text[]) AS s(item, rank, side))";
    parameters.add(query.municipalityId());
    parameters.add(query.municipalityId());
    // Children with a refer at any stage are the candidates (the attention index finds them);
    // their latest stage decides.
    return "SELECT c.id::text AS item_key, "
        + childSubject("c")
        + ", "
        + childColumns("c")
        + ", h.rank::text AS \"stage\", h.tested AS \"testDate\", h.right_result AS \"right\","
        + " h.left_result AS \"left\" FROM child c JOIN LATERAL (SELECT s.rank, max(e.visit_date)"
        + " AS tested, max(f.code_value) FILTER (WHERE s.side = 'right') AS right_result,"
        + " max(f.code_value) FILTER (WHERE s.side = 'left') AS left_result,"
        + " bool_or(f.code_value = "
        + refer
        + ") AS refer FROM checkup_encounter e JOIN checkup_finding f ON f.encounter_id = e.id"
        + " JOIN "
        + stages
        + " s ON s.item = f.item_code WHERE e.child_id = c.id AND f.status <> 'entered-in-error'"
        + " GROUP BY s.rank ORDER BY s.rank DESC LIMIT 1) h ON h.refer"
        + " WHERE c.municipality_id = ? AND c.id IN (SELECT e.child_id FROM checkup_finding f"
        + " JOIN checkup_encounter e ON e.id = f.encounter_id WHERE f.municipality_id = ?"
        + " AND f.code_value = "
        + refer
        + " AND f.item_code IN ("
        + String.join(", ", items)
        + ") AND f.status <> 'entered-in-error')";
  }
}
