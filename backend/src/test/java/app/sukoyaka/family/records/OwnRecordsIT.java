package app.sukoyaka.family.records;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The family's own records over HTTP as the offline app uses them: creates by client id that may
 * arrive twice, changes and deletes based on a version, conflicts that carry the server's record,
 * conditional reads; who may read and write them.
 */
class OwnRecordsIT {
  private Personas.Municipality town;
  private Personas.FamilyWithInfant family;
  private String mother;

  @BeforeEach
  void aMotherWithAFourMonthOld() {
    town = Personas.municipality();
    family = Personas.familyWithInfant(town);
    mother = Tokens.guardian(family.mother());
  }

  private String records() {
    return "/api/v1/children/" + family.childId() + "/records";
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Tokyo"));
  }

  private static String weight(UUID clientId, String value, String unit, LocalDate on) {
    return "{\"clientId\":\""
        + clientId
        + "\",\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
        + on
        + "\",\"quantity\":{\"value\":"
        + value
        + ",\"unit\":\""
        + unit
        + "\"}}";
  }

  private long stored(UUID clientId) {
    return Db.count("SELECT count(*) FROM parent_record WHERE client_id = ?", clientId);
  }

  @Test
  void aWeightTakenAtHomeIsStoredInKilogramsAndLabelledAsTheParents() {
    UUID clientId = UUID.randomUUID();
    Http.Response created =
        Http.postJson(records(), mother, weight(clientId, "6500", "g", today().minusDays(1)));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode record = created.json();
    assertThat(record.path("recordedBy").asText()).isEqualTo("parent");
    assertThat(record.path("quantity").path("value").decimalValue()).isEqualByComparingTo("6.5");
    assertThat(record.path("quantity").path("unit").asText()).isEqualTo("kg");
    assertThat(record.path("itemLabel").path("ja").asText()).isEqualTo("体重");
    assertThat(record.path("version").asInt()).isEqualTo(1);
    // The version, in the language the body was written in (a Japanese reader's).
    assertThat(created.header("ETag")).isEqualTo("\"1-ja\"");
    assertThat(created.header("Location")).isEqualTo(records() + "/" + record.path("id").asText());
    // The clinic's findings are another table: the parent's weight changes none of them.
    assertThat(
            Db.count("SELECT count(*) FROM checkup_finding WHERE child_id = ?", family.childId()))
        .isZero();
  }

