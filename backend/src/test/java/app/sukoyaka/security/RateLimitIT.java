package app.sukoyaka.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rate limits of the login pages (per address), the token endpoint (per client and per address)
 * and clinics' FHIR writes (per clinic), on an instance of their own with small limits per 6
 * seconds. The instance reads the caller's address from X-Forwarded-For, as behind a proxy, so that
 * each test is a caller of its own.
 */
class RateLimitIT {
  private static EmbeddedServer server;
  private static URI base;

  @BeforeAll
  static void start() {
    server =
        TestService.anotherWith(
            Map.of(
                "sukoyaka.security.rate-limits.enabled", true,
                "sukoyaka.security.rate-limits.period", "6s",
                "sukoyaka.security.rate-limits.login-per-address", 3,
                "sukoyaka.security.rate-limits.token-per-client", 2,
                "sukoyaka.security.rate-limits.token-per-address", 4,
                "sukoyaka.security.rate-limits.intake-per-clinic", 2,
                "micronaut.server.client-address-header", "X-Forwarded-For"));
    base = server.getURI();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static String newAddress() {
    return "198.51.100." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID();
  }

  private static Http.Response tokenRequest(String address, Personas.Clinic clinic) {
    Map<String, String> form =
        Map.of(
            "grant_type",
            "client_credentials",
            "client_assertion_type",
            Tokens.ASSERTION_TYPE,
            "client_assertion",
            Tokens.assertion(clinic.key(), clinic.clientId()));
    return Http.send(
        base,
        "POST",
        "/oauth2/token",
        null,
        "application/x-www-form-urlencoded",
        encode(form),
        Map.of("X-Forwarded-For", address));
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static int retryAfter(Http.Response response) {
    String value = response.header("Retry-After");
    assertThat(value).as("Retry-After of %s", response.body()).isNotNull();
    int seconds = Integer.parseInt(value);
    assertThat(seconds).isBetween(1, 6);
    return seconds;
  }

  @Test
  void aClinicBeyondItsTokenAllowanceGets429WithRetryAfterAndMayAskAgainAfterIt() throws Exception {
    Personas.Clinic clinic = Personas.clinicServing(Personas.municipality());
    String address = newAddress();

    assertThat(tokenRequest(address, clinic).status()).isEqualTo(200);
    assertThat(tokenRequest(address, clinic).status()).isEqualTo(200);
    Http.Response refused = tokenRequest(address, clinic);

    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("application/json");
    assertThat(refused.json().path("error").asText()).isEqualTo("temporarily_unavailable");
    int seconds = retryAfter(refused);
    // Another clinic from the same address is not held back by this one's allowance.
    Personas.Clinic other = Personas.clinicServing(Personas.municipality());
    assertThat(tokenRequest(address, other).status()).isEqualTo(200);

    Thread.sleep(seconds * 1000L + 200);
    assertThat(tokenRequest(address, clinic).status()).isEqualTo(200);
  }

  @Test
  void oneAddressAskingForTokensOfManyClientsIsHeldBackAsAWhole() {
    String address = newAddress();
    Personas.Municipality town = Personas.municipality();
    List<Personas.Clinic> clinics = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      clinics.add(Personas.clinicServing(town));
    }
    // Back to back: the allowance refills by one every 1.5 seconds.
    for (Personas.Clinic clinic : clinics.subList(0, 4)) {
      assertThat(tokenRequest(address, clinic).status()).isEqualTo(200);
    }

    Http.Response refused = tokenRequest(address, clinics.get(4));

    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.json().path("error_description").asText()).contains("this address");
    retryAfter(refused);
  }

  @Test
  void loginAttemptsFromOneAddressAreLimitedWithProblemJsonAndOthersStillLogIn() {
    String address = newAddress();
    for (int i = 0; i < 3; i++) {
      Http.Response attempt = loginCallback(address);
      assertThat(attempt.status()).as(attempt.body()).isNotEqualTo(429);
    }

    Http.Response refused = loginCallback(address);

    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-6901");
    retryAfter(refused);
    assertThat(loginCallback(newAddress()).status()).isNotEqualTo(429);
  }

