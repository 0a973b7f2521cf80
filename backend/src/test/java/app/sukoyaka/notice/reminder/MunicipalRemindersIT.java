package app.sukoyaka.notice.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Municipal staff run a day's reminders, read the runs and choose the checkups reminded of. */
class MunicipalRemindersIT {
  private Personas.Municipality town;
  private String staff;
  private Personas.InfantDueForSecondDoses infant;

  @BeforeEach
  void aTownWithAnInfantDueForItsSecondDoses() {
    town = Personas.municipality();
    staff = Tokens.staff(Personas.staffOf(town));
    infant = Personas.infantDueForSecondDoses(town);
  }

  private String runs() {
    return "/api/v1/municipalities/" + town.code() + "/reminder-runs";
  }

  private String settings() {
    return "/api/v1/municipalities/" + town.code() + "/reminder-settings";
  }

  @Test
  void staffRunTodayOnceAndSeeTheRunWithItsCounts() {
    Http.Response ran = Http.postJson(runs(), staff, "{}");

    assertThat(ran.status()).as(ran.body()).isEqualTo(201);
    JsonNode run = ran.json();
    assertThat(run.path("runDate").asText()).isEqualTo(ReminderRows.today().toString());
    assertThat(run.path("status").asText()).isEqualTo("done");
    assertThat(run.path("startedBy").asText()).startsWith("staff:");
    assertThat(run.path("children").asInt()).isEqualTo(1);
    assertThat(run.path("remindersCreated").asInt()).isGreaterThanOrEqualTo(4);
    assertThat(run.path("pushesQueued").asInt()).isGreaterThanOrEqualTo(1);

    Http.Response again = Http.postJson(runs(), staff, "{}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("code").asText()).isEqualTo("SKY-5205");

    JsonNode listed = Http.get(runs(), staff).json();
    assertThat(listed.path("runs"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.path("remindersCreated")).isEqualTo(run.path("remindersCreated")));
  }

  @Test
  void aDayTheTimerMissedMayBeRunAWeekBackButNotTheFutureOrLonger() {
    LocalDate today = ReminderRows.today();

    Http.Response missed =
        Http.postJson(runs(), staff, "{\"runDate\":\"" + today.minusDays(7) + "\"}");
    Http.Response tooFar =
        Http.postJson(runs(), staff, "{\"runDate\":\"" + today.minusDays(8) + "\"}");
    Http.Response future =
        Http.postJson(runs(), staff, "{\"runDate\":\"" + today.plusDays(1) + "\"}");
    Http.Response notADate = Http.postJson(runs(), staff, "{\"runDate\":\"yesterday\"}");

    assertThat(missed.status()).as(missed.body()).isEqualTo(201);
    for (Http.Response refused : List.of(tooFar, future, notADate)) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(422);
      assertThat(refused.json().path("code").asText()).isEqualTo("SKY-5204");
    }
  }

  @Test
  void onlyStaffOfTheMunicipalityRunItsReminders() {
    Personas.Municipality elsewhere = Personas.municipality();
    Http.Response otherStaff =
        Http.postJson(runs(), Tokens.staff(Personas.staffOf(elsewhere)), "{}");
    Http.Response guardian = Http.postJson(runs(), Tokens.guardian(infant.mother()), "{}");
    Http.Response unknown =
        Http.postJson("/api/v1/municipalities/999999/reminder-runs", staff, "{}");

    assertThat(otherStaff.status()).isEqualTo(403);
    assertThat(otherStaff.json().path("code").asText()).isEqualTo("SKY-1003");
    assertThat(guardian.status()).isEqualTo(403);
    assertThat(guardian.json().path("code").asText()).isEqualTo("SKY-1005");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(Http.get(runs(), staff).json().path("runs")).isEmpty();
  }

  @Test
  void staffChooseTheCheckupsTheirMunicipalityRemindsOf() {
    JsonNode defaults = Http.get(settings(), staff).json();
    assertThat(defaults.path("setByMunicipality").asBoolean()).isFalse();
    assertThat(defaults.path("infantCheckups").toString())
        .isEqualTo(
            "[\"infant-1-month\",\"infant-3-4-months\",\"infant-9-10-months\",\"child-18-months\","
                + "\"child-3-years\"]");
    List<String> known = new ArrayList<>();
    defaults.path("checkups").forEach(c -> known.add(c.path("checkupKind").asText()));
    assertThat(known).hasSize(6).contains("infant-6-7-months");

    Http.Response replaced =
        Http.send(
            "PUT",
            settings(),
            staff,
            "application/json",
            "{\"infantCheckups\":[\"child-3-years\",\"child-18-months\"]}");

    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().path("infantCheckups").toString())
        .isEqualTo("[\"child-18-months\",\"child-3-years\"]");
    assertThat(replaced.json().path("setByMunicipality").asBoolean()).isTrue();
    // The infant is 3 months old; its town no longer runs the 3～4か月 checkup.
    Http.postJson(runs(), staff, "{}");
    assertThat(ReminderRows.about(infant.childId()))
        .noneMatch(r -> r.kind().equals(ReminderRules.INFANT_CHECKUP));
  }

  @Test
  void theRunsSettingsHaveTheirDefaultsAndTheTimerIsOffWhereTestsRunTheDays() throws Exception {
    ReminderConfiguration configuration = TestService.bean(ReminderConfiguration.class);

    assertThat(configuration.lease()).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(configuration.maxDaysBack()).isEqualTo(7);
    assertThat(TestService.server().getApplicationContext().findBean(DailyReminderSchedule.class))
        .isEmpty();
    io.micronaut.scheduling.annotation.Scheduled timer =
        DailyReminderSchedule.class
            .getDeclaredMethod("tick")
            .getAnnotation(io.micronaut.scheduling.annotation.Scheduled.class);
    assertThat(timer.zoneId()).isEqualTo("Asia/Tokyo");
    assertThat(timer.cron()).isEqualTo("${sukoyaka.reminders.schedule.cron:0 0 9-20 * * *}");
  }

  @Test
  void aCheckupTheRemindersDoNotKnowIsRefusedAndNothingChanges() {
    Http.Response refused =
        Http.send(
            "PUT",
            settings(),
            staff,
            "application/json",
            "{\"infantCheckups\":[\"child-3-years\",\"child-5-years\"]}");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("code").asText()).isEqualTo("SKY-5206");
    assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("infantCheckups/1");
    assertThat(Http.get(settings(), staff).json().path("setByMunicipality").asBoolean()).isFalse();
  }
}
