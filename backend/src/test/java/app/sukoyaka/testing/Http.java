package app.sukoyaka.testing;

import app.sukoyaka.apispec.OpenApiContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Real HTTP against the {@link TestService}. Every exchange outside {@code /fhir} is checked
 * against the OpenAPI contract in api-spec, so the contract and the code cannot drift apart.
 */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApiContract CONTRACT = OpenApiContract.load();

  private Http() {}

  /** A response as received. */
  public record Response(int status, String contentType, String body, Map<String, String> headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private static final String PROBE = "X-Sukoyaka-Test-Probe";

  /**
   * A request to a path that is deliberately not in the contract (to prove it does not exist), so
   * the exchange is not held to the OpenAPI.
   */
  public static Response probe(String method, String path, String token) {
    return send(TestService.server().getURI(), method, path, token, null, null, PROBE, "1");
  }

  public static Response get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  public static Response postJson(String path, String token, String body) {
    return send("POST", path, token, "application/json", body);
  }

  public static Response postForm(String path, Map<String, String> form) {
    return send("POST", path, null, "application/x-www-form-urlencoded", form(form));
  }

  /** {@code application/x-www-form-urlencoded}, as a browser sends a form or a query. */
  public static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The parameters of a raw query (or form body), in their order. */
  public static Map<String, String> parameters(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  public static Response postFhir(String token, String body) {
    return send("POST", "/fhir", token, "application/fhir+json", body);
  }

  /** A FHIR POST of raw bytes, e.g. text that is not valid UTF-8. */
  public static Response postFhirBytes(String token, byte[] body) {
    return sendWith(
        TestService.server().getURI(),
        "POST",
        "/fhir",
        token,
        "application/fhir+json",
        HttpRequest.BodyPublishers.ofByteArray(body),
        null,
        null,
        null);
  }

  public static Response send(
      String method, String path, String token, String contentType, String body) {
    return send(TestService.server().getURI(), method, path, token, contentType, body);
  }

  /**
   * As {@link #send(String, String, String, String, String)}, the body in chunks: a publisher of
   * unknown length, so the client sends {@code Transfer-Encoding: chunked} and no length.
   */
  public static Response sendChunked(
      String method, String path, String token, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return sendWith(
        TestService.server().getURI(),
        method,
        path,
        token,
        contentType,
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)),
        body,
        Map.of());
  }

  /** With one extra request header, e.g. If-Match; {@code header} null sends none. */
  public static Response send(
      String method,
      String path,
      String token,
      String contentType,
      String body,
      String header,
      String value) {
    return send(
        TestService.server().getURI(), method, path, token, contentType, body, header, value);
  }

  /** A request without a body, with these extra request headers. */
  public static Response send(
      String method, String path, String token, Map<String, String> headers) {
    return sendWith(
        TestService.server().getURI(),
        method,
        path,
        token,
        null,
        HttpRequest.BodyPublishers.noBody(),
        null,
        headers);
  }

  /** To another instance, with a body and these extra request headers. */
  public static Response send(
      URI base,
      String method,
      String path,
      String token,
      String contentType,
      String body,
      Map<String, String> headers) {
    return sendWith(
        base,
        method,
        path,
        token,
        contentType,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8),
        body,
        headers);
  }

  public static Response send(
      URI base, String method, String path, String token, String contentType, String body) {
    return send(base, method, path, token, contentType, body, null, null);
  }

  private static Response send(
      URI base,
      String method,
      String path,
      String token,
      String contentType,
      String body,
      String header,
      String value) {
    return sendWith(
        base,
        method,
        path,
        token,
        contentType,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8),
        body,
        header,
        value);
  }

  private static Response sendWith(
      URI base,
      String method,
      String path,
      String token,
      String contentType,
      HttpRequest.BodyPublisher publisher,
      String body,
      String header,
      String value) {
    return sendWith(
        base,
        method,
        path,
        token,
        contentType,
        publisher,
        body,
        header == null ? Map.of() : Map.of(header, value));
  }

  private static Response sendWith(
      URI base,
      String method,
      String path,
      String token,
      String contentType,
      HttpRequest.BodyPublisher publisher,
      String body,
      Map<String, String> extraHeaders) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    extraHeaders.forEach(request::header);
    request.timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(method, publisher);
    HttpResponse<String> response;
    try {
      response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(", ", v)));
    Response result =
        new Response(
            response.statusCode(),
            response.headers().firstValue("content-type").orElse(null),
            response.body(),
            headers);
    if (!path.startsWith("/fhir") && !extraHeaders.containsKey(PROBE)) {
      CONTRACT.assertConforms(
          new OpenApiContract.Exchange(
              method,
              path,
              contentType,
              body,
              result.status(),
              result.contentType(),
              result.body()));
    }
    return result;
  }

  /** A response whose body is bytes (a PDF, a CSV with its byte-order mark). */
  public record BinaryResponse(
      int status, String contentType, byte[] body, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends bytes (an upload) and receives bytes. The exchange is checked against the OpenAPI as any
   * other, with the bodies described instead of given when they are not text.
   */
  public static BinaryResponse sendBytes(
      String method, String path, String token, String contentType, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(TestService.server().getURI().resolve(path));
    request.timeout(Duration.ofSeconds(120));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response;
    try {
      response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(", ", v)));
    String responseType = response.headers().firstValue("content-type").orElse(null);
    BinaryResponse result =
        new BinaryResponse(response.statusCode(), responseType, response.body(), headers);
    CONTRACT.assertConforms(
        new OpenApiContract.Exchange(
            method,
            path,
            contentType,
            describe(contentType, body),
            result.status(),
            responseType,
            describe(responseType, result.body())));
    return result;
  }

  public static BinaryResponse getBytes(String path, String token) {
    return sendBytes("GET", path, token, null, null);
  }

  /** Text bodies as they are; others as a description, enough for the contract's checks. */
  private static String describe(String contentType, byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    if (contentType != null && (contentType.contains("json") || contentType.startsWith("text/"))) {
      return new String(body, StandardCharsets.UTF_8);
    }
    return "<" + body.length + " bytes>";
  }
}
