package app.sukoyaka.municipality.figures;

import app.sukoyaka.profiles.LocalizedText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The definitions of the dashboard's figures and lists ({@code figures.json}): what each figure
 * counts (numerator, denominator, source, dimensions, measures, rates), how the overview shows it,
 * the list behind it, the parameters the counts use (thresholds, windows) with their sources, and
 * the statuses of work-list items. Data, not code: the service refuses to start when the file
 * breaks its format, and {@link FigureComputations} refuses a figure it has no count for.
 */
public final class FigureDefinitions {
  public static final String RESOURCE = "app/sukoyaka/municipality/dashboard/figures.json";
  static final String FORMAT = "sukoyaka-dashboard-figures/1";

  /** The dimensions a figure may have; each has its labels in the dashboard's texts. */
  public static final Set<String> DIMENSIONS =
      Set.of(
          "kind",
          "cohort",
          "area",
          "month",
          "vaccine",
          "dose",
          "ageMonths",
          "status",
          "list",
          "weekBand",
          "subject",
          "record",
          "channel");

  /** A reference to the law, notice or data a figure follows. */
  public record Source(String id, LocalizedText text, String location) {}

  /** A rate of two of a figure's measures. */
  public record Rate(String id, String numerator, String denominator) {}

  /**
   * How the overview shows a figure: a table of {@code rows} (one or more dimensions) by {@code
   * columns} (a dimension, or "rates"/"measures"), summing over the other dimensions.
   *
   * @param lastColumns only the last N columns (the newest cohorts, months), 0 for all
   * @param lastRows only the last N rows, 0 for all
   * @param value the measure or rate shown ("rates"/"measures" when the columns are those)
   * @param chart "bar", "line" or "none"
   * @param where fixed values of dimensions (only those cells)
   * @param rowsFilter only rows whose dimension has one of these values
   * @param columnsFilter only these columns
   */
  public record Overview(
      List<String> rows,
      String columns,
      int lastColumns,
      int lastRows,
      String value,
      String chart,
      Map<String, String> where,
      Map<String, List<String>> rowsFilter,
      List<String> columnsFilter) {}

  /**
   * A figure.
   *
   * @param listId the list behind it; "@list" for the work-lists figure, whose rows each name their
   *     list
   * @param nonAdditive measures that cannot be summed over cells (a median): shown only where one
   *     cell gives them
   * @param listExtra filters added to the drill-down (the cell's own dimensions come first)
   */
  public record Figure(
      String id,
      String group,
      LocalizedText title,
      LocalizedText numerator,
      LocalizedText denominator,
      LocalizedText source,
      List<String> sources,
      List<String> dimensions,
      List<String> measures,
      Set<String> nonAdditive,
      List<Rate> rates,
      Overview overview,
      String listId,
      Map<String, String> listExtra) {

    public int measure(String name) {
      int index = measures.indexOf(name);
      if (index < 0) {
        throw new IllegalArgumentException(id + " has no measure " + name);
      }
      return index;
    }

    public int dimension(String name) {
      return dimensions.indexOf(name);
    }
  }

  /** The title and description of one of the service's own lists. */
  public record ListText(String id, LocalizedText title, LocalizedText description) {}

  /** A band of pregnancy weeks and the longest gap between 妊婦健診 in it. */
  public record PrenatalGap(String band, int fromWeek, int toWeek, int maxDays) {}

  /** The parameters the counts use. */
  public record Parameters(
      int attendanceCohortYears,
      int coverageCohortYears,
      int trendMonths,
      List<Integer> coverageAgeMonths,
      int epdsThreshold,
      boolean epdsItem10Flags,
      int observationRecheckDays,
      List<String> observationItems,
      String observationCode,
      List<List<String>> hearingStages,
      String hearingReferCode,
      int prescreeningWindowDays,
      int registrationChildYears,
      List<PrenatalGap> prenatalGaps,
      Map<String, String> parameterSources,
      Map<String, String> parameterNotes) {}

  /** A status of a work-list item. */
  public record Status(String code, LocalizedText label) {}

  private final String version;
  private final LocalizedText title;
  private final List<String> notes;
  private final Map<String, Source> sources;
  private final Parameters parameters;
  private final List<Status> statuses;
  private final Map<String, Figure> figures;
  private final Map<String, ListText> lists;

  private FigureDefinitions(
      String version,
      LocalizedText title,
      List<String> notes,
      Map<String, Source> sources,
      Parameters parameters,
      List<Status> statuses,
      Map<String, Figure> figures,
      Map<String, ListText> lists) {
    this.version = version;
    this.title = title;
    this.notes = List.copyOf(notes);
    this.sources = Map.copyOf(sources);
    this.parameters = parameters;
    this.statuses = List.copyOf(statuses);
    this.figures = java.util.Collections.unmodifiableMap(figures);
    this.lists = java.util.Collections.unmodifiableMap(lists);
  }

