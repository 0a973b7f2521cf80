package app.sukoyaka.municipality.worklist;

import app.sukoyaka.municipality.DashboardList;
import app.sukoyaka.municipality.ListColumn;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.ListPage;
import app.sukoyaka.municipality.ListQuery;
import app.sukoyaka.municipality.ListRow;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.Labels;
import app.sukoyaka.profiles.LocalizedText;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A {@link DashboardList} read with one SQL statement. A subclass writes the inner SELECT of its
 * rows for the query's municipality and day — with the columns {@code item_key}, {@code
 * subject_type}, {@code subject_id}, {@code subject_municipality} and one column per {@link
 * ListColumn} named by its key — and this class filters by columns, joins the status of work-list
 * items, sorts by any column and pages, so that every list sorts, pages and exports the same way.
 *
 * <p>Other features' lists may extend it as well.
 */
public abstract class SqlList implements DashboardList {
  /** The filter of work lists by their items' status; "active" (not closed) by default. */
  public static final String WORK_STATUS = "workStatus";

  protected final JdbcOperations jdbc;
  protected final TransactionOperations<Connection> transactions;
  protected final FigureDefinitions definitions;
  protected final Labels labels;

  protected SqlList(
      JdbcOperations jdbc,
      TransactionOperations<Connection> transactions,
      FigureDefinitions definitions,
      Labels labels) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.definitions = definitions;
    this.labels = labels;
  }

  /**
   * The inner SELECT of the rows for the query, binding its values into {@code parameters} in
   * order. Filters given in {@link #columnFilters()} are applied outside it.
   */
  protected abstract String select(ListQuery query, List<Object> parameters);

  /** The filters matched against a column's value (the filter's key → the column's key). */
  protected Map<String, String> columnFilters() {
    return Map.of();
  }

  @Override
  public LocalizedText title() {
    return definitions.list(id()).orElseThrow().title();
  }

  @Override
  public LocalizedText description() {
    return definitions.list(id()).orElseThrow().description();
  }

  /** A column labelled from labels.json. */
  protected ListColumn column(String key, ListColumn.Type type) {
    return new ListColumn(key, labels.column(key), type, true);
  }

  /** A filter of yes and no. */
  protected ListFilter yesNo(String key, String defaultValue) {
    return new ListFilter(
        key,
        labels.filter(key),
        List.of(
            new ListFilter.Option("yes", labels.requiredCode("yesNo", "yes")),
            new ListFilter.Option("no", labels.requiredCode("yesNo", "no"))),
        null,
        false,
        defaultValue);
  }

  /** A filter whose values match a pattern. */
  protected ListFilter pattern(String key, String pattern, boolean required) {
    return new ListFilter(key, labels.filter(key), List.of(), pattern, required, null);
  }

  /** The filter of work-list items by status. */
  protected ListFilter workStatusFilter() {
    List<ListFilter.Option> options = new ArrayList<>();
    options.add(
        new ListFilter.Option("active", new LocalizedText("未対応・対応中", "Open or in progress")));
    for (FigureDefinitions.Status status : definitions.statuses()) {
      options.add(new ListFilter.Option(status.code(), status.label()));
    }
    options.add(new ListFilter.Option("all", new LocalizedText("すべて", "All")));
    return new ListFilter(WORK_STATUS, labels.filter(WORK_STATUS), options, null, false, "active");
  }

  /** The standard filters a work list adds to its own. */
  protected List<ListFilter> withWorkStatus(List<ListFilter> filters) {
    List<ListFilter> all = new ArrayList<>(filters);
    if (workList()) {
      all.add(workStatusFilter());
    }
    return List.copyOf(all);
  }

  @Override
  public Map<String, Long> countsByStatus(UUID municipalityId, LocalDate today) {
    if (!workList()) {
      return Map.of();
    }
    ListQuery query = defaults(municipalityId, today);
    List<Object> parameters = new ArrayList<>();
    String inner = select(query, parameters);
    String sql =
        "SELECT coalesce(w.status, 'open'), count(*) FROM ("
            + inner
            + ") b"
            + statusJoin(parameters, municipalityId)
            + " GROUP BY 1";
    return transactions.executeRead(
        status ->
            jdbc.prepareStatement(
                sql,
                statement -> {
                  bind(statement, parameters);
                  Map<String, Long> counts = new LinkedHashMap<>();
                  try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                      counts.put(rs.getString(1), rs.getLong(2));
                    }
                  }
                  return counts;
                }));
  }

  /** The query with every filter at its default (the whole list, for counts and items). */
  private ListQuery defaults(UUID municipalityId, LocalDate today) {
    Map<String, String> filters = new LinkedHashMap<>();
    for (ListFilter filter : filters()) {
      if (filter.defaultValue() != null && !filter.key().equals(WORK_STATUS)) {
        filters.put(filter.key(), filter.defaultValue());
      }
    }
    filters.put(WORK_STATUS, "all");
    return new ListQuery(municipalityId, today, filters, defaultSort(), 0, 1);
  }

  @Override
  public Optional<ListRow> item(UUID municipalityId, LocalDate today, String itemKey) {
    ListQuery query = defaults(municipalityId, today);
    List<Object> parameters = new ArrayList<>();
    String sql = outer(query, parameters, "b.item_key = ?", false) + " LIMIT 1";
    parameters.add(itemKey);
    List<ListRow> rows = new ArrayList<>();
    transactions.executeRead(status -> read(sql, parameters, 0, rows::add));
    return rows.stream().findFirst();
  }

  @Override
  public ListPage page(ListQuery query) {
    List<Object> parameters = new ArrayList<>();
    // The total comes with the page (a window over the list's rows), so the list is read once; a
    // page past the end has no row to carry it and counts separately.
    String sql = outer(query, parameters, null, true) + order(query) + " LIMIT ? OFFSET ?";
    parameters.add(query.limit());
    parameters.add(query.offset());
    List<ListRow> rows = new ArrayList<>();
    long[] counted = {-1};
    long total =
        transactions.executeRead(
            status -> {
              read(sql, parameters, 0, rows::add, counted);
              if (counted[0] >= 0) {
                return counted[0];
              }
              List<Object> countParameters = new ArrayList<>();
              String body = outer(query, countParameters, null, false);
              return jdbc.prepareStatement(
                  "SELECT count(*) FROM (" + body + ") counted",
                  statement -> {
                    bind(statement, countParameters);
                    try (ResultSet rs = statement.executeQuery()) {
                      rs.next();
                      return rs.getLong(1);
                    }
                  });
            });
    return new ListPage(rows, total);
  }

  @Override
  public void forEach(ListQuery query, Consumer<ListRow> rows) {
    List<Object> parameters = new ArrayList<>();
    String sql = outer(query, parameters, null, false) + order(query);
    transactions.executeRead(status -> read(sql, parameters, 1000, rows));
  }

  private String outer(
      ListQuery query, List<Object> parameters, String condition, boolean withTotal) {
    String inner = select(query, parameters);
    StringBuilder sql =
        new StringBuilder(
            "SELECT b.*"
                + (withTotal ? ", count(*) OVER () AS list_total" : "")
                + (workList()
                    ? ", coalesce(w.status, 'open') AS work_status, w.note AS work_note"
                    : "")
                + " FROM ("
                + inner
                + ") b");
    if (workList()) {
      sql.append(statusJoin(parameters, query.municipalityId()));
    }
    List<String> conditions = new ArrayList<>();
    for (Map.Entry<String, String> filter : columnFilters().entrySet()) {
      String value = query.filter(filter.getKey());
      if (value == null) {
        continue;
      }
      ListColumn column = column(filter.getValue());
      if (column.type() == ListColumn.Type.BOOLEAN) {
        conditions.add(
            "b.\"" + column.key() + "\" IS " + ("yes".equals(value) ? "TRUE" : "NOT TRUE"));
      } else {
        conditions.add("b.\"" + column.key() + "\"::text = ?");
        parameters.add(value);
      }
    }
    if (workList()) {
      String status = query.filter(WORK_STATUS);
      if (status == null || status.equals("active")) {
        conditions.add("coalesce(w.status, 'open') <> 'closed'");
      } else if (!status.equals("all")) {
        conditions.add("coalesce(w.status, 'open') = ?");
        parameters.add(status);
      }
    }
    if (condition != null) {
      conditions.add(condition);
    }
    if (!conditions.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conditions));
    }
    return sql.toString();
  }

  private String statusJoin(List<Object> parameters, UUID municipalityId) {
    parameters.add(municipalityId);
    parameters.add(id());
    return " LEFT JOIN dashboard_work_item w ON w.municipality_id = ? AND w.list_id = ?"
        + " AND w.item_key = b.item_key";
  }

  private String order(ListQuery query) {
    ListQuery.Sort sort = query.sort() == null ? defaultSort() : query.sort();
    String key = sort.column();
    String expression =
        key.equals(WORK_STATUS) && workList() ? "work_status" : "b.\"" + column(key).key() + "\"";
    return " ORDER BY "
        + expression
        + (sort.descending() ? " DESC" : " ASC")
        + " NULLS LAST, b.item_key";
  }

  private ListColumn column(String key) {
    return columns().stream()
        .filter(c -> c.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(id() + " has no column " + key));
  }

  private Void read(String sql, List<Object> parameters, int fetchSize, Consumer<ListRow> rows) {
    return read(sql, parameters, fetchSize, rows, null);
  }

  /** Reads the rows; with {@code total}, also the {@code list_total} column into its element. */
  private Void read(
      String sql, List<Object> parameters, int fetchSize, Consumer<ListRow> rows, long[] total) {
    List<ListColumn> columns = columns();
    return jdbc.prepareStatement(
        sql,
        statement -> {
          bind(statement, parameters);
          if (fetchSize > 0) {
            statement.setFetchSize(fetchSize);
          }
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              if (total != null) {
                total[0] = rs.getLong("list_total");
              }
              Map<String, Object> values = new LinkedHashMap<>();
              for (ListColumn column : columns) {
                values.put(column.key(), value(rs, column));
              }
              rows.accept(
                  new ListRow(
                      rs.getString("item_key"),
                      rs.getString("subject_type"),
                      rs.getObject("subject_id", UUID.class),
                      rs.getObject("subject_municipality", UUID.class),
                      values,
                      workList() ? rs.getString("work_status") : null,
                      workList() ? rs.getString("work_note") : null));
            }
          }
          return null;
        });
  }

  private static Object value(ResultSet rs, ListColumn column) throws SQLException {
    String key = column.key();
    switch (column.type()) {
      case NUMBER:
        Object number = rs.getObject(key);
        return number == null ? null : ((Number) number).longValue();
      case DATE:
        return rs.getObject(key, LocalDate.class);
      case INSTANT:
        Timestamp timestamp = rs.getTimestamp(key);
        return timestamp == null ? null : timestamp.toInstant();
      case BOOLEAN:
        Object flag = rs.getObject(key);
        return flag == null ? null : (Boolean) flag;
      default:
        return rs.getString(key);
    }
  }

  protected static void bind(PreparedStatement statement, List<Object> parameters)
      throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      Object value = parameters.get(i);
      if (value instanceof String[] texts) {
        statement.setArray(i + 1, statement.getConnection().createArrayOf("text", texts));
      } else if (value instanceof LocalDate day) {
        statement.setObject(i + 1, day);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }

  /** A text literal for SQL, for codes from the data files (never for what a request gives). */
  protected static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  // --- shared column expressions -----------------------------------------------------------

  /** The columns every list about a child shows: name, kana, birth date, handbook, cohort, area. */
  protected static String childColumns(String c) {
    return "concat_ws(' ', "
        + c
        + ".family_name, "
        + c
        + ".given_name) AS \"child\", NULLIF(concat_ws(' ', "
        + c
        + ".family_name_kana, "
        + c
        + ".given_name_kana), '') AS \"kana\", "
        + c
        + ".birth_date AS \"birthDate\", "
        + c
        + ".handbook_number AS \"handbookNumber\", "
        + app.sukoyaka.municipality.figures.FigureSql.cohort(c + ".birth_date")
        + "::text AS \"cohort\", "
        + app.sukoyaka.municipality.figures.FigureSql.area(c + ".id")
        + " AS \"area\"";
  }

  /** The subject columns of a row about a child. */
  protected static String childSubject(String c) {
    return "'child' AS subject_type, "
        + c
        + ".id AS subject_id, "
        + c
        + ".municipality_id AS subject_municipality";
  }

  /** The child columns, labelled. */
  protected List<ListColumn> childListColumns() {
    return List.of(
        column("child", ListColumn.Type.TEXT),
        column("kana", ListColumn.Type.TEXT),
        column("birthDate", ListColumn.Type.DATE),
        column("handbookNumber", ListColumn.Type.TEXT),
        column("cohort", ListColumn.Type.CODE),
        column("area", ListColumn.Type.CODE));
  }
}
