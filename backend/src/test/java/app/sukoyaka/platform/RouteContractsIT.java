package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.apispec.CapabilityStatementResource;
import app.sukoyaka.testing.TestService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The published contracts list exactly the routes the service has: every non-FHIR route is in
 * api-spec's OpenAPI and every documented operation exists; every FHIR route is an interaction or
 * operation of the CapabilityStatement and every one it lists exists. A new endpoint fails here
 * until it is documented.
 */
class RouteContractsIT {
  /** Routes of Micronaut's management endpoints that are not part of the API. */
  private static final Set<String> MANAGEMENT = Set.of("GET /health/{selector}");

  private static Set<String> routes() {
    Set<String> routes = new TreeSet<>();
    TestService.bean(Router.class)
        .uriRoutes()
        .forEach(
            route -> {
              // Micronaut answers HEAD wherever it answers GET; that is HTTP, not API.
              if (!route.getHttpMethodName().equals("HEAD")) {
                routes.add(
                    route.getHttpMethodName() + " " + route.getUriMatchTemplate().toPathString());
              }
            });
    return routes;
  }

  @Test
  void everyNonFhirRouteIsInTheOpenApiAndEveryOperationInItExists() throws IOException {
    JsonNode openApi;
    try (InputStream in = getClass().getResourceAsStream("/app/sukoyaka/apispec/openapi.yaml")) {
      openApi = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    Set<String> documented = new TreeSet<>();
    openApi
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    Set<String> served = new TreeSet<>();
    for (String route : routes()) {
      if (!route.contains(" /fhir") && !MANAGEMENT.contains(route)) {
        served.add(route);
      }
    }
    assertThat(served).isEqualTo(documented);
  }

  @Test
  void everyFhirRouteIsInTheCapabilityStatementAndEveryInteractionInItExists() throws IOException {
    JsonNode rest =
        new ObjectMapper().readTree(CapabilityStatementResource.load()).path("rest").get(0);
    Set<String> declared = new TreeSet<>();
    declared.add("GET /fhir/metadata");
    rest.path("interaction")
        .forEach(
            interaction -> {
              if (interaction.path("code").asText().equals("transaction")) {
                declared.add("POST /fhir");
              }
            });
    rest.path("operation")
        .forEach(
            operation -> {
              if (operation.path("name").asText().equals("immds-forecast")) {
                // The IG's system-level operation, also served on Immunization.
                declared.add("POST /fhir/$immds-forecast");
                declared.add("POST /fhir/Immunization/$immds-forecast");
              }
              if (operation.path("name").asText().equals("export")) {
                declared.add("GET /fhir/$export");
                declared.add("GET /fhir/$export-status/{id}");
                declared.add("DELETE /fhir/$export-status/{id}");
                declared.add("GET /fhir/$export-file/{id}/{type}");
              }
            });
    for (JsonNode resource : rest.path("resource")) {
      String type = resource.path("type").asText();
      for (JsonNode interaction : resource.path("interaction")) {
        switch (interaction.path("code").asText()) {
          case "read" -> declared.add("GET /fhir/" + type + "/{id}");
          case "search-type" -> declared.add("GET /fhir/" + type);
          case "update" -> declared.add("PUT /fhir/" + type + "/{id}");
          case "delete" -> declared.add("DELETE /fhir/" + type + "/{id}");
          case "create" -> {
            // A create that happens only inside the transaction Bundle has no route of its own;
            // the documentation says so. Any other create is POST [base]/{type}.
            if (!interaction
                .path("documentation")
                .asText()
                .startsWith("Only as an entry of a transaction Bundle")) {
              declared.add("POST /fhir/" + type);
            }
          }
          default -> {
            // no route of its own
          }
        }
      }
      for (JsonNode operation : resource.path("operation")) {
        declared.add("GET /fhir/" + type + "/{id}/$" + operation.path("name").asText());
      }
    }
    Set<String> served = new TreeSet<>();
    for (String route : routes()) {
      if (route.contains(" /fhir")) {
        served.add(route);
      }
    }
    assertThat(served).isEqualTo(declared);
  }
}
