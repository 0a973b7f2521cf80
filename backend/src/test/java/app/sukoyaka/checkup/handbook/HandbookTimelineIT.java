package app.sukoyaka.checkup.handbook;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.DeliveryBundle;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.RecordBundle;
import app.sukoyaka.testing.StoredVaccinations;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handbook's timeline: records of every kind newest first, in cursor pages, each a summary with
 * its link to the detail; and the detail of each clinic record with its judgements explained.
 */
class HandbookTimelineIT {
  private Personas.Municipality town;
  private Personas.Mother mother;
  private Personas.Clinic clinic;
  private String clinicToken;
  private LocalDate born;
  private UUID childId;
  private Personas.FamilyWithInfant family;

  @BeforeEach
  void aBabyBornFourMonthsAgoWithItsScreeningsCheckupAndVaccinations() {
    town = Personas.municipality();
    mother = Personas.motherAt20Weeks(town);
    clinic = Personas.clinicServing(town);
    clinicToken = Tokens.clinic(clinic);
    born = LocalDate.now().minusMonths(4);
    RecordBundle.ChildPatient newborn = RecordBundle.ChildPatient.newbornOf(mother, born);
    Http.Response delivery =
        Http.postFhir(clinicToken, DeliveryBundle.of(mother, newborn, born).json());
    assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
    childId =
        UUID.fromString(
            delivery
                .json()
                .path("entry")
                .get(1)
                .path("response")
                .path("location")
                .asText()
                .split("/")[1]);
    family = new Personas.FamilyWithInfant(mother, childId, born);
    post(
        RecordBundle.aboutChild(
                RecordBundle.ChildPatient.of(family), "newborn-screening", "IMP", born.plusDays(4))
            .date("hearing-first-date", born.plusDays(3))
            .coded("hearing-first-method", "aabr")
            .coded("hearing-first-right", "refer")
            .coded("hearing-first-left", "pass")
            .coded("metabolic-screening-result", "normal")
            .json()
            .replace("\"gender\":\"male\"", "\"gender\":\"female\""));
    post(
        InfantCheckupBundle.threeToFourMonths(family, LocalDate.now().minusDays(1))
            .json()
            .replace("\"gender\":\"male\"", "\"gender\":\"female\""));
    for (String vaccine : List.of("DPT_IPV_HIB", "PCV", "HEPB")) {
      StoredVaccinations.clinicDose(
          family, clinic.facilityId(), vaccine, "1", born.plusMonths(2), null, Instant.now());
    }
    StoredVaccinations.parentEntry(family, "ROTA", born.plusMonths(2), Instant.now());
  }