  /** The definitions shipped with the service. */
  public static FigureDefinitions load() {
    try (InputStream in = FigureDefinitions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + RESOURCE);
      }
      return read(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  static FigureDefinitions read(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw invalid("unknown format " + root.path("format"));
    }
    Map<String, Source> sources = new LinkedHashMap<>();
    root.path("sources")
        .fields()
        .forEachRemaining(
            e ->
                sources.put(
                    e.getKey(),
                    new Source(
                        e.getKey(),
                        text(e.getValue(), e.getKey()),
                        required(e.getValue(), "location"))));
    List<String> notes = new ArrayList<>();
    root.path("notes").forEach(n -> notes.add(n.asText()));
    Parameters parameters = parameters(root.path("parameters"), sources);
    List<Status> statuses = new ArrayList<>();
    for (JsonNode node : root.path("workItemStatuses")) {
      statuses.add(new Status(required(node, "code"), text(node.path("label"), "status")));
    }
    if (statuses.isEmpty() || !"open".equals(statuses.get(0).code())) {
      throw invalid("workItemStatuses must begin with open");
    }
    Map<String, ListText> lists = new LinkedHashMap<>();
    for (JsonNode node : root.path("lists")) {
      String id = required(node, "id");
      if (lists.put(
              id,
              new ListText(id, text(node.path("title"), id), text(node.path("description"), id)))
          != null) {
        throw invalid("list " + id + " twice");
      }
    }
    Map<String, Figure> figures = new LinkedHashMap<>();
    for (JsonNode node : root.path("figures")) {
      Figure figure = figure(node, sources);
      if (figures.put(figure.id(), figure) != null) {
        throw invalid("figure " + figure.id() + " twice");
      }
      if (!figure.listId().equals("@list") && !lists.containsKey(figure.listId())) {
        throw invalid(figure.id() + ": list " + figure.listId() + " is not defined");
      }
    }
    if (figures.isEmpty()) {
      throw invalid("no figures");
    }
    return new FigureDefinitions(
        required(root, "version"),
        text(root.path("title"), "title"),
        notes,
        sources,
        parameters,
        statuses,
        figures,
        lists);
  }

  private static Figure figure(JsonNode node, Map<String, Source> sources) {
    String id = required(node, "id");
    if (!id.matches("[a-z][a-z0-9-]*")) {
      throw invalid("figure id " + id);
    }
    List<String> dimensions = strings(node.path("dimensions"));
    for (String dimension : dimensions) {
      if (!DIMENSIONS.contains(dimension)) {
        throw invalid(id + ": unknown dimension " + dimension);
      }
    }
    List<String> measures = strings(node.path("measures"));
    if (measures.isEmpty()) {
      throw invalid(id + ": no measures");
    }
    Set<String> nonAdditive = Set.copyOf(strings(node.path("nonAdditive")));
    if (!measures.containsAll(nonAdditive)) {
      throw invalid(id + ": nonAdditive names a measure the figure lacks");
    }
    List<Rate> rates = new ArrayList<>();
    for (JsonNode rate : node.path("rates")) {
      Rate r =
          new Rate(
              required(rate, "id"), required(rate, "numerator"), required(rate, "denominator"));
      if (!measures.contains(r.numerator()) || !measures.contains(r.denominator())) {
        throw invalid(id + ": rate " + r.id() + " names a measure the figure lacks");
      }
      rates.add(r);
    }
    List<String> cited = strings(node.path("sources"));
    for (String source : cited) {
      if (!sources.containsKey(source)) {
        throw invalid(id + ": unknown source " + source);
      }
    }
    JsonNode o = node.path("overview");
    List<String> rows = strings(o.path("rows"));
    String columns = required(o, "columns");
    if (!dimensions.containsAll(rows)
        || !(dimensions.contains(columns)
            || columns.equals("rates")
            || columns.equals("measures"))) {
      throw invalid(id + ": the overview names a dimension the figure lacks");
    }
    String value = required(o, "value");
    boolean known =
        measures.contains(value)
            || value.equals("rates")
            || value.equals("measures")
            || rates.stream().anyMatch(r -> r.id().equals(value));
    if (!known) {
      throw invalid(id + ": the overview shows an unknown value " + value);
    }
    Map<String, String> where = new LinkedHashMap<>();
    o.path("where").fields().forEachRemaining(e -> where.put(e.getKey(), e.getValue().asText()));
    Map<String, List<String>> rowsFilter = new LinkedHashMap<>();
    o.path("rowsFilter")
        .fields()
        .forEachRemaining(e -> rowsFilter.put(e.getKey(), strings(e.getValue())));
    String chart = o.path("chart").asText("none");
    if (!Set.of("bar", "line", "none").contains(chart)) {
      throw invalid(id + ": chart " + chart);
    }
    Overview overview =
        new Overview(
            rows,
            columns,
            o.path("lastColumns").asInt(0),
            o.path("lastRows").asInt(0),
            value,
            chart,
            where,
            rowsFilter,
            strings(o.path("columnsFilter")));
    JsonNode list = node.path("list");
    Map<String, String> extra = new LinkedHashMap<>();
    list.path("extra").fields().forEachRemaining(e -> extra.put(e.getKey(), e.getValue().asText()));
    return new Figure(
        id,
        required(node, "group"),
        text(node.path("title"), id),
        text(node.path("numerator"), id),
        text(node.path("denominator"), id),
        text(node.path("source"), id),
        cited,
        dimensions,
        measures,
        nonAdditive,
        rates,
        overview,
        required(list, "id"),
        extra);
  }

