package app.sukoyaka.family;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A child a clinic records for the first time (at birth, or at its first screening), under the
 * pregnancy it was born of; its mother becomes its guardian.
 *
 * @param familyName null until the child is named, like the other names
 * @param sex female, male or unknown
 */
public record NewChild(
    UUID id,
    UUID municipalityId,
    UUID pregnancyId,
    UUID motherPersonId,
    String handbookNumber,
    String familyName,
    String givenName,
    String familyNameKana,
    String givenNameKana,
    LocalDate birthDate,
    String sex,
    int birthOrder) {

  public NewChild {
    familyName = app.sukoyaka.platform.Names.nfc(familyName);
    givenName = app.sukoyaka.platform.Names.nfc(givenName);
    familyNameKana = app.sukoyaka.platform.Names.nfc(familyNameKana);
    givenNameKana = app.sukoyaka.platform.Names.nfc(givenNameKana);
  }
}
