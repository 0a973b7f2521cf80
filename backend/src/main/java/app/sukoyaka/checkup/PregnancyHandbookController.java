package app.sukoyaka.checkup;

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

/** A pregnancy's handbook: the checkups a clinic submitted, readable the moment it returns. */
@Controller("/api/v1/pregnancies/{pregnancyId}/handbook")
@ExecuteOn(TaskExecutors.BLOCKING)
class PregnancyHandbookController {
  private final FamilyService families;
  private final CheckupService checkups;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final HandbookMapper mapper;

  PregnancyHandbookController(
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
  HandbookBodies.PregnancyHandbook handbook(@PathVariable UUID pregnancyId, Principal principal) {
    Pregnancy pregnancy =
        families
            .pregnancy(pregnancyId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such pregnancy."));
    ProtectedSubject subject =
        FamilySubjects.of(pregnancy, checkups.submittingFacilities(pregnancy.id()));
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-handbook", "handbook");
    List<Checkup> found = checkups.forPregnancy(pregnancy.id());
    accessLog.access(principal, subject, "read-handbook", "handbook", true);
    return mapper.handbook(pregnancy, found);
  }
}
