package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.municipality.figures.Cell;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.FigureDefinitions.Figure;
import app.sukoyaka.municipality.figures.FigureRefresher;
import app.sukoyaka.municipality.figures.FigureSql;
import app.sukoyaka.municipality.figures.FigureStore;
import app.sukoyaka.municipality.figures.Labels;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.StaffSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's overview, each figure's page (its definition, chart, full table and CSV), the
 * request for a new count and the page language. Figures are read from their cells ({@link
 * FigureStore}); counting happens apart ({@link FigureRefresher}).
 */
@Controller("/dashboard")
@ExecuteOn(TaskExecutors.BLOCKING)
class DashboardController {
  static final int FIGURE_PAGE_SIZE = 200;

  private final DashboardRequests requests;
  private final DashboardPages pages;
  private final FigureDefinitions definitions;
  private final FigureStore store;
  private final FigureRefresher refresher;
  private final FigureViews views;
  private final CodeLabels codes;
  private final StaffSessions sessions;
  private final Labels labels;
  private final Clock clock;

  DashboardController(
      DashboardRequests requests,
      DashboardPages pages,
      FigureDefinitions definitions,
      FigureStore store,
      FigureRefresher refresher,
      FigureViews views,
      CodeLabels codes,
      StaffSessions sessions,
      Labels labels,
      Clock clock) {
    this.requests = requests;
    this.pages = pages;
    this.definitions = definitions;
    this.store = store;
    this.refresher = refresher;
    this.views = views;
    this.codes = codes;
    this.sessions = sessions;
    this.labels = labels;
    this.clock = clock;
  }

  /** A figure as a page section: definition, chart and table. */
  record Section(
      String id,
      String title,
      String numerator,
      String denominator,
      String source,
      List<SourceLink> sources,
      List<String> parameters,
      FigureViews.Pivot pivot,
      String detailsLink,
      String csvLink) {}

  record SourceLink(String text, String location) {}

  /** A key figure on the overview. */
  record Kpi(String label, String value, String detail, String link) {}

  record Group(String id, String title, List<Section> sections) {}

  @Get(produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> overview(HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-dashboard");
    refresher.viewed(staff.municipalityId());
    Map<String, Object> model = pages.model(staff, request, "overview");
    Map<String, List<Cell>> cells = store.overviewCells(staff.municipalityId(), definitions);
    Map<String, String> areas = codes.areas(staff.municipalityId());
    String language = staff.language();
    state(model, staff);
    model.put("kpis", kpis(cells, language));
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Figure figure : definitions.figures().values()) {
      Section section =
          section(figure, cells.getOrDefault(figure.id(), List.of()), Map.of(), language, areas);
      groups
          .computeIfAbsent(
              figure.group(),
              g -> new Group(g, pages.text("group." + g, language, Map.of()), new ArrayList<>()))
          .sections()
          .add(section);
    }
    model.put("groups", new ArrayList<>(groups.values()));
    return HttpResponse.ok(new ModelAndView<>("dashboard/overview", model));
  }

  private void state(Map<String, Object> model, DashboardRequests.Staff staff) {
    Optional<FigureStore.State> state = store.state(staff.municipalityId());
    String language = staff.language();
    String asOf = null;
    if (state.isPresent() && state.get().asOf() != null) {
      asOf =
          pages.text(
              "figures.asOf",
              language,
              Map.of(
                  "day",
                  state.get().asOf().toString(),
                  "time",
                  DashboardPages.time(state.get().computedAt())));
    }
    model.put("asOf", asOf);
    model.put(
        "updating",
        state.isPresent() && (state.get().running() || state.get().requestedAt() != null));
    model.put(
        "failed",
        state.isPresent() && "failed".equals(state.get().status())
            ? pages.text("figures.failed", language, Map.of("error", state.get().error()))
            : null);
  }

  private Section section(
      Figure figure,
      List<Cell> cells,
      Map<String, String> where,
      String language,
      Map<String, String> areas) {
    List<SourceLink> sources = new ArrayList<>();
    for (String id : figure.sources()) {
      FigureDefinitions.Source source = definitions.sources().get(id);
      sources.add(
          new SourceLink(
              DashboardPages.in(source.text(), language),
              source.location().startsWith("https://") ? source.location() : null));
    }
    List<String> parameters = new ArrayList<>();
    definitions
        .parameters()
        .parameterNotes()
        .forEach(
            (name, note) -> {
              if (mentions(figure, name)) {
                parameters.add(name + ": " + note);
              }
            });
    return new Section(
        figure.id(),
        DashboardPages.in(figure.title(), language),
        DashboardPages.in(figure.numerator(), language),
        DashboardPages.in(figure.denominator(), language),
        DashboardPages.in(figure.source(), language),
        sources,
        parameters,
        views.pivot(figure, cells, where, language, areas),
        "/dashboard/figures/" + figure.id(),
        "/dashboard/figures/" + figure.id() + "/csv");
  }

