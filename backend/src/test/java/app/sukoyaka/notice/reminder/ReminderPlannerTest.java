package app.sukoyaka.notice.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.Forecaster;
import app.sukoyaka.immunization.schedule.GivenDose;
import app.sukoyaka.immunization.schedule.Note;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.RuleSource;
import app.sukoyaka.immunization.schedule.Sex;
import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.immunization.schedule.Text;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which reminders the rules call for on which day, for fixed days (no clock, no database). */
class ReminderPlannerTest {
  private static final UUID CHILD = UUID.fromString("8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f");
  private static final UUID PREGNANCY = UUID.fromString("5d7e2f6a-3c1b-4e8d-9a0f-1b2c3d4e5f60");
  private static final RuleSource RULE = new RuleSource("test", List.of());
  private static final List<String> ALL_CHECKUPS =
      List.of(
          "infant-1-month",
          "infant-3-4-months",
          "infant-6-7-months",
          "infant-9-10-months",
          "child-18-months",
          "child-3-years");

  private final ReminderPlanner planner = new ReminderPlanner(ReminderRules.load());

  private static Recommendation open(
      Status status, LocalDate earliest, LocalDate from, LocalDate due, LocalDate windowEnd) {
    return new Recommendation(
        "DPT_IPV_HIB", "2", status, null, null, earliest, from, due, windowEnd, 4, List.of(), RULE);
  }

  // --- When an event's reminder is due ----------------------------------------------------

  @Test
  void anEventIsRemindedFromItsFirstDayAndRepeatsAtMostTheTimesAllowed() {
    ReminderRules.Repeat thrice = new ReminderRules.Repeat(30, 3);
    LocalDate first = LocalDate.of(2026, 5, 1);

    assertThat(ReminderPlanner.occurrence(first.minusDays(1), first, null, thrice)).isEmpty();
    assertThat(ReminderPlanner.occurrence(first, first, null, thrice)).hasValue(1);
    assertThat(ReminderPlanner.occurrence(first.plusDays(29), first, null, thrice)).hasValue(1);
    assertThat(ReminderPlanner.occurrence(first.plusDays(30), first, null, thrice)).hasValue(2);
    assertThat(ReminderPlanner.occurrence(first.plusDays(60), first, null, thrice)).hasValue(3);
    // Without an end of its own, the event ends with the span of its reminders.
    assertThat(ReminderPlanner.occurrence(first.plusDays(89), first, null, thrice)).hasValue(3);
    assertThat(ReminderPlanner.occurrence(first.plusDays(90), first, null, thrice)).isEmpty();
  }

  @Test
  void anEventSeenLateGetsTheReminderThatAppliesNowAndNoneAfterItsEnd() {
    ReminderRules.Repeat once = new ReminderRules.Repeat(1, 1);
    LocalDate first = LocalDate.of(2026, 5, 1);
    LocalDate end = LocalDate.of(2026, 6, 30);

    assertThat(ReminderPlanner.occurrence(first.plusDays(20), first, end, once)).hasValue(1);
    assertThat(ReminderPlanner.occurrence(end, first, end, once)).hasValue(1);
    assertThat(ReminderPlanner.occurrence(end.plusDays(1), first, end, once))
        .isEqualTo(OptionalInt.empty());
  }

  // --- Vaccinations ---------------------------------------------------------------------------

