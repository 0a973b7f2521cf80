package app.sukoyaka.checkup;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
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
 * The handbook as the family reads it: a pregnancy's (prenatal checkups, the delivery, postpartum
 * checkups and care) and a child's (its state at birth, screenings and checkups), each readable by
 * the family, the staff of its municipality and the clinics that recorded it, the moment a clinic's
 * submission returns.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class HandbookController {
  private final FamilyService families;
  private final CheckupService checkups;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final HandbookMapper mapper;

  HandbookController(
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

  @Get(uri = "/pregnancies/{pregnancyId}/handbook", produces = MediaType.APPLICATION_JSON)
  HandbookBodies.PregnancyHandbook pregnancy(@PathVariable UUID pregnancyId, Principal principal) {
    Pregnancy pregnancy =
        families
            .pregnancy(pregnancyId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such pregnancy."));
    ProtectedSubject subject =
        FamilySubjects.of(pregnancy, checkups.submittingFacilities(pregnancy.id()));
    List<Checkup> found = read(principal, subject, () -> checkups.forPregnancy(pregnancy.id()));
    return mapper.handbook(pregnancy, found);
  }

  @Get(uri = "/children/{childId}/handbook", produces = MediaType.APPLICATION_JSON)
  HandbookBodies.ChildHandbook child(@PathVariable UUID childId, Principal principal) {
    Child child =
        families
            .child(childId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
    ProtectedSubject subject =
        FamilySubjects.of(child, checkups.submittingFacilitiesOfChild(child.id()));
    List<Checkup> found = read(principal, subject, () -> checkups.forChild(child.id()));
    return mapper.handbook(child, found);
  }

  /** Reads the checkups once the policy allows it, and logs the read. */
  private List<Checkup> read(
      Principal principal,
      ProtectedSubject subject,
      java.util.function.Supplier<List<Checkup>> checkupsOfSubject) {
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-handbook", "handbook");
    List<Checkup> found = checkupsOfSubject.get();
    accessLog.access(principal, subject, "read-handbook", "handbook", true);
    return found;
  }
}
