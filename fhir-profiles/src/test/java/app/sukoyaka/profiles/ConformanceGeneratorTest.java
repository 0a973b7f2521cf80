package app.sukoyaka.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed conformance resources are what the catalog generates, and the hand-written ones
 * agree with the catalog.
 */
class ConformanceGeneratorTest {

  private static final String REGENERATE = "sukoyaka.regenerate";
  private static final Path CONFORMANCE =
      ConformanceGenerator.DEFAULT_ROOT.resolve(ConformanceGenerator.CONFORMANCE);

  private final CheckupItemCatalog catalog = CheckupItemCatalog.load();

  @Test
  void committedConformanceResourcesMatchTheCatalog() {
    ConformanceGenerator generator = new ConformanceGenerator(ConformanceGenerator.DEFAULT_ROOT);
    if (Boolean.getBoolean(REGENERATE)) {
      generator.write();
    }
    assertThat(generator.outdatedFiles())
        .as(
            "Conformance resources out of date with catalog/checkup-items.json. Regenerate with:"
                + " ./mvnw -q -pl fhir-profiles test -Dtest=ConformanceGeneratorTest -D"
                + REGENERATE
                + "=true")
        .isEmpty();
  }

  @Test
  void everyCatalogItemHasAnInvariantKeyedByItsCode() {
    JsonNode profile =
        ConformanceGenerator.read(
            ConformanceGenerator.DEFAULT_ROOT.resolve(ConformanceGenerator.OBSERVATION_PROFILE));
    List<String> keys = new ArrayList<>();
    profile
        .path("differential")
        .path("element")
        .forEach(
            element -> element.path("constraint").forEach(c -> keys.add(c.path("key").asText())));

    assertThat(keys)
        .containsAll(catalog.items().stream().map(item -> "sky-" + item.code()).toList())
        .doesNotHaveDuplicates();
  }

  @Test
  void everyAnswerOfTheCatalogIsAConceptOfItsCodeSystemWithTheSameLabel() {
    for (CatalogItem item : catalog.items()) {
      for (AnswerCode answer : item.answers()) {
        JsonNode concept = concept(answer.system(), answer.code());
        assertThat(concept.path("display").asText())
            .as(answer.toString())
            .isEqualTo(answer.label().ja());
        assertThat(concept.path("designation").get(0).path("value").asText())
            .as(answer.toString())
            .isEqualTo(answer.label().en());
      }
    }
  }

  @Test
  void everyCheckupKindOfTheCatalogIsAConceptOfCheckupKind() {
    catalog.items().stream()
        .flatMap(item -> item.checkups().stream())
        .forEach(kind -> concept(SukoyakaCanonicals.CHECKUP_KIND_SYSTEM, kind));
  }

  @Test
  void theCatalogsCheckupKindsAreExactlyTheConceptsOfCheckupKindWithTheirLabels() {
    List<String> concepts = new java.util.ArrayList<>();
    for (CheckupKind kind : catalog.kinds()) {
      JsonNode concept = concept(SukoyakaCanonicals.CHECKUP_KIND_SYSTEM, kind.code());
      assertThat(concept.path("display").asText()).isEqualTo(kind.label().ja());
      assertThat(concept.path("designation").get(0).path("value").asText())
          .isEqualTo(kind.label().en());
      concepts.add(kind.code());
    }
    JsonNode codeSystem =
        ConformanceGenerator.read(CONFORMANCE.resolve("CodeSystem-checkup-kind.json"));
    List<String> published = new java.util.ArrayList<>();
    codeSystem.path("concept").forEach(concept -> published.add(concept.path("code").asText()));
    assertThat(concepts).containsExactlyElementsOf(published);
  }

  @Test
  void everyPublishedResourceIsADraftOfVersion020BySukoyaka() throws IOException {
    try (Stream<Path> files = Files.list(CONFORMANCE)) {
      List<JsonNode> resources =
          files
              .filter(file -> file.getFileName().toString().matches("[A-Z]\\w+-.+\\.json"))
              .map(ConformanceGenerator::read)
              .toList();
      assertThat(resources).hasSizeGreaterThan(15);
      assertThat(resources)
          .allSatisfy(
              resource -> {
                assertThat(resource.path("status").asText()).isEqualTo("draft");
                assertThat(resource.path("publisher").asText()).isEqualTo("Sukoyaka");
                // R4 NamingSystem has neither url nor version.
                if (!resource.path("resourceType").asText().equals("NamingSystem")) {
                  assertThat(resource.path("url").asText())
                      .isEqualTo(
                          SukoyakaCanonicals.BASE_URL
                              + "/"
                              + resource.path("resourceType").asText()
                              + "/"
                              + resource.path("id").asText());
                  assertThat(resource.path("version").asText())
                      .isEqualTo(SukoyakaCanonicals.VERSION);
                }
                if (resource.path("resourceType").asText().equals("CodeSystem")) {
                  assertThat(resource.path("experimental").asBoolean()).isTrue();
                  assertThat(resource.path("description").asText()).startsWith("Provisional");
                }
              });
    }
  }

  private static JsonNode concept(String system, String code) {
    String id = system.substring(system.lastIndexOf('/') + 1);
    JsonNode codeSystem =
        ConformanceGenerator.read(CONFORMANCE.resolve("CodeSystem-" + id + ".json"));
    assertThat(codeSystem.path("url").asText()).isEqualTo(system);
    for (JsonNode concept : codeSystem.path("concept")) {
      if (concept.path("code").asText().equals(code)) {
        return concept;
      }
    }
    throw new AssertionError(system + "|" + code + " is not a concept of " + id);
  }
}