  @Test
  void aBrowserBeyondTheLoginLimitSeesTheDashboardsErrorPage() {
    String address = newAddress();
    for (int i = 0; i < 3; i++) {
      loginCallback(address);
    }

    Http.Response refused =
        Http.send(
            base,
            "GET",
            "/dashboard/login/callback?state=x&code=y",
            null,
            null,
            null,
            Map.of("X-Forwarded-For", address, "Accept", "text/html"));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("text/html");
    assertThat(refused.body()).contains("SKY-6901");
    assertThat(refused.header("Retry-After")).isNotNull();
  }

  @Test
  void aGuardianAuthorisingAnAppBeyondTheLoginLimitSeesAPageNotAnAnswerForTheApp() {
    String address = newAddress();
    for (int i = 0; i < 3; i++) {
      appLoginCallback(address);
    }

    Http.Response refused = appLoginCallback(address);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("text/html");
    assertThat(refused.body()).contains("SKY-6901", "Too many login attempts");
    retryAfter(refused);
  }

  private static Http.Response appLoginCallback(String address) {
    return Http.send(
        base,
        "GET",
        "/oauth2/authorize/login/callback?state=" + UUID.randomUUID() + "&code=stolen",
        null,
        null,
        null,
        Map.of("X-Forwarded-For", address, "Accept", "*/*"));
  }

  private static Http.Response loginCallback(String address) {
    return Http.send(
        base,
        "GET",
        "/dashboard/login/callback?state=" + UUID.randomUUID() + "&code=stolen",
        null,
        null,
        null,
        Map.of("X-Forwarded-For", address, "Accept", "*/*"));
  }

  @Test
  void demoTokenMintingIsHeldBackPerAddressLikeTheTokenEndpointAndSharesItsAllowance() {
    String address = newAddress();
    Personas.Clinic clinic = Personas.clinicServing(Personas.municipality());
    // Two of the address's four from the token endpoint, two from demo minting.
    assertThat(tokenRequest(address, clinic).status()).isEqualTo(200);
    assertThat(tokenRequest(address, clinic).status()).isEqualTo(200);
    for (int i = 0; i < 2; i++) {
      Http.Response minted = demoToken(address);
      assertThat(minted.status()).as(minted.body()).isNotEqualTo(429);
    }

    Http.Response refused = demoToken(address);

    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-6901");
    assertThat(refused.body()).doesNotContain("access_token");
    retryAfter(refused);
    // The token endpoint is spent for this address too, and another address still mints.
    assertThat(tokenRequest(address, Personas.clinicServing(Personas.municipality())).status())
        .isEqualTo(429);
    assertThat(demoToken(newAddress()).status()).isNotEqualTo(429);
  }

  private static Http.Response demoToken(String address) {
    return Http.send(
        base,
        "POST",
        "/dev/token",
        null,
        "application/json",
        "{\"role\":\"guardian\",\"subject\":\"nobody-" + UUID.randomUUID() + "\"}",
        Map.of("X-Forwarded-For", address));
  }

  @Test
  void aClinicFloodingTheFhirApiGets429AsAThrottledOperationOutcome() {
    Personas.Clinic clinic = Personas.clinicServing(Personas.municipality());
    Http.Response issued = tokenRequest(newAddress(), clinic);
    String token = issued.json().path("access_token").asText();
    // Not a Bundle: refused before any validation, yet counted and authenticated like one.
    String bundle = "{\"resourceType\":\"Patient\"}";
    for (int i = 0; i < 2; i++) {
      assertThat(postFhir(token, bundle).status()).isNotEqualTo(429);
    }

    Http.Response refused = postFhir(token, bundle);

    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("application/fhir+json");
    assertThat(refused.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(refused.json().path("issue").get(0).path("code").asText()).isEqualTo("throttled");
    retryAfter(refused);
    // Reads are not counted: a clinic looking something up is not held back by its writes.
    assertThat(Http.send(base, "GET", "/fhir/metadata", token, null, null, Map.of()).status())
        .isEqualTo(200);
  }

  private static Http.Response postFhir(String token, String bundle) {
    return Http.send(base, "POST", "/fhir", token, "application/fhir+json", bundle, Map.of());
  }
}
