package app.sukoyaka.municipality;

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
 * Who may do a municipality's work: its own staff. Other roles are refused by role; staff of
 * another municipality by the access policy, which logs the refusal.
 */
@Singleton
public class MunicipalStaff {
  private final MunicipalityRepository municipalities;
  private final AccessGuard guard;

  MunicipalStaff(MunicipalityRepository municipalities, AccessGuard guard) {
    this.municipalities = municipalities;
    this.guard = guard;
  }

  /**
   * The municipality with that code, when the caller is one of its staff.
   *
   * @param what the act, as the access log names it
   * @throws ProblemException SKY-1005 for another role, SKY-3001 for an unknown municipality
   * @throws app.sukoyaka.security.AccessDeniedException for staff of another municipality
   */
  public MunicipalityRow require(
      Principal principal, String code, AccessPolicy.Action action, String what, String purpose) {
    requireStaff(principal);
    MunicipalityRow municipality =
        municipalities
            .findByCode(code)
            .orElseThrow(
                () -> new ProblemException(ErrorCode.NOT_FOUND, "No municipality " + code + "."));
    guard.require(
        principal,
        action,
        new ProtectedSubject(
            "municipality", municipality.id(), municipality.id(), Set.of(), Set.of()),
        what,
        purpose);
    return municipality;
  }

  /** Refuses every role but municipal staff. */
  public void requireStaff(Principal principal) {
    if (principal.role() != Role.STAFF) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "This is the work of the municipality's staff.");
    }
  }

  /** The staff member's municipality (a staff account works for exactly one). */
  public UUID municipalityOf(Principal principal) {
    requireStaff(principal);
    if (principal.municipalityIds().size() != 1) {
      throw new ProblemException(
          ErrorCode.FORBIDDEN, "This staff account is not tied to exactly one municipality.");
    }
    return principal.municipalityIds().iterator().next();
  }
}
