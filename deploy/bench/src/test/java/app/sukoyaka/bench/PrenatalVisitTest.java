package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PrenatalVisitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PrenatalVisit.Visit VISIT =
      new PrenatalVisit.Visit(
          "bench-0001", "2026-000123", LocalDate.of(1993, 6, 15), LocalDate.of(2026, 11, 14));

  @Test
  void theBundleIsValidJsonWithAPatientAnEncounterAndTenObservations() throws Exception {
    JsonNode bundle = JSON.readTree(PrenatalVisit.bundle(VISIT));

    assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
    assertThat(bundle.path("type").asText()).isEqualTo("transaction");
    assertThat(bundle.path("entry")).hasSize(12).hasSize(PrenatalVisit.RESOURCES);
    List<String> types = new ArrayList<>();
    bundle.path("entry").forEach(e -> types.add(e.path("resource").path("resourceType").asText()));
    assertThat(types.subList(0, 2)).containsExactly("Patient", "Encounter");
    assertThat(types.subList(2, 12)).containsOnly("Observation");
  }

  @Test
  void theVisitDetailsLandWhereTheServiceMatchesThePregnancy() throws Exception {
    JsonNode bundle = JSON.readTree(PrenatalVisit.bundle(VISIT));

    assertThat(bundle.at("/identifier/system").asText()).isEqualTo(PrenatalVisit.SUBMISSION_SYSTEM);
    assertThat(bundle.at("/identifier/value").asText()).isEqualTo("bench-0001");
    JsonNode patient = bundle.at("/entry/0");
    assertThat(patient.at("/resource/identifier/0/system").asText())
        .isEqualTo("https://sukoyaka.app/fhir/sid/boshi-techo/131059");
    assertThat(patient.at("/resource/identifier/0/value").asText()).isEqualTo("2026-000123");
    assertThat(patient.at("/resource/birthDate").asText()).isEqualTo("1993-06-15");
    assertThat(patient.at("/request/ifNoneExist").asText())
        .isEqualTo("identifier=https://sukoyaka.app/fhir/sid/boshi-techo/131059|2026-000123");
    assertThat(bundle.at("/entry/1/resource/period/start").asText())
        .isEqualTo("2026-11-14T10:00:00+09:00");
    assertThat(bundle.at("/entry/2/resource/valueQuantity/value").decimalValue())
        .isEqualByComparingTo("140");
  }

  @Test
  void everyEntryHasItsOwnFullUrlAndEveryReferencePointsIntoTheBundle() throws Exception {
    JsonNode bundle = JSON.readTree(PrenatalVisit.bundle(VISIT));

    Set<String> fullUrls = new HashSet<>();
    bundle.path("entry").forEach(e -> fullUrls.add(e.path("fullUrl").asText()));
    assertThat(fullUrls).hasSize(12).allMatch(url -> url.startsWith("urn:uuid:"));
    String patient = bundle.at("/entry/0/fullUrl").asText();
    String encounter = bundle.at("/entry/1/fullUrl").asText();
    for (int i = 2; i < 12; i++) {
      JsonNode observation = bundle.at("/entry/" + i + "/resource");
      assertThat(observation.at("/subject/reference").asText()).isEqualTo(patient);
      assertThat(observation.at("/encounter/reference").asText()).isEqualTo(encounter);
    }
  }

  @Test
  void twoBundlesOfOneVisitShareNoFullUrl() throws Exception {
    Set<String> first = fullUrls(PrenatalVisit.bundle(VISIT));
    Set<String> second = fullUrls(PrenatalVisit.bundle(VISIT));

    assertThat(first).doesNotContainAnyElementsOf(second);
  }

  @Test
  void theTransactionResponseHasOneEntryPerSubmittedResource() throws Exception {
    UUID person = UUID.randomUUID();
    JsonNode response =
        JSON.readTree(
            PrenatalVisit.transactionResponse(
                UUID.randomUUID(), person, Instant.parse("2026-11-14T01:00:00Z")));

    assertThat(response.path("type").asText()).isEqualTo("transaction-response");
    assertThat(response.path("entry")).hasSize(PrenatalVisit.RESOURCES);
    assertThat(response.at("/entry/0/response/location").asText()).isEqualTo("Patient/" + person);
    assertThat(response.at("/entry/1/response/etag").asText()).isEqualTo("W/\"1\"");
    assertThat(response.at("/meta/lastUpdated").asText()).isEqualTo("2026-11-14T01:00:00.000Z");
  }

  @Test
  void aValueThatWouldBreakTheJsonIsRefused() {
    PrenatalVisit.Visit hostile =
        new PrenatalVisit.Visit(
            "x\",\"type\":\"batch", "2026-000123", LocalDate.of(1993, 6, 15), LocalDate.now());

    assertThatThrownBy(() -> PrenatalVisit.bundle(hostile))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTemplateNeedsAValueForEveryPlaceholder() {
    JsonTemplate template =
        JsonTemplate.of(JSON.createObjectNode().put("id", JsonTemplate.slot("id")));

    assertThat(template.render(Map.of("id", "abc"))).isEqualTo("{\"id\":\"abc\"}");
    assertThatThrownBy(() -> template.render(Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Set<String> fullUrls(String bundle) throws Exception {
    Set<String> urls = new HashSet<>();
    JSON.readTree(bundle).path("entry").forEach(e -> urls.add(e.path("fullUrl").asText()));
    return urls;
  }
}
