package app.sukoyaka.notice.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.notice.push.QuietHours;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Http;
import app.sukoyaka.testing.InfantCheckupBundle;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.PrenatalBundle;
import app.sukoyaka.testing.RecordBundle;
import app.sukoyaka.testing.TestService;
import app.sukoyaka.testing.Tokens;
import app.sukoyaka.testing.VaccinationBundle;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daily reminder run on real PostgreSQL: each kind fires on its day and not the day before,
 * once per recipient whatever runs again, and stops when its event happens, the queued push
 * withdrawn in the transaction that stores the dose or the checkup.
 */
class ReminderRunIT {
  private static DailyReminders reminders;
  private static LocalDate today;

  /** The day most tests run: yesterday, so that the day before it can be run too. */
  private static LocalDate day;

  @BeforeAll
  static void theService() {
    TestService.server();
    reminders = TestService.bean(DailyReminders.class);
    today = ReminderRows.today();
    day = today.minusDays(1);
  }

  private static Optional<DailyReminders.Run> run(Personas.Municipality town, LocalDate on) {
    return reminders.run(town.id(), on, "test");
  }

  private static List<ReminderRows.Reminder> of(UUID subject, String kind) {
    return ReminderRows.about(subject).stream().filter(r -> r.kind().equals(kind)).toList();
  }

  private static Http.Response submit(Personas.Clinic clinic, String bundle) {
    Http.Response response = Http.postFhir(Tokens.clinic(clinic), bundle);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response;
  }

  // --- Each kind on its day -----------------------------------------------------------------

