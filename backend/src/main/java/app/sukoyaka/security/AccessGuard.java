package app.sukoyaka.security;

import jakarta.inject.Singleton;

/** Applies the access policy to a request and logs the denials. */
@Singleton
public class AccessGuard {
  private final AccessPolicy policy;
  private final AccessLog log;

  AccessGuard(AccessPolicy policy, AccessLog log) {
    this.policy = policy;
    this.log = log;
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
        subjects.stream().filter(s -> policy.decide(principal, action, s).allowed()).toList();
    if (allowed.isEmpty() && !subjects.isEmpty()) {
      require(principal, action, subjects.get(0), what, purpose);
    }
    return allowed;
  }

  /** Whether the policy allows it; nothing is logged (a refusal is logged by {@link #require}). */
  public boolean permits(
      Principal principal, AccessPolicy.Action action, ProtectedSubject subject) {
    return policy.decide(principal, action, subject).allowed();
  }

  /** Returns when allowed; logs and throws {@link AccessDeniedException} otherwise. */
  public void require(
      Principal principal,
      AccessPolicy.Action action,
      ProtectedSubject subject,
      String what,
      String purpose) {
    AccessPolicy.Decision decision = policy.decide(principal, action, subject);
    if (!decision.allowed()) {
      log.access(principal, subject, what, purpose, false);
      throw new AccessDeniedException(decision.errorCode(), decision.reason());
    }
  }
}
