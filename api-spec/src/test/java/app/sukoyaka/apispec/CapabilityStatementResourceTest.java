package app.sukoyaka.apispec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityStatementResourceTest {

  private static final String PROFILES = "https://sukoyaka.app/fhir/StructureDefinition/";

  private final JsonNode statement = parse(CapabilityStatementResource.load());

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError("capability-statement.json is not JSON", e);
    }
  }

  @Test
  void itIsAnActiveR4InstanceStatementServingJson() {
    assertThat(statement.path("resourceType").asText()).isEqualTo("CapabilityStatement");
    assertThat(statement.path("status").asText()).isEqualTo("active");
    assertThat(statement.path("kind").asText()).isEqualTo("instance");
    assertThat(statement.path("fhirVersion").asText()).isEqualTo("4.0.1");
    assertThat(statement.at("/software/name").asText()).isEqualTo("Sukoyaka");
    assertThat(statement.at("/software/version").asText()).isEqualTo("0.2.0");
    assertThat(texts(statement.path("format"))).containsExactly("json", "application/fhir+json");
  }

  @Test
  void itNamesTheEightProfilesPinnedToTheirVersion() {
    List<String> profiles = new ArrayList<>();
    for (JsonNode resource : statement.at("/rest/0/resource")) {
      profiles.addAll(texts(resource.path("supportedProfile")));
    }
    assertThat(profiles)
        .containsExactlyInAnyOrder(
            PROFILES + "sukoyaka-pregnant-person|0.2.0",
            PROFILES + "sukoyaka-child|0.2.0",
            PROFILES + "sukoyaka-checkup-encounter|0.2.0",
            PROFILES + "sukoyaka-epds-response|0.2.0",
            PROFILES + "sukoyaka-checkup-observation|0.2.0",
            PROFILES + "sukoyaka-clinic-submission|0.2.0",
            PROFILES + "sukoyaka-immunization|0.2.0",
            PROFILES + "sukoyaka-vaccination-submission|0.2.0");
  }

  @Test
  void itOffersTransactionIngestAndReadAndSearchOfTheHandbookRecordsOnly() {
    JsonNode rest = statement.at("/rest/0");
    assertThat(rest.path("mode").asText()).isEqualTo("server");
    assertThat(rest.path("interaction")).hasSize(1);
    assertThat(rest.at("/interaction/0/code").asText()).isEqualTo("transaction");
    assertThat(rest.at("/interaction/0/documentation").asText()).contains("Bundle.identifier");
    java.util.Map<String, List<String>> interactions = new java.util.TreeMap<>();
    java.util.Map<String, List<String>> parameters = new java.util.TreeMap<>();
    for (JsonNode resource : rest.path("resource")) {
      List<String> codes = new ArrayList<>();
      resource.path("interaction").forEach(i -> codes.add(i.path("code").asText()));
      interactions.put(resource.path("type").asText(), codes);
      List<String> names = new ArrayList<>();
      resource.path("searchParam").forEach(p -> names.add(p.path("name").asText()));
      parameters.put(resource.path("type").asText(), names);
    }
    assertThat(interactions)
        .containsEntry("Patient", List.of("read"))
        .containsEntry("Encounter", List.of("read", "search-type", "create"))
        .containsEntry("Observation", List.of("read", "search-type", "create", "update", "delete"))
        .containsEntry("QuestionnaireResponse", List.of("read", "search-type", "create"))
        .containsEntry("Immunization", List.of("read", "search-type", "create", "delete"))
        .containsEntry("Bundle", List.of());
    assertThat(parameters.get("Observation"))
        .containsExactly("patient", "code", "date", "_lastUpdated");
    assertThat(parameters.get("Encounter")).containsExactly("patient", "date", "_lastUpdated");
    assertThat(parameters.get("QuestionnaireResponse"))
        .containsExactly("patient", "date", "_lastUpdated");
    assertThat(parameters.get("Immunization")).containsExactly("patient", "date", "_lastUpdated");
    assertThat(statement.at("/rest/0/resource").findValuesAsText("definition"))
        .containsExactly(
            "http://hl7.org/fhir/us/immds/OperationDefinition/ImmDSForecastOperation",
            "http://hl7.org/fhir/OperationDefinition/Patient-everything",
            "http://hl7.org/fhir/uv/ips/OperationDefinition/summary");
    assertThat(statement.at("/rest/0/operation/0/definition").asText())
        .isEqualTo("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export");
    assertThat(statement.at("/rest/0/operation/1/definition").asText())
        .isEqualTo("http://hl7.org/fhir/us/immds/OperationDefinition/ImmDSForecastOperation");
  }

  @Test
  void smartDiscoveryAndTheTokenEndpointAreLeftForTheBackendToMakeAbsolute() {
    JsonNode security = statement.at("/rest/0/security");
    assertThat(security.at("/service/0/coding/0/code").asText()).isEqualTo("SMART-on-FHIR");
    // SMART 2 discovery lives at .well-known/smart-configuration; the R4 oauth-uris extension
    // would also demand an authorize URL, which backend services do not have.
    assertThat(security.has("extension")).isFalse();
    assertThat(security.path("description").asText())
        .contains(
            CapabilityStatementResource.BASE_URL_PLACEHOLDER + "/.well-known/smart-configuration")
        .contains(CapabilityStatementResource.BASE_URL_PLACEHOLDER + "/oauth2/token");
  }

  @Test
  void theRuntimeFieldsAreAbsent() {
    // The backend sets these when serving; a fixed value here would be wrong in every deployment.
    assertThat(statement.has("date")).isFalse();
    assertThat(statement.at("/implementation/url").isMissingNode()).isTrue();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
