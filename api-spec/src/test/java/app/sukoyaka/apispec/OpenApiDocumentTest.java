package app.sukoyaka.apispec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The OpenAPI document itself: well-formed, self-consistent and following our conventions. */
class OpenApiDocumentTest {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** The one operation whose errors are OAuth 2.0 bodies (RFC 6749 §5.2), not problem+json. */
  private static final String OAUTH_TOKEN_PATH = "/oauth2/token";

  private static final String OAUTH_REVOCATION_PATH = "/oauth2/revoke";
  private static final String OAUTH_AUTHORIZE_PATH = "/oauth2/authorize";

  private final OpenApiContract contract = OpenApiContract.load();
  private final JsonNode document = contract.document();

  @Test
  void theDocumentIsOpenApi310WithRelativeServers() {
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(document.at("/info/title").asText()).isEqualTo("Sukoyaka API");
    assertThat(document.at("/info/description").asText()).contains("/fhir/metadata");
    for (JsonNode server : document.path("servers")) {
      assertThat(server.path("url").asText()).startsWith("/");
    }
  }

  @Test
  void everyRefPointsIntoTheDocument() {
    List<String> broken = new ArrayList<>();
    walk(
        document,
        "",
        (node, pointer) -> {
          JsonNode ref = node.get("$ref");
          if (ref == null || !ref.isTextual()) {
            return;
          }
          String target = ref.asText();
          if (!target.startsWith("#/")
              || document.at(UrlEncoded.decodePathSegment(target.substring(1))).isMissingNode()) {
            broken.add(pointer + " -> " + target);
          }
        });
    assertThat(broken).isEmpty();
  }

  @Test
  void everyComponentIsUsed() {
    Set<String> referenced = new HashSet<>();
    walk(
        document,
        "",
        (node, pointer) -> {
          if (node.path("$ref").isTextual()) {
            referenced.add(node.get("$ref").asText());
          }
        });
    Set<String> unused = new TreeSet<>();
    for (String kind : List.of("schemas", "responses", "parameters", "requestBodies")) {
      document
          .path("components")
          .path(kind)
          .fieldNames()
          .forEachRemaining(
              name -> {
                String ref = "#/components/" + kind + "/" + name;
                if (!referenced.contains(ref)) {
                  unused.add(ref);
                }
              });
    }
    assertThat(unused).isEmpty();
  }

  @Test
  void everyExampleValidatesAgainstItsSchema() {
    Map<String, List<String>> failures = new TreeMap<>();
    int[] checked = {0};
    walk(
        document,
        "",
        (node, pointer) -> {
          // Schema Objects: "examples" is an array of instances.
          if (node.path("examples").isArray() && !node.has("schema")) {
            JsonNode examples = node.get("examples");
            for (int i = 0; i < examples.size(); i++) {
              checked[0]++;
              record(
                  failures,
                  pointer + "/examples/" + i,
                  contract.validate(pointer, examples.get(i)));
            }
          }
          // Media Type and Parameter Objects: "example", or "examples" as named Example Objects.
          if (node.has("schema")) {
            String schema = pointer + "/schema";
            if (node.has("example")) {
              checked[0]++;
              record(
                  failures, pointer + "/example", contract.validate(schema, node.get("example")));
            }
            node.path("examples")
                .properties()
                .forEach(
                    e -> {
                      checked[0]++;
                      record(
                          failures,
                          pointer + "/examples/" + e.getKey(),
                          contract.validate(schema, e.getValue().path("value")));
                    });
          }
        });
    assertThat(failures).isEmpty();
    assertThat(checked[0]).as("examples found").isGreaterThanOrEqualTo(20);
  }