  @Test
  void anAppThatSendsTheSameCreateTwiceGetsTheSameRecordStoredOnce() {
    UUID clientId = UUID.randomUUID();
    String body = weight(clientId, "6.5", "kg", today());
    Http.Response first = Http.postJson(records(), mother, body);
    Http.Response again = Http.postJson(records(), mother, body);

    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().path("id")).isEqualTo(first.json().path("id"));
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(stored(clientId)).isEqualTo(1);
  }

  @Test
  void theSameCreateSentFromEightConnectionsAtOnceIsStoredOnce() throws Exception {
    UUID clientId = UUID.randomUUID();
    String body = weight(clientId, "6.5", "kg", today());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Http.Response>> sends = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        sends.add(() -> Http.postJson(records(), mother, body));
      }
      List<String> ids = new ArrayList<>();
      for (Future<Http.Response> response : pool.invokeAll(sends)) {
        assertThat(response.get().status()).as(response.get().body()).isEqualTo(201);
        ids.add(response.get().json().path("id").asText());
      }
      assertThat(ids).containsOnly(ids.get(0));
    } finally {
      pool.shutdown();
    }
    assertThat(stored(clientId)).isEqualTo(1);
  }

  @Test
  void aClientIdFirstSentWithAnotherWeightIsRefused() {
    UUID clientId = UUID.randomUUID();
    Http.postJson(records(), mother, weight(clientId, "6.5", "kg", today()));

    Http.Response other = Http.postJson(records(), mother, weight(clientId, "7.1", "kg", today()));

    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().path("code").asText()).isEqualTo("SKY-5405");
  }

  @Test
  void anImplausibleWeightAWrongUnitAndAFutureDayAreRefusedByMember() {
    Http.Response tooHeavy =
        Http.postJson(records(), mother, weight(UUID.randomUUID(), "650", "kg", today()));
    Http.Response pounds =
        Http.postJson(records(), mother, weight(UUID.randomUUID(), "14", "[lb_av]", today()));
    Http.Response tomorrow =
        Http.postJson(
            records(), mother, weight(UUID.randomUUID(), "6.5", "kg", today().plusDays(1)));

    assertThat(tooHeavy.json().path("errors").get(0).path("field").asText())
        .isEqualTo("quantity.value");
    assertThat(pounds.json().path("errors").get(0).path("field").asText())
        .isEqualTo("quantity.unit");
    assertThat(tomorrow.json().path("errors").get(0).path("field").asText()).isEqualTo("date");
    assertThat(List.of(tooHeavy, pounds, tomorrow))
        .allSatisfy(r -> assertThat(r.json().path("code").asText()).isEqualTo("SKY-5401"));
  }

  @Test
  void theFatherRecordsTheDayHisSonFirstHeldHisHeadAndAnswersTheHandbooksQuestion() {
    Personas.Guardian father = Personas.fatherOf(family);
    String token = Tokens.user("guardian", father.loginSubject());
    Http.Response milestone =
        Http.postJson(
            records(),
            token,
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"milestone\",\"item\":\"head-control\",\"date\":\""
                + today().minusDays(10)
                + "\",\"author\":\"father\"}");
    Http.Response answer =
        Http.postJson(
            records(),
            token,
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"handbook-answer\",\"item\":\"social-smile\",\"date\":\""
                + today()
                + "\",\"answer\":\"yes\",\"author\":\"father\"}");

    assertThat(milestone.status()).as(milestone.body()).isEqualTo(201);
    assertThat(milestone.json().path("itemLabel").path("ja").asText()).isEqualTo("首すわり");
    assertThat(milestone.json().path("authorLabel").path("ja").asText()).isEqualTo("父");
    assertThat(answer.json().path("answerLabel").path("ja").asText()).isEqualTo("はい");
    Http.Response list = Http.get(records(), mother);
    assertThat(list.json().path("records")).hasSize(2);
  }

  @Test
  void aChangeBasedOnAStaleVersionGets409WithTheServersRecordToMerge() {
    Http.Response created =
        Http.postJson(
            records(),
            mother,
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"diary\",\"date\":\""
                + today()
                + "\",\"text\":\"はじめて声を出して笑った\"}");
    String path = created.header("Location");
    Http.Response changed =
        Http.send(
            "PUT",
            path,
            mother,
            "application/json",
            "{\"kind\":\"diary\",\"date\":\"" + today() + "\",\"text\":\"声を出して笑った！\"}",
            "If-Match",
            "\"1\"");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.header("ETag")).isEqualTo("\"2-ja\"");

    // The other phone still holds version 1.
    Http.Response stale =
        Http.send(
            "PUT",
            path,
            mother,
            "application/json",
            "{\"kind\":\"diary\",\"date\":\"" + today() + "\",\"text\":\"笑った\",\"baseVersion\":1}");

    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.contentType()).startsWith("application/problem+json");
    assertThat(stale.json().path("code").asText()).isEqualTo("SKY-5403");
    assertThat(stale.json().path("current").path("version").asInt()).isEqualTo(2);
    assertThat(stale.json().path("current").path("text").asText()).isEqualTo("声を出して笑った！");
  }

  @Test
  void aChangeWithoutABaseVersionIsRefusedWith428() {
    Http.Response created =
        Http.postJson(records(), mother, weight(UUID.randomUUID(), "6.5", "kg", today()));

    Http.Response blind =
        Http.send(
            "PUT",
            created.header("Location"),
            mother,
            "application/json",
            "{\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
                + today()
                + "\",\"quantity\":{\"value\":6.6,\"unit\":\"kg\"}}");

    assertThat(blind.status()).isEqualTo(428);
    assertThat(blind.json().path("code").asText()).isEqualTo("SKY-5404");
  }

  @Test
  void aDeletedRecordLeavesATombstoneAndDisappearsFromReads() {
    Http.Response created =
        Http.postJson(records(), mother, weight(UUID.randomUUID(), "6.5", "kg", today()));
    String path = created.header("Location");

    Http.Response deleted = Http.send("DELETE", path + "?baseVersion=1", mother, null, null);

    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.json().path("deletedAt").isNull()).isFalse();
    assertThat(deleted.json().path("version").asInt()).isEqualTo(2);
    assertThat(deleted.json().path("quantity").isNull()).isTrue();
    assertThat(Http.get(path, mother).status()).isEqualTo(404);
    assertThat(Http.get(records(), mother).json().path("records")).isEmpty();
    assertThat(
            Db.count(
                "SELECT count(*) FROM parent_record WHERE id = ?::uuid AND deleted_at IS NOT NULL",
                created.json().path("id").asText()))
        .isEqualTo(1);
    // A phone that changed it offline learns that it was deleted.
    Http.Response late =
        Http.send(
            "PUT",
            path,
            mother,
            "application/json",
            "{\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
                + today()
                + "\",\"quantity\":{\"value\":6.6,\"unit\":\"kg\"},\"baseVersion\":1}");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().path("current").path("deletedAt").isNull()).isFalse();
  }

  @Test
  void readsCarryAnETagAndAnswer304WhileNothingChanged() {
    Http.Response created =
        Http.postJson(records(), mother, weight(UUID.randomUUID(), "6.5", "kg", today()));
    Http.Response list = Http.get(records(), mother);
    String tag = list.header("ETag");

    assertThat(tag).isNotBlank();
    Http.Response same = Http.send("GET", records(), mother, null, null, "If-None-Match", tag);
    assertThat(same.status()).isEqualTo(304);
    Http.Response one =
        Http.send(
            "GET",
            created.header("Location"),
            mother,
            null,
            null,
            "If-None-Match",
            created.header("ETag"));
    assertThat(one.status()).isEqualTo(304);

    Http.postJson(records(), mother, weight(UUID.randomUUID(), "6.7", "kg", today()));
    assertThat(Http.send("GET", records(), mother, null, null, "If-None-Match", tag).status())
        .isEqualTo(200);
  }

  @Test
  void aRecordsTagNamesTheLanguageOfItsBodySoAnotherLanguageIsNeverANotModified() {
    Http.Response created =
        Http.postJson(records(), mother, weight(UUID.randomUUID(), "6.5", "kg", today()));
    String path = created.header("Location");
    String japanese = Http.get(path, mother).header("ETag");

    Http.Response english =
        Http.send(
            "GET",
            path,
            mother,
            java.util.Map.of("Accept-Language", "en", "If-None-Match", japanese));
    Http.Response englishAgain =
        Http.send(
            "GET",
            path,
            mother,
            java.util.Map.of("Accept-Language", "en", "If-None-Match", english.header("ETag")));
    Http.Response staff = Http.get(path, Tokens.staff(Personas.staffOf(town)));

    assertThat(japanese).isEqualTo("\"1-ja\"");
    assertThat(english.status()).isEqualTo(200);
    assertThat(english.header("ETag")).isEqualTo("\"1-en\"");
    assertThat(english.header("Content-Language")).isEqualTo("en");
    assertThat(english.header("Vary")).contains("Accept-Language");
    assertThat(english.json().path("itemLabel").path("en").asText()).isEqualTo("Body weight");
    assertThat(englishAgain.status()).isEqualTo(304);
    assertThat(englishAgain.header("ETag")).isEqualTo("\"1-en\"");
    assertThat(englishAgain.header("Vary")).contains("Accept-Language");
    // Staff read every language the record has: the version alone.
    assertThat(staff.status()).isEqualTo(200);
    assertThat(staff.header("ETag")).isEqualTo("\"1\"");
    // Any of the tags names the version to change.
    Http.Response changed =
        Http.send(
            "PUT",
            path,
            mother,
            "application/json",
            "{\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
                + today()
                + "\",\"quantity\":{\"value\":6.6,\"unit\":\"kg\"}}",
            "If-Match",
            english.header("ETag"));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().path("version").asInt()).isEqualTo(2);
  }

  @Test
  void staffOfTheMunicipalityReadButDoNotWriteAndClinicsDoNeither() {
    Http.postJson(
        records(),
        mother,
        "{\"clientId\":\""
            + UUID.randomUUID()
            + "\",\"kind\":\"diary\",\"date\":\""
            + today()
            + "\",\"text\":\"夜泣きがつらい\"}");
    String staff = Tokens.staff(Personas.staffOf(town));
    String clinic = Tokens.clinic(Personas.clinicServing(town));

    assertThat(Http.get(records(), staff).json().path("records")).hasSize(1);
    Http.Response staffWrites =
        Http.postJson(records(), staff, weight(UUID.randomUUID(), "6.5", "kg", today()));
    assertThat(staffWrites.status()).isEqualTo(403);
    assertThat(staffWrites.json().path("code").asText()).isEqualTo("SKY-5406");
    Http.Response clinicReads = Http.get(records(), clinic);
    assertThat(clinicReads.status()).isEqualTo(403);
    assertThat(clinicReads.json().path("code").asText()).isEqualTo("SKY-5407");
    String stranger = Tokens.guardian(Personas.motherAt20Weeks(town));
    assertThat(Http.get(records(), stranger).status()).isEqualTo(403);
  }

  @Test
  void aPregnantWomanRecordsHerWeightAndTheDaySheFirstFeltTheBabyMove() {
    Personas.Mother pregnant = Personas.motherAt20Weeks(town);
    String token = Tokens.guardian(pregnant);
    String path = "/api/v1/pregnancies/" + pregnant.pregnancyId() + "/records";

    Http.Response movement =
        Http.postJson(
            path,
            token,
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"milestone\",\"item\":\"first-fetal-movement\",\"date\":\""
                + today().minusDays(3)
                + "\"}");
    Http.Response weight =
        Http.postJson(path, token, weight(UUID.randomUUID(), "58.2", "kg", today()));
    Http.Response childOnly =
        Http.postJson(
            path,
            token,
            "{\"clientId\":\""
                + UUID.randomUUID()
                + "\",\"kind\":\"measurement\",\"item\":\"head-circumference\",\"date\":\""
                + today()
                + "\",\"quantity\":{\"value\":40,\"unit\":\"cm\"}}");

    assertThat(movement.status()).as(movement.body()).isEqualTo(201);
    assertThat(movement.json().path("author").asText()).isEqualTo("pregnant-person");
    assertThat(weight.status()).as(weight.body()).isEqualTo(201);
    assertThat(childOnly.status()).isEqualTo(422);
    assertThat(Http.get(path, token).json().path("records")).hasSize(2);
  }

  @Test
  void theItemsListTheMilestonesWithTypicalWindowsAndTheHandbooksPages() {
    Http.Response items = Http.get("/api/v1/own-record-items", mother);

    assertThat(items.status()).isEqualTo(200);
    JsonNode body = items.json();
    assertThat(body.path("sources").toString()).contains("省令様式");
    List<String> milestones = new ArrayList<>();
    body.path("items")
        .forEach(
            item -> {
              if (item.path("kind").asText().equals("milestone")) {
                milestones.add(item.path("label").path("ja").asText());
              }
            });
    assertThat(milestones)
        .contains("首すわり", "寝返り", "ひとり座り", "はいはい", "つかまり立ち", "ひとり歩き", "胎動を初めて感じた日");
    assertThat(body.path("pages")).hasSizeGreaterThanOrEqualTo(7);
  }
}
