package app.sukoyaka.phr;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** やりとり履歴 over HTTP: who, what, when and why, of the family's own data only. */
class AccessHistoryIT {
  private final Personas.Municipality town = Personas.municipality();
  private final Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
  private final String mother = Tokens.guardian(family.mother());
  private final Personas.Clinic clinic = Personas.vaccinatingClinicServing(town);

  private void clinicSubmitsADose() {
    Http.Response submitted =
        Http.postFhir(
            Tokens.clinic(clinic),
            VaccinationBundle.forChild(family, clinic)
                .dose("HEPB", family.childBirthDate().plusMonths(2), "1", true)
                .json());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
  }

  private static List<JsonNode> entries(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> entries = new ArrayList<>();
    response.json().path("entries").forEach(entries::add);
    return entries;
  }

  @Test
  void aGuardianOfAnotherFamilyWhoWasRefusedIsNotNamedToTheMother() {
    Personas.FamilyWithInfant stranger = Personas.familyWithInfant(family.mother().municipality());
    Db.update(
        "UPDATE person SET family_name = '他家', given_name = '知らない人' WHERE id = ?",
        stranger.mother().personId());
    assertThat(
            Http.get(
                    "/api/v1/children/" + family.childId() + "/handbook",
                    Tokens.guardian(stranger.mother()))
                .status())
        .isEqualTo(403);

    Http.Response history = Http.get("/api/v1/me/access-history", mother);

    assertThat(history.body()).doesNotContain("知らない人", "他家");
    assertThat(entries(history))
        .anySatisfy(
            e -> {
              assertThat(e.path("who").path("kind").asText()).isEqualTo("other-guardian");
              assertThat(e.path("outcome").asText()).isNotEqualTo("allowed");
              assertThat(e.path("who").path("name").asText())
                  .isEqualTo("ほかの保護者 / another guardian");
            });
  }

