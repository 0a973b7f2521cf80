package app.sukoyaka.checkup.handbook;

import app.sukoyaka.family.FamilyBodies;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Guardian;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The first screen of the parent app: all the guardian's handbooks with what is next. */
@Controller("/api/v1/me/home")
@ExecuteOn(TaskExecutors.BLOCKING)
class HomeController {
  private final FamilyService families;
  private final HandbookHome home;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final HomeMapper mapper;
  private final Clock clock;

  HomeController(
      FamilyService families,
      HandbookHome home,
      AccessGuard guard,
      AccessLog accessLog,
      HandbookTexts texts,
      CheckupItemCatalog catalog,
      Clock clock) {
    this.families = families;
    this.home = home;
    this.guard = guard;
    this.accessLog = accessLog;
    this.mapper = new HomeMapper(texts, catalog);
    this.clock = clock;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  HomeBodies.Home home(Principal principal) {
    if (principal.role() != Role.GUARDIAN) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "The home is the guardian's own; staff read each handbook.");
    }
    Guardian guardian =
        families
            .guardian(principal.subject())
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No handbook for this login yet."));
    List<ProtectedSubject> subjects = new ArrayList<>();
    guardian.pregnancies().forEach(p -> subjects.add(FamilySubjects.of(p, Set.of())));
    guardian.children().forEach(c -> subjects.add(FamilySubjects.of(c)));
    List<ProtectedSubject> allowed =
        guard.requireAny(principal, AccessPolicy.Action.READ, subjects, "read-home", "parent-app");
    HandbookHome.Home found = home.of(guardian, LocalDate.now(clock));
    accessLog.accessAll(principal, allowed, "read-home", "parent-app");
    return body(found);
  }

  private HomeBodies.Home body(HandbookHome.Home found) {
    List<HomeBodies.PregnancyHome> pregnancies = new ArrayList<>();
    List<HomeBodies.ChildHome> children = new ArrayList<>();
    for (HandbookHome.Part part : found.parts()) {
      HandbookSubject subject = part.subject();
      List<HomeBodies.NextStepBody> next = part.next().stream().map(mapper::next).toList();
      List<HomeBodies.EntryBody> latest = mapper.entries(part.latest());
      List<HomeBodies.FollowUpBody> open =
          part.openFollowUps().stream().map(f -> mapper.followUp(subject, f)).toList();
      if (subject.isChild()) {
        children.add(
            new HomeBodies.ChildHome(
                FamilyBodies.summary(subject.child()),
                next,
                latest,
                open,
                subject.path() + "/timeline",
                subject.path() + "/vaccinations"));
      } else {
        pregnancies.add(
            new HomeBodies.PregnancyHome(
                FamilyBodies.summary(subject.pregnancy()),
                next,
                latest,
                open,
                subject.path() + "/timeline"));
      }
    }
    return new HomeBodies.Home(
        found.asOf(), mapper.notices(found.notices()), pregnancies, children);
  }
}
