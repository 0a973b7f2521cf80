package app.sukoyaka.checkup.handbook;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.RecordBundle;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The handbook's home, the app's first screen: per pregnancy and child what is next, the latest
 * records and the open 精密健康診査, and the unread notices, for the guardian only.
 */
class HandbookHomeIT {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final String HOME = "/api/v1/me/home";

  private static JsonNode home(Personas.Mother mother) {
    // English beside the Japanese, as a guardian who reads English gets it.
    Http.Response response =
        Http.send("GET", HOME, Tokens.guardian(mother), null, null, "Accept-Language", "en");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static List<String> codes(JsonNode steps, String source) {
    List<String> codes = new ArrayList<>();
    steps.forEach(
        s -> {
          if (s.path("source").asText().equals(source)) {
            codes.add(s.path("code").asText() + ":" + s.path("status").asText());
          }
        });
    return codes;
  }

  @Test
  void aMotherOfAnInfantDueForDose2SeesItFirstOnHerHomeScreen() {
    Personas.Municipality town = Personas.municipality();
    Personas.InfantDueForSecondDoses infant = Personas.infantDueForSecondDoses(town);

    JsonNode home = home(infant.mother());

    assertThat(home.path("asOf").asText()).isEqualTo(LocalDate.now(JAPAN).toString());
    assertThat(home.path("children")).hasSize(1);
    JsonNode child = home.path("children").get(0);
    assertThat(child.path("child").path("id").asText()).isEqualTo(infant.childId().toString());
    JsonNode next = child.path("next");
    JsonNode first = next.get(0);
    assertThat(first.path("source").asText()).isEqualTo("vaccination");
    assertThat(first.path("status").asText()).isIn("overdue", "due");
    assertThat(codes(next, "vaccination")).contains("DPT_IPV_HIB/2:due", "PCV/2:due", "ROTA/2:due");
    JsonNode dose2 = null;
    for (JsonNode step : next) {
      if (step.path("code").asText().equals("DPT_IPV_HIB/2")) {
        dose2 = step;
      }
    }
    assertThat(dose2.path("title").path("ja").asText()).startsWith("五種混合").endsWith("（2回目）");
    assertThat(dose2.path("title").path("en").asText()).endsWith("(dose 2)");
    assertThat(dose2.path("statusLabel").path("ja").asText()).isEqualTo("今、受けられます");
    assertThat(dose2.path("link").asText())
        .isEqualTo("/api/v1/children/" + infant.childId() + "/vaccinations");
    // Due steps come before any upcoming one, whatever their source.
    boolean upcomingSeen = false;
    for (JsonNode step : next) {
      if (step.path("status").asText().equals("upcoming")) {
        upcomingSeen = true;
      } else {
        assertThat(upcomingSeen).as("a due step after an upcoming one: " + next).isFalse();
      }
    }
    // The three first doses are the latest records, newest first.
    assertThat(child.path("latest")).hasSize(3);
    assertThat(child.path("latest").get(0).path("kind").asText()).isEqualTo("immunization");
    assertThat(child.path("latest").get(0).path("sourceLabel").path("ja").asText())
        .isEqualTo("医療機関の記録");
    assertThat(child.path("vaccinations").asText())
        .isEqualTo("/api/v1/children/" + infant.childId() + "/vaccinations");
    assertThat(home.path("pregnancies")).hasSize(1);
    assertThat(home.path("notices").path("unread").asLong()).isZero();
  }

  @Test
  void aChildOfNineteenMonthsIsDueForTheOneAndAHalfYearCheckupAndTheThreeYearOneComesNext() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithChildAged(town, 19, 0);

    JsonNode next = home(family.mother()).path("children").get(0).path("next");

    // The 9–10-month checkup's ages are over; the 6–7-month one is not held by default.
    assertThat(codes(next, "infant-checkup"))
        .containsExactly("child-18-months:due", "child-3-years:upcoming");
    JsonNode checkup = null;
    for (JsonNode step : next) {
      if (step.path("code").asText().equals("child-18-months")) {
        checkup = step;
      }
    }
    assertThat(checkup.path("title").path("ja").asText()).isEqualTo("1歳6か月児健康診査");
    assertThat(checkup.path("from").asText())
        .isEqualTo(family.childBirthDate().plusMonths(18).toString());
    assertThat(checkup.path("until").asText())
        .isEqualTo(family.childBirthDate().plusMonths(24).minusDays(1).toString());
  }

