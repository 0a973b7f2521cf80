package app.sukoyaka.municipality.dashboard;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.Problem;
import app.sukoyaka.security.RequestPrincipals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the dashboard's browser pages share, after authentication (the session cookie or a
 * bearer token, {@code security.AuthenticationFilter}): a browser without a session is sent to the
 * login page; a form from another site is refused (Sec-Fetch-Site and Origin, besides the CSRF
 * token each form carries and the cookie's SameSite=Strict); every response carries a strict
 * Content-Security-Policy (no inline script or style: the scripts are the service's own files) and
 * is never cached; an error reaches a browser as a page, in its language.
 */
@ServerFilter({"/dashboard", "/dashboard/**"})
@Order(DashboardFilter.ORDER)
class DashboardFilter {
  /** After authentication ({@code security.AuthenticationFilter}, order 39000), which it reads. */
  static final int ORDER = 39100;

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  private final DashboardTexts texts;
  private final ThymeleafViewsRenderer<Object> views;

  DashboardFilter(DashboardTexts texts, ThymeleafViewsRenderer<Object> views) {
    this.texts = texts;
    this.views = views;
  }

  /** Pages anyone reaches: the login and the service's own scripts and styles. */
  static boolean open(String path) {
    return path.equals("/dashboard/login")
        || path.startsWith("/dashboard/login/")
        || path.startsWith("/dashboard/assets/");
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable HttpResponse<?> before(HttpRequest<?> request) {
    if (!SAFE.contains(request.getMethod()) && crossSite(request)) {
      return crossSiteRefusal(request);
    }
    if (open(request.getPath()) || RequestPrincipals.of(request).isPresent()) {
      return null;
    }
    if (SAFE.contains(request.getMethod())) {
      String next = request.getUri().getRawPath();
      if (request.getUri().getRawQuery() != null) {
        next += "?" + request.getUri().getRawQuery();
      }
      URI login = UriBuilder.of("/dashboard/login").queryParam("next", next).build();
      return HttpResponse.seeOther(login).header("Cache-Control", "no-store");
    }
    return page(
        request,
        HttpResponse.status(HttpStatus.UNAUTHORIZED),
        ErrorCode.AUTHENTICATION_REQUIRED,
        "Sign in to use the dashboard.");
  }

  /** The error page refusing a form from another site, with the dashboard's headers. */
  HttpResponse<?> crossSiteRefusal(HttpRequest<?> request) {
    return page(
            request,
            HttpResponse.status(HttpStatus.FORBIDDEN),
            ErrorCode.DASHBOARD_CROSS_SITE,
            "This form was not sent from the dashboard's own pages.")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .header("X-Frame-Options", "DENY")
        .header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  }

  /**
   * Whether a state-changing request comes from another site: the browser says so (Sec-Fetch-Site),
   * or its Origin is not this host.
   */
  static boolean crossSite(HttpRequest<?> request) {
    String site = request.getHeaders().get("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return true;
    }
    String origin = request.getHeaders().get("Origin");
    if (origin == null) {
      return false;
    }
    String host = request.getHeaders().get("Host");
    try {
      URI uri = URI.create(origin);
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return host == null || !host.equalsIgnoreCase(authority);
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  @ResponseFilter
  void after(HttpRequest<?> request, MutableHttpResponse<?> response) {
    response.header("X-Content-Type-Options", "nosniff");
    response.header("Referrer-Policy", "same-origin");
    response.header("X-Frame-Options", "DENY");
    response.header("Content-Security-Policy", CSP);
    response.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (!request.getPath().startsWith("/dashboard/assets/")) {
      response.header("Cache-Control", "private, no-store");
      response.header("Vary", "Cookie, Accept-Language, HX-Request");
    }
    Optional<MediaType> type = response.getContentType();
    if (type.isPresent() && type.get().getName().equals(Problem.MEDIA_TYPE) && wantsHtml(request)) {
      Problem problem = response.getBody(Problem.class).orElse(null);
      if (problem != null) {
        String language = DashboardLanguage.of(request);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("lang", language);
        model.put("t", texts.of(language));
        model.put("status", problem.status());
        model.put("title", problem.title());
        model.put("detail", problem.detail());
        model.put("code", problem.code());
        ((MutableHttpResponse<Object>) response)
            .body(render("dashboard/error", model, request))
            .contentType(MediaType.TEXT_HTML_TYPE.getName() + ";charset=utf-8");
      }
    }
  }

  private static boolean wantsHtml(HttpRequest<?> request) {
    if (request.getHeaders().contains("HX-Request")) {
      return true;
    }
    String accept = request.getHeaders().get("Accept");
    return accept != null && accept.contains("text/html");
  }

  private MutableHttpResponse<?> page(
      HttpRequest<?> request, MutableHttpResponse<Object> response, ErrorCode code, String detail) {
    String language = DashboardLanguage.of(request);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("lang", language);
    model.put("t", texts.of(language));
    model.put("status", code.status());
    model.put("title", code.title());
    model.put("detail", detail);
    model.put("code", code.code());
    return response
        .body(render("dashboard/error", model, request))
        .contentType(MediaType.TEXT_HTML_TYPE.getName() + ";charset=utf-8")
        .header("Content-Security-Policy", CSP)
        .header("Cache-Control", "no-store");
  }

  String render(String view, Map<String, Object> model, HttpRequest<?> request) {
    Writable writable = views.render(view, model, request);
    StringWriter out = new StringWriter();
    try {
      writable.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