  @Test
  void everyOperationHasAUniqueOperationIdTagsSummaryAndSecurity() {
    Set<String> ids = new HashSet<>();
    forEachOperation(
        (path, method, operation) -> {
          String where = method.toUpperCase() + " " + path;
          assertThat(operation.path("operationId").asText()).as(where).isNotBlank();
          assertThat(ids.add(operation.get("operationId").asText())).as(where + " unique").isTrue();
          assertThat(operation.path("tags")).as(where + " tags").isNotEmpty();
          assertThat(operation.path("summary").asText()).as(where + " summary").isNotBlank();
          // Explicit on every operation, so that a public endpoint is always a decision.
          assertThat(operation.has("security")).as(where + " security").isTrue();
        });
    assertThat(contract.operationIds())
        .contains(
            "getMyHandbooks",
            "getPregnancyHandbook",
            "requestToken",
            "getJwks",
            "issueDemoToken",
            "getDemoIdentities",
            "getHealth");
  }

  @Test
  void everyClientAndServerErrorIsProblemJsonExceptOAuthTokenErrors() {
    List<String> offenders = new ArrayList<>();
    forEachOperation(
        (path, method, operation) ->
            operation
                .path("responses")
                .properties()
                .forEach(
                    e -> {
                      String status = e.getKey();
                      if (!(status.startsWith("4") || status.startsWith("5"))) {
                        return;
                      }
                      // Micronaut's health endpoint answers 503 with its usual health body:
                      // a state report, not an error report.
                      if (path.equals("/health") && status.equals("503")) {
                        return;
                      }
                      JsonNode content = resolve(e.getValue()).path("content");
                      List<String> types = new ArrayList<>();
                      content.fieldNames().forEachRemaining(types::add);
                      // RFC 6749 and RFC 7009 define the errors of the token and revocation
                      // endpoints.
                      boolean oauth =
                          path.equals(OAUTH_TOKEN_PATH) || path.equals(OAUTH_REVOCATION_PATH);
                      String expectedType = oauth ? "application/json" : "application/problem+json";
                      String expectedSchema =
                          oauth
                              ? "#/components/schemas/OAuthError"
                              : "#/components/schemas/Problem";
                      String schemaRef =
                          content.path(expectedType).path("schema").path("$ref").asText();
                      // The dashboard's browser pages also answer a browser with an HTML page.
                      List<String> allowed =
                          path.startsWith("/dashboard")
                              ? List.of(expectedType, "text/html")
                              : List.of(expectedType);
                      // The pages where a guardian authorises an app answer a browser only, and
                      // never send an error to an app's unverified redirect URI.
                      if (path.startsWith(OAUTH_AUTHORIZE_PATH)) {
                        if (!types.equals(List.of("text/html"))) {
                          offenders.add(
                              method.toUpperCase() + " " + path + " " + status + " " + types);
                        }
                        return;
                      }
                      if (!types.equals(allowed) || !schemaRef.equals(expectedSchema)) {
                        offenders.add(
                            method.toUpperCase() + " " + path + " " + status + " " + types);
                      }
                    }));
    assertThat(offenders).isEmpty();
  }

  private interface OperationVisitor {
    void visit(String path, String method, JsonNode operation);
  }

  private void forEachOperation(OperationVisitor visitor) {
    document
        .path("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .properties()
                    .forEach(
                        m -> {
                          if (METHODS.contains(m.getKey())) {
                            visitor.visit(p.getKey(), m.getKey(), m.getValue());
                          }
                        }));
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.path("$ref").isTextual()) {
      current = document.at(current.get("$ref").asText().substring(1));
    }
    return current;
  }

  private static void record(
      Map<String, List<String>> failures, String where, List<String> errors) {
    if (!errors.isEmpty()) {
      failures.put(where, errors);
    }
  }

  /** Visits every object node with its JSON Pointer, not descending into example values. */
  private static void walk(JsonNode node, String pointer, BiConsumer<JsonNode, String> visitor) {
    if (node.isObject()) {
      visitor.accept(node, pointer);
      node.properties()
          .forEach(
              e -> {
                if (!e.getKey().equals("example") && !e.getKey().equals("examples")) {
                  walk(e.getValue(), pointer + "/" + OpenApiContract.escape(e.getKey()), visitor);
                }
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, visitor);
      }
    }
  }
}
