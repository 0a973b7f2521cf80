package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.municipality.DashboardList;
import app.sukoyaka.municipality.ListColumn;
import app.sukoyaka.municipality.ListFilter;
import app.sukoyaka.municipality.ListPage;
import app.sukoyaka.municipality.ListQuery;
import app.sukoyaka.municipality.ListRow;
import app.sukoyaka.municipality.figures.Cell;
import app.sukoyaka.municipality.figures.FigureDefinitions;
import app.sukoyaka.municipality.figures.FigureStore;
import app.sukoyaka.municipality.worklist.WorkItems;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.ProtectedSubject;
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
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.views.ModelAndView;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lists behind the figures and the work lists: a page of rows (filtered, sorted by any column,
 * paged; usable without JavaScript, htmx swapping only the table), the CSV of every row, and the
 * status staff give a work-list item. Every row shown or exported is written to the access log as a
 * read of its child or pregnancy; a status change as a write.
 */
@Controller("/dashboard")
@ExecuteOn(TaskExecutors.BLOCKING)
class ListController {
  static final int PAGE_SIZE = 50;
  static final int EXPORT_MAX_ROWS = 100_000;
  static final int NOTE_MAX = 1000;

  private final DashboardRequests requests;
  private final DashboardPages pages;
  private final Map<String, DashboardList> lists = new LinkedHashMap<>();
  private final CodeLabels codes;
  private final WorkItems workItems;
  private final AccessLog accessLog;
  private final FigureDefinitions definitions;
  private final FigureStore store;
  private final TransactionOperations<Connection> transactions;
  private final WorkListPagesController workListPages;
  private final Clock clock;

  ListController(
      DashboardRequests requests,
      DashboardPages pages,
      List<DashboardList> dashboardLists,
      CodeLabels codes,
      WorkItems workItems,
      AccessLog accessLog,
      FigureDefinitions definitions,
      FigureStore store,
      TransactionOperations<Connection> transactions,
      WorkListPagesController workListPages,
      Clock clock) {
    this.requests = requests;
    this.pages = pages;
    dashboardLists.forEach(
        l -> {
          if (lists.put(l.id(), l) != null) {
            throw new IllegalStateException("Two dashboard lists have the id " + l.id());
          }
        });
    this.codes = codes;
    this.workItems = workItems;
    this.accessLog = accessLog;
    this.definitions = definitions;
    this.store = store;
    this.transactions = transactions;
    this.workListPages = workListPages;
    this.clock = clock;
  }

  record Header(String key, String label, String sortLink, String ariaSort, boolean numeric) {}

  record CellView(String text, boolean numeric) {}

  record RowView(String itemKey, List<CellView> cells, String status, String note) {}

  record FilterView(
      String key, String label, String value, List<FigureViews.Column> options, boolean required) {}

  record WorkListView(
      String id, String title, String description, List<StatusCount> counts, String link) {}

  record StatusCount(String code, String label, long count, String link) {}

  private DashboardList list(String listId) {
    DashboardList list = lists.get(listId);
    if (list == null) {
      throw new ProblemException(ErrorCode.DASHBOARD_LIST_UNKNOWN, "No such list.");
    }
    return list;
  }

  /** The query from the request's parameters, each checked against the list's filters. */
  private ListQuery query(
      DashboardList list,
      DashboardRequests.Staff staff,
      HttpRequest<?> request,
      String sort,
      String dir,
      int offset,
      int limit) {
    Map<String, String> filters = new LinkedHashMap<>();
    for (ListFilter filter : list.filters()) {
      String value = request.getParameters().get(filter.key());
      if (value == null || (value.isEmpty() && !filter.key().equals("area"))) {
        value = filter.defaultValue();
      }
      if (value == null) {
        if (filter.required()) {
          throw new ProblemException(
              ErrorCode.DASHBOARD_FILTER_INVALID,
              filter.key() + ": required by this list.",
              List.of(new ProblemException.FieldError(filter.key(), "required")));
        }
        continue;
      }
      if (!filter.allows(value)) {
        throw new ProblemException(
            ErrorCode.DASHBOARD_FILTER_INVALID,
            filter.key() + ": not a value this list accepts.",
            List.of(new ProblemException.FieldError(filter.key(), "not accepted")));
      }
      filters.put(filter.key(), value);
    }
    ListQuery.Sort order = list.defaultSort();
    if (sort != null) {
      boolean known =
          list.columns().stream().anyMatch(c -> c.key().equals(sort) && c.sortable())
              || (list.workList() && sort.equals("workStatus"));
      if (!known) {
        throw new ProblemException(
            ErrorCode.DASHBOARD_FILTER_INVALID,
            "sort: a column of this list.",
            List.of(new ProblemException.FieldError("sort", "unknown column")));
      }
      order = new ListQuery.Sort(sort, "desc".equals(dir));
    } else if (dir != null) {
      order = new ListQuery.Sort(order.column(), "desc".equals(dir));
    }
    return new ListQuery(
        staff.municipalityId(), LocalDate.now(clock), filters, order, offset, limit);
  }

