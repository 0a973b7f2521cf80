package app.sukoyaka.checkup;

import app.sukoyaka.family.Child;
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
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A handbook's rows read, the access decided and the read logged in one transaction on one
 * connection: a parent's read used to take a connection four times (the subject, its facilities,
 * its checkups, the access log's own transaction), each time queueing for the pool behind the other
 * readers. The access log's row commits with the read, before the answer is written. A refusal is
 * returned, not thrown, so that the caller logs it after this transaction has given its connection
 * back ({@link AccessGuard#refuse}). The facilities that submitted the subject's records are asked
 * for only when the decision weighs them (a clinic's read).
 */
@Singleton
class HandbookReads {
  static final String WHAT = "read-handbook";
  static final String PURPOSE = "handbook";

  private final FamilyService families;
  private final CheckupService checkups;
  private final AccessGuard guard;
  private final AccessLog accessLog;

  HandbookReads(
      FamilyService families, CheckupService checkups, AccessGuard guard, AccessLog accessLog) {
    this.families = families;
    this.checkups = checkups;
    this.guard = guard;
    this.accessLog = accessLog;
  }

  /**
   * What a read found: the subject's checkups when the policy allowed the read (and it was logged),
   * or the policy's refusal.
   */
  record Read<S>(
      S subjectRecord,
      ProtectedSubject subject,
      @Nullable List<Checkup> checkups,
      @Nullable AccessPolicy.Decision refusal) {}

  @Transactional
  Read<Child> child(UUID childId, Principal principal) {
    Child child =
        families
            .child(childId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such child."));
    ProtectedSubject subject =
        FamilySubjects.of(
            child,
            AccessPolicy.weighsSubmittingFacilities(principal)
                ? checkups.submittingFacilitiesOfChild(child.id())
                : Set.of());
    AccessPolicy.Decision decision =
        guard.decision(principal, AccessPolicy.Action.READ, subject, WHAT);
    if (!decision.allowed()) {
      return new Read<>(child, subject, null, decision);
    }
    List<Checkup> found = checkups.forChild(child.id());
    accessLog.read(principal, subject, WHAT, PURPOSE);
    return new Read<>(child, subject, found, null);
  }

  @Transactional
  Read<Pregnancy> pregnancy(UUID pregnancyId, Principal principal) {
    Pregnancy pregnancy =
        families
            .pregnancy(pregnancyId)
            .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No such pregnancy."));
    ProtectedSubject subject =
        FamilySubjects.of(
            pregnancy,
            AccessPolicy.weighsSubmittingFacilities(principal)
                ? checkups.submittingFacilities(pregnancy.id())
                : Set.of());
    AccessPolicy.Decision decision =
        guard.decision(principal, AccessPolicy.Action.READ, subject, WHAT);
    if (!decision.allowed()) {
      return new Read<>(pregnancy, subject, null, decision);
    }
    List<Checkup> found = checkups.forPregnancy(pregnancy.id());
    accessLog.read(principal, subject, WHAT, PURPOSE);
    return new Read<>(pregnancy, subject, found, null);
  }
}
