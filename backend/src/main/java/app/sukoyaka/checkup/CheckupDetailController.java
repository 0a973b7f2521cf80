package app.sukoyaka.checkup;

import app.sukoyaka.checkup.handbook.FollowUpTracker;
import app.sukoyaka.checkup.handbook.HandbookSubject;
import app.sukoyaka.checkup.handbook.HandbookTexts;
import app.sukoyaka.checkup.handbook.Judgements;
import app.sukoyaka.checkup.handbook.TimelineEntry;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.family.Pregnancy;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.CatalogItem;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The detail of one clinic record of a handbook (a checkup of any kind, a screening, the delivery,
 * postpartum care): every finding labelled from the catalog, each judgement explained in plain
 * words with what to do next and its source, and the 精密健康診査 it led to, open or closed.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class CheckupDetailController {
  private final FamilyService families;
  private final CheckupService checkups;
  private final FollowUpTracker followUps;
  private final Judgements judgements;
  private final HandbookTexts texts;
  private final CheckupItemCatalog catalog;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final HandbookMapper mapper;

  CheckupDetailController(
      FamilyService families,
      CheckupService checkups,
      FollowUpTracker followUps,
      Judgements judgements,
      HandbookTexts texts,
      CheckupItemCatalog catalog,
      AccessGuard guard,
      AccessLog accessLog) {
    this.families = families;
    this.checkups = checkups;
    this.followUps = followUps;
    this.judgements = judgements;
    this.texts = texts;
    this.catalog = catalog;
    this.guard = guard;
    this.accessLog = accessLog;
    this.mapper = new HandbookMapper(catalog);
  }

  @Get(uri = "/children/{childId}/checkups/{checkupId}", produces = MediaType.APPLICATION_JSON)
  CheckupDetailBodies.Detail child(
      @PathVariable UUID childId, @PathVariable UUID checkupId, Principal principal) {
    Child child =
        families
            .child(childId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
    ProtectedSubject subject =
        FamilySubjects.of(child, checkups.submittingFacilitiesOfChild(child.id()));
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-checkup", "handbook");
    Checkup checkup =
        checkups
            .checkup(checkupId)
            .flatMap(c -> ofChild(c, childId))
            .orElseThrow(CheckupDetailController::notInHandbook);
    FollowUpTracker.FollowUp followUp = followUps.ofChildren(List.of(childId)).get(checkup.id());
    accessLog.access(principal, subject, "read-checkup", "handbook", true);
    return detail(HandbookSubject.of(child), checkup, followUp);
  }

  @Get(
      uri = "/pregnancies/{pregnancyId}/checkups/{checkupId}",
      produces = MediaType.APPLICATION_JSON)
  CheckupDetailBodies.Detail pregnancy(
      @PathVariable UUID pregnancyId, @PathVariable UUID checkupId, Principal principal) {
    Pregnancy pregnancy =
        families
            .pregnancy(pregnancyId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such pregnancy."));
    ProtectedSubject subject =
        FamilySubjects.of(pregnancy, checkups.submittingFacilities(pregnancy.id()));
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-checkup", "handbook");
    Checkup checkup =
        checkups
            .checkup(checkupId)
            .filter(c -> pregnancyId.equals(c.pregnancyId()))
            // The mother's own record: what was recorded about each newborn is in its handbook.
            .map(
                c ->
                    c.withFindings(c.findings().stream().filter(f -> f.childId() == null).toList()))
            .orElseThrow(CheckupDetailController::notInHandbook);
    accessLog.access(principal, subject, "read-checkup", "handbook", true);
    return detail(HandbookSubject.of(pregnancy), checkup, null);
  }

  /** The checkup as the child's handbook holds it: its own, or its mother's about it (birth). */
  private static Optional<Checkup> ofChild(Checkup checkup, UUID childId) {
    if (childId.equals(checkup.childId())) {
      return Optional.of(checkup);
    }
    List<Checkup.Finding> aboutChild =
        checkup.findings().stream().filter(f -> childId.equals(f.childId())).toList();
    return aboutChild.isEmpty() ? Optional.empty() : Optional.of(checkup.withFindings(aboutChild));
  }

  private static ProblemException notInHandbook() {
    return new ProblemException(
        ErrorCode.HANDBOOK_RECORD_NOT_IN_HANDBOOK, "No such record in this handbook.");
  }

  private CheckupDetailBodies.Detail detail(
      HandbookSubject subject, Checkup checkup, FollowUpTracker.FollowUp followUp) {
    HandbookBodies.CheckupBody body = mapper.checkup(checkup);
    List<CheckupDetailBodies.JudgementDetail> explained = new ArrayList<>();
    for (HandbookBodies.FindingBody finding : body.findings()) {
      if (finding.coded() == null) {
        continue;
      }
      judgements
          .judgement(finding.item(), finding.coded().code())
          .ifPresent(j -> explained.add(judgement(finding.label(), j)));
    }
    String recordKind = texts.recordKindOf(checkup.kind()).orElse("checkup");
    return new CheckupDetailBodies.Detail(
        subject.type(),
        subject.id(),
        recordKind,
        text(texts.recordKind(recordKind)),
        // Who recorded it: a clinic's submission, or the municipality's own registration.
        source(checkup),
        text(texts.recordSource(source(checkup))),
        body,
        explained,
        followUp == null ? null : followUp(followUp, body));
  }

  private static String source(Checkup checkup) {
    return NewCheckup.CLINIC.equals(checkup.source()) ? "clinic" : "municipality";
  }

  private CheckupDetailBodies.JudgementDetail judgement(
      HandbookBodies.Text itemLabel, TimelineEntry.Judgement j) {
    HandbookTexts.Guidance guidance = judgements.guidance(j.item(), j.code()).orElseThrow();
    return new CheckupDetailBodies.JudgementDetail(
        j.item(),
        itemLabel,
        j.code(),
        text(j.label()),
        j.explanation() == null ? null : text(j.explanation()),
        j.level().code(),
        text(texts.level(j.level())),
        text(guidance.nextStep()),
        new CheckupDetailBodies.Source(guidance.source().title(), guidance.source().location()));
  }

  /** The follow-up with its result explained, read from this checkup or a later one. */
  private CheckupDetailBodies.FollowUpDetail followUp(
      FollowUpTracker.FollowUp followUp, HandbookBodies.CheckupBody body) {
    String state = followUp.open() ? "open" : "closed";
    CheckupDetailBodies.JudgementDetail result = null;
    if (followUp.result() != null) {
      Optional<TimelineEntry.Judgement> explained =
          judgements.judgement("follow-up-result", followUp.result());
      Optional<CatalogItem> item = catalog.byCode("follow-up-result");
      if (explained.isPresent() && item.isPresent()) {
        result =
            judgement(
                new HandbookBodies.Text(item.get().label().ja(), item.get().label().en()),
                explained.get());
      }
    }
    return new CheckupDetailBodies.FollowUpDetail(
        state,
        text(texts.followUpState(state)),
        followUp.triggers(),
        followUp.referral(),
        followUp.visitDate(),
        followUp.facility(),
        result);
  }

  private static HandbookBodies.Text text(HandbookTexts.Text text) {
    return new HandbookBodies.Text(text.ja(), text.en());
  }
}
