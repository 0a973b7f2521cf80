package app.sukoyaka.family;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * A pregnancy with its handbook, as the handbook and the access policy see it.
 *
 * @param guardianSubject the pregnant person's login subject; null while she has no login
 * @param sharedWithSubjects login subjects of those she shares the pregnancy with (her partner,
 *     through an accepted invitation); they read it as she does
 */
public record Pregnancy(
    UUID id,
    UUID municipalityId,
    String municipalityCode,
    UUID personId,
    String motherName,
    LocalDate motherBirthDate,
    String handbookNumber,
    LocalDate handbookIssuedOn,
    LocalDate expectedDeliveryDate,
    String status,
    String guardianSubject,
    Set<String> sharedWithSubjects) {

  public Pregnancy {
    sharedWithSubjects = Set.copyOf(sharedWithSubjects);
  }

  /** A pregnancy shared with nobody. */
  public Pregnancy(
      UUID id,
      UUID municipalityId,
      String municipalityCode,
      UUID personId,
      String motherName,
      LocalDate motherBirthDate,
      String handbookNumber,
      LocalDate handbookIssuedOn,
      LocalDate expectedDeliveryDate,
      String status,
      String guardianSubject) {
    this(
        id,
        municipalityId,
        municipalityCode,
        personId,
        motherName,
        motherBirthDate,
        handbookNumber,
        handbookIssuedOn,
        expectedDeliveryDate,
        status,
        guardianSubject,
        Set.of());
  }

  /**
   * Everyone who reads the pregnancy as a guardian: the pregnant person and those she shares with.
   */
  public Set<String> readerSubjects() {
    Set<String> readers = new java.util.HashSet<>(sharedWithSubjects);
    if (guardianSubject != null) {
      readers.add(guardianSubject);
    }
    return Set.copyOf(readers);
  }
}
