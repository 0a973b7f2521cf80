package app.sukoyaka.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.platform.demo.DemoSeeder;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With SUKOYAKA_DEMO=true a newcomer finds demo identities and gets tokens for them. */
class DemoIT {

  @Test
  void theDemoListsItsMunicipalityClinicGuardiansStaffPregnanciesAndChildren() {
    JsonNode demo = Http.get("/dev/demo", null).json();

    assertThat(demo.path("municipalities").findValuesAsText("code"))
        .contains(DemoSeeder.MUNICIPALITY_CODE);
    assertThat(demo.path("clinics").findValuesAsText("clientId"))
        .contains(DemoSeeder.CLINIC_CLIENT_ID);
    assertThat(demo.path("guardians").findValuesAsText("subject"))
        .contains(DemoSeeder.PREGNANT_GUARDIAN, DemoSeeder.INFANT_GUARDIAN);
    assertThat(demo.path("staff").findValuesAsText("subject")).contains(DemoSeeder.STAFF);
    JsonNode pregnancy = first(demo.path("pregnancies"), DemoSeeder.PREGNANT_GUARDIAN);
    assertThat(pregnancy.path("handbookNumber").path("value").asText())
        .isEqualTo(DemoSeeder.PREGNANCY_HANDBOOK);
    assertThat(first(demo.path("children"), DemoSeeder.INFANT_GUARDIAN).path("birthDate").asText())
        .isNotBlank();
  }

  @Test
  void demoTokensWorkForEveryRole() {
    JsonNode demo = Http.get("/dev/demo", null).json();
    String pregnancyId =
        first(demo.path("pregnancies"), DemoSeeder.PREGNANT_GUARDIAN).path("id").asText();
    String handbook = "/api/v1/pregnancies/" + pregnancyId + "/handbook";

    assertThat(Http.get(handbook, Tokens.user("guardian", DemoSeeder.PREGNANT_GUARDIAN)).status())
        .isEqualTo(200);
    assertThat(Http.get(handbook, Tokens.user("staff", DemoSeeder.STAFF)).status()).isEqualTo(200);
    // The clinic's token is genuine; it may read only what it submitted, and it submitted
    // nothing for the infant's mother.
    String other = first(demo.path("pregnancies"), DemoSeeder.INFANT_GUARDIAN).path("id").asText();
    assertThat(
            Http.get(
                    "/api/v1/pregnancies/" + other + "/handbook",
                    Tokens.user("clinic", DemoSeeder.CLINIC_CLIENT_ID))
                .status())
        .isEqualTo(403);
  }

  @Test
  void theReadmesExampleSubmissionReachesTheDemoMothersHandbook() throws Exception {
    String example;
    try (var in =
        getClass()
            .getResourceAsStream(
                "/app/sukoyaka/profiles/examples/prenatal-checkup-submission.json")) {
      example = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Http.Response submitted =
        Http.postFhir(Tokens.user("clinic", DemoSeeder.CLINIC_CLIENT_ID), example);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);

    JsonNode demo = Http.get("/dev/demo", null).json();
    String pregnancyId =
        first(demo.path("pregnancies"), DemoSeeder.PREGNANT_GUARDIAN).path("id").asText();
    JsonNode handbook =
        Http.get(
                "/api/v1/pregnancies/" + pregnancyId + "/handbook",
                Tokens.user("guardian", DemoSeeder.PREGNANT_GUARDIAN))
            .json();
    assertThat(handbook.path("checkups")).isNotEmpty();
  }

  @Test
  void anUnknownDemoSubjectOrRoleIsABadRequest() {
    Http.Response subject =
        Http.postJson("/dev/token", null, "{\"role\":\"guardian\",\"subject\":\"nobody\"}");
    Http.Response role =
        Http.postJson("/dev/token", null, "{\"role\":\"admin\",\"subject\":\"nobody\"}");

    assertThat(subject.status()).isEqualTo(400);
    assertThat(subject.json().path("code").asText()).isEqualTo("SKY-1102");
    assertThat(role.status()).isEqualTo(400);
    assertThat(role.json().path("code").asText()).isEqualTo("SKY-1101");
  }

  @Test
  void withoutDemoModeTheDemoEndpointsDoNotExist() {
    EmbeddedServer plain = TestService.start(Map.of("sukoyaka.demo", false));
    try {
      Http.Response token =
          Http.send(
              plain.getURI(),
              "POST",
              "/dev/token",
              null,
              "application/json",
              "{\"role\":\"guardian\",\"subject\":\"" + DemoSeeder.PREGNANT_GUARDIAN + "\"}");
      Http.Response demo = Http.send(plain.getURI(), "GET", "/dev/demo", null, null, null);

      assertThat(token.status()).isEqualTo(404);
      assertThat(demo.status()).isEqualTo(404);
    } finally {
      plain.stop();
    }
  }

  private static JsonNode first(JsonNode list, String guardianSubject) {
    for (JsonNode node : list) {
      if (node.path("guardianSubject").asText().equals(guardianSubject)) {
        return node;
      }
    }
    throw new AssertionError("Nothing for " + guardianSubject + " in " + list);
  }
}
