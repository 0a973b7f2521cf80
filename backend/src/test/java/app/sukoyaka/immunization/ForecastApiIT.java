package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/immunizations/forecast} over HTTP: any authenticated caller, answers held to
 * the OpenAPI by {@link Http}, invalid input refused as problem+json naming the field.
 */
class ForecastApiIT {
  private static final String PATH = "/api/v1/immunizations/forecast";
  private static final String FOUR_MONTH_OLD =
      """
      {"birthDate":"2026-01-15","asOf":"2026-05-20","sex":"female",
       "history":[{"vaccine":"DPT_IPV_HIB","dose":"1","date":"2026-03-14"},
                  {"vaccine":"ROTA","dose":"1","date":"2026-03-14","product":"RV1"}],
       "flags":{"hadVaricella":false}}
      """;
  private static String clinic;

  @BeforeAll
  static void tokens() {
    Personas.Municipality town = Personas.municipality();
    clinic = Tokens.clinic(Personas.clinicServing(town));
  }

  private static JsonNode entry(JsonNode forecast, String vaccine, String dose) {
    for (JsonNode r : forecast.path("recommendations")) {
      if (r.path("vaccine").asText().equals(vaccine) && r.path("dose").asText().equals(dose)) {
        return r;
      }
    }
    throw new AssertionError("no " + vaccine + " " + dose + " in " + forecast);
  }

  @Test
  void aClinicGetsTheDosesGivenAndTheNextDoseOfEachSeries() {
    Http.Response response = Http.postJson(PATH, clinic, FOUR_MONTH_OLD);

    assertThat(response.status()).isEqualTo(200);
    JsonNode forecast = response.json();
    assertThat(forecast.path("asOf").asText()).isEqualTo("2026-05-20");
    assertThat(forecast.path("scheduleVersion").asText()).isNotBlank();
    JsonNode given = entry(forecast, "DPT_IPV_HIB", "1");
    assertThat(given.path("status").asText()).isEqualTo("complete");
    assertThat(given.path("date").asText()).isEqualTo("2026-03-14");
    JsonNode second = entry(forecast, "DPT_IPV_HIB", "2");
    assertThat(second.path("status").asText()).isEqualTo("overdue");
    assertThat(second.path("earliestDate").asText()).isEqualTo("2026-04-04");
    assertThat(second.path("dueDate").asText()).isEqualTo("2026-05-10");
    assertThat(second.path("seriesDoses").asInt()).isEqualTo(4);
    JsonNode rota = entry(forecast, "ROTA", "2");
    assertThat(rota.path("status").asText()).isEqualTo("due");
    assertThat(rota.path("windowEnd").asText()).isEqualTo("2026-07-02");
    assertThat(rota.path("source").path("citations")).isNotEmpty();
    assertThat(entry(forecast, "HPV", "1").path("status").asText()).isEqualTo("not_yet");
  }

