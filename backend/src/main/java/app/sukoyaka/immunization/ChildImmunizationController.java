package app.sukoyaka.immunization;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A stored child's routine schedule as the family's app shows it, and the flags that change its
 * rules. Readable by the child's guardians, the staff of its municipality and the clinics that
 * recorded it; flags are set by staff, and a guardian may declare that the child has had varicella.
 */
@Controller("/api/v1/children/{childId}")
@ExecuteOn(TaskExecutors.BLOCKING)
class ChildImmunizationController {
  private final FamilyService families;
  private final ChildSubjects subjects;
  private final ChildSchedules schedules;
  private final ImmunizationFlags flags;
  private final ChildScheduleReads reads;
  private final AccessGuard guard;

  ChildImmunizationController(
      FamilyService families,
      ChildSubjects subjects,
      ChildSchedules schedules,
      ImmunizationFlags flags,
      ChildScheduleReads reads,
      AccessGuard guard) {
    this.families = families;
    this.subjects = subjects;
    this.schedules = schedules;
    this.flags = flags;
    this.reads = reads;
    this.guard = guard;
  }

  @Get(uri = "/immunization-schedule", produces = MediaType.APPLICATION_JSON)
  ScheduleBodies.Schedule schedule(
      @PathVariable UUID childId, @Nullable @QueryValue String asOf, Principal principal) {
    ChildScheduleReads.Read read = reads.schedule(childId, asOf, principal);
    if (read.refusal() != null) {
      // Logged now that the read's transaction has given its connection back.
      throw guard.refuse(
          principal,
          read.subject(),
          ChildScheduleReads.WHAT,
          ChildScheduleReads.PURPOSE,
          read.refusal());
    }
    return ScheduleMapper.body(read.schedule(), schedules.schedule());
  }

  @Put(uri = "/immunization-flags/{flag}", produces = MediaType.APPLICATION_JSON)
  ScheduleBodies.Flag setFlag(
      @PathVariable UUID childId, @PathVariable String flag, Principal principal) {
    ProtectedSubject subject = writable(childId, flag, principal, "set-immunization-flag");
    if (principal.role() == Role.GUARDIAN
        && !ImmunizationFlags.GUARDIAN_DECLARABLE.contains(flag)) {
      throw new ProblemException(
          ErrorCode.IMMUNIZATION_FLAG_STAFF_ONLY,
          "A guardian may declare only "
              + ImmunizationFlags.GUARDIAN_DECLARABLE
              + "; "
              + flag
              + " is set by the municipality.");
    }
    ChildFlag stated = flags.set(principal, subject, flag);
    return ScheduleMapper.flag(stated, flags.known().get(flag));
  }

  @Delete(uri = "/immunization-flags/{flag}")
  HttpResponse<Void> clearFlag(
      @PathVariable UUID childId, @PathVariable String flag, Principal principal) {
    ProtectedSubject subject = writable(childId, flag, principal, "clear-immunization-flag");
    if (flags.clear(principal, subject, flag) == ImmunizationFlags.Clearing.SET_BY_STAFF) {
      throw new ProblemException(
          ErrorCode.IMMUNIZATION_FLAG_SET_BY_STAFF,
          flag + " was set by the municipality; only its staff clear it.");
    }
    return HttpResponse.noContent();
  }

  /** The child, if the caller may change its flags and the schedule knows the flag. */
  private ProtectedSubject writable(UUID childId, String flag, Principal principal, String action) {
    if (principal.role() == Role.CLINIC) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Flags are set by municipal staff and declared by guardians.");
    }
    Child child = child(childId);
    ProtectedSubject subject = subjects.of(child);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, action, "immunization-flags");
    if (!flags.known().containsKey(flag)) {
      throw new ProblemException(
          ErrorCode.IMMUNIZATION_UNKNOWN_FLAG,
          "Unknown flag " + flag + "; known: " + new TreeSet<>(flags.known().keySet()) + ".",
          List.of(new ProblemException.FieldError("flag", "unknown flag")));
    }
    return subject;
  }

  private Child child(UUID childId) {
    return families
        .child(childId)
        .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
  }
}
