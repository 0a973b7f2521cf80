package app.sukoyaka.notice.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guardian's reminder list: the caller's own family only, what each is about, its link. */
class MyRemindersIT {
  private static final String PATH = "/api/v1/me/reminders";
  private Personas.Municipality town;
  private Personas.InfantDueForSecondDoses infant;
  private Personas.Mother expecting;
  private Personas.InfantDueForSecondDoses neighbour;

  @BeforeEach
  void twoFamiliesAndAMotherExpectingTheirRemindersOfYesterday() {
    town = Personas.municipality();
    infant = Personas.infantDueForSecondDoses(town);
    neighbour = Personas.infantDueForSecondDoses(town);
    expecting = Personas.motherAt20Weeks(town);
    LocalDate day = ReminderRows.today().minusDays(1);
    // Week 24 starts in three days: the 妊婦健診 visit 5 is reminded; visit 4 was attended.
    LocalDate zero = day.plusDays(3).minusDays(24 * 7);
    Db.update(
        "UPDATE pregnancy SET expected_delivery_date = ? WHERE id = ?",
        Date.valueOf(zero.plusDays(280)),
        expecting.pregnancyId());
    Http.Response visit4 =
        Http.postFhir(
            Tokens.clinic(Personas.clinicServing(town)),
            PrenatalBundle.fullVisit(expecting, zero.plusDays(21 * 7)).json());
    assertThat(visit4.status()).as(visit4.body()).isEqualTo(200);
    TestService.bean(DailyReminders.class).run(town.id(), day, "test").orElseThrow();
  }

  private static Map<String, JsonNode> byAbout(JsonNode reminders, String language) {
    Map<String, JsonNode> found = new TreeMap<>();
    reminders.path("reminders").forEach(r -> found.put(r.at("/about/" + language).asText(), r));
    return found;
  }

  @Test
  void theMotherSeesHerChildsRemindersEachSayingWhatItIsAboutInJapaneseAndEnglish() {
    Http.Response response =
        Http.send(
            "GET", PATH, Tokens.guardian(infant.mother()), null, null, "Accept-Language", "en");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode body = response.json();
    Map<String, JsonNode> japanese = byAbout(body, "ja");
    assertThat(japanese)
        .containsKeys(
            "五種混合 (DPT-IPV-Hib)（2回目）", "小児用肺炎球菌（2回目）", "ロタウイルス（2回目）", "B型肝炎（1回目）", "3～4か月児健康診査");
    assertThat(byAbout(body, "en"))
        .containsKeys("DTaP-IPV-Hib (pentavalent) (dose 2)", "3–4-month infant checkup");
    JsonNode dose = japanese.get("五種混合 (DPT-IPV-Hib)（2回目）");
    assertThat(dose.path("kind").asText()).isEqualTo("vaccine-due");
    assertThat(dose.at("/kindLabel/ja").asText()).isEqualTo("予防接種の時期のお知らせ");
    assertThat(dose.path("childId").asText()).isEqualTo(infant.childId().toString());
    assertThat(dose.path("pregnancyId").isNull()).isTrue();
    assertThat(dose.path("deepLink").asText())
        .isEqualTo("sukoyaka://reminders/" + dose.path("id").asText());
    List<String> due = new ArrayList<>();
    body.path("reminders").forEach(r -> due.add(r.path("dueDate").asText()));
    assertThat(due).isSorted();
    assertThat(
            Db.count(
                "SELECT count(*) FROM access_log WHERE subject_id = ? AND action = 'read-reminders'",
                infant.childId()))
        .isEqualTo(1);
  }

  @Test
  void eachGuardianSeesOnlyTheirOwnFamily() {
    JsonNode mine = Http.get(PATH, Tokens.guardian(infant.mother())).json();
    JsonNode theirs = Http.get(PATH, Tokens.guardian(neighbour.mother())).json();

    mine.path("reminders")
        .forEach(
            r -> assertThat(r.path("childId").asText()).isEqualTo(infant.childId().toString()));
    theirs
        .path("reminders")
        .forEach(
            r -> assertThat(r.path("childId").asText()).isEqualTo(neighbour.childId().toString()));
    assertThat(mine.path("reminders")).isNotEmpty();
    assertThat(theirs.path("reminders")).isNotEmpty();
  }

  @Test
  void aPregnantMotherSeesHerNextCheckupByWeek() {
    JsonNode reminders =
        Http.send("GET", PATH, Tokens.guardian(expecting), null, null, "Accept-Language", "en")
            .json();

    assertThat(reminders.path("reminders"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path("kind").asText()).isEqualTo("prenatal-checkup");
              assertThat(r.path("pregnancyId").asText())
                  .isEqualTo(expecting.pregnancyId().toString());
              assertThat(r.at("/about/ja").asText()).isEqualTo("妊婦健康診査 第5回（妊娠24～25週ごろ）");
              assertThat(r.at("/about/en").asText())
                  .isEqualTo("Prenatal checkup 5 (around week 24–25)");
            });
  }

  @Test
  void aChildNoLongerInTheGuardiansCareLeavesTheirList() {
    Db.update(
        "DELETE FROM guardianship WHERE person_id = ? AND child_id = ?",
        infant.mother().personId(),
        infant.childId());

    JsonNode reminders = Http.get(PATH, Tokens.guardian(infant.mother())).json();

    assertThat(reminders.path("reminders")).isEmpty();
  }

  @Test
  void remindersSettledOrPastTheirWindowAreNotCurrent() {
    Db.update(
        "UPDATE reminder SET resolved_at = now(), resolution = 'done' WHERE child_id = ?"
            + " AND event_key = 'PCV/2'",
        infant.childId());
    Db.update(
        "UPDATE reminder SET window_end = ? WHERE child_id = ? AND event_key = 'ROTA/2'",
        Date.valueOf(ReminderRows.today().minusDays(1)),
        infant.childId());

    Map<String, JsonNode> reminders =
        byAbout(Http.get(PATH, Tokens.guardian(infant.mother())).json(), "ja");

    assertThat(reminders.keySet())
        .noneMatch(about -> about.startsWith("小児用肺炎球菌") || about.startsWith("ロタウイルス"));
  }

  @Test
  void staffHaveNoReminderListHere() {
    Http.Response response = Http.get(PATH, Tokens.staff(Personas.staffOf(town)));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().path("code").asText()).isEqualTo("SKY-1005");
  }
}
