package app.sukoyaka.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bodies beyond the limits of size, nesting, string and number length are refused in the request's
 * protocol, with a stable code, whether they come with a length or in chunks, and quickly: none
 * waits for a timeout.
 */
class RequestLimitsIT {
  private static final String PROBE = "X-Sukoyaka-Test-Probe";
  private static final String FORECAST = "/api/v1/immunizations/forecast";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String guardian;
  private static String clinic;

  @BeforeAll
  static void tokens() {
    Personas.Municipality municipality = Personas.municipality();
    guardian = Tokens.guardian(Personas.motherAt20Weeks(municipality));
    clinic = Tokens.clinic(Personas.clinicServing(municipality));
  }

  /** An answer, and whether the body went in chunks (no Content-Length). */
  record Answer(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private static Answer send(
      String path, String token, String contentType, String body, boolean chunked) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.BodyPublisher publisher =
        chunked
            // A publisher of unknown length: the client sends Transfer-Encoding: chunked.
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
            : HttpRequest.BodyPublishers.ofByteArray(bytes);
    HttpRequest request =
        HttpRequest.newBuilder(TestService.server().getURI().resolve(path))
            // Far below the client's usual minute: an answer that only a timeout ends fails here.
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", contentType)
            .header(PROBE, "1")
            .POST(publisher)
            .build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("content-type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new AssertionError("POST " + path + (chunked ? " (chunked)" : "") + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void refusedEitherWay(String body, int status, String code) {
    for (boolean chunked : new boolean[] {false, true}) {
      problem(send(FORECAST, guardian, "application/json", body, chunked), status, code);
      outcome(send("/fhir", clinic, "application/fhir+json", body, chunked), status, code);
    }
  }

  private static void problem(Answer response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("code").asText()).isEqualTo(code);
    assertThat(response.body())
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("StreamReadConstraints")
        .doesNotContain("Failed to convert");
  }