  @Test
  void aLongIllnessCertificationReopensTheDosesItNamesUntilTheAgeLimit() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2022-01-15","asOf":"2025-06-01","history":[],
             "longTermIllness":{"endedOn":"2025-06-01","vaccines":["BCG"]}}
            """);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode bcg = entry(response.json(), "BCG", "1");
    assertThat(bcg.path("status").asText()).isEqualTo("due");
    assertThat(bcg.path("earliestDate").asText()).isEqualTo("2025-06-01");
    assertThat(bcg.path("windowEnd").asText()).isEqualTo("2026-01-14");
    assertThat(bcg.path("source").path("rule").asText())
        .isEqualTo("long-term-illness/BCG/ageLimit");
    assertThat(bcg.path("source").path("citations")).isNotEmpty();
    assertThat(entry(response.json(), "HEPB", "1").path("status").asText()).isEqualTo("ineligible");
  }

  @Test
  void aChildWhoBeganOnQuadrivalentAndHibFinishesOnPentavalent() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2025-01-15","asOf":"2025-09-01",
             "history":[{"vaccine":"DPT_IPV","dose":"1","date":"2025-03-14"},
                        {"vaccine":"HIB","dose":"1","date":"2025-03-14"},
                        {"vaccine":"DPT_IPV","dose":"2","date":"2025-04-11"},
                        {"vaccine":"HIB","dose":"2","date":"2025-04-11"}]}
            """);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode forecast = response.json();
    assertThat(entry(forecast, "DPT_IPV", "2").path("status").asText()).isEqualTo("complete");
    JsonNode next = entry(forecast, "DPT_IPV_HIB", "3");
    assertThat(next.path("status").asText()).isEqualTo("overdue");
    assertThat(next.path("seriesDoses").asInt()).isEqualTo(4);
    for (JsonNode r : forecast.path("recommendations")) {
      if (r.path("vaccine").asText().equals("HIB")
          || r.path("vaccine").asText().equals("DPT_IPV")) {
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("complete");
      }
    }
  }

  @Test
  void aCertificationNamingRotaIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2022-01-15","asOf":"2025-06-01","history":[],
             "longTermIllness":{"endedOn":"2025-06-01","vaccines":["BCG","ROTA"]}}
            """);

    assertProblem(response, 422, "SKY-4009", "longTermIllness.vaccines[1]");
  }

  @Test
  void aCertificationEndingAfterAsOfIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2022-01-15","asOf":"2025-06-01","history":[],
             "longTermIllness":{"endedOn":"2025-06-02"}}
            """);

    assertProblem(response, 422, "SKY-4002", "longTermIllness.endedOn");
  }

  @Test
  void aCertificationWithoutItsDayIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2022-01-15","asOf":"2025-06-01","history":[],
             "longTermIllness":{"vaccines":["BCG"]}}
            """);

    assertProblem(response, 400, "SKY-3003", "longTermIllness.endedOn");
  }

  @Test
  void aCertificationWithAMalformedDayIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2022-01-15","asOf":"2025-06-01","history":[],
             "longTermIllness":{"endedOn":"2025-06-31"}}
            """);

    assertProblem(response, 400, "SKY-4001", "longTermIllness.endedOn");
  }

  @Test
  void aGuardianMayAskForAForecastToo() {
    Personas.FamilyWithInfant family = Personas.familyWithInfant(Personas.municipality());

    Http.Response response = Http.postJson(PATH, Tokens.guardian(family.mother()), FOUR_MONTH_OLD);

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void withoutATokenTheForecastIsRefused() {
    Http.Response response = Http.postJson(PATH, null, FOUR_MONTH_OLD);

    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void anAsOfAfterTodayInJapanIsRefusedNamingTheField() {
    LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(2);

    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            "{\"birthDate\":\"2026-01-15\",\"asOf\":\"" + tomorrow + "\",\"history\":[]}");

    assertProblem(response, 422, "SKY-4002", "asOf");
  }

  @Test
  void aDoseAfterAsOfIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2026-01-15","asOf":"2026-05-20",
             "history":[{"vaccine":"BCG","dose":"1","date":"2026-05-21"}]}
            """);

    assertProblem(response, 422, "SKY-4002", "history[0].date");
  }

  @Test
  void aMalformedDateIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2026-01-15","asOf":"2026-05-20",
             "history":[{"vaccine":"BCG","dose":"1","date":"2026-02-30"}]}
            """);

    assertProblem(response, 400, "SKY-4001", "history[0].date");
  }

  @Test
  void anUnknownVaccineIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2026-01-15","asOf":"2026-05-20",
             "history":[{"vaccine":"MMR","dose":"1","date":"2026-03-14"}]}
            """);

    assertProblem(response, 422, "SKY-4004", "history[0].vaccine");
  }

  @Test
  void aDoseOutOfOrderIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2026-01-15","asOf":"2026-05-20",
             "history":[{"vaccine":"DPT_IPV_HIB","dose":"1","date":"2026-03-14"},
                        {"vaccine":"DPT_IPV_HIB","dose":"3","date":"2026-04-14"}]}
            """);

    assertProblem(response, 422, "SKY-4006", "history[1].dose");
  }

  @Test
  void anUnknownFlagIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(
            PATH,
            clinic,
            """
            {"birthDate":"2026-01-15","asOf":"2026-05-20","history":[],"flags":{"hadMumps":true}}
            """);

    assertProblem(response, 422, "SKY-4008", "flags.hadMumps");
  }

  @Test
  void aMissingBirthDateIsRefusedNamingTheField() {
    Http.Response response =
        Http.postJson(PATH, clinic, "{\"asOf\":\"2026-05-20\",\"history\":[]}");

    assertProblem(response, 400, "SKY-3003", "birthDate");
  }

  private static void assertProblem(Http.Response response, int status, String code, String field) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.path("code").asText()).isEqualTo(code);
    assertThat(problem.path("errors").findValuesAsText("field")).contains(field);
  }
}
