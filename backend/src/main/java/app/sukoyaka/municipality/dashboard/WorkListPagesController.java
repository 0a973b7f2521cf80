package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.municipality.MunicipalityRepository;
import app.sukoyaka.municipality.WorkList;
import app.sukoyaka.municipality.WorkLists;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The work lists other features contribute as {@link WorkList} beans (re-queries after a move,
 * changes to decide, whom to tell of a correction, late registrations) as dashboard pages, all
 * drawn by one template: the definition, a table sorted by any column and paged (links, so usable
 * without JavaScript; htmx swaps only the table), a status filter, the CSV, and a form for every
 * action the list offers on an item, done through the list's own service ({@link WorkLists#act}).
 */
@Controller("/dashboard/work-lists")
@ExecuteOn(TaskExecutors.BLOCKING)
class WorkListPagesController {
  static final int PAGE_SIZE = 50;

  private final DashboardRequests requests;
  private final DashboardPages pages;
  private final WorkLists lists;
  private final MunicipalityRepository municipalities;

  WorkListPagesController(
      DashboardRequests requests,
      DashboardPages pages,
      WorkLists lists,
      MunicipalityRepository municipalities) {
    this.requests = requests;
    this.pages = pages;
    this.lists = lists;
    this.municipalities = municipalities;
  }

  record Header(String label, String sortLink, String ariaSort) {}

  record Option(String key, String label, boolean selected) {}

  record FieldView(
      String key,
      String id,
      String label,
      String type,
      boolean required,
      int maxLength,
      List<Option> options) {}

  record ActionView(
      String key,
      String label,
      String help,
      String formAction,
      boolean multipart,
      List<FieldView> fields) {}

  record RowView(
      String id, String status, String statusLabel, List<String> cells, List<ActionView> actions) {}

  /** A list on the work-lists page: its counts by status, each linking to the list so filtered. */
  record Summary(String name, String title, String definition, String link, List<Count> counts) {}

  record Count(String label, long count, String link) {}

  private String code(DashboardRequests.Staff staff) {
    return municipalities.findById(staff.municipalityId()).orElseThrow().code();
  }

  private WorkList list(String name) {
    return lists
        .find(name)
        .orElseThrow(() -> new ProblemException(ErrorCode.WORK_LIST_UNKNOWN, "No such list."));
  }

  /** Every list with its items by status, for the work-lists page. */
  List<Summary> summaries(DashboardRequests.Staff staff) {
    String language = staff.language();
    String code = code(staff);
    List<Summary> summaries = new ArrayList<>();
    for (Map.Entry<WorkList, Map<String, Long>> entry :
        lists.countsByStatus(staff.principal(), code).entrySet()) {
      WorkList list = entry.getKey();
      List<Count> counts = new ArrayList<>();
      for (WorkList.Column status : list.statuses()) {
        counts.add(
            new Count(
                in(status.label(), language),
                entry.getValue().getOrDefault(status.key(), 0L),
                "/dashboard/work-lists/" + list.name() + "?status=" + status.key()));
      }
      summaries.add(
          new Summary(
              list.name(),
              in(list.title(), language),
              in(list.definition(), language),
              "/dashboard/work-lists/" + list.name(),
              counts));
    }
    return summaries;
  }