  private static void outcome(Answer response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/fhir+json");
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.body())
        .contains(code)
        .doesNotContain("Exception")
        .doesNotContain("StreamReadConstraints");
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth - 1) + "[1]" + "}".repeat(depth - 1);
  }

  @Test
  void aBodyNestedDeeperThanOneHundredLevelsIsRefusedWith400InEitherProtocol() {
    refusedEitherWay(nested(101), 400, "SKY-7103");
    refusedEitherWay(nested(5000), 400, "SKY-7103");
  }

  @Test
  void aBodyNestedOneHundredLevelsIsReadAndJudgedOnItsContent() {
    // At the limit the parser reads on: the forecast refuses the body for what it lacks.
    Answer answer = send(FORECAST, guardian, "application/json", nested(100), false);
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.json().path("code").asText()).isNotEqualTo("SKY-7103");
  }

  @Test
  void aStringLongerThanTheLimitIsRefusedWith400InEitherProtocol() {
    refusedEitherWay("{\"birthDate\":\"" + "a".repeat(131_073) + "\"}", 400, "SKY-7103");
    refusedEitherWay("{\"" + "k".repeat(131_073) + "\":1}", 400, "SKY-7103");
  }

  @Test
  void aNumberWithMoreDigitsThanTheLimitIsRefusedWithoutTheParsersWords() {
    refusedEitherWay("{\"x\":" + "9".repeat(65) + "}", 400, "SKY-7103");
    refusedEitherWay("{\"x\":1." + "9".repeat(65) + "}", 400, "SKY-7103");
  }

  @Test
  void aBodyLargerThanTheBufferLimitIsRefusedWith413WithOrWithoutALength() {
    String huge =
        "{\"birthDate\":\"" + "a".repeat(200_000) + "\",\"p\":[" + "1,".repeat(500_000) + "1]}";
    refusedEitherWay(huge, 413, "SKY-0006");
  }

  @Test
  void malformedJsonIsRefusedAsSuchWithoutTheParsersWords() {
    for (boolean chunked : new boolean[] {false, true}) {
      problem(
          send(FORECAST, guardian, "application/json", "{\"birthDate\": \"2020-01-01\",", chunked),
          400,
          "SKY-7104");
    }
  }

  @Test
  void aValidBodyInChunksIsReadAsWithALength() {
    String body = "{\"birthDate\":\"2025-01-10\",\"asOf\":\"2025-03-10\",\"history\":[]}";
    Answer plain = send(FORECAST, guardian, "application/json", body, false);
    Answer chunked = send(FORECAST, guardian, "application/json", body, true);
    assertThat(plain.status()).as(plain.body()).isEqualTo(200);
    assertThat(chunked.status()).as(chunked.body()).isEqualTo(200);
    assertThat(chunked.json()).isEqualTo(plain.json());
  }

  private static final String FORECAST_BODY =
      "{\"birthDate\":\"2025-01-10\",\"asOf\":\"2025-03-10\",\"history\":[]}";

  @Test
  void aBodyWithMoreAfterItsJsonValueIsRefusedAsMalformedWithOrWithoutALength() {
    for (String trailer : new String[] {" xyz", "{\"b\":2}", "}}", "\n[]", " 1", "\"x\""}) {
      for (boolean chunked : new boolean[] {false, true}) {
        Answer answer =
            send(FORECAST, guardian, "application/json", FORECAST_BODY + trailer, chunked);
        problem(answer, 400, "SKY-7104");
        assertThat(answer.json().path("detail").asText()).contains("after the end");
        // HAPI reads one resource and refuses what follows it.
        Answer fhir = send("/fhir", clinic, "application/fhir+json", "{}" + trailer, chunked);
        assertThat(fhir.status()).as(fhir.body()).isEqualTo(400);
        assertThat(fhir.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
      }
    }
  }

  @Test
  void whitespaceAfterTheBodysJsonValueIsStillAccepted() {
    for (boolean chunked : new boolean[] {false, true}) {
      Answer answer =
          send(FORECAST, guardian, "application/json", FORECAST_BODY + " \r\n\t\n", chunked);
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
  }

  @Test
  void aLoneSurrogateInAnyTextIsRefusedAsNotUnicodeInEitherProtocol() {
    String inValue =
        "{\"birthDate\":\"2025-01-10\",\"asOf\":\"2025-03-10\",\"history\":[],"
            + "\"note\":\"a\\ud842b\"}";
    refusedEitherWay(inValue, 400, "SKY-7106");
    // In a member name the parser itself refuses it, as malformed.
    for (boolean chunked : new boolean[] {false, true}) {
      String name = "{\"resourceType\":\"Bundle\",\"\\udfb7\":1}";
      problem(send(FORECAST, guardian, "application/json", name, chunked), 400, "SKY-7104");
      Answer fhir = send("/fhir", clinic, "application/fhir+json", name, chunked);
      assertThat(fhir.status()).as(fhir.body()).isEqualTo(400);
      assertThat(fhir.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    }
    refusedEitherWay("{\"resourceType\":\"Bundle\",\"id\":\"x\\ud800\"}", 400, "SKY-7106");
  }

  @Test
  void anEscapedSurrogatePairIsReadAsTheCharacterItEncodes() {
    String body =
        "{\"birthDate\":\"2025-01-10\",\"asOf\":\"2025-03-10\",\"history\":[],"
            + "\"note\":\"\\ud842\\udfb7\"}";
    for (boolean chunked : new boolean[] {false, true}) {
      Answer answer = send(FORECAST, guardian, "application/json", body, chunked);
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
  }

  @Test
  void fhirXmlIsNotReadButRefusedAsAnUnsupportedMediaType() {
    outcomeOf(
        Http.send(
            "POST",
            "/fhir",
            clinic,
            "application/fhir+xml",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Bundle xmlns=\"http://hl7.org/fhir\">&e;</Bundle>"),
        415,
        "SKY-0005");
  }

  private static void outcomeOf(Http.Response response, int status, String code) {
    outcome(new Answer(response.status(), response.contentType(), response.body()), status, code);
  }
}
