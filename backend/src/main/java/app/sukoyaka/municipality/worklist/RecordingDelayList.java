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
import java.util.List;
import java.util.Map;

/**
 * The records behind the time from visit to record: the municipality's checkups or vaccinations of
 * the trend's months, with the days to their record and whether a clinic reported them
 * electronically.
 */
@Singleton
class RecordingDelayList extends SqlList {
  private final List<ListFilter> filters;

  RecordingDelayList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels) {
    super(jdbc, transactions, definitions, labels);
    this.filters =
        List.of(
            new ListFilter(
                "record",
                labels.filter("record"),
                List.of(
                    new ListFilter.Option("checkup", labels.requiredCode("record", "checkup")),
                    new ListFilter.Option(
                        "vaccination", labels.requiredCode("record", "vaccination"))),
                null,
                false,
                "checkup"),
            new ListFilter(
                "channel",
                labels.filter("channel"),
                List.of(
                    new ListFilter.Option(
                        "electronic", labels.requiredCode("channel", "electronic")),
                    new ListFilter.Option("manual", labels.requiredCode("channel", "manual"))),
                null,
                false,
                null),
            pattern("month", "[0-9]{4}-[0-9]{2}", false),
            pattern("kind", "[a-z0-9-]{1,40}", false));
  }

  @Override
  public String id() {
    return "recording-delay";
  }

  @Override
  public boolean workList() {
    return false;
  }

  @Override
  public List<ListColumn> columns() {
    return List.of(
        column("name", ListColumn.Type.TEXT),
        column("handbookNumber", ListColumn.Type.TEXT),
        column("checkupKind", ListColumn.Type.CODE),
        column("visitDate", ListColumn.Type.DATE),
        column("recordedAt", ListColumn.Type.INSTANT),
        column("delayDays", ListColumn.Type.NUMBER),
        column("channel", ListColumn.Type.CODE),
        column("month", ListColumn.Type.CODE));
  }

  @Override
  public List<ListFilter> filters() {
    return filters;
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("channel", "channel", "month", "month", "kind", "checkupKind");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("visitDate", true);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    LocalDate start = FigureSql.trendStart(query.today(), definitions.parameters().trendMonths());
    if ("vaccination".equals(query.filter("record"))) {
      parameters.add(query.municipalityId());
      parameters.add(Timestamp.from(start.atStartOfDay(FigureSql.JAPAN).toInstant()));
      parameters.add(start);
      parameters.add(query.today());
      return "SELECT r.id::text AS item_key,"
          + " CASE WHEN r.child_id IS NOT NULL THEN 'child' ELSE 'pregnancy' END AS subject_type,"
          + " coalesce(r.child_id, r.pregnancy_id) AS subject_id,"
          + " r.municipality_id AS subject_municipality,"
          + " coalesce(concat_ws(' ', c.family_name, c.given_name),"
          + " concat_ws(' ', pe.family_name, pe.given_name)) AS \"name\","
          + " coalesce(c.handbook_number, p.handbook_number) AS \"handbookNumber\","
          + " coalesce(r.vaccine_kind, r.vaccine_code) AS \"checkupKind\","
          + " r.occurrence_date AS \"visitDate\", r.recorded_at AS \"recordedAt\", "
          + FigureSql.japanDay("r.recorded_at")
          + " - r.occurrence_date AS \"delayDays\", CASE WHEN r.source = 'clinic' THEN"
          + " 'electronic' ELSE 'manual' END AS \"channel\", "
          + FigureSql.month("r.occurrence_date")
          + " AS \"month\" FROM immunization_record r LEFT JOIN child c ON c.id = r.child_id"
          + " LEFT JOIN pregnancy p ON p.id = r.pregnancy_id"
          + " LEFT JOIN person pe ON pe.id = p.person_id WHERE r.municipality_id = ?"
          + " AND r.source IN ('clinic', 'municipal', 'transfer') AND r.status = 'completed'"
          + " AND r.recorded_at >= ? AND r.occurrence_date BETWEEN ? AND ?";
    }
    parameters.add(query.municipalityId());
    parameters.add(start);
    parameters.add(query.today());
    return "SELECT e.id::text AS item_key,"
        + " CASE WHEN e.child_id IS NOT NULL THEN 'child' ELSE 'pregnancy' END AS subject_type,"
        + " coalesce(e.child_id, e.pregnancy_id) AS subject_id,"
        + " e.municipality_id AS subject_municipality,"
        + " CASE WHEN e.child_id IS NOT NULL THEN concat_ws(' ', c.family_name, c.given_name)"
        + " ELSE concat_ws(' ', pe.family_name, pe.given_name) END AS \"name\","
        + " coalesce(c.handbook_number, p.handbook_number) AS \"handbookNumber\","
        + " e.kind AS \"checkupKind\", e.visit_date AS \"visitDate\","
        + " e.recorded_at AS \"recordedAt\", "
        + FigureSql.japanDay("e.recorded_at")
        + " - e.visit_date AS \"delayDays\", CASE WHEN e.submission_id IS NOT NULL THEN"
        + " 'electronic' ELSE 'manual' END AS \"channel\", "
        + FigureSql.month("e.visit_date")
        + " AS \"month\" FROM checkup_encounter e LEFT JOIN child c ON c.id = e.child_id"
        + " LEFT JOIN pregnancy p ON p.id = e.pregnancy_id"
        + " LEFT JOIN person pe ON pe.id = p.person_id WHERE e.municipality_id = ?"
        + " AND e.visit_date BETWEEN ? AND ?";
  }
}
