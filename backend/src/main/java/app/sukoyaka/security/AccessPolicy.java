package app.sukoyaka.security;

import app.sukoyaka.platform.ErrorCode;
import jakarta.inject.Singleton;

/**
 * The one place that decides who may read or write a family's records.
 *
 * <ul>
 *   <li>A guardian: only their own pregnancies and children.
 *   <li>A clinic: writes for patients of municipalities it has a contract with; reads only what it
 *       submitted itself.
 *   <li>Municipal staff: only families of their municipality.
 *   <li>A resident without a handbook here: nothing of any family; only her own applications (the
 *       pregnancy notification she made).
 *   <li>A clinic the family showed the child's visit QR code to (a live visit grant on the subject,
 *       {@link ProtectedSubject#visitingFacilities()}; {@link AccessGuard} adds it only for the
 *       dose): that child's visit and vaccination, whatever municipality the clinic serves; the
 *       family's showing the code is the consent.
 *   <li>A third-party PHR app: only reads, only of the child or pregnancy its guardian consented to
 *       (while that guardian still has it in their handbook), and only the kinds of records the
 *       token's SMART scopes name ({@link #APP_READS}); anything it is not known to need, refused.
 * </ul>
 */
@Singleton
public class AccessPolicy {

  /**
   * What a resident without a handbook reaches: only her own applications (her pregnancy
   * notification, whose {@link ProtectedSubject#guardianSubjects()} is the applicant's login).
   */
  static final java.util.Set<String> RESIDENT_OWN_TYPES =
      java.util.Set.of("pregnancy-notification");

  /**
   * The reads an app may make, by the name {@link AccessGuard#require} gives them, with the SMART
   * v2 resource type and permission ({@code r} read, {@code s} search) its scopes must grant. Other
   * reads (a whole {@code $everything}, a summary document, an Encounter) no consent names yet.
   */
  static final java.util.Map<String, String> APP_READS =
      java.util.Map.of(
          "read-patient", "Patient.r",
          "read-immunization", "Immunization.r",
          "search-immunization", "Immunization.s",
          "read-observation", "Observation.r",
          "search-observation", "Observation.s");

  /** What someone wants to do with a subject's records. */
  public enum Action {
    READ,
    WRITE
  }

  /** The verdict, with the error to report when it is a denial. */
  public record Decision(boolean allowed, ErrorCode errorCode, String reason) {
    static Decision allow() {
      return new Decision(true, null, null);
    }

    static Decision deny(ErrorCode code, String reason) {
      return new Decision(false, code, reason);
    }
  }

  /**
   * Whether a decision for this caller weighs the facilities that submitted a subject's records
   * ({@link ProtectedSubject#submittingFacilities}): only a clinic's does, so a read by anyone else
   * need not ask the database for them.
   */
  public static boolean weighsSubmittingFacilities(Principal principal) {
    return principal.role() == Role.CLINIC;
  }

  public Decision decide(Principal principal, Action action, ProtectedSubject subject) {
    return decide(principal, action, subject, null);
  }

  /** The verdict on one particular act ({@code what}, as {@link AccessGuard#require} names it). */
  public Decision decide(
      Principal principal, Action action, ProtectedSubject subject, String what) {
    return switch (principal.role()) {
      case GUARDIAN ->
          subject.guardianSubjects().contains(principal.subject())
              ? Decision.allow()
              : Decision.deny(
                  ErrorCode.FORBIDDEN,
                  "This " + subject.type() + " is not in your family's handbook.");
      case CLINIC -> clinic(principal, action, subject);
      case STAFF ->
          principal.municipalityIds().contains(subject.municipalityId())
              ? Decision.allow()
              : Decision.deny(
                  ErrorCode.FORBIDDEN,
                  "This " + subject.type() + " belongs to another municipality.");
      case RESIDENT ->
          RESIDENT_OWN_TYPES.contains(subject.type())
                  && subject.guardianSubjects().contains(principal.subject())
              ? Decision.allow()
              : Decision.deny(ErrorCode.FORBIDDEN, "There is no handbook here for this login yet.");
      case APP -> app(principal, action, subject, what);
    };
  }

  private static Decision app(
      Principal principal, Action action, ProtectedSubject subject, String what) {
    Principal.AppGrant grant = principal.appGrant();
    if (action != Action.READ) {
      return Decision.deny(ErrorCode.APP_NOT_CONSENTED, "An app only reads.");
    }
    if (!grant.subjectType().equals(subject.type())
        || !grant.subjectId().equals(subject.id())
        || !subject.guardianSubjects().contains(grant.guardianSubject())) {
      return Decision.deny(
          ErrorCode.APP_NOT_CONSENTED,
          "The guardian did not consent to this app reading this " + subject.type() + ".");
    }
    String needed = what == null ? null : APP_READS.get(what);
    if (needed == null || !grantsScope(principal.scopes(), needed)) {
      return Decision.deny(
          ErrorCode.APP_NOT_CONSENTED,
          "The guardian did not consent to this app reading these records.");
    }
    return Decision.allow();
  }

  /** Whether a {@code patient/Type.perms} scope grants {@code Type.p} (SMART v2: c r u d s). */
  static boolean grantsScope(java.util.Set<String> scopes, String needed) {
    int dot = needed.indexOf('.');
    String prefix = "patient/" + needed.substring(0, dot + 1);
    char permission = needed.charAt(dot + 1);
    for (String scope : scopes) {
      if (scope.startsWith(prefix) && scope.substring(prefix.length()).indexOf(permission) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static Decision clinic(Principal principal, Action action, ProtectedSubject subject) {
    if (principal.facilityId() != null
        && "child".equals(subject.type())
        && subject.visitingFacilities().contains(principal.facilityId())) {
      return Decision.allow();
    }
    if (!principal.municipalityIds().contains(subject.municipalityId())) {
      return Decision.deny(
          ErrorCode.MUNICIPALITY_NOT_SERVED,
          "This clinic has no contract with the municipality of this " + subject.type() + ".");
    }
    if (action == Action.WRITE) {
      return Decision.allow();
    }
    return subject.submittingFacilities().contains(principal.facilityId())
        ? Decision.allow()
        : Decision.deny(
            ErrorCode.FORBIDDEN, "A clinic may read only the records it submitted itself.");
  }
}