  @Get(uri = "/{name}", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> page(
      @PathVariable String name,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue String dir,
      @Nullable @QueryValue Integer page,
      HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-work-list");
    WorkList list = list(name);
    Map<String, Object> model =
        model(staff, request, list, new Query(status, sort, dir, page == null ? 1 : page), null);
    return DashboardPages.page(request, "dashboard/work-list", "wl-table", model);
  }

  /** What the page shows: a status, an order, a page. */
  private record Query(String status, String sort, String dir, int page) {}

  private Map<String, Object> model(
      DashboardRequests.Staff staff,
      HttpRequest<?> request,
      WorkList list,
      Query query,
      WorkList.Text message) {
    String language = staff.language();
    WorkLists.View view = lists.read(staff.principal(), code(staff), list.name());
    Map<String, String> statusLabels = new LinkedHashMap<>();
    list.statuses().forEach(s -> statusLabels.put(s.key(), in(s.label(), language)));
    List<WorkList.Row> rows = ordered(list, view.rows(), query);
    int total = rows.size();
    int pagesCount = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int current = Math.min(Math.max(1, query.page()), pagesCount);
    List<WorkList.Row> shown =
        rows.subList((current - 1) * PAGE_SIZE, Math.min(total, current * PAGE_SIZE));

    Map<String, Object> model = pages.model(staff, request, "work-lists");
    String base = "/dashboard/work-lists/" + list.name();
    model.put("listName", list.name());
    model.put("title", in(list.title(), language));
    model.put("definition", in(list.definition(), language));
    model.put("asOf", view.asOf().toString());
    List<Option> statuses = new ArrayList<>();
    statusLabels.forEach(
        (key, label) -> statuses.add(new Option(key, label, key.equals(query.status()))));
    model.put("statuses", statuses);
    List<Header> headers = new ArrayList<>();
    headers.add(header(base, query, "status", pages.text("wl.status", language, Map.of())));
    for (WorkList.Column column : list.columns()) {
      headers.add(header(base, query, column.key(), in(column.label(), language)));
    }
    model.put("headers", headers);
    List<RowView> views = new ArrayList<>();
    int index = 0;
    for (WorkList.Row row : shown) {
      index++;
      List<String> cells = new ArrayList<>();
      for (WorkList.Column column : list.columns()) {
        String value = row.cells().get(column.key());
        cells.add(value == null ? "" : value);
      }
      List<ActionView> actions = new ArrayList<>();
      for (WorkList.Action action : list.actions(row)) {
        actions.add(actionView(list, row, action, index, language));
      }
      views.add(
          new RowView(
              row.id(),
              row.status(),
              statusLabels.getOrDefault(row.status(), row.status()),
              cells,
              actions));
    }
    model.put("rows", views);
    model.put("hasActions", views.stream().anyMatch(r -> !r.actions().isEmpty()));
    model.put("total", total);
    model.put(
        "totalText",
        pages.text(
            "list.total",
            language,
            Map.of("total", FigureViews.integer(BigDecimal.valueOf(total), language))));
    model.put("pages", pagesCount);
    model.put(
        "pageText",
        pages.text("list.page", language, Map.of("page", current, "pages", pagesCount)));
    String withQuery = base + queryString(query.status(), query.sort(), query.dir());
    String sep = withQuery.contains("?") ? "&" : "?";
    model.put("previousLink", current > 1 ? withQuery + sep + "page=" + (current - 1) : null);
    model.put("nextLink", current < pagesCount ? withQuery + sep + "page=" + (current + 1) : null);
    model.put("csvLink", base + "/csv" + queryString(query.status(), query.sort(), query.dir()));
    model.put("message", message == null ? null : in(message, language));
    return model;
  }

  /** The rows of the status asked for, in the order asked for (else the list's own). */
  private static List<WorkList.Row> ordered(WorkList list, List<WorkList.Row> all, Query query) {
    if (query.status() != null
        && !query.status().isEmpty()
        && list.statuses().stream().noneMatch(s -> s.key().equals(query.status()))) {
      throw new ProblemException(
          ErrorCode.DASHBOARD_FILTER_INVALID,
          "status: one of the list's statuses.",
          List.of(new ProblemException.FieldError("status", "not a status of this list")));
    }
    if (query.sort() != null
        && !query.sort().equals("status")
        && list.columns().stream().noneMatch(c -> c.key().equals(query.sort()))) {
      throw new ProblemException(
          ErrorCode.DASHBOARD_FILTER_INVALID,
          "sort: a column of this list.",
          List.of(new ProblemException.FieldError("sort", "unknown column")));
    }
    List<WorkList.Row> rows = new ArrayList<>();
    for (WorkList.Row row : all) {
      if (query.status() == null
          || query.status().isEmpty()
          || row.status().equals(query.status())) {
        rows.add(row);
      }
    }
    if (query.sort() != null) {
      Comparator<WorkList.Row> order =
          Comparator.comparing(
              (WorkList.Row r) ->
                  query.sort().equals("status")
                      ? (Object) statusOrder(list, r.status())
                      : r.cells().get(query.sort()),
              WorkListPagesController::compareCells);
      rows.sort("desc".equals(query.dir()) ? order.reversed() : order);
    }
    return rows;
  }

  private static int statusOrder(WorkList list, String status) {
    for (int i = 0; i < list.statuses().size(); i++) {
      if (list.statuses().get(i).key().equals(status)) {
        return i;
      }
    }
    return list.statuses().size();
  }

  /** Numbers as numbers, the rest (ISO dates included) as text; empty cells last. */
  private static int compareCells(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a instanceof Integer x && b instanceof Integer y) {
      return Integer.compare(x, y);
    }
    String x = a.toString();
    String y = b.toString();
    if (x.matches("-?[0-9]+(\\.[0-9]+)?") && y.matches("-?[0-9]+(\\.[0-9]+)?")) {
      return new BigDecimal(x).compareTo(new BigDecimal(y));
    }
    return x.compareTo(y);
  }

