package app.sukoyaka.family.prenatal;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What an accepted pregnancy notification issues a handbook for.
 *
 * @param loginSubject the applicant's login, which becomes the pregnant person's: her next login is
 *     a guardian's
 */
public record NewHandbook(
    UUID municipalityId,
    String loginSubject,
    String familyName,
    String givenName,
    String familyNameKana,
    String givenNameKana,
    LocalDate birthDate,
    LocalDate expectedDeliveryDate,
    int fetusCount) {

  public NewHandbook {
    familyName = app.sukoyaka.platform.Names.nfc(familyName);
    givenName = app.sukoyaka.platform.Names.nfc(givenName);
    familyNameKana = app.sukoyaka.platform.Names.nfc(familyNameKana);
    givenNameKana = app.sukoyaka.platform.Names.nfc(givenNameKana);
  }
}
