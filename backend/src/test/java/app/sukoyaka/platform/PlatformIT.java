package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;

/** Health, the CapabilityStatement, and framework-level errors in each protocol's own format. */
class PlatformIT {

  @Test
  void healthReportsTheDatabase() {
    Http.Response response = Http.get("/health", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("status").asText()).isEqualTo("UP");
    JsonNode database = response.json().path("details").path("database");
    assertThat(database.path("status").asText()).isEqualTo("UP");
    assertThat(database.path("details").path("version").asText()).startsWith("1");
    assertThat(response.body()).doesNotContain("jdbc:").doesNotContain("user=");
  }

  @Test
  void managementEndpointsOtherThanHealthDoNotExistEvenForAnAuthenticatedCaller() {
    String guardian = Tokens.guardian(Personas.motherAt20Weeks(Personas.municipality()));
    for (String path : new String[] {"/beans", "/routes", "/threaddump", "/info", "/flyway"}) {
      Http.Response response = Http.probe("GET", path, guardian);
      assertThat(response.status()).as(path).isEqualTo(404);
    }
  }

  @Test
  void theCapabilityStatementNamesTheProfilesAndTheTokenEndpointOfThisInstance() {
    Http.Response response = Http.send("GET", "/fhir/metadata", null, null, null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/fhir+json");
    CapabilityStatement statement =
        FhirContext.forR4Cached()
            .newJsonParser()
            .parseResource(CapabilityStatement.class, response.body());
    assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
    assertThat(statement.getDate()).isNotNull();
    assertThat(statement.getImplementation().getUrl()).isEqualTo("https://sukoyaka.test/fhir");
    assertThat(response.body())
        .contains("https://sukoyaka.test/oauth2/token")
        .contains("sukoyaka-checkup-observation|0.2.0")
        .doesNotContain("{base}");
  }

  @Test
  void anUnknownFhirPathAnswersWithAnOperationOutcome() {
    Personas.Clinic clinic = Personas.clinicServing(Personas.municipality());
    Http.Response response =
        Http.send("GET", "/fhir/Nothing/here", Tokens.clinic(clinic), null, null);

    assertThat(response.status()).isEqualTo(404);
    JsonNode outcome = response.json();
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  @Test
  void aFhirSubmissionInXmlIsAnUnsupportedMediaType() {
    Personas.Clinic clinic = Personas.clinicServing(Personas.municipality());
    Http.Response response =
        Http.send(
            "POST",
            "/fhir",
            Tokens.clinic(clinic),
            "application/fhir+xml",
            "<Bundle xmlns=\"http://hl7.org/fhir\"/>");

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.body()).contains("SKY-0005");
  }
}
