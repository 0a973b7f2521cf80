package app.sukoyaka.checkup.handbook;

import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.immunization.ChildSubjects;
import app.sukoyaka.immunization.ImmunizationRecords;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.CheckupItemCatalog;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.UUID;

/**
 * A handbook's timeline: every record of every kind, newest first, in pages. Readable by whom may
 * read the handbook: the family, the staff of its municipality, the clinics that recorded in it.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class TimelineController {
  private final FamilyService families;
  private final ChildSubjects childSubjects;
  private final ImmunizationRecords records;
  private final Timeline timeline;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final HomeMapper mapper;

  TimelineController(
      FamilyService families,
      ChildSubjects childSubjects,
      ImmunizationRecords records,
      Timeline timeline,
      AccessGuard guard,
      AccessLog accessLog,
      HandbookTexts texts,
      CheckupItemCatalog catalog) {
    this.families = families;
    this.childSubjects = childSubjects;
    this.records = records;
    this.timeline = timeline;
    this.guard = guard;
    this.accessLog = accessLog;
    this.mapper = new HomeMapper(texts, catalog);
  }

  @Get(uri = "/children/{childId}/timeline", produces = MediaType.APPLICATION_JSON)
  HomeBodies.TimelinePage child(
      @PathVariable UUID childId,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue Integer limit,
      Principal principal) {
    Child child =
        families
            .child(childId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
    return page(principal, childSubjects.of(child), HandbookSubject.of(child), cursor, limit);
  }

  @Get(uri = "/pregnancies/{pregnancyId}/timeline", produces = MediaType.APPLICATION_JSON)
  HomeBodies.TimelinePage pregnancy(
      @PathVariable UUID pregnancyId,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue Integer limit,
      Principal principal) {
    Pregnancy pregnancy =
        families
            .pregnancy(pregnancyId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such pregnancy."));
    return page(
        principal, records.subjectOf(pregnancy), HandbookSubject.of(pregnancy), cursor, limit);
  }

  private HomeBodies.TimelinePage page(
      Principal principal,
      ProtectedSubject protectedSubject,
      HandbookSubject subject,
      String cursor,
      Integer limit) {
    guard.require(
        principal, AccessPolicy.Action.READ, protectedSubject, "read-timeline", "handbook");
    Timeline.Page page = timeline.page(subject, principal.role(), cursor, limit);
    accessLog.access(principal, protectedSubject, "read-timeline", "handbook", true);
    return new HomeBodies.TimelinePage(
        subject.type(), subject.id(), mapper.entries(page.entries()), page.next());
  }
}
