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
 * The notices behind the delivery figure: the municipality's sent notices with their recipients,
 * online deliveries, reads and current replies. Rows are about notices, not people.
 */
@Singleton
class NoticesList extends SqlList {

  NoticesList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels) {
    super(jdbc, transactions, definitions, labels);
  }

  @Override
  public String id() {
    return "notices";
  }

  @Override
  public boolean workList() {
    return false;
  }

  @Override
  public List<ListColumn> columns() {
    return List.of(
        column("title", ListColumn.Type.TEXT),
        column("sentAt", ListColumn.Type.INSTANT),
        column("month", ListColumn.Type.CODE),
        column("recipients", ListColumn.Type.NUMBER),
        column("online", ListColumn.Type.NUMBER),
        column("read", ListColumn.Type.NUMBER),
        column("replied", ListColumn.Type.NUMBER));
  }

  @Override
  public List<ListFilter> filters() {
    return List.of(pattern("month", "[0-9]{4}-[0-9]{2}", false));
  }

  @Override
  protected Map<String, String> columnFilters() {
    return Map.of("month", "month");
  }

  @Override
  public ListQuery.Sort defaultSort() {
    return new ListQuery.Sort("sentAt", true);
  }

  @Override
  protected String select(ListQuery query, List<Object> parameters) {
    parameters.add(query.municipalityId());
    return "SELECT n.id::text AS item_key, NULL::text AS subject_type, NULL::uuid AS subject_id,"
        + " n.municipality_id AS subject_municipality, n.title ->> 'ja' AS \"title\","
        + " n.sent_at AS \"sentAt\", "
        + FigureSql.month(FigureSql.japanDay("n.sent_at"))
        + " AS \"month\", n.online_count + n.paper_count AS \"recipients\","
        + " n.online_count AS \"online\", (SELECT count(*) FROM notice_delivery d"
        + " WHERE d.notice_id = n.id AND d.read_at IS NOT NULL) AS \"read\","
        + " (SELECT count(*) FROM notice_reply r WHERE r.notice_id = n.id"
        + " AND r.superseded_at IS NULL) AS \"replied\" FROM notice n"
        + " WHERE n.municipality_id = ? AND n.status = 'sent'";
  }
}
