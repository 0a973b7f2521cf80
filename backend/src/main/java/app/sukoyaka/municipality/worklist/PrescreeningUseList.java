package app.sukoyaka.municipality.worklist;

import app.sukoyaka.municipality.ListColumn;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.ListQuery;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.FigureSql;
import app.sukoyaka.municipality.figures.Labels;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The doses behind the digital 予診票 figure: routine doses of children recorded by clinics in the
 * trend's months, and whether a digital questionnaire was filled in for them.
 */
@Singleton
class PrescreeningUseList extends SqlList {

  PrescreeningUseList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels) {
    super(jdbc, transactions, definitions, labels);
  }

  @Override
  public String id() {
    return "prescreening-use";
  }

  @Override
  public boolean workList() {
    return false;
  }

  @Override
  public List<ListColumn> columns() {
    List<ListColumn> columns = new ArrayList<>(childListColumns());
    columns.add(column("vaccines", ListColumn.Type.TEXT));
    columns.add(column("given", ListColumn.Type.DATE));
    columns.add(column("month", ListColumn.Type.CODE));
    columns.add(column("questionnaire", ListColumn.Type.BOOLEAN));
    return columns;
  }

  @Override
  public List<ListFilter> filters() {
    return List.of(pattern("month", "[0-9]{4}-[0-9]{2}", false), yesNo("questionnaire", null));
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("month", "month", "questionnaire", "questionnaire");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("given", true);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    LocalDate start = FigureSql.trendStart(query.today(), definitions.parameters().trendMonths());
    parameters.add(definitions.parameters().prescreeningWindowDays());
    parameters.add(query.municipalityId());
    parameters.add(Timestamp.from(start.atStartOfDay(FigureSql.JAPAN).toInstant()));
    parameters.add(start);
    parameters.add(query.today());
    return "SELECT r.id::text AS item_key, "
        + childSubject("c")
        + ", "
        + childColumns("c")
        + ", (SELECT string_agg(cr.vaccine || ' ' || coalesce(cr.dose_label, ''), ', '"
        + " ORDER BY cr.vaccine) FROM immunization_credit cr WHERE cr.record_id = r.id)"
        + " AS \"vaccines\", r.occurrence_date AS \"given\", "
        + FigureSql.month("r.occurrence_date")
        + " AS \"month\", EXISTS (SELECT 1 FROM prescreening s JOIN immunization_credit cr"
        + " ON cr.record_id = r.id AND cr.vaccine = s.vaccine WHERE s.child_id = r.child_id"
        + " AND s.planned_date BETWEEN r.occurrence_date - ? AND r.occurrence_date)"
        + " AS \"questionnaire\" FROM immunization_record r JOIN child c ON c.id = r.child_id"
        + " WHERE r.municipality_id = ? AND r.source = 'clinic' AND r.routine"
        + " AND r.status = 'completed' AND r.recorded_at >= ?"
        + " AND r.occurrence_date BETWEEN ? AND ?";
  }
}
