package app.sukoyaka.family;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.Role;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Set;

/** The guardian's own handbooks: the entry point of the parent app. */
@Controller("/api/v1/me")
@ExecuteOn(TaskExecutors.BLOCKING)
class MeController {
  private final FamilyService families;
  private final AccessLog accessLog;

  MeController(FamilyService families, AccessLog accessLog) {
    this.families = families;
    this.accessLog = accessLog;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  FamilyBodies.MyHandbooks me(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only guardians have handbooks of their own.");
    }
    Guardian guardian =
        families
            .guardian(principal.subject())
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No handbook for this login yet."));
    for (Pregnancy pregnancy : guardian.pregnancies()) {
      accessLog.access(
          principal, FamilySubjects.of(pregnancy, Set.of()), "read-summary", "parent-app", true);
    }
    for (Child child : guardian.children()) {
      accessLog.access(principal, FamilySubjects.of(child), "read-summary", "parent-app", true);
    }
    return FamilyBodies.myHandbooks(guardian);
  }
}