  @Test
  void aOneAndAHalfYearCheckupWithDetailedExaminationShowsAnOpenFollowUpUntilItsResultArrives() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithChildAged(town, 19, 0);
    String clinic = Tokens.clinic(Personas.clinicServing(town));
    LocalDate checkupDay = LocalDate.now(JAPAN).minusDays(20);
    Http.Response referred =
        Http.postFhir(
            clinic,
            RecordBundle.aboutChild(
                    RecordBundle.ChildPatient.of(family), "child-18-months", "AMB", checkupDay)
                .coded("overall-judgement", "detailed-examination")
                .flag("follow-up-referral", true)
                .text("follow-up-facility", "すこやか市民病院 小児科")
                .json());
    assertThat(referred.status()).as(referred.body()).isEqualTo(200);

    JsonNode child = home(family.mother()).path("children").get(0);

    assertThat(child.path("openFollowUps")).hasSize(1);
    JsonNode open = child.path("openFollowUps").get(0);
    assertThat(open.path("state").asText()).isEqualTo("open");
    assertThat(open.path("checkupKind").asText()).isEqualTo("child-18-months");
    assertThat(open.path("checkupDate").asText()).isEqualTo(checkupDay.toString());
    assertThat(open.path("title").path("ja").asText()).isEqualTo("精密健康診査（1歳6か月児健康診査から）");
    assertThat(open.path("facility").asText()).isEqualTo("すこやか市民病院 小児科");
    assertThat(open.path("triggers").toString()).contains("overall-judgement");
    JsonNode latest = child.path("latest").get(0);
    assertThat(latest.path("followUp").asText()).isEqualTo("open");
    assertThat(latest.path("judgement").path("code").asText()).isEqualTo("detailed-examination");
    assertThat(latest.path("judgement").path("level").asText()).isEqualTo("action");
    assertThat(latest.path("judgement").path("label").path("ja").asText()).isEqualTo("要精密");
    // The checkup was attended: it is no longer "next".
    assertThat(codes(child.path("next"), "infant-checkup"))
        .containsExactly("child-3-years:upcoming");

    Http.Response result =
        Http.postFhir(
            clinic,
            RecordBundle.aboutChild(
                    RecordBundle.ChildPatient.of(family),
                    "child-18-months",
                    "AMB",
                    LocalDate.now(JAPAN).minusDays(2))
                .date("follow-up-visit-date", LocalDate.now(JAPAN).minusDays(2))
                .coded("follow-up-result", "no-abnormality")
                .json());
    assertThat(result.status()).as(result.body()).isEqualTo(200);

