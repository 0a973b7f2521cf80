package app.sukoyaka.family;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * A child with its handbook number and the login subjects of its guardians.
 *
 * @param handbookNumber the child's 交付番号; null when the handbook was issued outside Sukoyaka
 * @param displayName the name as shown; null until the child is named (a newborn recorded at birth)
 * @param familyName null until named, like the other names
 * @param pregnancyId the pregnancy the child was born of, when its handbook is here (the mother
 *     link); null for children taken over without it
 * @param motherPersonId the mother of that pregnancy, else null
 * @param birthOrder 1, or the child's place among twins and other multiples
 * @param multipleBirth whether the child is one of several born of that pregnancy
 */
public record Child(
    UUID id,
    UUID municipalityId,
    String municipalityCode,
    String handbookNumber,
    String displayName,
    LocalDate birthDate,
    String sex,
    Set<String> guardianSubjects,
    UUID pregnancyId,
    UUID motherPersonId,
    String familyName,
    String givenName,
    String familyNameKana,
    String givenNameKana,
    int birthOrder,
    boolean multipleBirth) {

  public Child {
    guardianSubjects = Set.copyOf(guardianSubjects);
  }

  /** A child as the guardian's list of handbooks shows it. */
  public Child(
      UUID id,
      UUID municipalityId,
      String municipalityCode,
      String handbookNumber,
      String displayName,
      LocalDate birthDate,
      String sex,
      Set<String> guardianSubjects) {
    this(
        id,
        municipalityId,
        municipalityCode,
        handbookNumber,
        displayName,
        birthDate,
        sex,
        guardianSubjects,
        null,
        null,
        null,
        null,
        null,
        null,
        1,
        false);
  }
}
