package app.sukoyaka.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bodies beyond the limits of size, nesting and string length are refused in the request's
 * protocol, with a stable code, before anything parses them.
 */
class RequestLimitsIT {
  private static final String PROBE = "X-Sukoyaka-Test-Probe";
  private static String guardian;
  private static String clinic;

  @BeforeAll
  static void tokens() {
    Personas.Municipality municipality = Personas.municipality();
    guardian = Tokens.guardian(Personas.motherAt20Weeks(municipality));
    clinic = Tokens.clinic(Personas.clinicServing(municipality));
  }

  private static Http.Response rest(String body) {
    // The bodies break the contract on purpose: not held to the OpenAPI.
    return Http.send(
        "POST", "/api/v1/immunizations/forecast", guardian, "application/json", body, PROBE, "1");
  }

  private static void problem(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("code").asText()).isEqualTo(code);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static void outcome(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/fhir+json");
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.body()).contains(code).doesNotContain("Exception");
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth - 1) + "[1]" + "}".repeat(depth - 1);
  }

  @Test
  void aBodyNestedDeeperThanTheLimitIsRefusedWith400InEitherProtocol() {
    problem(rest(nested(65)), 400, "SKY-7101");
    problem(rest("[".repeat(200_000)), 400, "SKY-7101");
    outcome(Http.postFhir(clinic, nested(65)), 400, "SKY-7101");
    outcome(
        Http.send("POST", "/fhir/$immds-forecast", guardian, "application/fhir+json", nested(500)),
        400,
        "SKY-7101");
  }

  @Test
  void aBodyWithinTheNestingLimitReachesTheController() {
    // Refused for what it says, not for its shape.
    problem(rest("{\"x\":" + nested(60) + "}"), 400, "SKY-3003");
  }

  @Test
  void aStringLongerThanTheLimitIsRefusedWith413() {
    String longName = "\"" + "ア".repeat(262_145) + "\"";
    problem(rest("{\"birthDate\":" + longName + "}"), 413, "SKY-7102");
    outcome(
        Http.postFhir(clinic, "{\"resourceType\":\"Bundle\",\"id\":" + longName + "}"),
        413,
        "SKY-7102");
  }

  @Test
  void aBodyLargerThanTheBufferLimitIsRefusedWith413BeforeItIsRead() {
    String huge =
        "{\"birthDate\":\"" + "a".repeat(200_000) + "\",\"p\":[" + "1,".repeat(500_000) + "1]}";
    problem(rest(huge), 413, "SKY-0006");
    outcome(Http.postFhir(clinic, huge), 413, "SKY-0006");
  }

  @Test
  void aNumberLongerThanTheParserAcceptsIsRefusedWithoutTheParsersWords() {
    Http.Response response = rest("{\"x\":" + "9".repeat(5000) + "}");
    problem(response, 400, "SKY-7103");
    assertThat(response.body()).doesNotContain("StreamReadConstraints");
  }

  @Test
  void malformedJsonIsRefusedAsSuchWithoutTheParsersWords() {
    Http.Response response = rest("{\"birthDate\": \"2020-01-01\",");
    problem(response, 400, "SKY-7104");
    assertThat(response.body()).doesNotContain("Failed to convert");
  }

  @Test
  void fhirXmlIsNotReadButRefusedAsAnUnsupportedMediaType() {
    outcome(
        Http.send(
            "POST",
            "/fhir",
            clinic,
            "application/fhir+xml",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Bundle xmlns=\"http://hl7.org/fhir\">&e;</Bundle>"),
        415,
        "SKY-0005");
  }
}
