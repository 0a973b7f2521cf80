package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.municipality.DashboardList;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.figures.Cell;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.FigureDefinitions.Figure;
import app.sukoyaka.municipality.figures.Labels;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.uri.UriBuilder;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a figure's cells into what the pages show: the overview's table (rows by columns, summed
 * over the other dimensions, as the definition's overview says), the figure page's full table, the
 * chart's data and the CSV. Every number links to the list of the people behind it. Pure, given the
 * labels.
 */
@Singleton
class FigureViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Labels labels;
  private final CodeLabels codes;
  private final Map<String, DashboardList> lists = new LinkedHashMap<>();

  FigureViews(Labels labels, CodeLabels codes, List<DashboardList> dashboardLists) {
    this.labels = labels;
    this.codes = codes;
    dashboardLists.forEach(l -> lists.put(l.id(), l));
  }

  /** A value shown: its text, the exact numbers behind a rate, and the list behind it. */
  record Value(String text, String title, String link, Double number) {
    /** Whether the value links to its list (an empty cell does not). */
    public boolean linked() {
      return link != null && number != null;
    }
  }

  record Column(String key, String label) {}

  record Row(String label, List<Value> values) {}

  /**
   * A table of the overview: rows by columns.
   *
   * @param chartJson the chart's data (Chart.js), or null for none
   */
  record Pivot(
      String rowsLabel,
      List<Column> columns,
      List<Row> rows,
      String chartJson,
      String chartLabel) {}

  // --- the overview's table --------------------------------------------------------------------

  /** The pivot of the definition's overview, with {@code where} adding to its fixed values. */
  Pivot pivot(
      Figure figure,
      List<Cell> cells,
      Map<String, String> where,
      String language,
      Map<String, String> areas) {
    FigureDefinitions.Overview o = figure.overview();
    Map<String, String> fixed = new LinkedHashMap<>(o.where());
    fixed.putAll(where);
    boolean transposedChart = o.columns().equals("rates") || o.columns().equals("measures");
    List<Cell> selected = select(figure, cells, fixed, o.rowsFilter());
    // Rows and columns, in the order the dimensions are shown in.
    Comparator<List<String>> rowOrder = rowOrder(o.rows());
    Map<List<String>, Map<String, List<Cell>>> grid = new TreeMap<>(rowOrder);
    Set<String> columnKeys = new LinkedHashSet<>();
    List<String> valueColumns = valueColumns(figure, o);
    for (Cell cell : selected) {
      List<String> rowKey = new ArrayList<>();
      for (String dimension : o.rows()) {
        rowKey.add(cell.dim(figure.dimension(dimension)));
      }
      List<String> keys =
          transposedChart ? valueColumns : List.of(cell.dim(figure.dimension(o.columns())));
      for (String key : keys) {
        columnKeys.add(key);
        grid.computeIfAbsent(rowKey, k -> new LinkedHashMap<>())
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(cell);
      }
    }
    List<String> columns = new ArrayList<>(columnKeys);
    if (!transposedChart) {
      columns.sort(codes.order(o.columns()));
      if (!o.columnsFilter().isEmpty()) {
        columns = new ArrayList<>(o.columnsFilter());
      }
      if (o.lastColumns() > 0 && columns.size() > o.lastColumns()) {
        columns = columns.subList(columns.size() - o.lastColumns(), columns.size());
      }
    } else {
      columns = valueColumns;
    }
    List<Map.Entry<List<String>, Map<String, List<Cell>>>> rowEntries =
        new ArrayList<>(grid.entrySet());
    if (o.lastRows() > 0 && rowEntries.size() > o.lastRows()) {
      rowEntries = rowEntries.subList(rowEntries.size() - o.lastRows(), rowEntries.size());
    }
    List<Column> columnViews = new ArrayList<>();
    for (String column : columns) {
      columnViews.add(new Column(column, columnLabel(figure, o, column, language, areas)));
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<List<String>, Map<String, List<Cell>>> entry : rowEntries) {
      List<String> labelParts = new ArrayList<>();
      for (int i = 0; i < o.rows().size(); i++) {
        labelParts.add(codes.label(o.rows().get(i), entry.getKey().get(i), language, areas));
      }
      List<Value> values = new ArrayList<>();
      for (String column : columns) {
        List<Cell> group = entry.getValue().getOrDefault(column, List.of());
        String valueName = transposedChart ? column : o.value();
        Map<String, String> filters = new LinkedHashMap<>(fixed);
        for (int i = 0; i < o.rows().size(); i++) {
          filters.put(o.rows().get(i), entry.getKey().get(i));
        }
        if (!transposedChart) {
          filters.put(o.columns(), column);
        }
        values.add(value(figure, valueName, group, filters, language));
      }
      rows.add(new Row(String.join(" ", labelParts), values));
    }
    String rowsLabel =
        String.join(
            " / ",
            o.rows().stream()
                .map(d -> DashboardLanguage.in(labels.dimension(d), language))
                .toList());
    String chart =
        o.chart().equals("none") ? null : chart(o.chart(), columnViews, rows, transposedChart);
    String chartLabel = DashboardLanguage.in(figure.title(), language);
    return new Pivot(rowsLabel, columnViews, rows, chart, chartLabel);
  }

  private Comparator<List<String>> rowOrder(List<String> dimensions) {
    return (a, b) -> {
      for (int i = 0; i < dimensions.size(); i++) {
        int compared = codes.order(dimensions.get(i)).compare(a.get(i), b.get(i));
        if (compared != 0) {
          return compared;
        }
      }
      return 0;
    };
  }

  private static List<String> valueColumns(Figure figure, FigureDefinitions.Overview o) {
    if (o.columns().equals("rates")) {
      return figure.rates().stream().map(FigureDefinitions.Rate::id).toList();
    }
    if (o.columns().equals("measures")) {
      List<String> columns = new ArrayList<>(figure.measures());
      figure.rates().forEach(r -> columns.add(r.id()));
      return columns;
    }
    return List.of();
  }

  private String columnLabel(
      Figure figure,
      FigureDefinitions.Overview o,
      String column,
      String language,
      Map<String, String> areas) {
    if (o.columns().equals("rates") || o.columns().equals("measures")) {
      return valueLabel(figure, column, language);
    }
    return codes.label(o.columns(), column, language, areas);
  }

  String valueLabel(Figure figure, String name, String language) {
    boolean rate = figure.rates().stream().anyMatch(r -> r.id().equals(name));
    return DashboardLanguage.in(rate ? labels.rate(name) : labels.measure(name), language);
  }

  private static List<Cell> select(
      Figure figure,
      List<Cell> cells,
      Map<String, String> fixed,
      Map<String, List<String>> allowed) {
    List<Cell> selected = new ArrayList<>();
    for (Cell cell : cells) {
      boolean keep = true;
      for (Map.Entry<String, String> f : fixed.entrySet()) {
        int index = figure.dimension(f.getKey());
        if (index >= 0 && !cell.dim(index).equals(f.getValue())) {
          keep = false;
        }
      }
      for (Map.Entry<String, List<String>> a : allowed.entrySet()) {
        int index = figure.dimension(a.getKey());
        if (index >= 0 && !a.getValue().contains(cell.dim(index))) {
          keep = false;
        }
      }
      if (keep) {
        selected.add(cell);
      }
    }
    return selected;
  }

  /** A measure summed over the group, or a rate of sums, with the link to the list behind it. */
  Value value(
      Figure figure, String name, List<Cell> group, Map<String, String> filters, String language) {
    String link = listLink(figure, filters);
    if (group.isEmpty()) {
      return new Value("–", null, null, null);
    }
    for (FigureDefinitions.Rate rate : figure.rates()) {
      if (rate.id().equals(name)) {
        BigDecimal numerator = sum(group, figure.measure(rate.numerator()));
        BigDecimal denominator = sum(group, figure.measure(rate.denominator()));
        if (denominator.signum() == 0) {
          return new Value("–", null, link, null);
        }
        double ratio = numerator.doubleValue() / denominator.doubleValue();
        return new Value(
            percent(ratio, language),
            integer(numerator, language) + " / " + integer(denominator, language),
            link,
            Math.round(ratio * 10000) / 100.0);
      }
    }
    int index = figure.measure(name);
    if (figure.nonAdditive().contains(name)) {
      if (group.size() != 1) {
        return new Value("–", null, link, null);
      }
      BigDecimal value = group.get(0).measure(index);
      return new Value(decimal(value, language), null, link, value.doubleValue());
    }
    BigDecimal total = sum(group, index);
    return new Value(integer(total, language), null, link, total.doubleValue());
  }

  private static BigDecimal sum(List<Cell> cells, int index) {
    BigDecimal total = BigDecimal.ZERO;
    for (Cell cell : cells) {
      total = total.add(cell.measure(index));
    }
    return total;
  }

  /** The list behind a value, filtered by the cell's dimensions and the figure's extra filters. */
  String listLink(Figure figure, Map<String, String> dims) {
    String listId = figure.listId();
    Map<String, String> filters = new LinkedHashMap<>();
    if (listId.equals("@list")) {
      listId = dims.get("list");
      if (listId == null) {
        return null;
      }
      String status = dims.get("status");
      if (status != null) {
        filters.put("workStatus", status);
      }
    } else {
      filters.putAll(dims);
    }
    DashboardList list = lists.get(listId);
    if (list == null) {
      return null;
    }
    filters.putAll(figure.listExtra());
    UriBuilder uri = UriBuilder.of("/dashboard/lists/" + listId);
    for (ListFilter filter : list.filters()) {
      String value = filters.get(filter.key());
      if (value == null || (value.isEmpty() && !filter.key().equals("area"))) {
        continue;
      }
      if (filter.allows(value)) {
        uri.queryParam(filter.key(), value);
      }
    }
    return uri.toString();
  }

  // --- the figure page's table -------------------------------------------------------------

  /** The figure page's table: every cell, each dimension labelled, measures and rates. */
  record TableRow(List<String> dims, List<Value> values) {}

  record Table(List<Column> columns, List<TableRow> rows, long total) {}

  Table table(
      Figure figure,
      List<Cell> cells,
      Map<String, String> where,
      String sort,
      boolean descending,
      int offset,
      int limit,
      String language,
      Map<String, String> areas) {
    List<Cell> selected = new ArrayList<>(select(figure, cells, where, Map.of()));
    List<Column> columns = new ArrayList<>();
    for (String dimension : figure.dimensions()) {
      columns.add(
          new Column(dimension, DashboardLanguage.in(labels.dimension(dimension), language)));
    }
    List<String> valueNames = new ArrayList<>(figure.measures());
    figure.rates().forEach(r -> valueNames.add(r.id()));
    for (String name : valueNames) {
      columns.add(new Column(name, valueLabel(figure, name, language)));
    }
    // Sorted and paged on the cells; only the page's rows are labelled and linked.
    Comparator<Cell> order = cellOrder(figure, sort);
    selected.sort(descending ? order.reversed() : order);
    int from = Math.min(offset, selected.size());
    int to = Math.min(from + limit, selected.size());
    List<TableRow> rows = new ArrayList<>();
    for (Cell cell : selected.subList(from, to)) {
      Map<String, String> dims = new LinkedHashMap<>();
      List<String> dimLabels = new ArrayList<>();
      for (int i = 0; i < figure.dimensions().size(); i++) {
        String dimension = figure.dimensions().get(i);
        dims.put(dimension, cell.dim(i));
        dimLabels.add(codes.label(dimension, cell.dim(i), language, areas));
      }
      List<Value> values = new ArrayList<>();
      for (String name : valueNames) {
        values.add(value(figure, name, List.of(cell), dims, language));
      }
      rows.add(new TableRow(dimLabels, values));
    }
    return new Table(columns, rows, selected.size());
  }

  /** Cells by a dimension (in its shown order) or a measure or rate, then by every dimension. */
  private Comparator<Cell> cellOrder(Figure figure, String sort) {
    Comparator<Cell> byDimensions =
        (a, b) -> {
          for (int i = 0; i < figure.dimensions().size(); i++) {
            int compared = codes.order(figure.dimensions().get(i)).compare(a.dim(i), b.dim(i));
            if (compared != 0) {
              return compared;
            }
          }
          return 0;
        };
    if (sort == null) {
      return byDimensions;
    }
    int dimension = figure.dimension(sort);
    if (dimension >= 0) {
      Comparator<String> values = codes.order(sort);
      return Comparator.<Cell, String>comparing(c -> c.dim(dimension), values)
          .thenComparing(byDimensions);
    }
    for (FigureDefinitions.Rate rate : figure.rates()) {
      if (rate.id().equals(sort)) {
        int n = figure.measure(rate.numerator());
        int d = figure.measure(rate.denominator());
        return Comparator.<Cell, Double>comparing(
                c ->
                    c.measure(d).signum() == 0
                        ? null
                        : c.measure(n).doubleValue() / c.measure(d).doubleValue(),
                Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(byDimensions);
      }
    }
    int measure = figure.measures().indexOf(sort);
    if (measure < 0) {
      return byDimensions;
    }
    return Comparator.<Cell, BigDecimal>comparing(c -> c.measure(measure))
        .thenComparing(byDimensions);
  }

  /** The values each dimension takes in the cells, in order, for the page's filters. */
  Map<String, List<Column>> dimensionValues(
      Figure figure, List<Cell> cells, String language, Map<String, String> areas) {
    Map<String, List<Column>> values = new LinkedHashMap<>();
    for (int i = 0; i < figure.dimensions().size(); i++) {
      String dimension = figure.dimensions().get(i);
      Set<String> distinct = new LinkedHashSet<>();
      for (Cell cell : cells) {
        distinct.add(cell.dim(i));
      }
      List<String> sorted = new ArrayList<>(distinct);
      sorted.sort(codes.order(dimension));
      List<Column> options = new ArrayList<>();
      for (String value : sorted) {
        options.add(new Column(value, codes.label(dimension, value, language, areas)));
      }
      values.put(dimension, options);
    }
    return values;
  }

  // --- the chart and the CSV ---------------------------------------------------------------

  private static String chart(
      String type, List<Column> columns, List<Row> rows, boolean transposed) {
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("type", type);
    List<String> x = new ArrayList<>();
    List<Map<String, Object>> datasets = new ArrayList<>();
    if (transposed) {
      rows.forEach(r -> x.add(r.label()));
      for (int c = 0; c < columns.size(); c++) {
        List<Double> data = new ArrayList<>();
        for (Row row : rows) {
          data.add(row.values().get(c).number());
        }
        datasets.add(Map.of("label", columns.get(c).label(), "data", data));
      }
    } else {
      columns.forEach(c -> x.add(c.label()));
      for (Row row : rows) {
        List<Double> data = new ArrayList<>();
        row.values().forEach(v -> data.add(v.number()));
        datasets.add(Map.of("label", row.label(), "data", data));
      }
    }
    chart.put("labels", x);
    chart.put("datasets", datasets);
    try {
      return JSON.writeValueAsString(chart);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CSV of every cell: each dimension's code and label, the measures and the rates. */
  List<List<String>> csv(
      Figure figure, List<Cell> cells, String language, Map<String, String> areas) {
    List<List<String>> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (String dimension : figure.dimensions()) {
      String label = DashboardLanguage.in(labels.dimension(dimension), language);
      header.add(label);
      header.add(label + ("en".equals(language) ? " (code)" : "（コード）"));
    }
    figure.measures().forEach(m -> header.add(valueLabel(figure, m, language)));
    figure.rates().forEach(r -> header.add(valueLabel(figure, r.id(), language)));
    lines.add(header);
    for (Cell cell : cells) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < figure.dimensions().size(); i++) {
        line.add(codes.label(figure.dimensions().get(i), cell.dim(i), language, areas));
        line.add(cell.dim(i));
      }
      cell.measures().forEach(m -> line.add(m.stripTrailingZeros().toPlainString()));
      for (FigureDefinitions.Rate rate : figure.rates()) {
        BigDecimal numerator = cell.measure(figure.measure(rate.numerator()));
        BigDecimal denominator = cell.measure(figure.measure(rate.denominator()));
        line.add(
            denominator.signum() == 0
                ? ""
                : numerator.divide(denominator, 4, RoundingMode.HALF_UP).toPlainString());
      }
      lines.add(line);
    }
    return lines;
  }

  // --- numbers -----------------------------------------------------------------------------

  static String percent(double ratio, String language) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  static String integer(BigDecimal value, String language) {
    return NumberFormat.getIntegerInstance(Locale.JAPAN).format(value);
  }

  static String decimal(BigDecimal value, String language) {
    return value.setScale(1, RoundingMode.HALF_UP).toPlainString();
  }
}
