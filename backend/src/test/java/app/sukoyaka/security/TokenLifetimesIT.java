package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestIdentityProvider;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lifetimes are the configured ones, and the service holds to them: on an instance of its own
 * where access tokens live 2 seconds and a dashboard session ends after 2 idle seconds or 4 in all,
 * a token that worked stops working when its time is up, and so does a session.
 */
class TokenLifetimesIT {
  private static EmbeddedServer server;
  private static URI base;

  @BeforeAll
  static void start() {
    server =
        TestService.anotherWith(
            Map.of(
                "sukoyaka.security.clinic-token-lifetime", "2s",
                "sukoyaka.security.user-token-lifetime", "2s",
                "sukoyaka.security.clock-skew", "0s",
                "sukoyaka.dashboard.session.idle-timeout", "2s",
                "sukoyaka.dashboard.session.max-lifetime", "4s"));
    base = server.getURI();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static Http.Response postForm(Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return Http.send(
        base, "POST", "/oauth2/token", null, "application/x-www-form-urlencoded", body, Map.of());
  }

  @Test
  void aGuardiansAccessTokenWorksForItsLifetimeAndNotASecondLonger() throws Exception {
    Personas.Mother mother = Personas.motherAt20Weeks(Personas.municipality());
    Http.Response issued =
        postForm(
            Map.of(
                "grant_type", TokenEndpoint.TOKEN_EXCHANGE,
                "subject_token_type", TokenEndpoint.ID_TOKEN_TYPE,
                "subject_token",
                    TestIdentityProvider.get()
                        .idToken(
                            TestIdentityProvider.CITIZENS_ISSUER,
                            TestIdentityProvider.CITIZENS_AUDIENCE,
                            mother.loginSubject(),
                            Instant.now().plusSeconds(300))));
    assertThat(issued.json().path("expires_in").asLong()).isEqualTo(2);
    String token = issued.json().path("access_token").asText();
    assertThat(Http.send(base, "GET", "/api/v1/me", token, null, null).status()).isEqualTo(200);

    Thread.sleep(2300);

    Http.Response expired = Http.send(base, "GET", "/api/v1/me", token, null, null);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().path("detail").asText()).contains("expired");
  }

  @Test
  void aClinicsAccessTokenWorksForItsLifetimeAndNotASecondLonger() throws Exception {
    Personas.Clinic clinic = Personas.clinicServing(Personas.municipality());
    Http.Response issued =
        postForm(
            Map.of(
                "grant_type",
                "client_credentials",
                "client_assertion_type",
                Tokens.ASSERTION_TYPE,
                "client_assertion",
                Tokens.assertion(clinic.key(), clinic.clientId())));
    assertThat(issued.json().path("expires_in").asLong()).isEqualTo(2);
    String token = issued.json().path("access_token").asText();
    // Not a Bundle: refused before any validation, yet counted and authenticated like one.
    String bundle = "{\"resourceType\":\"Patient\"}";
    assertThat(post(token, bundle).status()).isNotEqualTo(401);

    Thread.sleep(2300);

    Http.Response expired = post(token, bundle);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  private static Http.Response post(String token, String bundle) {
    return Http.send(base, "POST", "/fhir", token, "application/fhir+json", bundle, Map.of());
  }

  @Test
  void aDashboardSessionLeftIdleEndsAndTheBrowserIsSentToTheLogin() throws Exception {
    Personas.Staff staff = Personas.staffOf(Personas.municipality());
    DashboardBrowser browser = new DashboardBrowser(base).loginAs(staff.subject());
    assertThat(browser.get("/dashboard/work-lists").status()).isEqualTo(200);

    Thread.sleep(2300);

    DashboardBrowser.Page after = browser.get("/dashboard/work-lists");
    assertThat(after.status()).isEqualTo(303);
    assertThat(after.header("location")).startsWith("/dashboard/login");
    assertThat(
            Db.text(
                "SELECT end_reason FROM staff_session WHERE staff_subject = ?", staff.subject()))
        .isEqualTo("idle");
  }

  @Test
  void aDashboardSessionInUseStillEndsAtItsMaximumLifetime() throws Exception {
    Personas.Staff staff = Personas.staffOf(Personas.municipality());
    DashboardBrowser browser = new DashboardBrowser(base).loginAs(staff.subject());
    long started = System.nanoTime();
    int status = 200;
    // Busy all along (never 2 seconds idle), until the session's 4 seconds are over.
    while (status == 200 && System.nanoTime() - started < 8_000_000_000L) {
      Thread.sleep(600);
      status = browser.get("/dashboard/work-lists").status();
    }

    assertThat(status).isEqualTo(303);
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(3_400);
    assertThat(
            Db.text(
                "SELECT end_reason FROM staff_session WHERE staff_subject = ?", staff.subject()))
        .isEqualTo("expired");
  }
}
