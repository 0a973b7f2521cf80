package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.notice.NoticeDesk;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Notices from the dashboard: write one to a saved audience, see how many it reaches, send it, and
 * follow it up (reads, replies, the paper list). Every step is the notices API's own service
 * ({@link NoticeDesk}), with its checks and its legal arrival; nothing is decided here.
 */
@Controller("/dashboard/notices")
@ExecuteOn(TaskExecutors.BLOCKING)
class NoticeDeskController {
  private final DashboardRequests requests;
  private final DashboardPages pages;
  private final NoticeDesk desk;

  NoticeDeskController(DashboardRequests requests, DashboardPages pages, NoticeDesk desk) {
    this.requests = requests;
    this.pages = pages;
    this.desk = desk;
  }

  record NoticeRow(String id, String title, String status, String sentAt, String recipients) {}

  @Get(produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> list(HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-dashboard-notices");
    String language = staff.language();
    Map<String, Object> model = pages.model(staff, request, "notices");
    List<NoticeRow> rows = new ArrayList<>();
    for (NoticeDesk.Notice n : desk.list(staff.principal(), null, 1, 100)) {
      rows.add(
          new NoticeRow(
              n.id().toString(),
              title(n, language),
              n.sent()
                  ? pages.text("notices.sent", language, Map.of())
                  : pages.text("notices.draft", language, Map.of()),
              DashboardPages.time(n.sentAt()),
              n.sent() ? String.valueOf(n.online() + n.paper()) : ""));
    }
    model.put("notices", rows);
    return HttpResponse.ok(new ModelAndView<>("dashboard/notices", model));
  }

  private static String title(NoticeDesk.Notice n, String language) {
    String title = n.title().get(language);
    return title == null ? n.title().get("ja") : title;
  }

  @Get(uri = "/new", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> compose(HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "compose-notice");
    Map<String, Object> model = pages.model(staff, request, "notices");
    model.put("audiences", desk.audiences(staff.principal()));
    return HttpResponse.ok(new ModelAndView<>("dashboard/notice-new", model));
  }

  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<?> create(@Body Map<String, String> form, HttpRequest<?> request) {
    DashboardRequests.requireCsrf(request, form.get(DashboardRequests.CSRF_FIELD));
    DashboardRequests.Staff staff = requests.staff(request, "compose-notice");
    Map<String, String> title = texts(form, "title");
    Map<String, String> body = texts(form, "body");
    UUID audience;
    Integer paperAfterDays = null;
    try {
      audience = UUID.fromString(form.getOrDefault("audienceId", ""));
      String days = form.get("paperAfterDays");
      if (days != null && !days.isBlank()) {
        paperAfterDays = Integer.valueOf(days.trim());
      }
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          ErrorCode.DASHBOARD_NOTICE_FORM,
          "Choose a saved audience; the days for paper follow-up are a whole number.");
    }
    NoticeDesk.Notice notice =
        desk.compose(staff.principal(), title, body, audience, paperAfterDays);
    return HttpResponse.seeOther(URI.create("/dashboard/notices/" + notice.id()));
  }

  /** The texts of a field by language: Japanese, and English when given. */
  private static Map<String, String> texts(Map<String, String> form, String field) {
    Map<String, String> texts = new LinkedHashMap<>();
    String ja = form.get(field + "Ja");
    String en = form.get(field + "En");
    if (ja != null && !ja.isBlank()) {
      texts.put("ja", ja.strip());
    }
    if (en != null && !en.isBlank()) {
      texts.put("en", en.strip());
    }
    return texts;
  }

  @Get(uri = "/{noticeId}", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<ModelAndView<Map<String, Object>>> show(
      @PathVariable UUID noticeId, HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-notice");
    String language = staff.language();
    Map<String, Object> model = pages.model(staff, request, "notices");
    NoticeDesk.Notice notice = desk.get(staff.principal(), noticeId);
    model.put("notice", notice);
    model.put("noticeTitle", title(notice, language));
    model.put("bodyJa", notice.body().get("ja"));
    model.put("bodyEn", notice.body().get("en"));
    if (notice.sent()) {
      NoticeDesk.FollowUp f = desk.followUp(staff.principal(), noticeId);
      model.put(
          "sentText",
          pages.text(
              "notices.sentAt", language, Map.of("time", DashboardPages.time(notice.sentAt()))));
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("total", f.total());
      values.put("online", f.online());
      values.put("paper", f.paper());
      values.put("read", f.read());
      values.put("unread", f.unread());
      values.put("replied", f.replied());
      values.put("paperFollowUp", f.paperFollowUp());
      model.put("followUp", pages.text("notices.followUp", language, values));
    } else {
      NoticeDesk.Recipients r = desk.recipients(staff.principal(), noticeId);
      model.put(
          "recipientsText",
          pages.text(
              "notices.recipients",
              language,
              Map.of("total", r.total(), "online", r.online(), "paper", r.paper())));
    }
    return HttpResponse.ok(new ModelAndView<>("dashboard/notice", model));
  }

  @Post(
      uri = "/{noticeId}/send",
      consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  HttpResponse<?> send(
      @PathVariable UUID noticeId, @Body Map<String, String> form, HttpRequest<?> request) {
    DashboardRequests.requireCsrf(request, form.get(DashboardRequests.CSRF_FIELD));
    DashboardRequests.Staff staff = requests.staff(request, "send-notice");
    desk.send(staff.principal(), noticeId);
    return HttpResponse.seeOther(URI.create("/dashboard/notices/" + noticeId));
  }

  @Get(uri = "/{noticeId}/paper-list.csv", produces = "text/csv")
  MutableHttpResponse<byte[]> paperList(@PathVariable UUID noticeId, HttpRequest<?> request) {
    DashboardRequests.Staff staff = requests.staff(request, "read-paper-follow-up-list");
    return Csv.download(
        desk.paperListCsv(staff.principal(), noticeId), "paper-list-" + noticeId + ".csv");
  }
}
