package app.sukoyaka.notice;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.UUID;

/**
 * Who may work on notices, audiences and areas: municipal staff, each on their own municipality's
 * (the access policy decides, and logs a refusal).
 */
@Singleton
class StaffAccess {
  private final AccessGuard guard;

  StaffAccess(AccessGuard guard) {
    this.guard = guard;
  }

  /** The municipality a staff member works for; refuses other roles. */
  UUID municipality(Principal principal) {
    if (principal.role() != Role.STAFF) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Notices are written and followed up by municipal staff.");
    }
    if (principal.municipalityIds().size() != 1) {
      throw new ProblemException(
          ErrorCode.FORBIDDEN, "This staff account is not tied to exactly one municipality.");
    }
    return principal.municipalityIds().iterator().next();
  }

  /** Refuses (and logs) staff of another municipality, and every other role. */
  void require(
      Principal principal,
      AccessPolicy.Action action,
      UUID noticeId,
      UUID municipalityId,
      String what) {
    municipality(principal);
    guard.require(
        principal, action, NoticeSubjects.notice(noticeId, municipalityId), what, "notices");
  }

  /** As {@link #require} for something of a municipality that is not a notice (an audience). */
  void requireMunicipality(
      Principal principal,
      AccessPolicy.Action action,
      String type,
      UUID id,
      UUID municipalityId,
      String what) {
    municipality(principal);
    guard.require(
        principal,
        action,
        new ProtectedSubject(type, id, municipalityId, Set.of(), Set.of()),
        what,
        "notices");
  }
}
