package app.sukoyaka.clinic;

import app.sukoyaka.family.HandbookHolder;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which record of a child a clinic's submission goes to, when the handbook number it names is
 * carried by the child's records in several municipalities (the child moved with the handbook the
 * previous municipality issued). Pure.
 *
 * <ol>
 *   <li>Only records of a child born on the day the clinic names count.
 *   <li>The record of the municipality that serves the child now (none took the child in since),
 *       when the clinic serves it: the clinics of the new municipality find the moved-in child by
 *       the old number.
 *   <li>A clinic serving only a municipality the child left: a visit before the move is that
 *       municipality's own record, registered late (the new municipality's re-query brings it); a
 *       visit on or after the day the child was taken in elsewhere is refused, naming where the
 *       child went, rather than stored where nobody looks after the child any more.
 *   <li>Otherwise the current record, and the access policy decides (a visit grant, or no
 *       contract).
 * </ol>
 */
final class HandbookResolution {
  private HandbookResolution() {}

  /**
   * What the rule decided.
   *
   * @param holder the record to store under, or the record the child moved away from
   * @param movedAway the submission is refused: the child moved from {@code holder}'s municipality
   *     before the visit
   */
  record Resolved(HandbookHolder holder, boolean movedAway) {}

  /**
   * @param served the municipalities the clinic has a contract with
   * @param visitDate the earliest visit or dose of the submission (null: unknown)
   */
  static Optional<Resolved> resolve(
      List<HandbookHolder> holders, LocalDate birthDate, Set<UUID> served, LocalDate visitDate) {
    List<HandbookHolder> same =
        holders.stream().filter(h -> h.birthDate().equals(birthDate)).toList();
    if (same.isEmpty()) {
      return Optional.empty();
    }
    List<HandbookHolder> current = same.stream().filter(h -> h.movedTo() == null).toList();
    for (HandbookHolder holder : current) {
      if (served.contains(holder.municipalityId())) {
        return Optional.of(new Resolved(holder, false));
      }
    }
    for (HandbookHolder holder : same) {
      if (holder.movedTo() != null && served.contains(holder.municipalityId())) {
        boolean beforeTheMove = visitDate != null && visitDate.isBefore(holder.movedTo().on());
        return Optional.of(new Resolved(holder, !beforeTheMove));
      }
    }
    return Optional.of(new Resolved(current.isEmpty() ? same.get(0) : current.get(0), false));
  }
}
