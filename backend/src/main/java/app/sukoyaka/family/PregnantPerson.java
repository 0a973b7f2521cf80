package app.sukoyaka.family;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A pregnant person or mother, with the pregnancies she has a handbook for. */
public record PregnantPerson(
    UUID id,
    UUID municipalityId,
    String municipalityCode,
    String familyName,
    String givenName,
    String familyNameKana,
    String givenNameKana,
    LocalDate birthDate,
    String sex,
    List<Pregnancy> pregnancies) {

  public PregnantPerson {
    pregnancies = List.copyOf(pregnancies);
  }

  PregnantPerson withPregnancies(List<Pregnancy> list) {
    return new PregnantPerson(
        id,
        municipalityId,
        municipalityCode,
        familyName,
        givenName,
        familyNameKana,
        givenNameKana,
        birthDate,
        sex,
        list);
  }
}
