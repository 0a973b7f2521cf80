package app.sukoyaka.family.prenatal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A 妊婦健康診査受診券: what it pays for and, once used, by which clinic and when.
 *
 * @param usedOn the day of the visit it was used for; null while unused
 * @param usedAt when the clinic recorded the use
 * @param usedByFacilityName the clinic's name, as the app shows it
 */
public record PrenatalVoucher(
    UUID id,
    UUID pregnancyId,
    UUID municipalityId,
    String number,
    int visitNumber,
    List<PrenatalCheckupPlan.Cover> covers,
    LocalDate usedOn,
    Instant usedAt,
    UUID usedByFacilityId,
    String usedByFacilityName) {

  public PrenatalVoucher {
    covers = List.copyOf(covers);
  }

  public boolean used() {
    return usedAt != null;
  }
}
