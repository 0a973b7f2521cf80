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
  void aBodyNestedDeeperThanTheParsersLimitIsRefusedWith400InEitherProtocol() {
    problem(rest(nested(1001)), 400, "SKY-7103");
    outcome(Http.postFhir(clinic, nested(1001)), 400, "SKY-2001");
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