  @Test
  void aDoseIsRemindedAWeekBeforeItBecomesDueAndNotTheDayBefore() {
    LocalDate becomesDue = LocalDate.of(2026, 6, 10);
    Recommendation tooSoon =
        open(
            Status.TOO_SOON, becomesDue, null, LocalDate.of(2026, 7, 15), LocalDate.of(2033, 1, 1));

    assertThat(planner.vaccines(CHILD, List.of(tooSoon), becomesDue.minusDays(8))).isEmpty();
    List<PlannedReminder> planned =
        planner.vaccines(CHILD, List.of(tooSoon), becomesDue.minusDays(7));

    assertThat(planned)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(ReminderRules.VACCINE_DUE);
              assertThat(r.eventKey()).isEqualTo("DPT_IPV_HIB/2");
              assertThat(r.occurrence()).isEqualTo(1);
              assertThat(r.dueDate()).isEqualTo(becomesDue);
              assertThat(r.windowEnd()).isEqualTo(LocalDate.of(2026, 7, 15));
            });
  }

  @Test
  void aDoseBecomesDueWhenBothTheLegalStartAndTheStandardPeriodHaveCome() {
    LocalDate legal = LocalDate.of(2026, 3, 1);
    LocalDate standard = LocalDate.of(2026, 9, 1);
    Recommendation notYet = open(Status.NOT_YET, legal, standard, LocalDate.of(2026, 12, 1), null);

    assertThat(planner.vaccines(CHILD, List.of(notYet), legal.minusDays(7))).isEmpty();
    assertThat(planner.vaccines(CHILD, List.of(notYet), standard.minusDays(7)))
        .singleElement()
        .extracting(PlannedReminder::dueDate)
        .isEqualTo(standard);
  }

  @Test
  void aDoseDueAlreadyIsRemindedUntilItsStandardPeriodEnds() {
    LocalDate end = LocalDate.of(2026, 7, 15);
    Recommendation due = open(Status.DUE, LocalDate.of(2026, 5, 1), null, end, null);

    assertThat(planner.vaccines(CHILD, List.of(due), end)).hasSize(1);
    assertThat(planner.vaccines(CHILD, List.of(due), end.plusDays(1))).isEmpty();
  }

  @Test
  void anOverdueDoseIsRemindedTwoWeeksAfterItsStandardPeriodThenMonthlyThreeTimesInAll() {
    LocalDate standardEnd = LocalDate.of(2026, 4, 30);
    Recommendation overdue =
        open(Status.OVERDUE, LocalDate.of(2026, 1, 1), null, standardEnd, LocalDate.of(2030, 1, 1));
    LocalDate first = standardEnd.plusDays(15);

    assertThat(planner.vaccines(CHILD, List.of(overdue), first.minusDays(1))).isEmpty();
    assertThat(planner.vaccines(CHILD, List.of(overdue), first))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(ReminderRules.VACCINE_OVERDUE);
              assertThat(r.occurrence()).isEqualTo(1);
              assertThat(r.dueDate()).isEqualTo(standardEnd.plusDays(1));
            });
    assertThat(planner.vaccines(CHILD, List.of(overdue), first.plusDays(30)))
        .extracting(PlannedReminder::occurrence)
        .containsExactly(2);
    assertThat(planner.vaccines(CHILD, List.of(overdue), first.plusDays(61)))
        .extracting(PlannedReminder::occurrence)
        .containsExactly(3);
    // The third stays the current one; the rows' unique key keeps it from being sent again.
    assertThat(planner.vaccines(CHILD, List.of(overdue), first.plusDays(400)))
        .extracting(PlannedReminder::occurrence)
        .containsExactly(3);
    assertThat(planner.vaccines(CHILD, List.of(overdue), LocalDate.of(2030, 1, 2))).isEmpty();
  }

  @Test
  void aDoseTheForecastWarnsAgainstIsNotUrged() {
    Recommendation rota =
        new Recommendation(
            "ROTA",
            "1",
            Status.OVERDUE,
            null,
            "RV1",
            LocalDate.of(2026, 3, 1),
            LocalDate.of(2026, 3, 1),
            LocalDate.of(2026, 4, 14),
            LocalDate.of(2026, 6, 17),
            2,
            List.of(new Note(Note.Severity.WARNING, new Text("推奨されません", "not recommended"))),
            RULE);

    assertThat(planner.vaccines(CHILD, List.of(rota), LocalDate.of(2026, 5, 1))).isEmpty();
  }

  @Test
  void dosesGivenOrNoLongerRoutineAreNotReminded() {
    LocalDate day = LocalDate.of(2026, 5, 1);
    Recommendation given =
        new Recommendation(
            "BCG",
            "1",
            Status.COMPLETE,
            day.minusDays(3),
            null,
            null,
            null,
            null,
            null,
            1,
            List.of(),
            RULE);
    Recommendation closed =
        new Recommendation(
            "HEPB",
            "3",
            Status.INELIGIBLE,
            null,
            null,
            day.minusYears(1),
            null,
            null,
            day.minusDays(1),
            3,
            List.of(),
            RULE);

    assertThat(planner.vaccines(CHILD, List.of(given, closed), day)).isEmpty();
  }

  @Test
  void theTwoMonthVaccinationsOfARealForecastAreRemindedTogetherAWeekAhead() {
    LocalDate born = LocalDate.of(2026, 3, 10);
    // 生後2月 is reached the day before the same date two months on (2026-05-09): the standard
    // period of the first doses starts then, and the reminder fires a week before.
    LocalDate fires = LocalDate.of(2026, 5, 2);

    List<PlannedReminder> planned = planner.vaccines(CHILD, forecast(born, fires), fires);
    List<PlannedReminder> dayBefore =
        planner.vaccines(CHILD, forecast(born, fires.minusDays(1)), fires.minusDays(1));

    assertThat(planned)
        .extracting(PlannedReminder::eventKey)
        .contains("DPT_IPV_HIB/1", "PCV/1", "HEPB/1", "ROTA/1");
    assertThat(planned).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ReminderRules.VACCINE_DUE));
    assertThat(planned)
        .filteredOn(r -> r.eventKey().equals("DPT_IPV_HIB/1"))
        .singleElement()
        .extracting(PlannedReminder::dueDate)
        .isEqualTo(LocalDate.of(2026, 5, 9));
    assertThat(dayBefore).extracting(PlannedReminder::eventKey).doesNotContain("DPT_IPV_HIB/1");
  }

  private static List<Recommendation> forecast(LocalDate born, LocalDate day) {
    return new Forecaster(RoutineSchedule.load())
        .forecast(new ForecastRequest(born, day, Sex.MALE, List.<GivenDose>of(), Set.of()))
        .recommendations();
  }

  // --- 妊婦健診 ---------------------------------------------------------------------------

  @Test
  void aVisitIsRemindedThreeDaysBeforeItsWindowOpens() {
    LocalDate delivery = LocalDate.of(2026, 12, 31);
    LocalDate week24 = delivery.minusDays(280).plusDays(24 * 7);

    List<PlannedReminder> before =
        planner.prenatalCheckups(
            PREGNANCY, delivery, List.of(week24.minusDays(30)), week24.minusDays(4));
    List<PlannedReminder> on =
        planner.prenatalCheckups(
            PREGNANCY, delivery, List.of(week24.minusDays(30)), week24.minusDays(3));

    assertThat(before).extracting(PlannedReminder::eventKey).doesNotContain("visit-5");
    assertThat(on)
        .filteredOn(r -> r.eventKey().equals("visit-5"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.visitNumber()).isEqualTo(5);
              assertThat(r.pregnancyId()).isEqualTo(PREGNANCY);
              assertThat(r.dueDate()).isEqualTo(week24);
              assertThat(r.windowEnd()).isEqualTo(week24.plusDays(13));
            });
  }

  @Test
  void aVisitWithACheckupInItsWindowIsNotReminded() {
    LocalDate delivery = LocalDate.of(2026, 12, 31);
    LocalDate zero = delivery.minusDays(280);
    LocalDate day = zero.plusDays(21 * 7);

    // Visit 4 (weeks 20–23) open and not attended: reminded.
    assertThat(planner.prenatalCheckups(PREGNANCY, delivery, List.of(), day))
        .extracting(PlannedReminder::eventKey)
        .containsExactly("visit-4");
    // Attended in week 20: nothing.
    assertThat(
            planner.prenatalCheckups(PREGNANCY, delivery, List.of(zero.plusDays(20 * 7 + 2)), day))
        .isEmpty();
  }

  @Test
  void weeklyVisitsFromWeekThirtySixEachHaveTheirReminder() {
    LocalDate delivery = LocalDate.of(2026, 12, 31);
    LocalDate zero = delivery.minusDays(280);
    for (int week = 36; week <= 41; week++) {
      LocalDate day = zero.plusDays(week * 7L);
      assertThat(planner.prenatalCheckups(PREGNANCY, delivery, List.of(day.minusDays(7)), day))
          .as("week %d", week)
          .extracting(PlannedReminder::visitNumber)
          .containsExactly(week - 25);
    }
  }

  // --- Infant and child checkups -------------------------------------------------------------

  @Test
  void theThreeToFourMonthCheckupIsRemindedAWeekBeforeTheChildIsThreeMonthsOld() {
    LocalDate born = LocalDate.of(2026, 1, 31);
    LocalDate threeMonths = LocalDate.of(2026, 4, 30);

    assertThat(
            planner.infantCheckups(
                CHILD, born, Set.of("infant-1-month"), ALL_CHECKUPS, threeMonths.minusDays(8)))
        .isEmpty();
    assertThat(
            planner.infantCheckups(
                CHILD, born, Set.of("infant-1-month"), ALL_CHECKUPS, threeMonths.minusDays(7)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.eventKey()).isEqualTo("infant-3-4-months");
              assertThat(r.checkupKind()).isEqualTo("infant-3-4-months");
              assertThat(r.dueDate()).isEqualTo(threeMonths);
              // Until the day before six months.
              assertThat(r.windowEnd()).isEqualTo(LocalDate.of(2026, 7, 30));
            });
    // Still not attended 30 days later: the second and last reminder.
    assertThat(
            planner.infantCheckups(
                CHILD, born, Set.of("infant-1-month"), ALL_CHECKUPS, threeMonths.plusDays(23)))
        .extracting(PlannedReminder::occurrence)
        .containsExactly(2);
  }

  @Test
  void aCheckupAttendedOrNotRunByTheMunicipalityIsNotReminded() {
    LocalDate born = LocalDate.of(2026, 1, 31);
    LocalDate day = LocalDate.of(2026, 5, 5);

    assertThat(
            planner.infantCheckups(
                CHILD, born, Set.of("infant-1-month", "infant-3-4-months"), ALL_CHECKUPS, day))
        .isEmpty();
    assertThat(
            planner.infantCheckups(
                CHILD, born, Set.of("infant-1-month"), List.of("child-18-months"), day))
        .isEmpty();
  }

  @Test
  void theEighteenMonthCheckupOpensAtOneYearSixMonthsAsTheLawSays() {
    LocalDate born = LocalDate.of(2025, 2, 15);
    LocalDate opens = LocalDate.of(2026, 8, 15);

    assertThat(
            planner.infantCheckups(
                CHILD, born, Set.of(), List.of("child-18-months"), opens.minusDays(7)))
        .singleElement()
        .satisfies(r -> assertThat(r.windowEnd()).isEqualTo(LocalDate.of(2027, 2, 14)));
  }

  // --- 要精密 follow-up -------------------------------------------------------------------------

  @Test
  void aReferralWithoutAResultIsRemindedSixtyDaysAfterTheCheckupThenMonthlyThreeTimes() {
    UUID encounter = UUID.randomUUID();
    LocalDate checkup = LocalDate.of(2026, 3, 2);

    assertThat(planner.followUp(CHILD, encounter, "child-18-months", checkup, checkup.plusDays(59)))
        .isEmpty();
    Optional<PlannedReminder> first =
        planner.followUp(CHILD, encounter, "child-18-months", checkup, checkup.plusDays(60));
    assertThat(first)
        .hasValueSatisfying(
            r -> {
              assertThat(r.kind()).isEqualTo(ReminderRules.CHECKUP_FOLLOW_UP);
              assertThat(r.eventKey()).isEqualTo(encounter.toString());
              assertThat(r.encounterId()).isEqualTo(encounter);
              assertThat(r.windowEnd()).isNull();
            });
    assertThat(
            planner.followUp(CHILD, encounter, "child-18-months", checkup, checkup.plusDays(120)))
        .map(PlannedReminder::occurrence)
        .hasValue(3);
    assertThat(
            planner.followUp(CHILD, encounter, "child-18-months", checkup, checkup.plusDays(150)))
        .isEmpty();
  }

  // --- Settling open dose reminders ----------------------------------------------------------

  @Test
  void aForecastSettlesTheRemindersOfDosesGivenAndOfDosesNoLongerRoutine() {
    UUID given = UUID.randomUUID();
    UUID closed = UUID.randomUUID();
    UUID stillOpen = UUID.randomUUID();
    List<ReminderStore.OpenDose> open =
        List.of(
            new ReminderStore.OpenDose(given, "DPT_IPV_HIB", "2"),
            new ReminderStore.OpenDose(closed, "HEPB", "3"),
            new ReminderStore.OpenDose(stillOpen, "PCV", "2"));
    List<Recommendation> forecast =
        List.of(
            new Recommendation(
                "DPT_IPV_HIB",
                "2",
                Status.COMPLETE,
                LocalDate.of(2026, 5, 1),
                null,
                null,
                null,
                null,
                null,
                4,
                List.of(),
                RULE),
            new Recommendation(
                "HEPB",
                "3",
                Status.INELIGIBLE,
                null,
                null,
                null,
                null,
                null,
                null,
                3,
                List.of(),
                RULE),
            new Recommendation(
                "PCV",
                "2",
                Status.OVERDUE,
                null,
                null,
                null,
                null,
                LocalDate.of(2026, 4, 1),
                LocalDate.of(2029, 1, 1),
                4,
                List.of(),
                RULE));

    ReminderResolutions.Settled settled = ReminderResolutions.settle(open, forecast);

    assertThat(settled.done()).containsExactly(given);
    assertThat(settled.noLongerDue()).containsExactly(closed);
  }
}
