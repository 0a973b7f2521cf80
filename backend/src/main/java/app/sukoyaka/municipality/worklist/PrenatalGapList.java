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
import java.util.List;
import java.util.Map;

/**
 * Work list: pregnancies whose last 妊婦健診 (or, before the first, the handbook's issue) is older than
 * the interval for their current week (figures.json, after 告示第226号).
 */
@Singleton
class PrenatalGapList extends SqlList {

  PrenatalGapList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels) {
    super(jdbc, transactions, definitions, labels);
  }

  @Override
  public String id() {
    return "prenatal-gap";
  }

  @Override
  public boolean workList() {
    return true;
  }

  @Override
  public List<ListColumn> columns() {
    return List.of(
        column("mother", ListColumn.Type.TEXT),
        column("kana", ListColumn.Type.TEXT),
        column("handbookNumber", ListColumn.Type.TEXT),
        column("area", ListColumn.Type.CODE),
        column("week", ListColumn.Type.NUMBER),
        column("expectedDelivery", ListColumn.Type.DATE),
        column("lastCheckup", ListColumn.Type.DATE),
        column("daysSince", ListColumn.Type.NUMBER),
        column("maxDays", ListColumn.Type.NUMBER),
        column("weekBand", ListColumn.Type.CODE));
  }

  @Override
  public List<ListFilter> filters() {
    return withWorkStatus(List.of(pattern("weekBand", "[0-9-]{1,10}", false)));
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("weekBand", "weekBand");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("daysSince", true);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    parameters.add(query.today());
    parameters.add(query.today());
    parameters.add(query.today());
    parameters.add(query.municipalityId());
    return "SELECT x.id::text AS item_key, 'pregnancy' AS subject_type, x.id AS subject_id,"
        + " x.municipality_id AS subject_municipality, x.mother AS \"mother\", x.kana AS \"kana\","
        + " x.handbook_number AS \"handbookNumber\", x.area AS \"area\", x.week AS \"week\","
        + " x.expected_delivery_date AS \"expectedDelivery\", x.since AS \"lastCheckup\","
        + " x.today - x.since AS \"daysSince\", b.max_days AS \"maxDays\", b.band AS \"weekBand\""
        + " FROM (SELECT p.id, p.municipality_id, p.handbook_number, p.expected_delivery_date,"
        + " concat_ws(' ', pe.family_name, pe.given_name) AS mother,"
        + " NULLIF(concat_ws(' ', pe.family_name_kana, pe.given_name_kana), '') AS kana,"
        + " coalesce(pe.area_code, '') AS area, ?::date AS today, "
        + FigureSql.pregnancyWeek()
        + " AS week, "
        + FigureSql.prenatalSince()
        + " AS since FROM pregnancy p JOIN person pe ON pe.id = p.person_id"
        + " WHERE p.municipality_id = ? AND p.status = 'active'"
        + " AND p.expected_delivery_date IS NOT NULL) x JOIN "
        + FigureSql.prenatalBands(definitions.parameters().prenatalGaps())
        + " ON x.week BETWEEN b.from_week AND b.to_week WHERE x.today - x.since > b.max_days";
  }
}