  @Get(uri = "/lists/{listId}", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> page(
      @PathVariable String listId,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue String dir,
      @Nullable @QueryValue Integer page,
      HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-dashboard-list");
    DashboardList list = list(listId);
    int current = page == null || page < 1 ? 1 : page;
    ListQuery query = query(list, staff, request, sort, dir, (current - 1) * PAGE_SIZE, PAGE_SIZE);
    ListPage found = list.page(query);
    log(staff, list, found.rows(), "list");
    String language = staff.language();
    Map<String, String> areas = codes.areas(staff.municipalityId());
    Map<String, Object> model =
        pages.model(staff, request, list.workList() ? "work-lists" : "overview");
    model.put("listId", list.id());
    model.put("title", DashboardPages.in(list.title(), language));
    model.put("description", DashboardPages.in(list.description(), language));
    model.put("workList", list.workList());
    model.put("filters", filters(list, query, language, areas));
    model.put("headers", headers(list, query, language));
    model.put("rows", rows(list, found.rows(), language, areas));
    model.put("total", found.total());
    model.put(
        "totalText",
        pages.text(
            "list.total",
            language,
            Map.of(
                "total",
                FigureViews.integer(java.math.BigDecimal.valueOf(found.total()), language))));
    long pagesCount = Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE);
    model.put("pageNumber", current);
    model.put("pages", pagesCount);
    model.put(
        "pageText",
        pages.text("list.page", language, Map.of("page", current, "pages", pagesCount)));
    String base = "/dashboard/lists/" + list.id() + filterQuery(query, true);
    model.put("sortQuery", sortQuery(query));
    model.put("previousLink", current > 1 ? base + sep(base) + "page=" + (current - 1) : null);
    model.put("nextLink", current < pagesCount ? base + sep(base) + "page=" + (current + 1) : null);
    model.put("csvLink", "/dashboard/lists/" + list.id() + "/csv" + filterQuery(query, true));
    model.put("statuses", statusOptions(language));
    return DashboardPages.page(request, "dashboard/list", "list-table", model);
  }

  private static String sep(String link) {
    return link.contains("?") ? "&" : "?";
  }