  private void post(String bundle) {
    Http.Response response = Http.postFhir(clinicToken, bundle);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  private String timeline() {
    return "/api/v1/children/" + childId + "/timeline";
  }

  private static JsonNode ok(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  @Test
  void theMotherPagesThroughEveryRecordNewestFirstWithoutRepeatsOrGaps() {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          ok(
              Http.get(
                  timeline() + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                  Tokens.guardian(mother)));
      assertThat(page.path("entries").size()).isLessThanOrEqualTo(2);
      page.path("entries").forEach(all::add);
      cursor = page.path("next").isNull() ? null : page.path("next").asText();
      pages++;
    } while (cursor != null);

    // The birth, the newborn screening, the 3–4-month checkup and four vaccinations.
    assertThat(all).hasSize(7);
    assertThat(pages).isEqualTo(4);
    Set<String> links = new HashSet<>();
    all.forEach(e -> links.add(e.path("link").asText()));
    assertThat(links).hasSize(7);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).path("date").asText())
          .isLessThanOrEqualTo(all.get(i - 1).path("date").asText());
    }
    JsonNode newest = all.get(0);
    assertThat(newest.path("kind").asText()).isEqualTo("checkup");
    assertThat(newest.path("code").asText()).isEqualTo("infant-3-4-months");
    assertThat(newest.path("judgement").path("label").path("ja").asText()).isEqualTo("要経過観察");
    assertThat(newest.path("judgement").path("level").asText()).isEqualTo("attention");
    assertThat(newest.path("followUp").isNull()).isTrue();
    List<String> kinds = new ArrayList<>();
    all.forEach(e -> kinds.add(e.path("kind").asText()));
    assertThat(kinds)
        .containsExactly(
            "checkup",
            "immunization",
            "immunization",
            "immunization",
            "immunization",
            "screening",
            "delivery");
    JsonNode screening = all.get(5);
    // The screening's most attention-needing result speaks for it: a hearing refer.
    assertThat(screening.path("judgement").path("item").asText()).isEqualTo("hearing-first-right");
    assertThat(screening.path("judgement").path("code").asText()).isEqualTo("refer");
    assertThat(screening.path("kindLabel").path("ja").asText()).isEqualTo("検査");
    JsonNode parentEntry = null;
    for (JsonNode entry : all) {
      if ("parent".equals(entry.path("source").asText())) {
        parentEntry = entry;
      }
    }
    assertThat(parentEntry.path("sourceLabel").path("ja").asText()).isEqualTo("保護者の記録");
    assertThat(all.get(6).path("title").path("ja").asText()).isEqualTo("出産の状態");
  }

  @Test
  void everyEntryLinksToADetailTheMotherCanRead() {
    JsonNode entries = ok(Http.get(timeline(), Tokens.guardian(mother))).path("entries");

    assertThat(entries).hasSize(7);
    for (JsonNode entry : entries) {
      Http.Response detail = Http.get(entry.path("link").asText(), Tokens.guardian(mother));
      assertThat(detail.status()).as(entry + " → " + detail.body()).isEqualTo(200);
    }
  }

  @Test
  void aHearingReferAtTheScreeningIsExplainedInPlainWordsWithWhatToDoNextAndItsSource() {
    JsonNode screening = null;
    for (JsonNode entry : ok(Http.get(timeline(), Tokens.guardian(mother))).path("entries")) {
      if (entry.path("kind").asText().equals("screening")) {
        screening = entry;
      }
    }

    JsonNode detail = ok(Http.get(screening.path("link").asText(), Tokens.guardian(mother)));

    assertThat(detail.path("recordKind").asText()).isEqualTo("screening");
    assertThat(detail.path("checkup").path("kind").asText()).isEqualTo("newborn-screening");
    JsonNode refer = null;
    for (JsonNode judgement : detail.path("judgements")) {
      if (judgement.path("item").asText().equals("hearing-first-right")) {
        refer = judgement;
      }
    }
    assertThat(refer.path("label").path("ja").asText()).isEqualTo("要再検（リファー）");
    assertThat(refer.path("itemLabel").path("ja").asText()).isEqualTo("新生児聴覚検査 初回検査の結果（右耳）");
    assertThat(refer.path("explanation").path("ja").asText()).contains("難聴と決まったわけではなく");
    assertThat(refer.path("level").asText()).isEqualTo("attention");
    assertThat(refer.path("nextStep").path("ja").asText()).contains("確認検査");
    assertThat(refer.path("source").path("title").asText()).contains("新生児聴覚検査の実施について");
    assertThat(detail.path("judgements")).hasSize(3);
    assertThat(detail.path("followUp").isNull()).isTrue();
  }

  @Test
  void thePregnancysTimelineHasTheDeliveryWithOnlyTheMothersFindings() {
    JsonNode page =
        ok(
            Http.get(
                "/api/v1/pregnancies/" + mother.pregnancyId() + "/timeline",
                Tokens.guardian(mother)));

    assertThat(page.path("subjectType").asText()).isEqualTo("pregnancy");
    assertThat(page.path("entries")).hasSize(1);
    JsonNode delivery = page.path("entries").get(0);
    assertThat(delivery.path("kind").asText()).isEqualTo("delivery");
    JsonNode detail = ok(Http.get(delivery.path("link").asText(), Tokens.guardian(mother)));
    for (JsonNode finding : detail.path("checkup").path("findings")) {
      assertThat(finding.path("childId").isMissingNode() || finding.path("childId").isNull())
          .as(finding.toString())
          .isTrue();
      assertThat(finding.path("item").asText())
          .doesNotStartWith("birth-")
          .doesNotStartWith("apgar");
    }
  }

  @Test
  void aRecordOfAnotherChildIsNotInThisHandbook() {
    Personas.FamilyWithInfant other = Personas.familyWithInfant(town);
    String checkupPath = null;
    for (JsonNode entry : ok(Http.get(timeline(), Tokens.guardian(mother))).path("entries")) {
      if (entry.path("kind").asText().equals("checkup")) {
        checkupPath = entry.path("link").asText();
      }
    }
    String elsewhere = checkupPath.replace(childId.toString(), other.childId().toString());

    Http.Response response = Http.get(elsewhere, Tokens.guardian(other.mother()));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-5703");
  }

  @Test
  void aCursorNotGivenByTheTimelineAndALimitOutOfRangeAreRefused() {
    Http.Response forged =
        Http.get(timeline() + "?cursor=bm90LWEtY3Vyc29y", Tokens.guardian(mother));
    Http.Response zero = Http.get(timeline() + "?limit=0", Tokens.guardian(mother));
    Http.Response tooMany = Http.get(timeline() + "?limit=101", Tokens.guardian(mother));

    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.json().path("code").asText()).isEqualTo("SKY-5701");
    assertThat(zero.json().path("code").asText()).isEqualTo("SKY-5702");
    assertThat(tooMany.json().path("code").asText()).isEqualTo("SKY-5702");
  }

  private Http.Response ownRecord(String body) {
    Http.Response created =
        Http.postJson(
            "/api/v1/children/" + childId + "/records",
            Tokens.guardian(mother),
            "{\"clientId\":\"" + UUID.randomUUID() + "\"," + body + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created;
  }

  private static List<JsonNode> fromParents(JsonNode page) {
    List<JsonNode> found = new ArrayList<>();
    page.path("entries")
        .forEach(
            e -> {
              if (e.path("link").asText().contains("/records/")) {
                found.add(e);
              }
            });
    return found;
  }

  @Test
  void theFamilysOwnRecordsAreInItsTimelineLabelledAsTheParentsAndNeverShownToClinicsOrStaff() {
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
    ownRecord(
        "\"kind\":\"measurement\",\"item\":\"body-weight\",\"date\":\""
            + today
            + "\",\"quantity\":{\"value\":6.50,\"unit\":\"kg\"}");
    ownRecord(
        "\"kind\":\"handbook-answer\",\"item\":\"social-smile\",\"date\":\""
            + today.minusDays(1)
            + "\",\"answer\":\"yes\"");
    ownRecord("\"kind\":\"diary\",\"date\":\"" + today + "\",\"text\":\"はじめて声を出して笑った\"");
    Http.Response deleted =
        ownRecord(
            "\"kind\":\"milestone\",\"item\":\"head-control\",\"date\":\""
                + today.minusDays(2)
                + "\"");
    Http.Response gone =
        Http.send(
            "DELETE",
            deleted.header("Location") + "?baseVersion=1",
            Tokens.guardian(mother),
            null,
            null);
    assertThat(gone.status()).as(gone.body()).isIn(200, 204);

    List<JsonNode> mothers =
        fromParents(ok(Http.get(timeline() + "?limit=100", Tokens.guardian(mother))));
    JsonNode staffs = ok(Http.get(timeline() + "?limit=100", Tokens.staff(Personas.staffOf(town))));
    JsonNode clinics = ok(Http.get(timeline() + "?limit=100", clinicToken));

    // Three records (the deleted one is gone), each the parents', newest first.
    assertThat(mothers).hasSize(3);
    assertThat(mothers).allSatisfy(e -> assertThat(e.path("source").asText()).isEqualTo("parent"));
    assertThat(mothers)
        .extracting(e -> e.path("kind").asText())
        .containsExactlyInAnyOrder("measurement", "diary", "handbook-answer");
    JsonNode weight =
        mothers.stream()
            .filter(e -> e.path("kind").asText().equals("measurement"))
            .findFirst()
            .orElseThrow();
    assertThat(weight.path("title").path("ja").asText()).isEqualTo("体重：6.5 kg");
    assertThat(weight.path("kindLabel").path("ja").asText()).isEqualTo("家庭での計測");
    assertThat(weight.path("sourceLabel").path("ja").asText()).isEqualTo("保護者の記録");
    JsonNode answer =
        mothers.stream()
            .filter(e -> e.path("kind").asText().equals("handbook-answer"))
            .findFirst()
            .orElseThrow();
    assertThat(answer.path("title").path("ja").asText()).endsWith("：はい");
    Http.Response detail = Http.get(weight.path("link").asText(), Tokens.guardian(mother));
    assertThat(detail.status()).as(detail.body()).isEqualTo(200);
    assertThat(detail.json().path("recordedBy").asText()).isEqualTo("parent");
    // The clinical record is the same for everyone; what the family wrote is theirs.
    assertThat(fromParents(staffs)).isEmpty();
    assertThat(fromParents(clinics)).isEmpty();
    assertThat(staffs.path("entries")).hasSize(7);
    assertThat(clinics.path("entries")).hasSize(7);
  }

  @Test
  void staffOfTheMunicipalityReadTheTimelineAndOtherFamiliesAndMunicipalitiesAreRefused() {
    Personas.Mother stranger = Personas.motherAt20Weeks(town);

    assertThat(Http.get(timeline(), Tokens.staff(Personas.staffOf(town))).status()).isEqualTo(200);
    // Another municipality's records do not exist for its staff (row-level security).
    assertThat(
            Http.get(timeline(), Tokens.staff(Personas.staffOf(Personas.municipality()))).status())
        .isEqualTo(404);
    Http.Response refused = Http.get(timeline(), Tokens.guardian(stranger));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'read-timeline'"
                    + " AND actor_id = ? AND outcome = 'denied'",
                childId,
                stranger.loginSubject()))
        .isEqualTo(1);
  }
}