  /** Which parameter notes belong to a figure: those its texts or its list's name. */
  private static boolean mentions(Figure figure, String parameter) {
    String texts =
        figure.numerator().ja()
            + figure.numerator().en()
            + figure.denominator().en()
            + figure.source().en()
            + figure.title().en();
    if (texts.contains(parameter)) {
      return true;
    }
    return switch (parameter) {
      case "prenatalGaps" -> figure.id().equals("prenatal-gap");
      case "hearingStages", "observationRecheckDays" -> figure.id().equals("follow-up-work");
      default -> false;
    };
  }

  private List<Kpi> kpis(Map<String, List<Cell>> cells, String language) {
    List<Kpi> kpis = new ArrayList<>();
    LocalDate today = LocalDate.now(clock);
    String since = FigureSql.trendStart(today, 12).toString().substring(0, 7);
    rate(kpis, cells, "app-registration", "registered", "handbooks", null, null, language);
    rate(
        kpis,
        cells,
        "digital-prescreening",
        "withQuestionnaire",
        "doses",
        "month",
        since,
        language);
    rate(kpis, cells, "notice-delivery", "read", "online", "month", since, language);
    Figure status = definitions.figure("vaccine-status").orElse(null);
    if (status != null) {
      List<Cell> overdue =
          cells.getOrDefault(status.id(), List.of()).stream()
              .filter(c -> c.dim(0).equals("ANY") && c.dim(1).equals("overdue"))
              .toList();
      if (!overdue.isEmpty()) {
        Cell cell = overdue.get(0);
        kpis.add(
            new Kpi(
                pages.text("kpi.overdue", language, Map.of()),
                FigureViews.integer(cell.measure(0), language),
                FigureViews.percent(
                        cell.measure(1).signum() == 0
                            ? 0
                            : cell.measure(0).doubleValue() / cell.measure(1).doubleValue(),
                        language)
                    + " / "
                    + FigureViews.integer(cell.measure(1), language),
                "/dashboard/lists/vaccine-status?vaccine=ANY&status=overdue"));
      }
    }
    Figure work = definitions.figure("follow-up-work").orElse(null);
    if (work != null) {
      BigDecimal open = BigDecimal.ZERO;
      for (Cell cell : cells.getOrDefault(work.id(), List.of())) {
        if (!cell.dim(1).equals("closed")) {
          open = open.add(cell.measure(0));
        }
      }
      kpis.add(
          new Kpi(
              pages.text("kpi.followUps", language, Map.of()),
              FigureViews.integer(open, language),
              null,
              "/dashboard/work-lists"));
    }
    rate(kpis, cells, "prenatal-gap", "withoutCheckup", "active", null, null, language);
    return kpis;
  }

  /** A key figure: the rate of two measures summed over cells (from a month on, if given). */
  private void rate(
      List<Kpi> kpis,
      Map<String, List<Cell>> cells,
      String figureId,
      String numerator,
      String denominator,
      String monthDimension,
      String fromMonth,
      String language) {
    Figure figure = definitions.figure(figureId).orElse(null);
    if (figure == null) {
      return;
    }
    BigDecimal n = BigDecimal.ZERO;
    BigDecimal d = BigDecimal.ZERO;
    int month = monthDimension == null ? -1 : figure.dimension(monthDimension);
    for (Cell cell : cells.getOrDefault(figureId, List.of())) {
      if (month >= 0 && cell.dim(month).compareTo(fromMonth) < 0) {
        continue;
      }
      n = n.add(cell.measure(figure.measure(numerator)));
      d = d.add(cell.measure(figure.measure(denominator)));
    }
    String value =
        d.signum() == 0 ? "–" : FigureViews.percent(n.doubleValue() / d.doubleValue(), language);
    kpis.add(
        new Kpi(
            pages.text("kpi." + figureId, language, Map.of()),
            value,
            FigureViews.integer(n, language) + " / " + FigureViews.integer(d, language),
            "/dashboard/figures/" + figureId));
  }