  @Test
  void theMotherSeesTheClinicTheFatherTheMunicipalityAndHerselfInHerWords() {
    clinicSubmitsADose();
    Personas.Guardian father = Personas.fatherOf(family);
    String handbook = "/api/v1/children/" + family.childId() + "/handbook";
    assertThat(Http.get(handbook, Tokens.user("guardian", father.loginSubject())).status())
        .isEqualTo(200);
    assertThat(
            Http.get(
                    "/api/v1/children/" + family.childId() + "/immunizations",
                    Tokens.staff(Personas.staffOf(town)))
                .status())
        .isEqualTo(200);
    assertThat(Http.get(handbook, mother).status()).isEqualTo(200);

    List<JsonNode> entries = entries(Http.get("/api/v1/me/access-history", mother));

    List<String> who = entries.stream().map(e -> e.path("who").path("kind").asText()).toList();
    assertThat(who).containsSubsequence("you", "municipality", "other-guardian", "clinic");
    JsonNode clinicRow =
        entries.stream()
            .filter(e -> e.path("who").path("kind").asText().equals("clinic"))
            .findFirst()
            .orElseThrow();
    assertThat(clinicRow.path("who").path("name").asText()).startsWith("テストクリニック");
    assertThat(clinicRow.path("what").path("action").asText()).isEqualTo("submit-immunization");
    assertThat(clinicRow.path("what").path("record").asText()).isEqualTo("vaccination");
    assertThat(clinicRow.path("what").path("subject").path("id").asText())
        .isEqualTo(family.childId().toString());
    assertThat(clinicRow.path("what").path("subject").path("name").asText()).contains("蓮");
    assertThat(clinicRow.path("why").path("purpose").asText()).isEqualTo("clinic-report");
    assertThat(clinicRow.path("why").path("text").path("ja").asText()).isNotBlank();
    JsonNode fatherRow =
        entries.stream()
            .filter(e -> e.path("who").path("kind").asText().equals("other-guardian"))
            .findFirst()
            .orElseThrow();
    assertThat(fatherRow.path("who").path("name").asText()).isEqualTo("鈴木 健太");
    JsonNode staffRow =
        entries.stream()
            .filter(e -> e.path("who").path("kind").asText().equals("municipality"))
            .findFirst()
            .orElseThrow();
    assertThat(staffRow.path("who").path("name").asText()).isEqualTo("テスト市" + town.code());
    // Newest first.
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i - 1).path("at").asText())
          .isGreaterThanOrEqualTo(entries.get(i).path("at").asText());
    }
  }

  @Test
  void filtersByWhoChildAndPeriodAndRefusesAnotherFamilysChild() {
    clinicSubmitsADose();
    Personas.FamilyWithInfant other = Personas.familyWithInfant(town);
    assertThat(
            Http.get(
                    "/api/v1/children/" + other.childId() + "/handbook",
                    Tokens.guardian(other.mother()))
                .status())
        .isEqualTo(200);

    List<JsonNode> clinics = entries(Http.get("/api/v1/me/access-history?who=clinic", mother));
    List<JsonNode> child =
        entries(Http.get("/api/v1/me/access-history?childId=" + family.childId(), mother));
    List<JsonNode> yesterday =
        entries(Http.get("/api/v1/me/access-history?to=" + LocalDate.now().minusDays(2), mother));
    Http.Response othersChild =
        Http.get("/api/v1/me/access-history?childId=" + other.childId(), mother);
    Http.Response badWho = Http.get("/api/v1/me/access-history?who=everyone", mother);

    assertThat(clinics)
        .isNotEmpty()
        .allMatch(e -> e.path("who").path("kind").asText().equals("clinic"));
    assertThat(child)
        .isNotEmpty()
        .allMatch(
            e ->
                e.path("what")
                    .path("subject")
                    .path("id")
                    .asText()
                    .equals(family.childId().toString()));
    assertThat(yesterday).isEmpty();
    assertThat(othersChild.status()).isEqualTo(403);
    assertThat(othersChild.json().path("code").asText()).isEqualTo("SKY-6611");
    assertThat(badWho.status()).isEqualTo(400);
    assertThat(badWho.json().path("code").asText()).isEqualTo("SKY-6610");
    List<JsonNode> all = entries(Http.get("/api/v1/me/access-history?size=200", mother));
    assertThat(all)
        .noneMatch(
            e ->
                e.path("what")
                    .path("subject")
                    .path("id")
                    .asText()
                    .equals(other.childId().toString()));
    assertThat(Http.get("/api/v1/me/access-history", Tokens.staff(Personas.staffOf(town))).status())
        .isEqualTo(403);
  }

  @Test
  void theHistoryDownloadsAsCsvAndJson() {
    clinicSubmitsADose();

    Http.BinaryResponse csv =
        Http.getBytes("/api/v1/me/access-history/export?format=csv&who=clinic", mother);
    Http.Response json = Http.get("/api/v1/me/access-history/export?format=json", mother);

    assertThat(csv.status()).isEqualTo(200);
    String text = new String(csv.body(), 3, csv.body().length - 3, StandardCharsets.UTF_8);
    assertThat(text.split("\r\n")[0]).isEqualTo(String.join(",", AccessHistoryBodies.CSV_COLUMNS));
    assertThat(text).contains("submit-immunization", "テストクリニック", "clinic-report");
    assertThat(json.status()).as(json.body()).isEqualTo(200);
    assertThat(json.json().path("entries").size()).isPositive();
    assertThat(json.json().path("exportedAt").isTextual()).isTrue();
  }

  @Test
  void aFamilyWithThousandsOfRowsReadsAPageThroughTheIndex() throws Exception {
    Db.update(
        "INSERT INTO access_log (occurred_at, actor_role, actor_id, municipality_id,"
            + " subject_type, subject_id, action, purpose, outcome)"
            + " SELECT now() - make_interval(mins => g), 'staff', 'staff-x', ?, 'child', ?,"
            + " 'read-handbook', 'municipal-records', 'allowed' FROM generate_series(1, 5000) g",
        town.id(),
        family.childId());

    long started = System.nanoTime();
    Http.Response page = Http.get("/api/v1/me/access-history?page=3&size=100", mother);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(entries(page)).hasSize(100);
    assertThat(page.json().path("nextPage").asInt()).isEqualTo(4);
    assertThat(millis).isLessThan(2_000);
    try (Connection connection = Db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET enable_seqscan = off");
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs =
          statement.executeQuery(
              "EXPLAIN SELECT id FROM access_log WHERE subject_id = ANY (ARRAY['"
                  + family.childId()
                  + "'::uuid, '"
                  + UUID.randomUUID()
                  + "'::uuid]) ORDER BY occurred_at DESC, id DESC LIMIT 101 OFFSET 300")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      assertThat(plan.toString()).contains("access_log_subject_history");
    }
  }
}
