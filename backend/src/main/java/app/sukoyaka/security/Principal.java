package app.sukoyaka.security;

import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller of a request, as read from a verified access token.
 *
 * @param role guardian, clinic, staff or resident
 * @param subject the guardian's, resident's or staff member's login subject, or the clinic's client
 *     id
 * @param municipalityIds the municipalities a clinic serves or a staff member works for; empty for
 *     guardians, whose access follows their family, and for residents
 * @param facilityId the clinic's facility, null for other roles
 * @param scopes granted scopes (SMART v2 style for clinics)
 */
public record Principal(
    Role role, String subject, Set<UUID> municipalityIds, UUID facilityId, Set<String> scopes) {

  public Principal {
    municipalityIds = Set.copyOf(municipalityIds);
    scopes = Set.copyOf(scopes);
  }

  /** The id written to the access log. */
  public String actorId() {
    return role.claim() + ":" + subject;
  }
}
