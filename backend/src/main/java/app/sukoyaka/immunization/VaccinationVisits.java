package app.sukoyaka.immunization;

import app.sukoyaka.clinic.VisitTokens;
import app.sukoyaka.family.Child;
import app.sukoyaka.family.FamilyService;
import app.sukoyaka.family.FamilySubjects;
import app.sukoyaka.immunization.prescreening.Eligibility;
import app.sukoyaka.immunization.schedule.Forecast;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.security.AccessGuard;
import app.sukoyaka.security.AccessLog;
import app.sukoyaka.security.AccessPolicy;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.ProtectedSubject;
import app.sukoyaka.security.Role;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * A clinic redeems the visit QR code a parent shows: it reads the child, the 予診票, the child's
 * vaccination records and forecast, and the advisory eligibility for the planned vaccine today. The
 * first redemption binds the token to the clinic, which may read the visit again until the token
 * expires and may submit the child's vaccination while its visit grant lasts. Every redemption and
 * every refusal of a known token is written to the access log.
 */
@Singleton
public class VaccinationVisits {
  static final String PURPOSE = "vaccination-visit";

  private final VisitTokens tokens;
  private final FamilyService families;
  private final PrescreeningStore store;
  private final PrescreeningService prescreenings;
  private final ImmunizationHistory history;
  private final AccessGuard guard;
  private final AccessLog accessLog;
  private final Clock clock;

  VaccinationVisits(
      VisitTokens tokens,
      FamilyService families,
      PrescreeningStore store,
      PrescreeningService prescreenings,
      ImmunizationHistory history,
      AccessGuard guard,
      AccessLog accessLog,
      Clock clock) {
    this.tokens = tokens;
    this.families = families;
    this.store = store;
    this.prescreenings = prescreenings;
    this.history = history;
    this.guard = guard;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** What the clinic sees at the visit. */
  public record Visit(
      VisitTokens.Token token,
      boolean firstRedemption,
      Child child,
      Prescreening prescreening,
      Eligibility eligibility,
      List<ImmunizationRecord> records,
      Forecast forecast) {}

  @Transactional
  public Visit redeem(Principal principal, String scanned) {
    if (principal.role() != Role.CLINIC || principal.facilityId() == null) {
      throw new ProblemException(
          ErrorCode.WRONG_ROLE, "Only clinic systems redeem a visit QR code.");
    }
    VisitTokens.Redeemed redeemed;
    try {
      redeemed = tokens.redeem(scanned, principal.facilityId(), principal.subject());
    } catch (VisitTokens.RefusedException refused) {
      throw refusal(principal, refused);
    }
    VisitTokens.Token token = redeemed.token();
    Child child = families.child(token.childId()).orElseThrow();
    // The family showed this clinic the code: that, not a contract or an earlier submission, is
    // what lets it read this child's visit.
    ProtectedSubject subject =
        FamilySubjects.of(child).withVisitingFacility(principal.facilityId());
    guard.require(principal, AccessPolicy.Action.READ, subject, "read-vaccination-visit", PURPOSE);
    if (redeemed.first()) {
      store.markRedeemed(token.prescreeningId(), token.redeemedAt());
      accessLog.write(principal, subject, "redeem-visit-token", PURPOSE);
    } else {
      accessLog.access(principal, subject, "read-vaccination-visit", PURPOSE, true);
    }
    Prescreening prescreening = store.find(child.id(), token.prescreeningId(), false).orElseThrow();
    LocalDate today = LocalDate.now(clock);
    List<ImmunizationRecord> records = history.ofChild(child.id());
    Forecast forecast = prescreenings.forecastOn(child, prescreening.answers(), today, records);
    Eligibility eligibility = prescreenings.eligibility(child, prescreening, today, forecast);
    return new Visit(token, redeemed.first(), child, prescreening, eligibility, records, forecast);
  }

  private ProblemException refusal(Principal principal, VisitTokens.RefusedException refused) {
    if (refused.token() != null) {
      families
          .child(refused.token().childId())
          .ifPresent(
              child ->
                  accessLog.access(
                      principal, FamilySubjects.of(child), "redeem-visit-token", PURPOSE, false));
    }
    switch (refused.refusal()) {
      case EXPIRED:
        return new ProblemException(
            ErrorCode.VISIT_TOKEN_EXPIRED,
            "This visit QR code has expired; ask the family to show a new one from the app.");
      case WITHDRAWN:
        return new ProblemException(
            ErrorCode.VISIT_GRANT_WITHDRAWN,
            "The family withdrew this visit QR code from the app; ask them to show a new one.");
      case OTHER_CLINIC:
        return new ProblemException(
            ErrorCode.VISIT_TOKEN_OTHER_CLINIC,
            "Another clinic has already redeemed this visit QR code.");
      case UNKNOWN:
      default:
        return new ProblemException(
            ErrorCode.VISIT_TOKEN_UNKNOWN,
            "No visit QR code matches this token; scan the code again or ask the family to show"
                + " a new one.");
    }
  }
}
