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
