package app.sukoyaka.phr.myportal;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.DashboardBrowser;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.StoredVaccinations;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Settling a conflict between My Portal's record and ours, over HTTP on PostgreSQL: the guardian in
 * the app or staff over the municipal API take the portal's values (our record corrected, the
 * replaced version kept) or keep ours; who and when are kept, the act is logged, and retrieving
 * again raises no new conflict unless the portal's values change again. Refusals are problems.
 */
class MyPortalSettlementIT {
  private static final HttpClient BROWSER =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private Personas.Municipality town;
  private Personas.MyPortalFamily family;
  private String guardian;
  private String staff;
  private UUID child;
  private UUID differingDose;
  private String linkId;

  /**
   * An infant known to the portal whose clinic sent the B型肝炎 of the second month as the second
   * dose, where the portal says the first: one conflict once the link's first retrieval ran.
   */
  @BeforeEach
  void aLinkWithOneConflictingDose() throws Exception {
    town = Personas.municipality();
    family = Personas.infantKnownToMyPortal(town);
    guardian = Tokens.guardian(family.mother());
    staff = Tokens.staff(Personas.staffOf(town));
    child = family.family().childId();
    LocalDate born = family.family().childBirthDate();
    differingDose =
        StoredVaccinations.clinicDose(
            family.family(),
            Personas.clinicServing(town).facilityId(),
            "HEPB",
            "2",
            born.plusDays(61),
            null,
            Instant.now());
    linkId = link().path("id").asText();
    assertThat(awaitFirstImport().path("lastImport").path("conflicts").asInt()).isEqualTo(1);
  }

