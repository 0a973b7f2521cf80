package app.sukoyaka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks on FHIR error responses shared by the integration tests. */
public final class FhirAssertions {
  private FhirAssertions() {}

  /** An OperationOutcome with that status and stable error code, and no stack trace. */
  public static void assertOutcome(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/fhir+json");
    JsonNode outcome = response.json();
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(
            outcome
                .path("issue")
                .get(0)
                .path("details")
                .path("coding")
                .get(0)
                .path("code")
                .asText())
        .isEqualTo(code);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
