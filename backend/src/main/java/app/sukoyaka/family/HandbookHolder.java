package app.sukoyaka.family;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A record of a child that carries a handbook number: the child as one municipality keeps it, and,
 * when a later municipality took the child in with that handbook, where the child moved to.
 *
 * @param movedTo the municipality that took the child in after this record was made, or null while
 *     this municipality serves the child
 */
public record HandbookHolder(
    UUID childId, UUID municipalityId, String municipalityCode, LocalDate birthDate, Move movedTo) {

  /**
   * A move to another municipality, as that municipality recorded it.
   *
   * @param on the day the new municipality took the child in (Japan)
   */
  public record Move(UUID municipalityId, String code, String name, LocalDate on) {}
}
