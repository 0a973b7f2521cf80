package app.sukoyaka.testing;

import app.sukoyaka.apispec.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the dashboard can tell, over real HTTP: keeps the cookies the service sets
 * (and their attributes, to check them), follows no redirect by itself, posts forms with the
 * session's CSRF token. Every exchange is held to the OpenAPI contract, as {@link Http}'s are.
 */
public final class DashboardBrowser {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private static final OpenApiContract CONTRACT = OpenApiContract.load();
  private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
  private static final Pattern LOGIN_TOKEN =
      Pattern.compile("name=\"loginToken\" value=\"([^\"]+)\"");

  private final URI base;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final Map<String, String> setCookieHeaders = new LinkedHashMap<>();
  private String acceptLanguage = "ja";
  private String csrf;

  public DashboardBrowser() {
    this(TestService.server().getURI());
  }

  public DashboardBrowser(URI base) {
    this.base = base;
  }

  /** A page or file as received. */
  public record Page(
      int status, String contentType, String body, Map<String, List<String>> headers) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase());
      return values == null ? null : values.get(0);
    }
  }

  public DashboardBrowser language(String language) {
    this.acceptLanguage = language;
    return this;
  }

  /** Logs in as a staff member through the demo login form, as a person would. */
  public DashboardBrowser loginAs(String staffSubject) {
    Page login = get("/dashboard/login");
    Matcher token = LOGIN_TOKEN.matcher(login.body());
    if (!token.find()) {
      throw new AssertionError("The login page has no demo form: " + login.body());
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("loginToken", token.group(1));
    form.put("subject", staffSubject);
    form.put("next", "/dashboard/work-lists");
    Page answer = send("POST", "/dashboard/login/demo", form, Map.of());
    if (answer.status() != 303) {
      throw new AssertionError("Login refused: " + answer.status() + " " + answer.body());
    }
    get(answer.header("location"));
    return this;
  }

  public Page get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Page get(String path, Map<String, String> headers) {
    return send("GET", path, null, headers);
  }

  /** Posts a form with the session's CSRF token (from the last page read). */
  public Page post(String path, Map<String, String> form) {
    Map<String, String> withToken = new LinkedHashMap<>(form);
    if (csrf != null) {
      withToken.putIfAbsent("_csrf", csrf);
    }
    return send("POST", path, withToken, Map.of());
  }

  /** Posts a form as given (no CSRF token added). */
  public Page postAsIs(String path, Map<String, String> form, Map<String, String> headers) {
    return send("POST", path, form, headers);
  }

  /**
   * Posts a form with a file as multipart/form-data, as a browser does for a form with a file
   * input: the fields (with the session's CSRF token unless the fields name one, or withToken is
   * false) and the file, if any.
   */
  public Page postMultipart(
      String path,
      Map<String, String> fields,
      String fileField,
      String fileName,
      byte[] file,
      boolean withToken) {
    return postMultipart(path, fields, fileField, fileName, file, withToken, Map.of());
  }

  public Page postMultipart(
      String path,
      Map<String, String> fields,
      String fileField,
      String fileName,
      byte[] file,
      boolean withToken,
      Map<String, String> headers) {
    String boundary = "----sukoyaka" + Long.toHexString(System.nanoTime());
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    Map<String, String> all = new LinkedHashMap<>(fields);
    if (withToken && csrf != null) {
      all.putIfAbsent("_csrf", csrf);
    }
    all.forEach(
        (name, value) ->
            body.writeBytes(
                ("--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
    if (fileField != null) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + fileField
                  + "\"; filename=\""
                  + fileName
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(file);
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return exchange(
        "POST",
        path,
        "multipart/form-data; boundary=" + boundary,
        body.toByteArray(),
        "(multipart)",
        headers);
  }

  public String csrf() {
    return csrf;
  }

  public Map<String, String> cookies() {
    return cookies;
  }

  /** The Set-Cookie header that last set a cookie of that name, attributes included. */
  public String setCookie(String name) {
    return setCookieHeaders.get(name);
  }

  public Page send(
      String method, String path, Map<String, String> form, Map<String, String> headers) {
    String body = null;
    String contentType = null;
    if (form != null) {
      body =
          form.entrySet().stream()
              .map(
                  e ->
                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      contentType = "application/x-www-form-urlencoded";
    }
    return exchange(
        method,
        path,
        contentType,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        body,
        headers);
  }

  private Page exchange(
      String method,
      String path,
      String contentType,
      byte[] bytes,
      String body,
      Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    request.timeout(Duration.ofSeconds(120));
    request.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    request.header("Accept-Language", acceptLanguage);
    if (!cookies.isEmpty()) {
      request.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    headers.forEach(request::header);
    if (bytes != null) {
      request.header("Content-Type", contentType);
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> response;
    try {
      response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    for (String header : response.headers().allValues("set-cookie")) {
      String[] pair = header.split(";", 2)[0].split("=", 2);
      String name = pair[0].trim();
      String value = pair.length > 1 ? pair[1] : "";
      setCookieHeaders.put(name, header);
      if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
    response
        .headers()
        .map()
        .forEach((k, v) -> responseHeaders.put(k.toLowerCase(), new ArrayList<>(v)));
    String text = new String(response.body(), StandardCharsets.UTF_8);
    Page page =
        new Page(
            response.statusCode(),
            response.headers().firstValue("content-type").orElse(null),
            text,
            responseHeaders);
    Matcher token = CSRF.matcher(text);
    if (token.find()) {
      csrf = token.group(1);
    }
    CONTRACT.assertConforms(
        new OpenApiContract.Exchange(
            method,
            path,
            contentType,
            body,
            page.status(),
            page.contentType(),
            page.contentType() != null && page.contentType().startsWith("text/csv")
                ? "csv"
                : text));
    return page;
  }
}
