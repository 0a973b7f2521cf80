package app.sukoyaka.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.apispec.OpenApiContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sync's entry kinds as the app reads them agree with the OpenAPI the service is held to. */
class SyncEntryKindsTest {

  private static JsonNode read(String resource, ObjectMapper mapper) throws IOException {
    try (InputStream in = SyncEntryKindsTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return mapper.readTree(in);
    }
  }

  private static JsonNode kinds() throws IOException {
    return read("app/sukoyaka/mobile/sync/entry-kinds.json", new ObjectMapper()).path("kinds");
  }

  private static JsonNode openApi() throws IOException {
    return read(OpenApiContract.RESOURCE, new YAMLMapper());
  }

  @Test
  void everyKindNamesARouteAndASchemaOfTheOpenApi() throws IOException {
    JsonNode schemas = openApi().path("components").path("schemas");
    var operations = OpenApiContract.load().operationIds();

    assertThat(kinds()).isNotEmpty();
    for (JsonNode kind : kinds()) {
      assertThat(operations).as(kind.toString()).contains(kind.path("operationId").asText());
      assertThat(schemas.has(kind.path("schema").asText())).as(kind.toString()).isTrue();
      assertThat(kind.path("tombstone").asText()).as(kind.toString()).isNotBlank();
    }
  }

  @Test
  void theKindsAreExactlyThoseTheSyncEntrySchemaAllowsEachWithItsSchema() throws IOException {
    JsonNode entry = openApi().path("components").path("schemas").path("SyncEntry");
    List<String> allowed = new ArrayList<>();
    entry.path("properties").path("kind").path("enum").forEach(k -> allowed.add(k.asText()));
    List<String> listed = new ArrayList<>();
    kinds().forEach(k -> listed.add(k.path("kind").asText()));

    assertThat(listed).containsExactlyInAnyOrderElementsOf(allowed);
    for (JsonNode kind : kinds()) {
      boolean tied = false;
      for (JsonNode rule : entry.path("allOf")) {
        JsonNode when = rule.path("if").path("properties").path("kind").path("const");
        if (when.asText().equals(kind.path("kind").asText())) {
          tied =
              rule.path("then")
                  .path("properties")
                  .path("data")
                  .path("$ref")
                  .asText()
                  .equals("#/components/schemas/" + kind.path("schema").asText());
        }
      }
      assertThat(tied)
          .as("SyncEntry ties %s to %s", kind.path("kind"), kind.path("schema"))
          .isTrue();
    }
  }
}
