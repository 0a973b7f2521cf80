package app.sukoyaka.security;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A pregnancy or child whose records someone wants to read or write, with the facts the access
 * policy decides on.
 *
 * @param type "pregnancy" or "child"
 * @param id the pregnancy's or child's id
 * @param municipalityId the municipality the family is registered with
 * @param guardianSubjects login subjects of the guardians (for a pregnancy: the pregnant person)
 * @param submittingFacilities facilities that submitted records of this subject
 * @param visitingFacilities facilities holding a live visit grant for this child: the family showed
 *     them the child's visit QR code and they redeemed it (see {@link VisitGrants})
 */
public record ProtectedSubject(
    String type,
    UUID id,
    UUID municipalityId,
    Set<String> guardianSubjects,
    Set<UUID> submittingFacilities,
    Set<UUID> visitingFacilities) {

  public ProtectedSubject {
    guardianSubjects = Set.copyOf(guardianSubjects);
    submittingFacilities = Set.copyOf(submittingFacilities);
    visitingFacilities = Set.copyOf(visitingFacilities);
  }

  /** A subject no clinic holds a visit grant for. */
  public ProtectedSubject(
      String type,
      UUID id,
      UUID municipalityId,
      Set<String> guardianSubjects,
      Set<UUID> submittingFacilities) {
    this(type, id, municipalityId, guardianSubjects, submittingFacilities, Set.of());
  }

  /** The same subject with one more facility holding a live visit grant. */
  public ProtectedSubject withVisitingFacility(UUID facilityId) {
    Set<UUID> visiting = new HashSet<>(visitingFacilities);
    visiting.add(facilityId);
    return new ProtectedSubject(
        type, id, municipalityId, guardianSubjects, submittingFacilities, visiting);
  }
}