  /** The filters (and, when asked, the sort) of a query as a query string. */
  private static String filterQuery(ListQuery query, boolean withSort) {
    StringBuilder q = new StringBuilder();
    query
        .filters()
        .forEach(
            (key, value) ->
                q.append(q.length() == 0 ? "?" : "&")
                    .append(key)
                    .append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    if (withSort && query.sort() != null) {
      q.append(q.length() == 0 ? "?" : "&")
          .append("sort=")
          .append(query.sort().column())
          .append("&dir=")
          .append(query.sort().descending() ? "desc" : "asc");
    }
    return q.toString();
  }

  private static String sortQuery(ListQuery query) {
    return query.sort().column() + ":" + (query.sort().descending() ? "desc" : "asc");
  }

  private List<FilterView> filters(
      DashboardList list, ListQuery query, String language, Map<String, String> areas) {
    List<FilterView> views = new ArrayList<>();
    for (ListFilter filter : list.filters()) {
      List<FigureViews.Column> options = new ArrayList<>();
      if (!filter.options().isEmpty()) {
        filter
            .options()
            .forEach(
                o ->
                    options.add(
                        new FigureViews.Column(o.value(), DashboardPages.in(o.label(), language))));
      } else if (filter.key().equals("area")) {
        options.add(new FigureViews.Column("", codes.label("area", "", language, areas)));
        areas.forEach((code, name) -> options.add(new FigureViews.Column(code, name)));
      }
      views.add(
          new FilterView(
              filter.key(),
              DashboardPages.in(filter.label(), language),
              query.filter(filter.key()),
              options,
              filter.required()));
    }
    return views;
  }

  private List<Header> headers(DashboardList list, ListQuery query, String language) {
    List<Header> headers = new ArrayList<>();
    List<ListColumn> columns = new ArrayList<>(list.columns());
    for (ListColumn column : columns) {
      headers.add(
          header(
              list,
              query,
              column.key(),
              DashboardPages.in(column.label(), language),
              column.sortable(),
              numeric(column)));
    }
    if (list.workList()) {
      headers.add(
          header(
              list,
              query,
              "workStatus",
              pages.text("workItem.status", language, Map.of()),
              true,
              false));
    }
    return headers;
  }

  private Header header(
      DashboardList list,
      ListQuery query,
      String key,
      String label,
      boolean sortable,
      boolean numeric) {
    boolean sorted = query.sort().column().equals(key);
    String aria = sorted ? (query.sort().descending() ? "descending" : "ascending") : null;
    String link = null;
    if (sortable) {
      boolean descending = sorted && !query.sort().descending();
      ListQuery resorted =
          new ListQuery(
              query.municipalityId(),
              query.today(),
              query.filters(),
              new ListQuery.Sort(key, descending),
              0,
              1);
      link = "/dashboard/lists/" + list.id() + filterQuery(resorted, true);
    }
    return new Header(key, label, link, aria, numeric);
  }

  private static boolean numeric(ListColumn column) {
    return column.type() == ListColumn.Type.NUMBER;
  }

  private List<RowView> rows(
      DashboardList list, List<ListRow> rows, String language, Map<String, String> areas) {
    List<RowView> views = new ArrayList<>();
    for (ListRow row : rows) {
      List<CellView> cells = new ArrayList<>();
      for (ListColumn column : list.columns()) {
        cells.add(
            new CellView(
                text(column, row.values().get(column.key()), language, areas), numeric(column)));
      }
      views.add(new RowView(row.itemKey(), cells, row.status(), row.note()));
    }
    return views;
  }

  /** A value as shown and exported. */
  private String text(ListColumn column, Object value, String language, Map<String, String> areas) {
    if (value == null) {
      return column.type() == ListColumn.Type.CODE && column.key().equals("area")
          ? codes.label("area", "", language, areas)
          : "";
    }
    switch (column.type()) {
      case BOOLEAN:
        return pages.text((Boolean) value ? "common.yes" : "common.no", language, Map.of());
      case INSTANT:
        return DashboardPages.time((Instant) value);
      case CODE:
        return codes.label(column.key(), String.valueOf(value), language, areas);
      default:
        return String.valueOf(value);
    }
  }

  private List<FigureViews.Column> statusOptions(String language) {
    List<FigureViews.Column> options = new ArrayList<>();
    definitions
        .statuses()
        .forEach(
            s ->
                options.add(
                    new FigureViews.Column(s.code(), DashboardPages.in(s.label(), language))));
    return options;
  }

  /** Logs the rows shown as reads of their subjects (rows about no one are not logged). */
  private void log(
      DashboardRequests.Staff staff, DashboardList list, List<ListRow> rows, String how) {
    List<ProtectedSubject> subjects = new ArrayList<>();
    for (ListRow row : rows) {
      if (row.subjectType() != null && row.subjectId() != null) {
        subjects.add(
            new ProtectedSubject(
                row.subjectType(), row.subjectId(), row.municipalityId(), Set.of(), Set.of()));
      }
    }
    accessLog.accessAll(staff.principal(), subjects, how + "-" + list.id(), "dashboard");
  }

  @Get(uri = "/lists/{listId}/csv", produces = "text/csv")
  MutableHttpResponse<byte[]> csv(
      @PathVariable String listId,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue String dir,
      HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "export-dashboard-list");
    DashboardList list = list(listId);
    ListQuery query = query(list, staff, request, sort, dir, 0, 1);
    long total = list.page(query).total();
    if (total > EXPORT_MAX_ROWS) {
      throw new ProblemException(
          ErrorCode.DASHBOARD_EXPORT_TOO_LARGE,
          "This list has " + total + " rows; filter it to at most " + EXPORT_MAX_ROWS + ".");
    }
    String language = staff.language();
    Map<String, String> areas = codes.areas(staff.municipalityId());
    Csv csv = new Csv();
    List<String> header = new ArrayList<>();
    list.columns().forEach(c -> header.add(DashboardPages.in(c.label(), language)));
    if (list.workList()) {
      header.add(pages.text("workItem.status", language, Map.of()));
      header.add(pages.text("workItem.note", language, Map.of()));
    }
    csv.line(header);
    List<ListRow> exported = new ArrayList<>();
    list.forEach(
        query,
        row -> {
          exported.add(row);
          List<String> line = new ArrayList<>();
          for (ListColumn column : list.columns()) {
            line.add(csvValue(column, row.values().get(column.key()), language, areas));
          }
          if (list.workList()) {
            line.add(codes.label("workStatus", row.status(), language, areas));
            line.add(row.note());
          }
          csv.line(line);
        });
    log(staff, list, exported, "export");
    return Csv.download(csv.bytes(), list.id() + "-" + LocalDate.now(clock) + ".csv");
  }

