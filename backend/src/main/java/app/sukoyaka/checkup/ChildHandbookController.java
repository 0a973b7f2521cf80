package app.sukoyaka.checkup;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.UUID;

/**
 * A child's handbook: its state at birth, screenings and checkups, readable by its guardians, staff
 * of its municipality and the clinics that recorded it, the moment a clinic's submission returns.
 */
@Controller("/api/v1/children/{childId}/handbook")
@ExecuteOn(TaskExecutors.BLOCKING)
class ChildHandbookController {
  private final FamilyService families;
  private final CheckupService checkups;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final HandbookMapper mapper;

  ChildHandbookController(
      FamilyService families,
      CheckupService checkups,
      AccessGuard guard,
      AccessLog accessLog,
      CheckupItemCatalog catalog) {
    this.families = families;
    this.checkups = checkups;
    this.guard = guard;
    this.accessLog = accessLog;
    this.mapper = new HandbookMapper(catalog);
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  HandbookBodies.ChildHandbook handbook(@PathVariable UUID childId, Principal principal) {
    Child child =
        families
            .child(childId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
    ProtectedSubject subject =
        FamilySubjects.of(child, checkups.submittingFacilitiesOfChild(child.id()));
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-handbook", "handbook");
    List<Checkup> found = checkups.forChild(child.id());
    accessLog.access(principal, subject, "read-handbook", "handbook", true);
    return mapper.handbook(child, found);
  }
}