  private static String queryString(String status, String sort, String dir) {
    List<String> parts = new ArrayList<>();
    if (status != null && !status.isEmpty()) {
      parts.add("status=" + URLEncoder.encode(status, StandardCharsets.UTF_8));
    }
    if (sort != null) {
      parts.add("sort=" + URLEncoder.encode(sort, StandardCharsets.UTF_8));
      parts.add("dir=" + ("desc".equals(dir) ? "desc" : "asc"));
    }
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  private static Header header(String base, Query query, String key, String label) {
    boolean sorted = key.equals(query.sort());
    boolean descending = "desc".equals(query.dir());
    String aria = sorted ? (descending ? "descending" : "ascending") : null;
    String link = base + queryString(query.status(), key, sorted && !descending ? "desc" : "asc");
    return new Header(label, link, aria);
  }

  private static ActionView actionView(
      WorkList list, WorkList.Row row, WorkList.Action action, int index, String language) {
    List<FieldView> fields = new ArrayList<>();
    boolean multipart = false;
    for (WorkList.Field field : action.fields()) {
      List<Option> options = new ArrayList<>();
      field
          .options()
          .forEach(o -> options.add(new Option(o.key(), in(o.label(), language), false)));
      String type =
          switch (field.type()) {
            case FILE -> "file";
            case CHOICE -> "choice";
            default -> "text";
          };
      multipart |= field.type() == WorkList.FieldType.FILE;
      fields.add(
          new FieldView(
              field.key(),
              "a" + index + "-" + action.key() + "-" + field.key(),
              in(field.label(), language),
              type,
              field.required(),
              field.maxLength(),
              options));
    }
    return new ActionView(
        action.key(),
        in(action.label(), language),
        in(action.help(), language),
        "/dashboard/work-lists/"
            + list.name()
            + "/items/"
            + URLEncoder.encode(row.id(), StandardCharsets.UTF_8)
            + "/actions/"
            + action.key(),
        multipart,
        fields);
  }

  @Get(uri = "/{name}/csv", produces = "text/csv")
  MutableHttpResponse<byte[]> csv(
      @PathVariable String name,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue String dir,
      HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "export-work-list");
    WorkList list = list(name);
    String language = staff.language();
    WorkLists.View view = lists.read(staff.principal(), code(staff), list.name());
    Map<String, String> statusLabels = new LinkedHashMap<>();
    list.statuses().forEach(s -> statusLabels.put(s.key(), in(s.label(), language)));
    // The same rows in the same order as the page, every page.
    List<WorkList.Row> rows = ordered(list, view.rows(), new Query(status, sort, dir, 1));
    Csv csv = new Csv();
    List<String> header = new ArrayList<>();
    header.add(pages.text("wl.status", language, Map.of()));
    list.columns().forEach(c -> header.add(in(c.label(), language)));
    csv.line(header);
    for (WorkList.Row row : rows) {
      List<String> line = new ArrayList<>();
      line.add(statusLabels.getOrDefault(row.status(), row.status()));
      list.columns().forEach(c -> line.add(row.cells().get(c.key())));
      csv.line(line);
    }
    return Csv.download(csv.bytes(), list.name() + "-" + view.asOf() + ".csv");
  }

  @Post(
      uri = "/{name}/items/{itemId}/actions/{action}",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> act(
      @PathVariable String name,
      @PathVariable String itemId,
      @PathVariable String action,
      @Body Map<String, String> form,
      HttpRequest<?> request) {
    DashboardRequests.requireCsrf(request, form.get(DashboardRequests.CSRF_FIELD));
    return act(name, itemId, action, form, null, null, request);
  }

  @Post(
      uri = "/{name}/items/{itemId}/actions/{action}",
      consumes = MediaType.MULTIPART_FORM_DATA,
      produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> actWithFile(
      @PathVariable String name,
      @PathVariable String itemId,
      @PathVariable String action,
      @Body MultipartBody body,
      HttpRequest<?> request) {
    MultipartForms.Form form =
        MultipartForms.read(body, ACTION_FILE_MAX_BYTES, ErrorCode.WORK_LIST_ACTION_INVALID);
    DashboardRequests.requireCsrf(request, form.value(DashboardRequests.CSRF_FIELD));
    return act(
        name,
        itemId,
        action,
        form.values(),
        form.fileName(),
        form.hasFile() ? form.file() : null,
        request);
  }

  /** No action of a list takes a larger file (a handbook Bundle is at most 1 MiB). */
  static final long ACTION_FILE_MAX_BYTES = 4L * 1024 * 1024;

  private MutableHttpResponse<ModelAndView<Map<String, Object>>> act(
      String name,
      String itemId,
      String action,
      Map<String, String> form,
      String fileName,
      byte[] file,
      HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "act-on-work-list");
    WorkList list = list(name);
    Map<String, String> values = new LinkedHashMap<>();
    form.forEach(
        (key, value) -> {
          if (!key.equals(DashboardRequests.CSRF_FIELD) && value != null && !value.isBlank()) {
            values.put(key, value.strip());
          }
        });
    WorkList.Text done =
        lists.act(
            staff.principal(),
            code(staff),
            list.name(),
            itemId,
            new WorkList.Request(action, values, fileName, file));
    Map<String, Object> model = model(staff, request, list, new Query(null, null, null, 1), done);
    return DashboardPages.page(request, "dashboard/work-list", "wl-table", model);
  }

  static String in(WorkList.Text text, String language) {
    return "en".equals(language) ? text.en() : text.ja();
  }
}