  private static Parameters parameters(JsonNode p, Map<String, Source> sources) {
    List<PrenatalGap> gaps = new ArrayList<>();
    int previous = -1;
    for (JsonNode gap : p.path("prenatalGaps")) {
      PrenatalGap g =
          new PrenatalGap(
              required(gap, "band"),
              gap.path("fromWeek").asInt(),
              gap.path("toWeek").asInt(),
              gap.path("maxDays").asInt());
      if (g.fromWeek() != previous + 1 || g.toWeek() < g.fromWeek() || g.maxDays() < 1) {
        throw invalid("prenatalGaps must be consecutive week bands with maxDays");
      }
      previous = g.toWeek();
      gaps.add(g);
    }
    Map<String, String> parameterSources = new LinkedHashMap<>();
    p.path("parameterSources")
        .fields()
        .forEachRemaining(
            e -> {
              if (!sources.containsKey(e.getValue().asText())) {
                throw invalid("parameter " + e.getKey() + " cites an unknown source");
              }
              parameterSources.put(e.getKey(), e.getValue().asText());
            });
    Map<String, String> parameterNotes = new LinkedHashMap<>();
    p.path("parameterNotes")
        .fields()
        .forEachRemaining(e -> parameterNotes.put(e.getKey(), e.getValue().asText()));
    List<Integer> ages = new ArrayList<>();
    p.path("coverageAgeMonths").forEach(a -> ages.add(a.asInt()));
    Parameters parameters =
        new Parameters(
            positive(p, "attendanceCohortYears"),
            positive(p, "coverageCohortYears"),
            positive(p, "trendMonths"),
            List.copyOf(ages),
            positive(p, "epdsThreshold"),
            p.path("epdsItem10Flags").asBoolean(false),
            positive(p, "observationRecheckDays"),
            strings(p.path("observationItems")),
            required(p, "observationCode"),
            hearingStages(p.path("hearingStages")),
            required(p, "hearingReferCode"),
            p.path("prescreeningWindowDays").asInt(-1),
            positive(p, "registrationChildYears"),
            List.copyOf(gaps),
            parameterSources,
            parameterNotes);
    if (parameters.prescreeningWindowDays() < 0 || ages.isEmpty() || gaps.isEmpty()) {
      throw invalid("prescreeningWindowDays, coverageAgeMonths and prenatalGaps are required");
    }
    return parameters;
  }

  private static List<List<String>> hearingStages(JsonNode node) {
    List<List<String>> stages = new ArrayList<>();
    node.forEach(stage -> stages.add(strings(stage)));
    if (stages.isEmpty() || stages.stream().anyMatch(List::isEmpty)) {
      throw invalid("hearingStages must list the items of each stage");
    }
    return List.copyOf(stages);
  }

  private static int positive(JsonNode node, String field) {
    int value = node.path(field).asInt(0);
    if (value < 1) {
      throw invalid(field + " must be a positive whole number");
    }
    return value;
  }

  private static String required(JsonNode node, String field) {
    String value = node.path(field).asText("");
    if (value.isBlank()) {
      throw invalid("missing " + field);
    }
    return value;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(n -> values.add(n.asText()));
    return List.copyOf(values);
  }

  private static LocalizedText text(JsonNode node, String where) {
    String ja = node.path("ja").asText("");
    String en = node.path("en").asText("");
    if (ja.isBlank() || en.isBlank()) {
      throw invalid(where + ": a text needs ja and en");
    }
    return new LocalizedText(ja, en);
  }

  private static IllegalStateException invalid(String reason) {
    return new IllegalStateException(RESOURCE + ": " + reason);
  }

  public String version() {
    return version;
  }

  public LocalizedText title() {
    return title;
  }

  public List<String> notes() {
    return notes;
  }

  public Map<String, Source> sources() {
    return sources;
  }

  public Parameters parameters() {
    return parameters;
  }

  public List<Status> statuses() {
    return statuses;
  }

  /** The figures in the file's order. */
  public Map<String, Figure> figures() {
    return figures;
  }

  public Optional<Figure> figure(String id) {
    return Optional.ofNullable(figures.get(id));
  }

  public Optional<ListText> list(String id) {
    return Optional.ofNullable(lists.get(id));
  }

  public Map<String, ListText> lists() {
    return lists;
  }
}
