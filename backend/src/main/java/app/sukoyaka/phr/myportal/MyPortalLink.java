package app.sukoyaka.phr.myportal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A guardian's link with My Portal (期間連携), without its tokens.
 *
 * @param endedReason {@code ended-by-guardian} or {@code refused-by-portal}; null while not ended
 * @param revokedAtPortal whether the portal confirmed the revocation when the link was ended; null
 *     while not ended
 * @param lastImport the counts of the latest retrieval, as JSON, or null before the first
 */
public record MyPortalLink(
    UUID id,
    UUID municipalityId,
    UUID personId,
    String loginSubject,
    List<UUID> childIds,
    List<UUID> pregnancyIds,
    String scope,
    String textVersion,
    Instant createdAt,
    Instant expiresAt,
    Instant endedAt,
    String endedReason,
    Boolean revokedAtPortal,
    Instant lastImportAt,
    String lastImport,
    String lastImportError) {
  public static final String ENDED_BY_GUARDIAN = "ended-by-guardian";
  public static final String REFUSED_BY_PORTAL = "refused-by-portal";

  public MyPortalLink {
    childIds = List.copyOf(childIds);
    pregnancyIds = List.copyOf(pregnancyIds);
  }

  /** {@code active}, {@code expired} or {@code ended}. */
  public String status(Instant now) {
    if (endedAt != null) {
      return "ended";
    }
    return now.isBefore(expiresAt) ? "active" : "expired";
  }
}
