package app.sukoyaka.notice.reminder;

import app.sukoyaka.immunization.schedule.Note;
import app.sukoyaka.immunization.schedule.Recommendation;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * Which reminders the rules call for on a day, from facts already read: a child's forecast, its
 * birth and the checkups it attended, a pregnancy's expected delivery day and its visits, a
 * referral without a result. Pure: no database, no clock; the day is given.
 */
public final class ReminderPlanner {
  private final ReminderRules rules;

  public ReminderPlanner(ReminderRules rules) {
    this.rules = rules;
  }

  public ReminderRules rules() {
    return rules;
  }

  /**
   * Which reminder of an event is due on {@code day}: the latest whose day has come, so that a run
   * that missed a day, or an event first seen late (a family that moved in), still gets the one
   * reminder that applies now; none before the first or after {@code until}.
   *
   * @param until the last day the event applies; null: the span of its reminders
   */
  static OptionalInt occurrence(
      LocalDate day, LocalDate firstFire, LocalDate until, ReminderRules.Repeat repeat) {
    LocalDate last =
        until != null ? until : firstFire.plusDays((long) repeat.everyDays() * repeat.times() - 1);
    if (day.isBefore(firstFire) || day.isAfter(last)) {
      return OptionalInt.empty();
    }
    long since = ChronoUnit.DAYS.between(firstFire, day);
    long index = Math.min(since / repeat.everyDays(), repeat.times() - 1);
    return OptionalInt.of((int) index + 1);
  }

  /**
   * The vaccine reminders of a child's forecast: a dose about to become due, a dose overdue.
   *
   * @param recommendations the forecast's recommendations on {@code day}
   */
  public List<PlannedReminder> vaccines(
      UUID childId, List<Recommendation> recommendations, LocalDate day) {
    Optional<ReminderRules.Kind> due = rules.kind(ReminderRules.VACCINE_DUE, day);
    Optional<ReminderRules.Kind> overdue = rules.kind(ReminderRules.VACCINE_OVERDUE, day);
    List<PlannedReminder> planned = new ArrayList<>();
    for (Recommendation r : recommendations) {
      switch (r.status()) {
        case NOT_YET, TOO_SOON, DUE ->
            due.ifPresent(kind -> dueSoon(childId, r, day, kind, planned));
        case OVERDUE -> overdue.ifPresent(kind -> overdue(childId, r, day, kind, planned));
        default -> {
          // complete, or not routine any more: nothing to remind of
        }
      }
    }
    return planned;
  }

  private static void dueSoon(
      UUID childId,
      Recommendation r,
      LocalDate day,
      ReminderRules.Kind kind,
      List<PlannedReminder> planned) {
    LocalDate becomesDue = later(r.earliestDate(), r.recommendedFrom());
    if (becomesDue == null || (kind.notWhenWarned() && warned(r))) {
      return;
    }
    LocalDate until = r.dueDate() != null ? r.dueDate() : r.windowEnd();
    occurrence(day, becomesDue.minusDays(kind.leadDays()), until, kind.repeat())
        .ifPresent(n -> planned.add(vaccine(childId, kind.code(), n, r, becomesDue, until)));
  }

  private static void overdue(
      UUID childId,
      Recommendation r,
      LocalDate day,
      ReminderRules.Kind kind,
      List<PlannedReminder> planned) {
    if (r.dueDate() == null || (kind.notWhenWarned() && warned(r))) {
      return;
    }
    LocalDate overdueFrom = r.dueDate().plusDays(1);
    occurrence(day, overdueFrom.plusDays(kind.afterDays()), r.windowEnd(), kind.repeat())
        .ifPresent(
            n -> planned.add(vaccine(childId, kind.code(), n, r, overdueFrom, r.windowEnd())));
  }

  private static PlannedReminder vaccine(
      UUID childId,
      String kind,
      int occurrence,
      Recommendation r,
      LocalDate dueDate,
      LocalDate windowEnd) {
    return new PlannedReminder(
        childId,
        null,
        kind,
        r.vaccine() + "/" + r.dose(),
        occurrence,
        r.vaccine(),
        r.dose(),
        null,
        null,
        null,
        dueDate,
        windowEnd);
  }

  private static boolean warned(Recommendation r) {
    return r.notes().stream().anyMatch(note -> note.severity() == Note.Severity.WARNING);
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }

