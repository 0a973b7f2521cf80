package app.sukoyaka.family.sharing;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One attempt to accept an invitation, in one transaction. A refused attempt is recorded (and may
 * lock the invitation) in a transaction that commits: the caller throws only afterwards, so the
 * count of wrong codes survives the error that reports them.
 */
@Singleton
class InvitationAcceptance {
  private final InvitationStore store;
  private final SharingConfiguration config;
  private final AccessLog accessLog;
  private final Clock clock;

  InvitationAcceptance(
      InvitationStore store, SharingConfiguration config, AccessLog accessLog, Clock clock) {
    this.store = store;
    this.config = config;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** How an attempt ended: accepted (with the invitation), or the error to report. */
  record Outcome(
      ErrorCode refusal, String detail, InvitationStore.Row invitation, boolean newPerson) {
    static Outcome refused(ErrorCode code, String detail) {
      return new Outcome(code, detail, null, false);
    }
  }

  @Transactional
  Outcome attempt(
      Principal principal,
      InvitationCodes.Code code,
      String relationship,
      SharingBodies.NewPerson person) {
    Instant now = clock.instant();
    String subject = principal.subject();
    store.lockLogin(subject);
    if (store.failuresSince(subject, now.minus(config.attemptWindow()))
        >= config.maxFailedAttemptsPerLogin()) {
      return Outcome.refused(
          ErrorCode.SHARING_TOO_MANY_ATTEMPTS,
          "Too many wrong codes were typed with this login; try again after "
              + config.attemptWindow().toHours()
              + " hours, or ask for a new invitation.");
    }
    Optional<InvitationStore.Row> found = store.pendingBySelectorForUpdate(code.selector());
    if (found.isEmpty()) {
      store.attempt(subject, null, false, now);
      return unknown();
    }
    InvitationStore.Row invitation = found.get();
    if (!InvitationCodes.matches(code, invitation.secretSha256())) {
      store.attempt(subject, invitation.id(), false, now);
      int failures = store.countFailure(invitation.id(), now);
      store.event(invitation, "attempt_refused", "someone", List.of(), List.of(), now);
      if (failures >= config.maxFailedAttemptsPerInvitation()) {
        store.endPending(invitation.id(), "locked", now);
        store.event(
            invitation, "locked", "system", invitation.childIds(), invitation.pregnancyIds(), now);
      }
      return unknown();
    }
    if (!invitation.expiresAt().isAfter(now)) {
      return Outcome.refused(
          ErrorCode.SHARING_CODE_EXPIRED,
          "This invitation expired; ask the other guardian for a new one.");
    }
    Optional<InvitationStore.Person> existing = store.personByLogin(subject);
    if (existing.isPresent() && existing.get().id().equals(invitation.inviterPersonId())) {
      return Outcome.refused(
          ErrorCode.SHARING_OWN_INVITATION,
          "This is your own invitation; the other guardian accepts it with their login.");
    }
    if (existing.isEmpty() && person == null) {
      return Outcome.refused(
          ErrorCode.SHARING_PERSON_REQUIRED,
          "There is no record of you here yet: send person with your name and date of birth.");
    }
    UUID invitee =
        existing.isPresent()
            ? existing.get().id()
            : store.insertPerson(invitation.municipalityId(), subject, person, now);
    LocalDate today = LocalDate.ofInstant(now, clock.getZone());
    List<UUID> children = store.grantChildren(invitation, invitee, relationship, today);
    List<UUID> pregnancies = store.grantPregnancies(invitation, invitee, now);
    if (children.isEmpty() && pregnancies.isEmpty()) {
      // Nothing was written that should stay: the error rolls the transaction back.
      throw new ProblemException(
          ErrorCode.SHARING_NOTHING_NEW,
          "You already see every child and pregnancy this invitation shares.");
    }
    store.markAccepted(invitation.id(), invitee, relationship, now);
    store.attempt(subject, invitation.id(), true, now);
    InvitationStore.Row accepted = store.find(invitation.id()).orElseThrow();
    store.event(accepted, "accepted", "invitee", children, pregnancies, now);
    // The code is the inviter's consent: the invitee was not a guardian when they asked.
    for (UUID child : children) {
      accessLog.write(principal, subject("child", child, invitation), "accept-invitation", PURPOSE);
    }
    for (UUID pregnancy : pregnancies) {
      accessLog.write(
          principal, subject("pregnancy", pregnancy, invitation), "accept-invitation", PURPOSE);
    }
    return new Outcome(null, null, accepted, existing.isEmpty());
  }

  static final String PURPOSE = "family-sharing";

  static ProtectedSubject subject(String type, UUID id, InvitationStore.Row invitation) {
    return new ProtectedSubject(type, id, invitation.municipalityId(), Set.of(), Set.of());
  }

  private static Outcome unknown() {
    return Outcome.refused(
        ErrorCode.SHARING_CODE_UNKNOWN,
        "No invitation waits for this code; check it, or ask the other guardian for a new one.");
  }
}
