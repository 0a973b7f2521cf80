package app.sukoyaka.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Request ids, the access log, metrics on the management port, and what the logs never hold. */
class ObservabilityIT {
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  @BeforeAll
  static void captureLogs() {
    TestService.server();
    LOGS.start();
    root().addAppender(LOGS);
  }

  @AfterAll
  static void releaseLogs() {
    root().detachAppender(LOGS);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static List<ILoggingEvent> events() {
    synchronized (LOGS) {
      return new ArrayList<>(LOGS.list);
    }
  }

  @Test
  void aRequestIdGivenByTheCallerIsAnsweredAndInTheRequestsLogLine() {
    Http.Response response =
        Http.send("GET", "/health", null, Map.of(RequestIds.HEADER, "lb-7f3a9c21-0001"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header(RequestIds.HEADER)).isEqualTo("lb-7f3a9c21-0001");
    assertThat(events())
        .anySatisfy(
            event -> {
              assertThat(event.getLoggerName()).isEqualTo("app.sukoyaka.access");
              assertThat(event.getMDCPropertyMap())
                  .containsEntry(RequestIds.MDC_KEY, "lb-7f3a9c21-0001");
              assertThat(event.getFormattedMessage()).startsWith("GET /health 200 ");
            });
  }

  @Test
  void aRequestWithoutAnIdOrWithAnUnusableOneGetsANewOne() {
    String none = Http.get("/health", null).header(RequestIds.HEADER);
    String odd =
        Http.send("GET", "/health", null, Map.of(RequestIds.HEADER, "has spaces; and <script>"))
            .header(RequestIds.HEADER);

    assertThat(none).matches("[0-9a-f-]{36}");
    assertThat(odd).matches("[0-9a-f-]{36}").isNotEqualTo(none);
  }

  @Test
  void aProblemNamesTheRequestItHappenedIn() {
    String guardian = Tokens.guardian(Personas.motherAt20Weeks(Personas.municipality()));
    Http.Response response = Http.get("/api/v1/pregnancies/not-a-uuid/handbook", guardian);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("requestId").asText())
        .isNotBlank()
        .isEqualTo(response.header(RequestIds.HEADER));
  }

  @Test
  void livenessAndReadinessAreAnsweredForTheProbes() {
    // Micronaut's /health/{selector}; the probes are Kubernetes', not an API of the product.
    assertThat(Http.probe("GET", "/health/liveness", null).status()).isEqualTo(200);
    Http.Response readiness = Http.probe("GET", "/health/readiness", null);
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
  }

  @Test
  void metricsAreServedOnTheManagementPortAndNotOnTheApi() throws Exception {
    Personas.Municipality town = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    Http.Response submitted =
        Http.postFhir(
            clinic, PrenatalBundle.fullVisit(mother, LocalDate.now().minusDays(1)).json());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);

    int port = TestService.bean(ManagementServer.class).port().orElseThrow();
    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .contains("http_server_requests_seconds_bucket")
        .contains("sukoyaka_intake_submissions_seconds_count{outcome=\"accepted\"}")
        .contains("sukoyaka_push_outbox_messages{status=\"queued\"}")
        .contains("sukoyaka_import_jobs{status=\"running\"}")
        .contains("sukoyaka_forecast_batch_seconds")
        .contains("sukoyaka_push_results_total")
        .contains("jvm_memory_used_bytes")
        .doesNotContain(mother.handbookNumber());
    for (String path : new String[] {"/prometheus", "/metrics"}) {
      Http.Response api = Http.probe("GET", path, null);
      assertThat(api.status()).as(path).isIn(401, 404);
      assertThat(api.body()).as(path).doesNotContain("jvm_memory");
    }
  }

  @Test
  void theLogsHoldNoTokenNoKeyAndNoPersonalData() {
    Personas.Municipality town = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    String guardian = Tokens.guardian(mother);
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    int before = events().size();

    Http.postFhir(clinic, PrenatalBundle.fullVisit(mother, LocalDate.now().minusDays(1)).json());
    Http.get("/api/v1/pregnancies/" + mother.pregnancyId() + "/handbook", guardian);
    Http.get("/api/v1/me", guardian);
    // Refused requests with personal data in the path and the body.
    Http.get("/fhir/Patient?identifier=" + mother.handbookNumber(), guardian);
    Http.postFhir(
        clinic, "{\"resourceType\":\"Bundle\",\"note\":\"鈴木 優子 " + mother.handbookNumber());

    List<ILoggingEvent> logged = events().subList(before, events().size());
    assertThat(logged).isNotEmpty();
    List<String> forbidden =
        List.of(
            guardian,
            clinic,
            TestService.KEY_ENCRYPTION_KEY,
            mother.handbookNumber(),
            mother.pregnancyId().toString(),
            "鈴木",
            "優子",
            "スズキ",
            "1993-06-15");
    for (ILoggingEvent event : logged) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      text.append(' ').append(event.getMDCPropertyMap());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append(' ').append(t.getMessage());
      }
      for (String secret : forbidden) {
        assertThat(text.toString()).as(event.getLoggerName()).doesNotContain(secret);
      }
    }
  }
}