  @Test
  void theTwoMonthVaccinationsAreRemindedAWeekAheadOnThatDayAndNotTheDayBefore() {
    Personas.Municipality town = Personas.municipality();
    LocalDate dueOn = day.plusDays(7);
    LocalDate born =
        ReminderRows.bornSoThat(
            "DPT_IPV_HIB",
            "1",
            day,
            r -> ReminderRows.later(r.earliestDate(), r.recommendedFrom()),
            dueOn,
            dueOn.minusMonths(2).minusDays(5),
            dueOn.minusMonths(2).plusDays(5));
    Personas.FamilyWithInfant family = Personas.infantBornOn(town, born);

    run(town, day.minusDays(1)).orElseThrow();
    assertThat(of(family.childId(), ReminderRules.VACCINE_DUE)).isEmpty();

    DailyReminders.Run run = run(town, day).orElseThrow();

    List<ReminderRows.Reminder> due = of(family.childId(), ReminderRules.VACCINE_DUE);
    assertThat(due)
        .extracting(ReminderRows.Reminder::eventKey)
        .contains("DPT_IPV_HIB/1", "PCV/1", "HEPB/1", "ROTA/1");
    assertThat(due)
        .allSatisfy(
            r -> {
              assertThat(r.personId()).isEqualTo(family.mother().personId());
              assertThat(r.dueDate()).isEqualTo(dueOn);
              assertThat(r.runDate()).isEqualTo(day);
            });
    // Doses made due together reach the mother as one push, which names the first of them.
    ReminderRows.Reminder lead =
        due.stream().filter(r -> r.id().equals(r.pushSubjectId())).findFirst().orElseThrow();
    assertThat(due).extracting(ReminderRows.Reminder::pushSubjectId).containsOnly(lead.id());
    List<ReminderRows.Push> pushes =
        ReminderRows.pushesOf(family.mother().personId()).stream()
            .filter(p -> p.payload().at("/data/reminderKind").asText().equals("vaccine-due"))
            .toList();
    assertThat(pushes)
        .singleElement()
        .satisfies(
            push -> {
              assertThat(push.subjectId()).isEqualTo(lead.id());
              assertThat(push.status()).isEqualTo("queued");
              assertThat(push.payload().path("kind").asText()).isEqualTo("reminder");
              assertThat(push.payload().path("title").asText()).isEqualTo("予防接種の時期が近づいています");
              assertThat(push.payload().at("/data/reminderKind").asText()).isEqualTo("vaccine-due");
              assertThat(push.payload().at("/data/reminderId").asText())
                  .isEqualTo(lead.id().toString());
              assertThat(push.payload().at("/data/childId").asText())
                  .isEqualTo(family.childId().toString());
              assertThat(push.payload().path("deepLink").asText())
                  .isEqualTo("sukoyaka://reminders/" + lead.id());
              // Ids only: no name, no vaccine.
              assertThat(push.payload().toString()).doesNotContain("蓮", "五種混合", "DPT");
            });
    // The 1か月 checkup not attended was reminded the day before; its repeat waits 30 days.
    assertThat(of(family.childId(), ReminderRules.INFANT_CHECKUP))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.eventKey()).isEqualTo("infant-1-month");
              assertThat(r.runDate()).isEqualTo(day.minusDays(1));
            });
    assertThat(run.status()).isEqualTo("done");
    assertThat(run.remindersCreated()).isGreaterThanOrEqualTo(due.size());
    assertThat(run.pushesQueued()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anOverdueDoseIsRemindedTwoWeeksAfterItsStandardPeriodEnded() {
    Personas.Municipality town = Personas.municipality();
    LocalDate standardEnd = day.minusDays(15);
    LocalDate born =
        ReminderRows.bornSoThat(
            "DPT_IPV_HIB",
            "1",
            day,
            r -> r.dueDate(),
            standardEnd,
            standardEnd.minusMonths(7).minusDays(5),
            standardEnd.minusMonths(7).plusDays(5));
    Personas.FamilyWithInfant family = Personas.infantBornOn(town, born);

    run(town, day.minusDays(1)).orElseThrow();
    assertThat(of(family.childId(), ReminderRules.VACCINE_OVERDUE))
        .extracting(ReminderRows.Reminder::eventKey)
        .doesNotContain("DPT_IPV_HIB/1");

    run(town, day).orElseThrow();

    assertThat(of(family.childId(), ReminderRules.VACCINE_OVERDUE))
        .filteredOn(r -> r.eventKey().equals("DPT_IPV_HIB/1"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.occurrence()).isEqualTo(1);
              assertThat(r.dueDate()).isEqualTo(standardEnd.plusDays(1));
            });
  }

  @Test
  void aMotherAtTwentyThreeWeeksIsRemindedOfHerTwentyFourWeekCheckupThreeDaysAhead() {
    Personas.Municipality town = Personas.municipality();
    Personas.Mother mother = Personas.motherAt20Weeks(town);
    LocalDate week24 = day.plusDays(3);
    LocalDate zero = week24.minusDays(24 * 7);
    Db.update(
        "UPDATE pregnancy SET expected_delivery_date = ? WHERE id = ?",
        Date.valueOf(zero.plusDays(280)),
        mother.pregnancyId());
    // Her week-21 checkup attended visit 4.
    submit(
        Personas.clinicServing(town),
        PrenatalBundle.fullVisit(mother, zero.plusDays(21 * 7)).json());

    run(town, day.minusDays(1)).orElseThrow();
    assertThat(of(mother.pregnancyId(), ReminderRules.PRENATAL_CHECKUP)).isEmpty();

    run(town, day).orElseThrow();

    assertThat(of(mother.pregnancyId(), ReminderRules.PRENATAL_CHECKUP))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.eventKey()).isEqualTo("visit-5");
              assertThat(r.dueDate()).isEqualTo(week24);
              assertThat(r.personId()).isEqualTo(mother.personId());
            });
    assertThat(ReminderRows.pushesOf(mother.personId()))
        .singleElement()
        .satisfies(
            push -> {
              assertThat(push.payload().at("/data/pregnancyId").asText())
                  .isEqualTo(mother.pregnancyId().toString());
              assertThat(push.payload().at("/data/reminderKind").asText())
                  .isEqualTo("prenatal-checkup");
              assertThat(push.payload().at("/data/childId").isMissingNode()).isTrue();
            });
  }

  @Test
  void theThreeToFourMonthCheckupIsRemindedAWeekBeforeThreeMonthsAndStopsWhenAttended() {
    Personas.Municipality town = Personas.municipality();
    LocalDate threeMonths = day.plusDays(7);
    LocalDate born = threeMonths.minusMonths(3);
    while (!born.plusMonths(3).equals(threeMonths)) {
      born = born.minusDays(1);
    }
    Personas.FamilyWithInfant family = Personas.infantBornOn(town, born);

    run(town, day.minusDays(1)).orElseThrow();
    assertThat(of(family.childId(), ReminderRules.INFANT_CHECKUP)).isEmpty();
    run(town, day).orElseThrow();

    ReminderRows.Reminder reminder =
        of(family.childId(), ReminderRules.INFANT_CHECKUP).stream()
            .filter(r -> r.eventKey().equals("infant-3-4-months"))
            .findFirst()
            .orElseThrow();
    assertThat(reminder.dueDate()).isEqualTo(threeMonths);
    assertThat(pushAbout(reminder).status()).isEqualTo("queued");

    // The clinic's record of the checkup settles the reminder and withdraws the push, together.
    submit(
        Personas.clinicServing(town), InfantCheckupBundle.threeToFourMonths(family, today).json());

    ReminderRows.Reminder settled = find(reminder.id());
    assertThat(settled.resolution()).isEqualTo("done");
    assertThat(pushAbout(reminder).status()).isEqualTo("cancelled");
    run(town, today).orElseThrow();
    assertThat(of(family.childId(), ReminderRules.INFANT_CHECKUP)).hasSize(1);
  }

  @Test
  void aDetailedExaminationWithoutAResultIsRemindedSixtyDaysAfterTheCheckupUntilItsResultArrives() {
    Personas.Municipality town = Personas.municipality();
    LocalDate checkup = day.minusDays(60);
    Personas.FamilyWithInfant family = Personas.infantBornOn(town, checkup.minusMonths(19));
    Personas.Clinic clinic = Personas.clinicServing(town);
    submit(
        clinic,
        RecordBundle.aboutChild(
                RecordBundle.ChildPatient.of(family), "child-18-months", "AMB", checkup)
            .coded("overall-judgement", "detailed-examination")
            .flag("follow-up-referral", true)
            .json());

    run(town, day.minusDays(1)).orElseThrow();
    assertThat(of(family.childId(), ReminderRules.CHECKUP_FOLLOW_UP)).isEmpty();
    run(town, day).orElseThrow();

    ReminderRows.Reminder reminder =
        of(family.childId(), ReminderRules.CHECKUP_FOLLOW_UP).stream().findFirst().orElseThrow();
    assertThat(reminder.dueDate()).isEqualTo(day);
    ReminderRows.Push push = pushAbout(reminder);
    // The lock screen says nothing of the judgement.
    assertThat(push.payload().path("title").asText()).isEqualTo("健診についてのお知らせ");
    assertThat(push.payload().toString()).doesNotContain("精密", "detailed");

    // The detailed examination's result, reported with the checkup's kind, ends it.
    submit(
        clinic,
        RecordBundle.aboutChild(
                RecordBundle.ChildPatient.of(family), "child-18-months", "AMB", today)
            .coded("follow-up-result", "no-abnormality")
            .date("follow-up-visit-date", today)
            .json());

    assertThat(find(reminder.id()).resolution()).isEqualTo("done");
    assertThat(pushAbout(reminder).status()).isEqualTo("cancelled");
  }

  // --- Never twice --------------------------------------------------------------------------

  @Test
  void aSecondRunTheNextDayRemindsOfNothingAlreadyReminded() {
    Personas.Municipality town = Personas.municipality();
    Personas.InfantDueForSecondDoses infant = Personas.infantDueForSecondDoses(town);
    run(town, day).orElseThrow();
    List<ReminderRows.Reminder> first = ReminderRows.about(infant.childId());
    assertThat(first)
        .extracting(ReminderRows.Reminder::eventKey)
        .contains("DPT_IPV_HIB/2", "PCV/2", "ROTA/2");

    DailyReminders.Run second = run(town, today).orElseThrow();

    assertThat(ReminderRows.about(infant.childId())).containsExactlyElementsOf(first);
    // One push for the doses, one for the 3～4か月 checkup whose window is open: no more.
    assertThat(ReminderRows.pushesOf(infant.mother().personId()))
        .extracting(p -> p.payload().at("/data/reminderKind").asText())
        .containsExactlyInAnyOrder("vaccine-due", "infant-checkup");
    assertThat(second.remindersCreated()).isZero();
    assertThat(run(town, today)).as("the same day again").isEmpty();
  }

  @Test
  void twoInstancesRunningTheSameDayAtOnceRemindOnce() throws Exception {
    Personas.Municipality town = Personas.municipality();
    Personas.InfantDueForSecondDoses infant = Personas.infantDueForSecondDoses(town);
    var other = TestService.another();
    try {
      DailyReminders second = other.getApplicationContext().getBean(DailyReminders.class);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      var start = new java.util.concurrent.CountDownLatch(1);
      var a =
          pool.submit(
              () -> {
                start.await();
                return reminders.run(town.id(), day, "instance-a");
              });
      var b =
          pool.submit(
              () -> {
                start.await();
                return second.run(town.id(), day, "instance-b");
              });
      start.countDown();
      Optional<DailyReminders.Run> ranA = a.get();
      Optional<DailyReminders.Run> ranB = b.get();
      pool.shutdown();

      assertThat(ranA.isPresent() ^ ranB.isPresent()).as("exactly one ran").isTrue();
      List<ReminderRows.Reminder> rows = ReminderRows.about(infant.childId());
      assertThat(rows).isNotEmpty();
      assertThat(rows.stream().map(r -> r.kind() + r.eventKey() + r.occurrence()).distinct())
          .hasSize(rows.size());
      assertThat(ReminderRows.pushesOf(infant.mother().personId()))
          .extracting(p -> p.payload().at("/data/reminderKind").asText())
          .containsExactlyInAnyOrder("vaccine-due", "infant-checkup");
      assertThat(
              Db.count(
                  "SELECT attempts FROM reminder_run WHERE municipality_id = ? AND run_date = ?",
                  town.id(),
                  Date.valueOf(day)))
          .isEqualTo(1);
    } finally {
      other.stop();
    }
  }

  @Test
  void theDailyJobOfTwoInstancesClaimsEachMunicipalityOnceADay() throws Exception {
    List<Personas.Municipality> towns =
        List.of(
            Personas.municipality(),
            Personas.municipality(),
            Personas.municipality(),
            Personas.municipality());
    for (Personas.Municipality town : towns) {
      Personas.infantDueForSecondDoses(town);
    }
    List<UUID> ids = towns.stream().map(Personas.Municipality::id).toList();
    var other = TestService.another();
    try {
      DailyReminders second = other.getApplicationContext().getBean(DailyReminders.class);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      var start = new java.util.concurrent.CountDownLatch(1);
      var a =
          pool.submit(
              () -> {
                start.await();
                return reminders.runAll(today, DailyReminderSchedule.STARTED_BY, ids);
              });
      var b =
          pool.submit(
              () -> {
                start.await();
                return second.runAll(today, DailyReminderSchedule.STARTED_BY, ids);
              });
      start.countDown();
      List<DailyReminders.Run> ranA = a.get();
      List<DailyReminders.Run> ranB = b.get();
      pool.shutdown();

      List<UUID> ran =
          java.util.stream.Stream.concat(ranA.stream(), ranB.stream())
              .map(DailyReminders.Run::municipalityId)
              .toList();
      assertThat(ran).containsExactlyInAnyOrderElementsOf(ids);
      for (UUID town : ids) {
        assertThat(
                Db.count(
                    "SELECT count(*) FROM reminder_run WHERE municipality_id = ? AND run_date = ?"
                        + " AND status = 'done' AND attempts = 1 AND started_by = 'schedule'",
                    town,
                    Date.valueOf(today)))
            .isEqualTo(1);
      }
      // A later tick of the day finds every municipality done.
      assertThat(reminders.runAll(today, DailyReminderSchedule.STARTED_BY, ids)).isEmpty();
    } finally {
      other.stop();
    }
  }

  @Test
  void aRunWhoseInstanceStoppedIsTakenOverAndAFailedRunIsRunAgain() {
    Personas.Municipality stalled = Personas.municipality();
    Personas.Municipality failed = Personas.municipality();
    Personas.InfantDueForSecondDoses infant = Personas.infantDueForSecondDoses(stalled);
    Instant longAgo = Instant.now().minusSeconds(3600);
    Db.update(
        "INSERT INTO reminder_run (municipality_id, run_date, status, started_by, instance,"
            + " started_at, heartbeat_at) VALUES (?, ?, 'running', 'schedule', 'gone', ?, ?)",
        stalled.id(),
        Date.valueOf(day),
        Timestamp.from(longAgo),
        Timestamp.from(longAgo));
    Db.update(
        "INSERT INTO reminder_run (municipality_id, run_date, status, started_by, instance,"
            + " started_at, heartbeat_at, finished_at, error) VALUES (?, ?, 'failed', 'schedule',"
            + " 'other', ?, ?, ?, 'the database went away')",
        failed.id(),
        Date.valueOf(day),
        Timestamp.from(longAgo),
        Timestamp.from(longAgo),
        Timestamp.from(longAgo));

    DailyReminders.Run takenOver = run(stalled, day).orElseThrow();
    DailyReminders.Run again = run(failed, day).orElseThrow();

    assertThat(takenOver.attempts()).isEqualTo(2);
    assertThat(takenOver.status()).isEqualTo("done");
    assertThat(ReminderRows.about(infant.childId())).isNotEmpty();
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(again.error()).isNull();
    // A run still reporting is left alone.
    Personas.Municipality busy = Personas.municipality();
    Db.update(
        "INSERT INTO reminder_run (municipality_id, run_date, status, started_by, instance,"
            + " started_at, heartbeat_at) VALUES (?, ?, 'running', 'schedule', 'alive', now(),"
            + " now())",
        busy.id(),
        Date.valueOf(day));
    assertThat(run(busy, day)).isEmpty();
  }

  // --- Stop when the event happened ------------------------------------------------------------

  @Test
  void dosesRecordedByTheClinicSettleTheirRemindersAndWithdrawThePushOnceNoneIsLeft() {
    Personas.Municipality town = Personas.municipality();
    Personas.InfantDueForSecondDoses infant = Personas.infantDueForSecondDoses(town);
    run(town, day).orElseThrow();
    List<ReminderRows.Reminder> due = of(infant.childId(), ReminderRules.VACCINE_DUE);
    assertThat(due)
        .extracting(ReminderRows.Reminder::eventKey)
        .containsExactlyInAnyOrder("DPT_IPV_HIB/2", "PCV/2", "ROTA/2", "HEPB/1");
    ReminderRows.Push push = pushAbout(due.get(0));
    assertThat(push.status()).isEqualTo("queued");
    Personas.Clinic clinic = Personas.vaccinatingClinicServing(town);

    submit(
        clinic,
        VaccinationBundle.forChild(infant.family(), clinic)
            .dose("DPT_IPV_HIB", today, "2", true)
            .json());

    assertThat(of(infant.childId(), ReminderRules.VACCINE_DUE))
        .filteredOn(r -> !r.open())
        .extracting(ReminderRows.Reminder::eventKey)
        .containsExactly("DPT_IPV_HIB/2");
    // The push still carries the other doses.
    assertThat(pushAbout(due.get(0)).status()).isEqualTo("queued");

    submit(
        clinic,
        VaccinationBundle.forChild(infant.family(), clinic)
            .dose("PCV", today, "2", true)
            .product("PCV20")
            .dose("ROTA", today, "2", true)
            .product("RV1")
            .dose("HEPB", today, "1", true)
            .json());

    assertThat(of(infant.childId(), ReminderRules.VACCINE_DUE))
        .allSatisfy(r -> assertThat(r.resolution()).isEqualTo("done"));
    assertThat(pushAbout(due.get(0)).status()).isEqualTo("cancelled");
    // And no further reminder of those doses.
    DailyReminders.Run next = run(town, today).orElseThrow();
    assertThat(ReminderRows.about(infant.childId()))
        .filteredOn(ReminderRows.Reminder::open)
        .extracting(ReminderRows.Reminder::kind)
        .containsExactly(ReminderRules.INFANT_CHECKUP);
    assertThat(next.remindersCreated()).isZero();
  }

  // --- The guardian's settings ----------------------------------------------------------------

  @Test
  void aKindSwitchedOffReachesNoOneWhoSwitchedItOffLanguageAndQuietHoursAreEachGuardiansOwn() {
    Personas.Municipality town = Personas.municipality();
    Personas.InfantDueForSecondDoses infant = Personas.infantDueForSecondDoses(town);
    Personas.Guardian father = Personas.fatherOf(infant.family());
    Personas.Guardian second = Personas.fatherOf(infant.family());
    // The mother wants no reminder of doses coming up; the father reads English; the second
    // guardian is in quiet hours right now.
    Http.Response off =
        Http.send(
            "PUT",
            "/api/v1/me/notification-settings",
            Tokens.guardian(infant.mother()),
            "application/json",
            "{\"language\":\"ja\",\"quietHours\":{\"start\":\"21:00\",\"end\":\"08:00\"},"
                + "\"remindersOff\":[\"vaccine-due\"]}");
    assertThat(off.status()).as(off.body()).isEqualTo(200);
    Http.Response english =
        Http.send(
            "PUT",
            "/api/v1/me/notification-settings",
            Tokens.user("guardian", father.loginSubject()),
            "application/json",
            "{\"language\":\"en\",\"quietHours\":{\"start\":\"00:00\",\"end\":\"00:00\"},"
                + "\"remindersOff\":[]}");
    assertThat(english.status()).as(english.body()).isEqualTo(200);
    LocalTime now = ZonedDateTime.now(ReminderRows.JAPAN).toLocalTime();
    QuietHours coveringNow =
        new QuietHours(
            now.minusHours(1).withSecond(0).withNano(0),
            now.plusHours(1).withSecond(0).withNano(0));
    Http.Response quiet =
        Http.send(
            "PUT",
            "/api/v1/me/notification-settings",
            Tokens.user("guardian", second.loginSubject()),
            "application/json",
            "{\"language\":\"ja\",\"quietHours\":{\"start\":\""
                + coveringNow.start().format(NotificationSettings.HH_MM)
                + "\",\"end\":\""
                + coveringNow.end().format(NotificationSettings.HH_MM)
                + "\"},\"remindersOff\":[]}");
    assertThat(quiet.status()).as(quiet.body()).isEqualTo(200);

    run(town, day).orElseThrow();

    List<ReminderRows.Reminder> due = of(infant.childId(), ReminderRules.VACCINE_DUE);
    assertThat(due.stream().map(ReminderRows.Reminder::personId).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(father.personId(), second.personId());
    assertThat(ReminderRows.pushesOf(infant.mother().personId()))
        .extracting(p -> p.payload().at("/data/reminderKind").asText())
        .containsExactly("infant-checkup");
    ReminderRows.Push english1 = vaccinePush(father.personId());
    assertThat(english1.payload().path("language").asText()).isEqualTo("en");
    assertThat(english1.payload().path("title").asText()).isEqualTo("A vaccination is coming up");
    assertThat(english1.notBefore()).isEqualTo(english1.createdAt());
    ReminderRows.Push held = vaccinePush(second.personId());
    assertThat(held.payload().path("language").asText()).isEqualTo("ja");
    assertThat(held.notBefore())
        .isAfter(held.createdAt())
        .isEqualTo(coveringNow.release(held.createdAt()));
  }

  @Test
  void aGuardianWhoNeverChoseIsWrittenToInJapaneseAfterTheDefaultQuietHours() {
    Personas.Municipality town = Personas.municipality();
    Personas.InfantDueForSecondDoses infant = Personas.infantDueForSecondDoses(town);

    run(town, day).orElseThrow();

    ReminderRows.Push push = vaccinePush(infant.mother().personId());
    assertThat(push.payload().path("language").asText()).isEqualTo("ja");
    assertThat(push.notBefore()).isEqualTo(QuietHours.DEFAULT.release(push.createdAt()));
  }

  @Test
  void aMunicipalityThatDoesNotRunTheThreeToFourMonthCheckupDoesNotRemindOfIt() {
    Personas.Municipality town = Personas.municipality();
    LocalDate born = day.plusDays(7).minusMonths(3);
    Personas.FamilyWithInfant family = Personas.infantBornOn(town, born);
    TestService.bean(MunicipalReminderSettings.class)
        .replace(
            town.id(), List.of("child-18-months", "child-3-years"), "staff-test", Instant.now());

    run(town, day).orElseThrow();

    assertThat(of(family.childId(), ReminderRules.INFANT_CHECKUP)).isEmpty();
    assertThat(of(family.childId(), ReminderRules.VACCINE_DUE)).isNotEmpty();
  }

  private static ReminderRows.Reminder find(UUID id) {
    return ReminderRows.about(UUID.fromString(subjectOf(id))).stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static String subjectOf(UUID reminder) {
    try (var connection = Db.connect();
        var statement =
            connection.prepareStatement("SELECT subject_id FROM reminder WHERE id = ?")) {
      statement.setObject(1, reminder);
      try (var rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ReminderRows.Push vaccinePush(UUID person) {
    return ReminderRows.pushesOf(person).stream()
        .filter(p -> p.payload().at("/data/reminderKind").asText().equals("vaccine-due"))
        .findFirst()
        .orElseThrow();
  }

  /** The push that carries the reminder (its own, or the one of the reminder it was sent with). */
  private static ReminderRows.Push pushAbout(ReminderRows.Reminder reminder) {
    return ReminderRows.pushesOf(reminder.personId()).stream()
        .filter(p -> p.subjectId().equals(reminder.pushSubjectId()))
        .findFirst()
        .orElseThrow();
  }
}
