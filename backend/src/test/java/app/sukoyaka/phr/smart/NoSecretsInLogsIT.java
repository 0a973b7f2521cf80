package app.sukoyaka.phr.smart;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.security.SigningKeys;
import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.TestIdentityProvider;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The service's log, as JSON lines (what a log collector receives), through the exchanges that
 * carry secrets: a staff login at the identity provider and a failed one, an ID token exchange, a
 * clinic's client assertion and its submission, a guardian authorising an app, the app redeeming
 * its code with its client secret and refreshing its token, a refused token. None of the tokens,
 * codes, secrets, cookies, Authorization headers or private key material may appear in it. The
 * service's loggers are opened up to DEBUG for the run, more than production writes.
 */
class NoSecretsInLogsIT {
  private static final String REDIRECT = "https://phr.example.jp/callback";
  private static final Pattern FORM_TOKEN =
      Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"");
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ");

  /** Writes each event as the service's JSON log does, into memory. */
  private static final class Capture extends AppenderBase<ILoggingEvent> {
    private final JsonEncoder encoder = new JsonEncoder();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void start() {
      // As the service's logback.xml configures its JSON log (SUKOYAKA_LOG_FORMAT=json).
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.setWithContext(false);
      encoder.setWithArguments(false);
      encoder.setWithMessage(false);
      encoder.setWithFormattedMessage(true);
      encoder.setContext(getContext());
      encoder.start();
      super.start();
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
      out.writeBytes(encoder.encode(event));
    }

    synchronized String text() {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private final List<String> secrets = new ArrayList<>();
  private final Map<String, Level> levels = new LinkedHashMap<>();
  private Capture capture;

  @BeforeEach
  void captureTheLog() {
    TestService.server();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    capture = new Capture();
    capture.setContext(context);
    capture.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    open(context, "app.sukoyaka", Level.DEBUG);
    open(context, "io.micronaut", Level.INFO);
    open(context, "app.sukoyaka.access", Level.INFO);
  }

  private void open(LoggerContext context, String name, Level level) {
    Logger logger = context.getLogger(name);
    levels.put(name, logger.getLevel());
    logger.setLevel(level);
  }

  @AfterEach
  void restore() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
    levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }

  private String secret(String value) {
    assertThat(value).isNotBlank();
    secrets.add(value);
    return value;
  }

  @Test
  void noTokenCodeSecretCookieOrKeyReachesTheLog() throws Exception {
    Personas.Municipality town = Personas.municipality();

    staffLogInAtTheProviderAndOnceFail(town);
    guardianExchangesAnIdTokenAndSomeoneTriesAForgedOne(town);
    clinicSubmitsWithAClientAssertion(town);
    guardianAuthorisesAConfidentialAppThatRefreshes(town);
    // Private key material: the service's signing key, a clinic's key.
    secret(TestService.bean(SigningKeys.class).signingKey().getD().toString());
    secret(TestService.KEY_ENCRYPTION_KEY);

    String json = capture.text();
    assertThat(json).contains("\"level\"", "\"formattedMessage\"");
    // What the lines say, their JSON escapes undone ("\/" is "/"), and the raw lines besides.
    String log = decoded(json) + "\n" + json;
    // The capture works and saw the exchanges (the access log names their routes).
    assertThat(log).contains("POST /oauth2/token 200", "POST /fhir 200");
    for (String value : secrets) {
      assertThat(log).as("the log holds a secret").doesNotContain(value);
      // Nor its URL-encoded form, as in a logged query string.
      assertThat(log).doesNotContain(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    assertThat(JWT.matcher(log).find()).as("a JWT in the log").isFalse();
    assertThat(log).doesNotContainIgnoringCase("authorization: ");
    assertThat(log).doesNotContainIgnoringCase("bearer ey");
  }

  private static String decoded(String jsonLines) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder text = new StringBuilder();
    for (String line : jsonLines.split("\n")) {
      if (!line.isBlank()) {
        values(mapper.readTree(line), text);
      }
    }
    return text.toString();
  }

  private static void values(com.fasterxml.jackson.databind.JsonNode node, StringBuilder text) {
    if (node.isValueNode()) {
      text.append(node.asText()).append('\n');
    }
    node.elements().forEachRemaining(child -> values(child, text));
  }

  private void staffLogInAtTheProviderAndOnceFail(Personas.Municipality town) throws Exception {
    Personas.Staff staff = Personas.staffOf(town);
    DashboardBrowser browser = new DashboardBrowser();
    browser.get("/dashboard/login?next=/dashboard");
    String authorize = browser.get("/dashboard/login/oidc/city-staff").header("location");
    URI back = provider(authorize + "&login_hint=" + staff.subject());
    secret(parameter(back, "code"));
    secret(parameter(back, "state"));
    DashboardBrowser.Page landed = browser.get(back.getRawPath() + "?" + back.getRawQuery());
    assertThat(landed.status()).isEqualTo(303);
    browser.get("/dashboard");
    secret(browser.cookies().get("__Secure-sukoyaka-dashboard"));
    secret(browser.csrf());
    // A failed login: someone else's code, a made-up state.
    DashboardBrowser other = new DashboardBrowser();
    String forgedState = secret(UUID.randomUUID().toString());
    DashboardBrowser.Page failed =
        other.get(
            "/dashboard/login/callback?code=" + parameter(back, "code") + "&state=" + forgedState);
    assertThat(failed.status()).isEqualTo(400);
    // And a staff member who is not on record.
    DashboardBrowser stranger = new DashboardBrowser();
    stranger.get("/dashboard/login");
    URI strangerBack =
        provider(
            stranger.get("/dashboard/login/oidc/city-staff").header("location")
                + "&login_hint=nobody-"
                + UUID.randomUUID());
    secret(parameter(strangerBack, "code"));
    assertThat(stranger.get(strangerBack.getRawPath() + "?" + strangerBack.getRawQuery()).status())
        .isEqualTo(401);
  }

  private static URI provider(String authorizeUrl) throws Exception {
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(URI.create(authorizeUrl)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(302);
    return URI.create(answer.headers().firstValue("location").orElseThrow());
  }

  private static String parameter(URI uri, String name) {
    for (String pair : uri.getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(
            pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError(name + " not in " + uri);
  }

  private void guardianExchangesAnIdTokenAndSomeoneTriesAForgedOne(Personas.Municipality town) {
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String idToken =
        secret(
            TestIdentityProvider.get()
                .idToken(
                    TestIdentityProvider.CITIZENS_ISSUER,
                    TestIdentityProvider.CITIZENS_AUDIENCE,
                    mother.loginSubject(),
                    Instant.now().plusSeconds(300)));
    Http.Response exchanged = exchange(idToken);
    assertThat(exchanged.status()).isEqualTo(200);
    String access = secret(exchanged.json().path("access_token").asText());
    assertThat(Http.get("/api/v1/me", access).status()).isEqualTo(200);
    String forged =
        secret(idToken.substring(0, idToken.lastIndexOf('.')) + ".AAAA" + "x".repeat(40));
    assertThat(exchange(forged).status()).isEqualTo(400);
    String wrongBearer = secret(access.substring(0, access.length() - 6) + "AAAAAA");
    assertThat(Http.get("/api/v1/me", wrongBearer).status()).isEqualTo(401);
  }

  private static Http.Response exchange(String idToken) {
    return Http.postForm(
        "/oauth2/token",
        Map.of(
            "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
            "subject_token_type", "urn:ietf:params:oauth:token-type:id_token",
            "subject_token", idToken));
  }

  private void clinicSubmitsWithAClientAssertion(Personas.Municipality town) {
    Personas.Clinic clinic = Personas.clinicServing(town);
    secret(clinic.key().getD().toString());
    String assertion = secret(Tokens.assertion(clinic.key(), clinic.clientId()));
    Http.Response issued = Tokens.requestClinicToken(assertion);
    assertThat(issued.status()).isEqualTo(200);
    String token = secret(issued.json().path("access_token").asText());
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    Http.Response stored =
        Http.postFhir(token, PrenatalBundle.visit(mother, LocalDate.now()).json());
    assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    // The same assertion again: a replay, refused.
    assertThat(Tokens.requestClinicToken(assertion).status()).isEqualTo(401);
  }

  private void guardianAuthorisesAConfidentialAppThatRefreshes(Personas.Municipality town)
      throws Exception {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    String clientId = "phr-" + UUID.randomUUID();
    String clientSecret =
        secret(
            TestService.bean(PhrApps.class)
                .register(
                    new PhrApps.Registration(
                        clientId,
                        "はぐくみ記録",
                        List.of(REDIRECT),
                        true,
                        Set.copyOf(AppScopes.SUPPORTED))));
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    secret(basic.substring(6));
    String verifier = secret(UUID.randomUUID() + "-" + UUID.randomUUID());
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String state = secret(UUID.randomUUID().toString());
    String authorize =
        "/oauth2/authorize?"
            + form(
                Map.of(
                    "response_type",
                    "code",
                    "client_id",
                    clientId,
                    "redirect_uri",
                    REDIRECT,
                    "scope",
                    "launch/patient offline_access patient/Immunization.rs",
                    "state",
                    state,
                    "code_challenge",
                    challenge,
                    "code_challenge_method",
                    "S256",
                    "aud",
                    TestService.ISSUER + "/fhir"));
    DashboardBrowser browser = new DashboardBrowser();
    String pagePath = browser.get(authorize).header("location");
    DashboardBrowser.Page login = browser.get(pagePath);
    Map<String, String> loginForm = new LinkedHashMap<>();
    loginForm.put("formToken", secret(formToken(login)));
    loginForm.put("subject", family.mother().loginSubject());
    assertThat(browser.postAsIs(pagePath + "/demo-login", loginForm, Map.of()).status())
        .isEqualTo(303);
    DashboardBrowser.Page consent = browser.get(pagePath);
    Matcher action =
        Pattern.compile("action=\"(/oauth2/authorize/[^\"]+/decision)\"").matcher(consent.body());
    assertThat(action.find()).isTrue();
    Map<String, String> decision = new LinkedHashMap<>();
    decision.put("formToken", secret(formToken(consent)));
    decision.put("patient", "child:" + family.childId());
    decision.put("decision", "approve");
    DashboardBrowser.Page decided = browser.postAsIs(action.group(1), decision, Map.of());
    assertThat(decided.status()).isEqualTo(303);
    String code = secret(parameter(URI.create(decided.header("location")), "code"));
    browser.cookies().values().forEach(this::secret);

    Http.Response redeemed =
        tokenWithBasic(
            basic,
            Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", REDIRECT,
                "code_verifier", verifier));
    assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
    secret(redeemed.json().path("access_token").asText());
    String refresh = secret(redeemed.json().path("refresh_token").asText());
    Http.Response refreshed =
        tokenWithBasic(basic, Map.of("grant_type", "refresh_token", "refresh_token", refresh));
    assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    secret(refreshed.json().path("access_token").asText());
    secret(refreshed.json().path("refresh_token").asText());
    // The used refresh token again: reuse, the consent is withdrawn.
    assertThat(
            tokenWithBasic(basic, Map.of("grant_type", "refresh_token", "refresh_token", refresh))
                .status())
        .isEqualTo(400);
    // A wrong client secret.
    String wrong =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (clientId + ":wrong-" + clientSecret).getBytes(StandardCharsets.UTF_8));
    secret(wrong.substring(6));
    assertThat(
            tokenWithBasic(wrong, Map.of("grant_type", "refresh_token", "refresh_token", refresh))
                .status())
        .isEqualTo(401);
  }

  private static String formToken(DashboardBrowser.Page page) {
    Matcher matcher = FORM_TOKEN.matcher(page.body());
    assertThat(matcher.find()).as(page.body()).isTrue();
    return matcher.group(1);
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Http.Response tokenWithBasic(String authorization, Map<String, String> values) {
    return Http.send(
        TestService.server().getURI(),
        "POST",
        "/oauth2/token",
        null,
        "application/x-www-form-urlencoded",
        form(values),
        Map.of("Authorization", authorization));
  }
}