  @Get(uri = "/figures/{figureId}", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> figure(
      @PathVariable String figureId,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue String dir,
      @Nullable @QueryValue Integer page,
      HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-dashboard-figure");
    Figure figure = figure(figureId);
    Map<String, Object> model = pages.model(staff, request, "overview");
    String language = staff.language();
    List<Cell> cells =
        store
            .cells(staff.municipalityId(), List.of(figure.id()))
            .getOrDefault(figure.id(), List.of());
    Map<String, String> areas = codes.areas(staff.municipalityId());
    Map<String, String> where = new LinkedHashMap<>();
    for (String dimension : figure.dimensions()) {
      String value = request.getParameters().get(dimension);
      if (value != null && !value.equals("*")) {
        where.put(dimension, value);
      }
    }
    List<String> sortable = new ArrayList<>(figure.dimensions());
    sortable.addAll(figure.measures());
    figure.rates().forEach(r -> sortable.add(r.id()));
    if (sort != null && !sortable.contains(sort)) {
      throw new ProblemException(
          ErrorCode.DASHBOARD_FILTER_INVALID, "sort: one of " + String.join(", ", sortable));
    }
    boolean descending = "desc".equals(dir);
    int current = page == null || page < 1 ? 1 : page;
    state(model, staff);
    model.put("section", section(figure, cells, where, language, areas));
    FigureViews.Table table =
        views.table(
            figure,
            cells,
            where,
            sort,
            descending,
            (current - 1) * FIGURE_PAGE_SIZE,
            FIGURE_PAGE_SIZE,
            language,
            areas);
    model.put("table", table);
    model.put("sort", sort);
    model.put("descending", descending);
    model.put("filters", views.dimensionValues(figure, cells, language, areas));
    model.put("where", where);
    model.put("dimensionLabels", dimensionLabels(figure, language));
    model.put("pageNumber", current);
    long pagesCount = Math.max(1, (table.total() + FIGURE_PAGE_SIZE - 1) / FIGURE_PAGE_SIZE);
    model.put("pages", pagesCount);
    model.put("queryBase", query(where));
    return DashboardPages.page(request, "dashboard/figure", "figure-table", model);
  }

  private Map<String, String> dimensionLabels(Figure figure, String language) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (String dimension : figure.dimensions()) {
      dimensions.put(dimension, DashboardPages.in(labels.dimension(dimension), language));
    }
    return dimensions;
  }

  /** The page's filters as a query string to build links on. */
  static String query(Map<String, String> where) {
    StringBuilder query = new StringBuilder();
    where.forEach(
        (key, value) ->
            query
                .append(query.length() == 0 ? "?" : "&")
                .append(key)
                .append('=')
                .append(
                    java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
    return query.toString();
  }

  private Figure figure(String figureId) {
    return definitions
        .figure(figureId)
        .orElseThrow(
            () -> new ProblemException(ErrorCode.DASHBOARD_FIGURE_UNKNOWN, "No such figure."));
  }

  @Get(uri = "/figures/{figureId}/csv", produces = "text/csv")
  MutableHttpResponse<byte[]> figureCsv(@PathVariable String figureId, HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "export-dashboard-figure");
    Figure figure = figure(figureId);
    List<Cell> cells =
        store
            .cells(staff.municipalityId(), List.of(figure.id()))
            .getOrDefault(figure.id(), List.of());
    Csv csv = new Csv();
    views
        .csv(figure, cells, staff.language(), codes.areas(staff.municipalityId()))
        .forEach(csv::line);
    String day =
        store.state(staff.municipalityId()).map(s -> String.valueOf(s.asOf())).orElse("none");
    return Csv.download(csv.bytes(), figure.id() + "-" + day + ".csv");
  }

  @Post(
      uri = "/refresh",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  HttpResponse<?> refresh(@Body Map<String, String> form, HttpRequest<?> request) {
    DashboardRequests.requireCsrf(request, form.get(DashboardRequests.CSRF_FIELD));
    DashboardRequests.Staff staff = requests.staff(request, "refresh-dashboard");
    store.request(staff.municipalityId(), staff.principal().actorId());
    return HttpResponse.seeOther(URI.create("/dashboard"));
  }

  @Post(
      uri = "/language",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  HttpResponse<?> language(@Body Map<String, String> form, HttpRequest<?> request) {
    DashboardRequests.requireCsrf(request, form.get(DashboardRequests.CSRF_FIELD));
    requests.staff(request, "read-dashboard");
    String language = form.get("language");
    if (!DashboardLanguage.offered(language)) {
      throw new ProblemException(ErrorCode.DASHBOARD_LANGUAGE, "language: ja or en.");
    }
    StaffSessions.current(request).ifPresent(s -> sessions.setLanguage(s.id(), language));
    return HttpResponse.seeOther(URI.create(LoginController.safeNext(form.get("next"))));
  }
}
