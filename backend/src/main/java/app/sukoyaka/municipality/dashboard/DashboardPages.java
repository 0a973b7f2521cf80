package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.municipality.DashboardLink;
import app.sukoyaka.profiles.LocalizedText;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.views.ModelAndView;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every dashboard page carries: the texts in the page language, the staff member and
 * municipality, the CSRF token for its forms, the navigation (with other features' pages, {@link
 * DashboardLink}), the versions of the vendored scripts.
 */
@Singleton
class DashboardPages {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final DashboardTexts texts;
  private final JdbcOperations jdbc;
  private final List<DashboardLink> links;
  private final Assets assets;

  DashboardPages(
      DashboardTexts texts, JdbcOperations jdbc, List<DashboardLink> links, Assets assets) {
    this.texts = texts;
    this.jdbc = jdbc;
    this.links = new ArrayList<>(links);
    this.links.sort(Comparator.comparingInt(DashboardLink::order));
    this.assets = assets;
  }

  record NavLink(String label, String path, boolean current) {}

  record Who(String staffName, String municipalityName) {}

  @Transactional(readOnly = true)
  Who who(DashboardRequests.Staff staff) {
    return jdbc.prepareStatement(
        "SELECT s.display_name, m.name_ja, m.name_en FROM staff_account s"
            + " JOIN municipality m ON m.id = s.municipality_id WHERE s.subject = ?",
        statement -> {
          statement.setString(1, staff.principal().subject());
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return new Who(staff.principal().subject(), "");
            }
            return new Who(
                rs.getString(1), "en".equals(staff.language()) ? rs.getString(3) : rs.getString(2));
          }
        });
  }

  /** The model every page starts from. */
  Map<String, Object> model(DashboardRequests.Staff staff, HttpRequest<?> request, String section) {
    Map<String, Object> model = open(staff.language());
    Who who = who(staff);
    model.put("staffName", who.staffName());
    model.put("municipalityName", who.municipalityName());
    model.put("csrf", staff.csrfToken());
    model.put("session", staff.session() != null);
    String path = request.getUri().getRawPath();
    if (request.getUri().getRawQuery() != null) {
      path += "?" + request.getUri().getRawQuery();
    }
    model.put("here", path);
    List<NavLink> nav = new ArrayList<>();
    Map<String, String> t = texts.of(staff.language());
    nav.add(new NavLink(t.get("nav.overview"), "/dashboard", "overview".equals(section)));
    nav.add(
        new NavLink(t.get("nav.workLists"), "/dashboard/work-lists", "work-lists".equals(section)));
    nav.add(new NavLink(t.get("nav.notices"), "/dashboard/notices", "notices".equals(section)));
    for (DashboardLink link : links) {
      nav.add(
          new NavLink(
              DashboardLanguage.in(link.label(), staff.language()),
              link.path(),
              link.id().equals(section)));
    }
    model.put("nav", nav);
    return model;
  }

  /** The model of a page without a staff member (the login). */
  Map<String, Object> open(String language) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("lang", language);
    model.put("t", texts.of(language));
    model.put("assets", assets.versions());
    return model;
  }

  String text(String key, String language, Map<String, ?> values) {
    return texts.text(key, language, values);
  }

  static String time(Instant instant) {
    return instant == null ? "" : TIME.format(instant.atZone(JAPAN));
  }

  static String in(LocalizedText text, String language) {
    return DashboardLanguage.in(text, language);
  }

  /** A page: the full one, or only its fragment when htmx asks for that part. */
  static MutableHttpResponse<ModelAndView<Map<String, Object>>> page(
      HttpRequest<?> request, String view, String fragmentTarget, Map<String, Object> model) {
    String target = request.getHeaders().get("HX-Target");
    boolean fragment =
        request.getHeaders().contains("HX-Request")
            && fragmentTarget != null
            && fragmentTarget.equals(target);
    String name = fragment ? view + " :: " + fragmentTarget : view;
    return HttpResponse.ok(new ModelAndView<>(name, model));
  }
}