    JsonNode after = home(family.mother()).path("children").get(0);
    assertThat(after.path("openFollowUps")).isEmpty();
    for (JsonNode entry : after.path("latest")) {
      if (entry.path("date").asText().equals(checkupDay.toString())) {
        assertThat(entry.path("followUp").asText()).isEqualTo("closed");
        assertThat(entry.path("followUpLabel").path("ja").asText()).isEqualTo("精密健康診査の結果あり");
      }
    }
  }

  @Test
  void aVietnameseMotherReadsTheNoticeTitleTheMunicipalityWroteInVietnamese() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familySpeaking(town, "vi", null);
    sentNotice(
        town,
        family.mother(),
        "{\"ja\":\"予防接種のお知らせ\",\"en\":\"About vaccinations\","
            + "\"vi\":\"Thông báo về tiêm chủng\"}",
        1,
        false);

    Http.Response response = Http.get(HOME, Tokens.guardian(family.mother()));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode title = response.json().path("notices").path("latestUnread").get(0).path("title");
    assertThat(title.path("ja").asText()).isEqualTo("予防接種のお知らせ");
    assertThat(title.path("vi").asText()).isEqualTo("Thông báo về tiêm chủng");
    assertThat(title.has("en")).isFalse();
  }

  @Test
  void theUnreadNoticesAreCountedAndTheNewestListedWithALinkToTheInbox() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);
    UUID older = sentNotice(town, family.mother(), "{\"ja\":\"集団健診のご案内\"}", 3, false);
    UUID newer =
        sentNotice(
            town,
            family.mother(),
            "{\"ja\":\"予防接種のお知らせ\",\"en\":\"About vaccinations\"}",
            1,
            false);
    sentNotice(town, family.mother(), "{\"ja\":\"既読のお知らせ\"}", 0, true);

    JsonNode notices = home(family.mother()).path("notices");

    assertThat(notices.path("unread").asLong()).isEqualTo(2);
    assertThat(notices.path("latestUnread")).hasSize(2);
    JsonNode first = notices.path("latestUnread").get(0);
    assertThat(first.path("id").asText()).isEqualTo(newer.toString());
    assertThat(first.path("title").path("en").asText()).isEqualTo("About vaccinations");
    assertThat(first.path("link").asText()).isEqualTo("/api/v1/me/notices/" + newer);
    JsonNode second = notices.path("latestUnread").get(1);
    assertThat(second.path("id").asText()).isEqualTo(older.toString());
    // Without an English title the Japanese one is all there is.
    assertThat(second.path("title").path("ja").asText()).isEqualTo("集団健診のご案内");
    assertThat(second.path("title").has("en")).isFalse();
    assertThat(notices.path("inbox").asText()).isEqualTo("/api/v1/me/notices");
  }

  @Test
  void everyHandbookOnTheHomeIsLoggedAsReadByTheGuardian() {
    Personas.Municipality town = Personas.municipality();
    Personas.FamilyWithInfant family = Personas.familyWithInfant(town);

    home(family.mother());

    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE actor_id = ? AND action = 'read-home'"
                    + " AND outcome = 'allowed' AND subject_id IN (?, ?)",
                family.mother().loginSubject(),
                family.childId(),
                family.mother().pregnancyId()))
        .isEqualTo(2);
  }

  @Test
  void staffAndResidentsWithoutAHandbookHaveNoHome() {
    Personas.Municipality town = Personas.municipality();

    Http.Response staff = Http.get(HOME, Tokens.staff(Personas.staffOf(town)));
    Http.Response resident =
        Http.get(HOME, Tokens.user("resident", "resident-" + UUID.randomUUID()));

    assertThat(staff.status()).isEqualTo(403);
    assertThat(staff.json().path("code").asText()).isEqualTo("SKY-1005");
    assertThat(resident.status()).isEqualTo(403);
    assertThat(resident.json().path("code").asText()).isEqualTo("SKY-1005");
  }

  /** A notice sent to the mother online {@code daysAgo}, read or not. */
  private static UUID sentNotice(
      Personas.Municipality town, Personas.Mother mother, String title, int daysAgo, boolean read) {
    UUID id = UUID.randomUUID();
    Timestamp sent = Timestamp.from(Instant.now().minusSeconds(86_400L * daysAgo + 60));
    Db.update(
        "INSERT INTO notice (id, municipality_id, kind, status, title, body, created_by,"
            + " created_at, updated_by, updated_at, sent_by, sent_at, online_count, paper_count)"
            + " VALUES (?, ?, 'official', 'sent', ?::jsonb, '{\"ja\":\"本文\"}'::jsonb,"
            + " 'staff-test', ?, 'staff-test', ?, 'staff-test', ?, 1, 0)",
        id,
        town.id(),
        title,
        sent,
        sent,
        sent);
    Db.update(
        "INSERT INTO notice_delivery (notice_id, person_id, municipality_id, channel, read_at)"
            + " VALUES (?, ?, ?, 'online', ?)",
        id,
        mother.personId(),
        town.id(),
        read ? sent : null);
    return id;
  }
}
