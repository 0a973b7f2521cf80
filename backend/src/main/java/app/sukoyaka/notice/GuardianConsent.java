package app.sukoyaka.notice;

import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The guardian's own online-delivery consent: what holds, and withdrawing it. */
@Singleton
class GuardianConsent {
  private final Inbox inbox;
  private final Consents consents;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final Clock clock;

  GuardianConsent(
      Inbox inbox, Consents consents, AccessGuard guard, AccessLog accessLog, Clock clock) {
    this.inbox = inbox;
    this.consents = consents;
    this.guard = guard;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  List<Consents.Decision> history(Principal principal) {
    Areas.Person person = inbox.recipient(principal);
    ProtectedSubject subject = Inbox.subject(person);
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-consent", "notices");
    List<Consents.Decision> history = consents.history(person.id(), person.municipalityId());
    accessLog.access(principal, subject, "read-consent", "notices", true);
    return history;
  }

  /**
   * Withdraws a consent that holds; when none holds, nothing changes. Official notices sent from
   * now on go to the guardian on paper.
   */
  @Transactional
  public List<Consents.Decision> withdraw(Principal principal) {
    Areas.Person person = inbox.recipient(principal);
    ProtectedSubject subject = Inbox.subject(person);
    guard.require(principal, AccessPolicy.Action.WRITE, subject, "withdraw-consent", "notices");
    consents.lock(person.id());
    Optional<Consents.Decision> current = consents.current(person.id(), person.municipalityId());
    if (current.isPresent() && current.get().granted()) {
      consents.record(
          person.id(),
          person.municipalityId(),
          new Consents.Decision(
              Consents.WITHDRAWN,
              current.get().textVersion(),
              current.get().noticeId(),
              clock.instant()));
      accessLog.write(principal, subject, "withdraw-consent", "notices");
    }
    return consents.history(person.id(), person.municipalityId());
  }
}