  @Test
  void theGuardianTakesThePortalsValuesTheReplacedVersionIsKeptAndRetrievingAgainRaisesNothing() {
    String conflictId = openConflicts().get(0).path("id").asText();

    Http.Response settled = settle(guardian, guardianRoute(conflictId), "portal");

    assertThat(settled.status()).as(settled.body()).isEqualTo(200);
    assertThat(settled.json().path("choice").asText()).isEqualTo("portal");
    assertThat(settled.json().path("settledBy").asText())
        .isEqualTo("guardian:" + family.mother().loginSubject());
    assertThat(settled.json().path("replaced").path("dose").asText()).isEqualTo("2");
    assertThat(Db.text("SELECT dose_label FROM immunization_record WHERE id = ?", differingDose))
        .isEqualTo("1");
    // The replaced version is kept whole in the record's history, and ours on the conflict.
    assertThat(
            Db.text(
                "SELECT record->>'dose_label' FROM immunization_record_history"
                    + " WHERE record_id = ? AND version = 1",
                differingDose))
        .isEqualTo("2");
    assertThat(
            Db.text(
                "SELECT status || '/' || settlement || '/' || settled_by_role || '/'"
                    + " || (replaced->>'dose') FROM my_portal_conflict WHERE id = ?::uuid",
                conflictId))
        .isEqualTo("settled/portal/guardian/2");
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ?"
                    + " AND action = 'settle-my-portal-conflict' AND outcome = 'allowed'",
                child))
        .isEqualTo(1);
    assertThat(openConflicts()).isEmpty();

    Http.Response again = retrieve();
    assertThat(again.json().path("conflicts").asInt()).isZero();
    assertThat(again.json().path("unchanged").asInt()).isEqualTo(10);
    assertThat(openConflicts()).isEmpty();
    assertThat(staffRows()).isEmpty();

    Http.Response twice = settle(guardian, guardianRoute(conflictId), "ours");
    assertProblem(twice, 409, "SKY-6803");
  }

  @Test
  void staffKeepOursAndTheSameDifferenceComesBackOnlyWhenThePortalsValuesChangeAgain() {
    String conflictId = staffRows().get(0).path("id").asText();

    Http.Response kept = settle(staff, staffRoute(town.code(), conflictId), "ours");

    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    assertThat(kept.json().path("settledByRole").asText()).isEqualTo("staff");
    assertThat(
            kept.json().path("replaced").isMissingNode() || kept.json().path("replaced").isNull())
        .isTrue();
    assertThat(Db.text("SELECT dose_label FROM immunization_record WHERE id = ?", differingDose))
        .isEqualTo("2");
    assertThat(staffRows()).isEmpty();
    assertThat(retrieve().json().path("conflicts").asInt()).isZero();
    assertThat(openConflicts()).isEmpty();

    // The municipality corrects the 1か月児 weight at the portal: a new conflict, with a checkup.
    Personas.myPortalSimulator()
        .changeRecord(
            family.cardLogin(), "IC-" + family.cardLogin() + "-1-1", Map.of("体重", "4.46"));
    assertThat(retrieve().json().path("conflicts").asInt()).isEqualTo(1);
    JsonNode weight = openConflicts().get(0);
    assertThat(weight.path("recordType").asText()).isEqualTo("infant-checkup");

    Http.Response taken =
        settle(staff, staffRoute(town.code(), weight.path("id").asText()), "portal");

    assertThat(taken.status()).as(taken.body()).isEqualTo(200);
    assertThat(weightOfOneMonthCheckup()).isEqualTo("4.46");
    assertThat(
            Db.count(
                "SELECT count(*) FROM checkup_finding_history h"
                    + " WHERE h.findings @> '[{\"item\": \"body-weight\", \"quantity\": 4.38}]'"
                    + " AND h.observation_id IN (SELECT f.observation_id FROM checkup_finding f"
                    + "  JOIN checkup_encounter e ON e.id = f.encounter_id"
                    + "  WHERE e.child_id = ? AND f.item_code = 'body-weight')",
                child))
        .isEqualTo(1);
    assertThat(retrieve().json().path("conflicts").asInt()).isZero();
    // The settled conflicts stay as they were settled.
    assertThat(
            Db.count(
                "SELECT count(*) FROM my_portal_conflict WHERE person_id = ?"
                    + " AND status = 'settled'",
                family.mother().personId()))
        .isEqualTo(2);
  }

  @Test
  void staffTakeThePortalsValuesFromTheDashboardsWorkListPage() {
    String conflictId = staffRows().get(0).path("id").asText();
    DashboardBrowser browser = new DashboardBrowser().loginAs(Personas.staffOf(town).subject());
    DashboardBrowser.Page page = browser.get("/dashboard/work-lists/myportal-conflicts");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("マイナポータルの値を採用", "当方の記録を維持");

    DashboardBrowser.Page taken =
        browser.send(
            "POST",
            "/dashboard/work-lists/myportal-conflicts/items/" + conflictId + "/actions/take-portal",
            Map.of("_csrf", browser.csrf()),
            Map.of("HX-Request", "true", "HX-Target", "wl-table"));

    assertThat(taken.status()).as(taken.body()).isEqualTo(200);
    assertThat(taken.body()).contains("マイナポータルの値を採用しました。");
    assertThat(Db.text("SELECT dose_label FROM immunization_record WHERE id = ?", differingDose))
        .isEqualTo("1");
    assertThat(
            Db.text(
                "SELECT settled_by_role || '/' || settlement FROM my_portal_conflict"
                    + " WHERE id = ?::uuid",
                conflictId))
        .isEqualTo("staff/portal");
  }

  @Test
  void aSettlementIsRefusedWithItsReasonAndNothingChanges() {
    String conflictId = openConflicts().get(0).path("id").asText();

    assertProblem(settle(guardian, guardianRoute(conflictId), "theirs"), 422, "SKY-6804");
    assertProblem(
        settle(guardian, guardianRoute(UUID.randomUUID().toString()), "ours"), 404, "SKY-6802");
    // Another guardian, and staff of another municipality, do not reach it.
    Personas.MyPortalFamily other = Personas.infantKnownToMyPortal(town);
    assertProblem(
        settle(Tokens.guardian(other.mother()), guardianRoute(conflictId), "ours"),
        404,
        "SKY-6802");
    Personas.Municipality elsewhere = Personas.municipality();
    Http.Response foreign =
        settle(
            Tokens.staff(Personas.staffOf(elsewhere)), staffRoute(town.code(), conflictId), "ours");
    assertThat(foreign.status()).as(foreign.body()).isEqualTo(403);
    Http.Response notTheirs =
        settle(
            Tokens.staff(Personas.staffOf(elsewhere)),
            staffRoute(elsewhere.code(), conflictId),
            "ours");
    assertProblem(notTheirs, 404, "SKY-6802");
    // Our record was corrected meanwhile: the portal's values are not applied over it.
    Db.update(
        "UPDATE immunization_record SET lot_number = 'CHANGED-1' WHERE id = ?", differingDose);

    assertProblem(settle(guardian, guardianRoute(conflictId), "portal"), 409, "SKY-6805");

    assertThat(Db.text("SELECT dose_label FROM immunization_record WHERE id = ?", differingDose))
        .isEqualTo("2");
    assertThat(Db.text("SELECT status FROM my_portal_conflict WHERE id = ?::uuid", conflictId))
        .isEqualTo("open");
    assertThat(openConflicts()).hasSize(1);
  }

  // --- Helpers ---------------------------------------------------------------------------------

  private static String guardianRoute(String conflictId) {
    return "/api/v1/my-portal/conflicts/" + conflictId + "/settlement";
  }

  private static String staffRoute(String code, String conflictId) {
    return "/api/v1/municipalities/" + code + "/my-portal-conflicts/" + conflictId + "/settlement";
  }

  private static Http.Response settle(String token, String route, String choice) {
    return Http.postJson(route, token, "{\"choice\":\"" + choice + "\"}");
  }

  private static void assertProblem(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("code").asText()).as(response.body()).isEqualTo(code);
  }

  private List<JsonNode> openConflicts() {
    Http.Response conflicts = Http.get("/api/v1/my-portal/conflicts", guardian);
    assertThat(conflicts.status()).as(conflicts.body()).isEqualTo(200);
    List<JsonNode> list = new java.util.ArrayList<>();
    conflicts.json().path("conflicts").forEach(list::add);
    return list;
  }

  private List<JsonNode> staffRows() {
    Http.Response list =
        Http.get("/api/v1/municipalities/" + town.code() + "/work-lists/myportal-conflicts", staff);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    List<JsonNode> rows = new java.util.ArrayList<>();
    list.json().path("rows").forEach(rows::add);
    return rows;
  }

  private Http.Response retrieve() {
    Http.Response response =
        Http.send("POST", "/api/v1/my-portal/links/" + linkId + "/imports", guardian, null, null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response;
  }

  private String weightOfOneMonthCheckup() {
    for (JsonNode checkup :
        Http.get("/api/v1/children/" + child + "/handbook", guardian).json().path("checkups")) {
      if (checkup.path("kind").asText().equals("infant-1-month")) {
        for (JsonNode finding : checkup.path("findings")) {
          if (finding.path("item").asText().equals("body-weight")) {
            return finding.path("quantity").path("value").decimalValue().toPlainString();
          }
        }
      }
    }
    throw new AssertionError("No 1か月児 weight");
  }

  private JsonNode link() throws Exception {
    Http.Response started =
        Http.postJson("/api/v1/my-portal/links", guardian, "{\"childIds\":[\"" + child + "\"]}");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    URI page = URI.create(started.json().path("authorizationUrl").asText());
    Map<String, String> form = parse(page.getRawQuery());
    form.put("login", family.cardLogin());
    form.put("decision", "allow");
    HttpResponse<String> answered =
        BROWSER.send(
            HttpRequest.newBuilder(page.resolve("/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(302);
    URI back = URI.create(answered.headers().firstValue("Location").orElseThrow());
    Http.Response made =
        Http.get("/api/v1/my-portal/callback?" + form(parse(back.getRawQuery())), null);
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    return made.json();
  }

  private JsonNode awaitFirstImport() throws InterruptedException {
    Instant until = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(until)) {
      JsonNode link = Http.get("/api/v1/my-portal/links/" + linkId, guardian).json();
      if (!link.path("lastImportAt").isNull()) {
        return link;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("The first retrieval of " + linkId + " did not finish");
  }

  private static Map<String, String> parse(String query) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
