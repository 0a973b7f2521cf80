package app.sukoyaka.phr.consent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One consent as the register shows it.
 *
 * @param kind the source's kind
 * @param id the consent's id within its kind
 * @param recipient who receives the data or the service, in the guardian's words (an app's name,
 *     マイナポータル, the municipality, the other guardian)
 * @param childIds the children it covers; empty with no pregnancies means the whole family
 * @param pregnancyIds the pregnancies it covers
 * @param recordKinds the kinds of records it covers (e.g. {@code Immunization}, {@code
 *     Observation}); empty for consents that are not about records
 * @param textVersion the version of the consent text the guardian agreed to
 * @param agreedAt when the guardian agreed
 * @param expiresAt when it ends by itself, or null
 * @param withdrawnAt when it was withdrawn, or null
 */
public record ConsentEntry(
    String kind,
    String id,
    String recipient,
    List<UUID> childIds,
    List<UUID> pregnancyIds,
    List<String> recordKinds,
    String textVersion,
    Instant agreedAt,
    Instant expiresAt,
    Instant withdrawnAt) {

  public ConsentEntry {
    childIds = List.copyOf(childIds);
    pregnancyIds = List.copyOf(pregnancyIds);
    recordKinds = List.copyOf(recordKinds);
  }

  /** Whether the consent holds at this instant. */
  public boolean activeAt(Instant now) {
    return withdrawnAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
