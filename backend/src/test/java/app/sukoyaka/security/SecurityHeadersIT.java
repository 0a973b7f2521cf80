package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.platform.observability.ManagementServer;
import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every response carries the security headers — API answers, errors, FHIR, the JWKS, HTML pages,
 * unknown paths — and Strict-Transport-Security when the service is reached over TLS.
 */
class SecurityHeadersIT {

  private static void assertSecured(String what, Map<String, String> headers, boolean html) {
    assertThat(headers.get("x-content-type-options")).as(what).isEqualTo("nosniff");
    assertThat(headers.get("x-frame-options")).as(what).isEqualTo("DENY");
    assertThat(headers.get("referrer-policy")).as(what).isIn("no-referrer", "same-origin");
    String csp = headers.get("content-security-policy");
    assertThat(csp).as(what).contains("frame-ancestors 'none'").contains("default-src 'none'");
    if (html) {
      assertThat(csp).as(what).doesNotContain("script-src *").doesNotContain("'unsafe-eval'");
    }
  }

  @Test
  void everyKindOfResponseCarriesTheSecurityHeaders() {
    Personas.Municipality town = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String guardian = Tokens.guardian(mother);
    Map<String, Http.Response> responses = new LinkedHashMap<>();
    responses.put("an API answer", Http.get("/api/v1/me", guardian));
    responses.put("an authentication error", Http.get("/api/v1/me", null));
    responses.put("an invalid token", Http.get("/api/v1/me", "not-a-token"));
    responses.put("the JWKS", Http.get("/.well-known/jwks.json", null));
    responses.put("the FHIR metadata", Http.get("/fhir/metadata", null));
    responses.put("a FHIR error", Http.get("/fhir/Patient/nope", null));
    responses.put(
        "a token endpoint error", Http.postForm("/oauth2/token", Map.of("grant_type", "password")));
    responses.put("an unknown path", Http.probe("GET", "/no/such/path", null));
    responses.put("health", Http.get("/health", null));
    responses.forEach(
        (what, response) ->
            assertSecured(what + " " + response.status(), response.headers(), false));
  }

  @Test
  void htmlPagesCarryTheirContentSecurityPolicy() {
    DashboardBrowser browser = new DashboardBrowser();
    for (String path : List.of("/dashboard/login", "/oauth2/authorize?client_id=nobody")) {
      DashboardBrowser.Page page = browser.get(path);
      Map<String, String> headers = new LinkedHashMap<>();
      page.headers().forEach((name, values) -> headers.put(name, values.get(0)));
      assertThat(page.contentType()).as(path).startsWith("text/html");
      assertSecured(path, headers, true);
      assertThat(page.headers().get("x-frame-options")).as(path).hasSize(1);
    }
  }

  @Test
  void theManagementPortsAnswersCarryTheSecurityHeadersToo() throws Exception {
    int port = TestService.bean(ManagementServer.class).port().orElseThrow();
    HttpClient client = HttpClient.newHttpClient();
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("GET /prometheus", "the metrics");
    requests.put("GET /nothing", "an unknown path");
    requests.put("POST /prometheus", "a wrong method");
    for (Map.Entry<String, String> request : requests.entrySet()) {
      String[] methodAndPath = request.getKey().split(" ");
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + methodAndPath[1]))
                  .method(methodAndPath[0], HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new LinkedHashMap<>();
      response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
      String what = request.getValue() + " " + response.statusCode();
      assertSecured(what, lowerCase(headers), false);
      assertThat(lowerCase(headers).get("cache-control")).as(what).isEqualTo("no-store");
    }
  }

  private static Map<String, String> lowerCase(Map<String, String> headers) {
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), value));
    return lower;
  }

  @Test
  void hstsIsSentWhenThePublicUrlIsHttps() {
    // The tests' service is https://sukoyaka.test to its callers.
    assertThat(Http.get("/health", null).header("Strict-Transport-Security"))
        .isEqualTo("max-age=31536000; includeSubDomains");
  }

  @Test
  void behindNoTlsHstsIsSentOnlyForRequestsThatCameOverTlsToTheProxy() {
    EmbeddedServer plain =
        TestService.anotherWith(Map.of("sukoyaka.security.issuer", "http://localhost:8080"));
    try {
      Http.Response direct = Http.send(plain.getURI(), "GET", "/health", null, null, null);
      Http.Response proxied =
          Http.send(
              plain.getURI(),
              "GET",
              "/health",
              null,
              null,
              null,
              Map.of("X-Forwarded-Proto", "https"));

      assertThat(direct.header("Strict-Transport-Security")).isNull();
      assertThat(proxied.header("Strict-Transport-Security")).startsWith("max-age=");
      assertSecured("plain http", direct.headers(), false);
    } finally {
      plain.stop();
    }
  }

  @Test
  void hstsCanBeTurnedOff() {
    EmbeddedServer off = TestService.anotherWith(Map.of("sukoyaka.security.headers.hsts", "OFF"));
    try {
      assertThat(
              Http.send(off.getURI(), "GET", "/health", null, null, null)
                  .header("Strict-Transport-Security"))
          .isNull();
    } finally {
      off.stop();
    }
  }
}
