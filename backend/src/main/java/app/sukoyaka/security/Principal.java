package app.sukoyaka.security;

import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller of a request, as read from a verified access token.
 *
 * @param role guardian, clinic, staff, resident or a third-party app
 * @param subject the guardian's, resident's or staff member's login subject, or the clinic's or
 *     app's client id
 * @param municipalityIds the municipalities a clinic serves or a staff member works for; empty for
 *     guardians, whose access follows their family, for residents and for apps
 * @param facilityId the clinic's facility, null for other roles
 * @param scopes granted scopes (SMART v2 style for clinics and apps)
 * @param appGrant for an app, the guardian's consent its token was issued under; null otherwise
 */
public record Principal(
    Role role,
    String subject,
    Set<UUID> municipalityIds,
    UUID facilityId,
    Set<String> scopes,
    AppGrant appGrant) {

  public Principal {
    municipalityIds = Set.copyOf(municipalityIds);
    scopes = Set.copyOf(scopes);
    if ((role == Role.APP) != (appGrant != null)) {
      throw new IllegalArgumentException("An app, and only an app, acts under a grant");
    }
  }

  /** A caller that is not an app. */
  public Principal(
      Role role, String subject, Set<UUID> municipalityIds, UUID facilityId, Set<String> scopes) {
    this(role, subject, municipalityIds, facilityId, scopes, null);
  }

  /** The id written to the access log. */
  public String actorId() {
    return role.claim() + ":" + subject;
  }

  /**
   * What a guardian consented an app may read: one child's or one pregnancy's records.
   *
   * @param grantId the consent, checked on every request (withdrawn, the app reads nothing more)
   * @param guardianSubject the login subject of the guardian who consented
   * @param subjectType "child" or "pregnancy"
   * @param subjectId the child's or pregnancy's id
   * @param patientId the FHIR Patient of the launch: the child, or the pregnant person
   */
  public record AppGrant(
      UUID grantId, String guardianSubject, String subjectType, UUID subjectId, UUID patientId) {}
}
