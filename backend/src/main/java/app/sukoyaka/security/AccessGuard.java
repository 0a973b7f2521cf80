package app.sukoyaka.security;

import jakarta.inject.Singleton;

/**
 * Applies the access policy to a request and logs the denials. A clinic's vaccination write for a
 * child that the policy would refuse is looked at once more with the clinic's live visit grant, if
 * it holds one ({@link VisitGrants}): so the clinic the family showed the visit QR code to can
 * submit the dose through the normal intake. The family showed the code for a vaccination, so the
 * grant covers that and nothing else (not the child's checkups); reads get no such second look, the
 * visit's own read names the grant itself.
 */
@Singleton
public class AccessGuard {
  /** The writes a visit grant covers: the dose the family came for. */
  static final java.util.Set<String> VISIT_WRITES = java.util.Set.of("submit-immunization");

  private final AccessPolicy policy;
  private final AccessLog log;
  private final VisitGrants visits;

  AccessGuard(AccessPolicy policy, AccessLog log, VisitGrants visits) {
    this.policy = policy;
    this.log = log;
    this.visits = visits;
  }

  private AccessPolicy.Decision decide(
      Principal principal, AccessPolicy.Action action, ProtectedSubject subject, String what) {
    AccessPolicy.Decision decision = policy.decide(principal, action, subject, what);
    if (decision.allowed()
        || action != AccessPolicy.Action.WRITE
        || what == null
        || !VISIT_WRITES.contains(what)
        || principal.role() != Role.CLINIC
        || principal.facilityId() == null
        || !"child".equals(subject.type())
        || subject.visitingFacilities().contains(principal.facilityId())) {
      return decision;
    }
    // Only on the way to a refusal: a clinic's ordinary writes cost no look-up.
    if (!visits.holds(principal.facilityId(), subject.id())) {
      return decision;
    }
    return policy.decide(
        principal, action, subject.withVisitingFacility(principal.facilityId()), what);
  }

  /**
   * Returns the subjects the principal may act on; when there are subjects but none is allowed,
   * logs the refusal and throws {@link AccessDeniedException}.
   */
  public java.util.List<ProtectedSubject> requireAny(
      Principal principal,
      AccessPolicy.Action action,
      java.util.List<ProtectedSubject> subjects,
      String what,
      String purpose) {
    java.util.List<ProtectedSubject> allowed =
        subjects.stream().filter(s -> decide(principal, action, s, what).allowed()).toList();
    if (allowed.isEmpty() && !subjects.isEmpty()) {
      require(principal, action, subjects.get(0), what, purpose);
    }
    return allowed;
  }

  /** Whether the policy allows it; nothing is logged (a refusal is logged by {@link #require}). */
  public boolean permits(
      Principal principal, AccessPolicy.Action action, ProtectedSubject subject) {
    return decide(principal, action, subject, null).allowed();
  }

  /**
   * Whether the policy allows this particular act ({@code what}, as {@link #require} names it);
   * nothing is logged.
   */
  public boolean permits(
      Principal principal, AccessPolicy.Action action, ProtectedSubject subject, String what) {
    return decide(principal, action, subject, what).allowed();
  }

  /**
   * The policy's decision on this act, nothing logged: for a read that decides inside its own
   * transaction (one connection for the whole read) and, when refused, leaves that transaction
   * before it calls {@link #refuse} (the refusal is logged in a transaction of its own, and never
   * while the read holds a connection: a burst of refusals cannot then exhaust the pool).
   */
  public AccessPolicy.Decision decision(
      Principal principal, AccessPolicy.Action action, ProtectedSubject subject, String what) {
    return decide(principal, action, subject, what);
  }

  /** Logs the refusal {@link #decision} gave and throws {@link AccessDeniedException}. */
  public AccessDeniedException refuse(
      Principal principal,
      ProtectedSubject subject,
      String what,
      String purpose,
      AccessPolicy.Decision refusal) {
    if (refusal.allowed()) {
      throw new IllegalArgumentException("Not a refusal: " + refusal);
    }
    log.access(principal, subject, what, purpose, false);
    throw new AccessDeniedException(refusal.errorCode(), refusal.reason());
  }

  /** Returns when allowed; logs and throws {@link AccessDeniedException} otherwise. */
  public void require(
      Principal principal,
      AccessPolicy.Action action,
      ProtectedSubject subject,
      String what,
      String purpose) {
    AccessPolicy.Decision decision = decide(principal, action, subject, what);
    if (!decision.allowed()) {
      log.access(principal, subject, what, purpose, false);
      throw new AccessDeniedException(decision.errorCode(), decision.reason());
    }
  }
}
