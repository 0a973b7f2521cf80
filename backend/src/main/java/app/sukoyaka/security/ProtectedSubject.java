package app.sukoyaka.security;

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
 */
public record ProtectedSubject(
    String type,
    UUID id,
    UUID municipalityId,
    Set<String> guardianSubjects,
    Set<UUID> submittingFacilities) {

  public ProtectedSubject {
    guardianSubjects = Set.copyOf(guardianSubjects);
    submittingFacilities = Set.copyOf(submittingFacilities);
  }
}
