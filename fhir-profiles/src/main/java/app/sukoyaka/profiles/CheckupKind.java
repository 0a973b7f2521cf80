package app.sukoyaka.profiles;

import java.util.Objects;
import java.util.Set;

/**
 * A kind of checkup or record, a concept of {@link SukoyakaCanonicals#CHECKUP_KIND_SYSTEM}.
 *
 * @param subject whom the Encounter is about (a delivery is the mother's Encounter even though the
 *     newborn's findings at birth belong to it)
 * @param encounterClasses the v3 ActCodes the Encounter's class may carry (AMB, HH, IMP): 産後ケア is a
 *     stay, a day visit or a home visit
 * @param municipalOwn whether this is a frame for a municipality's own checkups, named in the
 *     Encounter's type text
 * @param endsPregnancy whether recording it ends the pregnancy's active phase (the delivery)
 */
public record CheckupKind(
    String code,
    LocalizedText label,
    Subject subject,
    Set<String> encounterClasses,
    boolean municipalOwn,
    boolean endsPregnancy) {
  public CheckupKind {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(subject, "subject");
    encounterClasses = Set.copyOf(encounterClasses);
    if (encounterClasses.isEmpty()
        || !encounterClasses.stream().allMatch(c -> c.matches("AMB|HH|IMP"))) {
      throw new IllegalArgumentException(code + ": encounter classes must be AMB, HH or IMP");
    }
  }
}
