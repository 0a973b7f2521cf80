package app.sukoyaka.family.prenatal;

import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The 妊婦健診 schedule and vouchers of a pregnancy, for whoever may read its handbook. */
@Singleton
class PrenatalCheckups {
  private final FamilyService families;
  private final PrenatalSchedule schedule;
  private final AccessGuard guard;
  private final AccessLog log;

  PrenatalCheckups(
      FamilyService families, PrenatalSchedule schedule, AccessGuard guard, AccessLog log) {
    this.families = families;
    this.schedule = schedule;
    this.guard = guard;
    this.log = log;
  }

  record Read(Pregnancy pregnancy, List<PrenatalVisit> visits) {}

  Read read(Principal principal, UUID pregnancyId) {
    Pregnancy pregnancy =
        families
            .pregnancy(pregnancyId)
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No pregnancy with this id."));
    ProtectedSubject subject = FamilySubjects.of(pregnancy, Set.of());
    guard.require(
        principal, AccessPolicy.Action.READ, subject, "read-prenatal-checkups", "handbook");
    log.access(principal, subject, "read-prenatal-checkups", "handbook", true);
    return new Read(pregnancy, schedule.of(pregnancyId));
  }
}
