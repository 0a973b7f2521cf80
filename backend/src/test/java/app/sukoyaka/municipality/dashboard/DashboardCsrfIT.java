package app.sukoyaka.municipality.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import io.micronaut.http.MediaType;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every state-changing route of the dashboard, as the route table lists them (a new one is covered
 * the day it is added), refuses a logged-in staff member's browser request that does not carry the
 * session's CSRF token, and one from another site even with the token. A login form, which has no
 * session yet, is refused without its login page's token.
 */
class DashboardCsrfIT {
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");

  private DashboardBrowser browser;

  @BeforeEach
  void logIn() {
    Personas.Staff staff = Personas.staffOf(Personas.municipality());
    browser = new DashboardBrowser().loginAs(staff.subject());
    assertThat(browser.csrf()).isNotBlank();
  }

  private record Route(String method, String template, boolean multipart) {
    String path() {
      // Any id: the token is checked before anything is looked up.
      return template.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }
  }

  private static List<Route> stateChangingDashboardRoutes() {
    List<Route> routes = new ArrayList<>();
    TestService.bean(Router.class)
        .uriRoutes()
        .forEach(
            route -> {
              String template = route.getUriMatchTemplate().toPathString();
              if (STATE_CHANGING.contains(route.getHttpMethodName())
                  && (template.equals("/dashboard") || template.startsWith("/dashboard/"))) {
                routes.add(new Route(route.getHttpMethodName(), template, multipart(route)));
              }
            });
    return routes;
  }

  private static boolean multipart(UriRouteInfo<?, ?> route) {
    return route.getConsumes().stream()
        .anyMatch(type -> type.getName().equals(MediaType.MULTIPART_FORM_DATA));
  }

  private DashboardBrowser.Page send(Route route, boolean withToken, Map<String, String> headers) {
    if (route.multipart()) {
      return multipart(route, withToken ? browser.csrf() : null, headers);
    }
    // A form as a forger would build it: its fields, without (or with) the token.
    Map<String, String> form = new LinkedHashMap<>();
    form.put("note", "x");
    if (withToken) {
      form.put("_csrf", browser.csrf());
    }
    return browser.send(route.method(), route.path(), form, headers);
  }

  /** A urlencoded form with the token, sent as {@link #multipart} sends. */
  private DashboardBrowser.Page raw(Route route, String token, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(TestService.uri(route.path()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html")
            .header("Cookie", cookies())
            .method(route.method(), HttpRequest.BodyPublishers.ofString("note=x&_csrf=" + token));
    headers.forEach(request::header);
    return answer(request);
  }

  private String cookies() {
    return browser.cookies().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("; "));
  }

  private static DashboardBrowser.Page answer(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new DashboardBrowser.Page(
          response.statusCode(),
          response.headers().firstValue("content-type").orElse(null),
          response.body(),
          new LinkedHashMap<>(response.headers().map()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A multipart form with a file, sent with the browser's cookies but outside its contract checks:
   * a refusal is judged here by its status and code.
   */
  private DashboardBrowser.Page multipart(Route route, String token, Map<String, String> headers) {
    String boundary = "----forged" + UUID.randomUUID();
    StringBuilder body = new StringBuilder();
    if (token != null) {
      body.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n")
          .append(token)
          .append("\r\n");
    }
    body.append("--")
        .append(boundary)
        .append("\r\n")
        .append("Content-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n")
        .append("Content-Type: text/csv\r\n\r\na,b\r\n")
        .append("--")
        .append(boundary)
        .append("--\r\n");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(TestService.uri(route.path()))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Accept", "text/html")
            .header(
                "Cookie",
                browser.cookies().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, List<String>> answered = new LinkedHashMap<>(response.headers().map());
      return new DashboardBrowser.Page(
          response.statusCode(),
          response.headers().firstValue("content-type").orElse(null),
          response.body() + " [content-type " + answered.get("content-type") + "]",
          answered);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The dashboard's security headers (as SecurityHeadersIT checks them everywhere). */
  private static boolean secured(DashboardBrowser.Page page) {
    Map<String, String> headers = new LinkedHashMap<>();
    page.headers()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
    return "nosniff".equals(headers.get("x-content-type-options"))
        && "DENY".equals(headers.get("x-frame-options"))
        && headers.getOrDefault("content-security-policy", "").contains("frame-ancestors 'none'")
        && headers.getOrDefault("cache-control", "").contains("no-store");
  }

  private static String brief(DashboardBrowser.Page page) {
    String body = page.body() == null ? "" : page.body();
    int code = body.indexOf("SKY-");
    return page.status()
        + " "
        + page.contentType()
        + " "
        + (code < 0
            ? body.substring(0, Math.min(120, body.length()))
            : body.substring(code, code + 8));
  }

  @Test
  void theRouteTableHasTheDashboardsFormsToCheck() {
    assertThat(stateChangingDashboardRoutes())
        .extracting(Route::template)
        .contains("/dashboard/logout", "/dashboard/login/demo");
  }

  @Test
  void everyStateChangingDashboardRouteRefusesAFormWithoutTheSessionsCsrfToken() {
    List<String> accepted = new ArrayList<>();
    for (Route route : stateChangingDashboardRoutes()) {
      DashboardBrowser.Page page = send(route, false, Map.of());
      if (page.status() != 403 || !page.body().contains("SKY-5901")) {
        accepted.add(route.method() + " " + route.template() + " -> " + brief(page));
      }
    }

    assertThat(accepted).as("routes that did not refuse a form without the token").isEmpty();
  }

  @Test
  void everyStateChangingDashboardRouteRefusesAWrongCsrfToken() {
    List<String> accepted = new ArrayList<>();
    for (Route route : stateChangingDashboardRoutes()) {
      DashboardBrowser.Page page =
          route.multipart()
              ? multipart(route, "forged-" + UUID.randomUUID(), Map.of())
              : browser.send(
                  route.method(),
                  route.path(),
                  Map.of("note", "x", "_csrf", "forged-" + UUID.randomUUID()),
                  Map.of());
      if (page.status() != 403 || !page.body().contains("SKY-5901")) {
        accepted.add(route.method() + " " + route.template() + " -> " + brief(page));
      }
    }

    assertThat(accepted).as("routes that accepted a forged token").isEmpty();
  }

  /**
   * Another site's form: refused whatever it carries, with the dashboard's error page (SKY-5909)
   * and the security headers, whether Sec-Fetch-Site or the Origin says so (a foreign Origin on a
   * local host is refused ahead of Micronaut's CORS filter, which would answer a bare 403).
   */
  @Test
  void everyStateChangingDashboardRouteRefusesARequestFromAnotherSiteEvenWithTheToken() {
    List<String> accepted = new ArrayList<>();
    for (Route route : stateChangingDashboardRoutes()) {
      for (Map<String, String> crossSite :
          List.of(
              Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"),
              Map.of("Origin", "https://evil.example"),
              Map.of("Sec-Fetch-Site", "same-site"),
              Map.of("Sec-Fetch-Site", "cross-site"))) {
        DashboardBrowser.Page page =
            route.multipart()
                ? multipart(route, browser.csrf(), crossSite)
                : raw(route, browser.csrf(), crossSite);
        boolean refused =
            page.status() == 403
                && page.body().contains("SKY-5909")
                && page.contentType() != null
                && page.contentType().startsWith("text/html")
                && secured(page);
        if (!refused) {
          accepted.add(
              route.method() + " " + route.template() + " " + crossSite + " -> " + brief(page));
        }
      }
    }

    assertThat(accepted).as("routes that did not refuse a request from another site").isEmpty();
  }
}