  private String csvValue(
      ListColumn column, Object value, String language, Map<String, String> areas) {
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    return text(column, value, language, areas);
  }

  @Get(uri = "/work-lists", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> workLists(HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-dashboard");
    String language = staff.language();
    Map<String, Object> model = pages.model(staff, request, "work-lists");
    List<Cell> cells =
        store
            .cells(staff.municipalityId(), List.of("follow-up-work"))
            .getOrDefault("follow-up-work", List.of());
    List<WorkListView> views = new ArrayList<>();
    for (DashboardList list : lists.values()) {
      if (!list.workList()) {
        continue;
      }
      List<StatusCount> counts = new ArrayList<>();
      for (FigureDefinitions.Status status : definitions.statuses()) {
        long count =
            cells.stream()
                .filter(c -> c.dim(0).equals(list.id()) && c.dim(1).equals(status.code()))
                .mapToLong(c -> c.measure(0).longValue())
                .sum();
        counts.add(
            new StatusCount(
                status.code(),
                DashboardPages.in(status.label(), language),
                count,
                "/dashboard/lists/" + list.id() + "?workStatus=" + status.code()));
      }
      views.add(
          new WorkListView(
              list.id(),
              DashboardPages.in(list.title(), language),
              DashboardPages.in(list.description(), language),
              counts,
              "/dashboard/lists/" + list.id()));
    }
    model.put("workLists", views);
    model.put("otherLists", workListPages.summaries(staff));
    return HttpResponse.ok(new ModelAndView<>("dashboard/work-lists", model));
  }

  @Post(
      uri = "/lists/{listId}/items/{itemKey}/status",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  HttpResponse<?> status(
      @PathVariable String listId,
      @PathVariable String itemKey,
      @Body Map<String, String> form,
      HttpRequest<?> request) {
    DashboardRequests.requireCsrf(request, form.get(DashboardRequests.CSRF_FIELD));
    DashboardRequests.Staff staff = requests.staff(request, "update-work-item");
    DashboardList list = list(listId);
    String status = form.getOrDefault("status", "");
    String note = form.get("note");
    if (note != null && note.isBlank()) {
      note = null;
    }
    if (!list.workList()
        || !workItems.known(status)
        || (note != null && note.length() > NOTE_MAX)) {
      throw new ProblemException(
          ErrorCode.DASHBOARD_WORK_ITEM_STATUS,
          "status: one of the work-list statuses; note: at most " + NOTE_MAX + " characters.");
    }
    ListRow row =
        list.item(staff.municipalityId(), LocalDate.now(clock), itemKey)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ErrorCode.DASHBOARD_WORK_ITEM_UNKNOWN,
                        "This is not an item of the work list now."));
    String finalNote = note;
    transactions.executeWrite(
        tx -> {
          workItems.set(
              staff.municipalityId(),
              list.id(),
              itemKey,
              status,
              finalNote,
              staff.principal().actorId());
          if (row.subjectType() != null && row.subjectId() != null) {
            accessLog.write(
                staff.principal(),
                new ProtectedSubject(
                    row.subjectType(), row.subjectId(), row.municipalityId(), Set.of(), Set.of()),
                "set-work-item-status-" + list.id(),
                "dashboard");
          }
          return null;
        });
    if (request.getHeaders().contains("HX-Request")) {
      Map<String, Object> model = pages.model(staff, request, "work-lists");
      model.put("listId", list.id());
      model.put("row", new RowView(itemKey, List.of(), status, finalNote));
      model.put("statuses", statusOptions(staff.language()));
      model.put("saved", true);
      model.put("here", LoginController.safeNext(form.get("back")));
      return HttpResponse.ok(new ModelAndView<>("dashboard/list :: work-item", model));
    }
    String back = LoginController.safeNext(form.get("back"));
    return HttpResponse.seeOther(URI.create(back));
  }
}