  /**
   * The checkups of a child to remind of: those the municipality runs, not attended yet, whose
   * window is near or open.
   *
   * @param attended the checkup kinds recorded for the child
   * @param runs the checkup kinds the municipality runs
   */
  public List<PlannedReminder> infantCheckups(
      UUID childId,
      LocalDate birthDate,
      Set<String> attended,
      Collection<String> runs,
      LocalDate day) {
    Optional<ReminderRules.Kind> found = rules.kind(ReminderRules.INFANT_CHECKUP, day);
    if (found.isEmpty()) {
      return List.of();
    }
    ReminderRules.Kind kind = found.get();
    List<PlannedReminder> planned = new ArrayList<>();
    for (ReminderRules.InfantCheckup checkup : kind.checkups()) {
      if (!runs.contains(checkup.checkupKind()) || attended.contains(checkup.checkupKind())) {
        continue;
      }
      LocalDate opens = birthDate.plusMonths(checkup.fromMonths());
      LocalDate ends = birthDate.plusMonths(checkup.toMonths()).minusDays(1);
      occurrence(day, opens.minusDays(kind.leadDays()), ends, kind.repeat())
          .ifPresent(
              n ->
                  planned.add(
                      new PlannedReminder(
                          childId,
                          null,
                          kind.code(),
                          checkup.checkupKind(),
                          n,
                          null,
                          null,
                          checkup.checkupKind(),
                          null,
                          null,
                          opens,
                          ends)));
    }
    return planned;
  }

  /** The window of the longest infant checkup, in months: older children need no look. */
  public int infantCheckupMonths(LocalDate day) {
    return rules
        .kind(ReminderRules.INFANT_CHECKUP, day)
        .map(
            k ->
                k.checkups().stream()
                    .mapToInt(ReminderRules.InfantCheckup::toMonths)
                    .max()
                    .orElse(0))
        .orElse(0);
  }

  /**
   * Day 0 of a pregnancy (the first day of its last menstrual period) from its expected delivery.
   */
  static LocalDate dayZero(LocalDate expectedDelivery) {
    return expectedDelivery.minusDays(280);
  }

  /**
   * The 妊婦健診 visits of an active pregnancy to remind of: those of the standard schedule whose
   * window is near or open and in which no visit is recorded. A visit counts for the window its day
   * falls in (the windows are days, counted from the expected delivery day as the reminders were).
   *
   * @param visitDays the days of the 妊婦健診 recorded for the pregnancy
   */
  public List<PlannedReminder> prenatalCheckups(
      UUID pregnancyId,
      LocalDate expectedDelivery,
      Collection<LocalDate> visitDays,
      LocalDate day) {
    Optional<ReminderRules.Kind> found = rules.kind(ReminderRules.PRENATAL_CHECKUP, day);
    if (found.isEmpty() || expectedDelivery == null) {
      return List.of();
    }
    ReminderRules.Kind kind = found.get();
    LocalDate zero = dayZero(expectedDelivery);
    List<PlannedReminder> planned = new ArrayList<>();
    for (ReminderRules.Visit visit : kind.visits()) {
      int fromDay = visit.fromWeek() * 7;
      int toDay = visit.toWeek() * 7 + 6;
      LocalDate opens = zero.plusDays(fromDay);
      LocalDate ends = zero.plusDays(toDay);
      boolean attended = visitDays.stream().anyMatch(v -> !v.isBefore(opens) && !v.isAfter(ends));
      if (attended) {
        continue;
      }
      occurrence(day, opens.minusDays(kind.leadDays()), ends, kind.repeat())
          .ifPresent(
              n ->
                  planned.add(
                      new PlannedReminder(
                          null,
                          pregnancyId,
                          kind.code(),
                          "visit-" + visit.number(),
                          n,
                          null,
                          null,
                          null,
                          visit.number(),
                          null,
                          opens,
                          ends)));
    }
    return planned;
  }

  /** The days of the standard visit schedule's window, for reading visits: [first, last]. */
  public Optional<LocalDate[]> prenatalSpan(LocalDate expectedDelivery, LocalDate day) {
    return rules
        .kind(ReminderRules.PRENATAL_CHECKUP, day)
        .filter(k -> !k.visits().isEmpty())
        .map(
            k -> {
              LocalDate zero = dayZero(expectedDelivery);
              return new LocalDate[] {
                zero.plusDays(k.visits().get(0).fromWeek() * 7L),
                zero.plusDays(k.visits().get(k.visits().size() - 1).toWeek() * 7L + 6)
              };
            });
  }

  /**
   * The reminder of a 要精密 follow-up without a result, when one is due: the referring checkup's day
   * plus the kind's delay, then its repeats.
   */
  public Optional<PlannedReminder> followUp(
      UUID childId, UUID encounterId, String checkupKind, LocalDate visitDate, LocalDate day) {
    Optional<ReminderRules.Kind> found = rules.kind(ReminderRules.CHECKUP_FOLLOW_UP, day);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ReminderRules.Kind kind = found.get();
    LocalDate expected = visitDate.plusDays(kind.afterDays());
    OptionalInt n = occurrence(day, expected, null, kind.repeat());
    if (n.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new PlannedReminder(
            childId,
            null,
            kind.code(),
            encounterId.toString(),
            n.getAsInt(),
            null,
            null,
            checkupKind,
            null,
            encounterId,
            expected,
            null));
  }

  /** How far back a referral may lie and still be reminded of on {@code day}, in days. */
  public int followUpSpanDays(LocalDate day) {
    return rules
        .kind(ReminderRules.CHECKUP_FOLLOW_UP, day)
        .map(k -> k.afterDays() + k.repeat().everyDays() * k.repeat().times())
        .orElse(0);
  }
}
