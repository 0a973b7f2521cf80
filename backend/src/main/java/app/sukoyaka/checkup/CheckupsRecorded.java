package app.sukoyaka.checkup;

import java.util.Set;
import java.util.UUID;

/**
 * Checkups were stored or a finding of one corrected, in the transaction still open: published
 * synchronously by {@link CheckupService}, so that what depends on them (reminders of a checkup not
 * attended yet, of a follow-up without a result) changes in the same transaction without this
 * package knowing who listens.
 *
 * @param encounterIds the checkups stored or changed
 * @param subjectIds the children and pregnancies they are of, when the publisher has them at hand
 *     (a clinic's submission); empty when listeners must look them up (a correction)
 */
public record CheckupsRecorded(Set<UUID> encounterIds, Set<UUID> subjectIds) {
  public CheckupsRecorded {
    encounterIds = Set.copyOf(encounterIds);
    subjectIds = Set.copyOf(subjectIds);
  }

  /** Checkups whose children and pregnancies the listeners look up themselves. */
  public static CheckupsRecorded ofEncounters(Set<UUID> encounterIds) {
    return new CheckupsRecorded(encounterIds, Set.of());
  }
}
