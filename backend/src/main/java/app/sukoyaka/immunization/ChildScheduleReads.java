package app.sukoyaka.immunization;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * A child's schedule read, the access decided and the read logged in one transaction on one
 * connection, as {@code checkup.HandbookReads} does for the handbook: the access log's row commits
 * with the read, before the answer is written; a refusal is returned for the caller to log once
 * this transaction has given its connection back ({@link AccessGuard#refuse}).
 */
@Singleton
class ChildScheduleReads {
  static final String WHAT = "read-immunization-schedule";
  static final String PURPOSE = "handbook";

  private final FamilyService families;
  private final ChildSubjects subjects;
  private final ChildSchedules schedules;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final Clock clock;

  ChildScheduleReads(
      FamilyService families,
      ChildSubjects subjects,
      ChildSchedules schedules,
      AccessGuard guard,
      AccessLog accessLog,
      Clock clock) {
    this.families = families;
    this.subjects = subjects;
    this.schedules = schedules;
    this.guard = guard;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** The schedule when the policy allowed the read (and it was logged), or the refusal. */
  record Read(
      ProtectedSubject subject,
      @Nullable ChildSchedules.ChildSchedule schedule,
      @Nullable AccessPolicy.Decision refusal) {}

  /**
   * @param asOf the day (YYYY-MM-DD), today when null
   */
  @Transactional
  Read schedule(UUID childId, @Nullable String asOf, Principal principal) {
    Child child =
        families
            .child(childId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
    LocalDate day = asOf(asOf);
    LocalDate today = LocalDate.now(clock);
    if (day.isAfter(today)) {
      throw new ProblemException(
          ErrorCode.IMMUNIZATION_DATE_IN_FUTURE,
          "asOf is after today (" + today + ").",
          List.of(new ProblemException.FieldError("asOf", "after today")));
    }
    if (day.isBefore(child.birthDate())) {
      throw new ProblemException(
          ErrorCode.IMMUNIZATION_DATE_BEFORE_BIRTH,
          "asOf is before the child's birth (" + child.birthDate() + ").",
          List.of(new ProblemException.FieldError("asOf", "before the birth")));
    }
    ProtectedSubject subject = subjects.of(child, principal);
    AccessPolicy.Decision decision =
        guard.decision(principal, AccessPolicy.Action.READ, subject, WHAT);
    if (!decision.allowed()) {
      return new Read(subject, null, decision);
    }
    ChildSchedules.ChildSchedule schedule = schedules.of(child, day);
    accessLog.read(principal, subject, WHAT, PURPOSE);
    return new Read(subject, schedule, null);
  }

  private LocalDate asOf(@Nullable String value) {
    if (value == null) {
      return LocalDate.now(clock);
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          ErrorCode.IMMUNIZATION_MALFORMED_DATE,
          "asOf is not a date (YYYY-MM-DD).",
          List.of(new ProblemException.FieldError("asOf", "not a date (YYYY-MM-DD)")));
    }
  }
}
