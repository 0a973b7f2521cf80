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
 */
public record CheckupsRecorded(Set<UUID> encounterIds) {
  public CheckupsRecorded {
    encounterIds = Set.copyOf(encounterIds);
  }
}
