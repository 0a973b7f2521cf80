package app.sukoyaka.immunization;

import java.util.Set;
import java.util.UUID;

/**
 * Vaccination records were stored, in the transaction still open: published synchronously by {@link
 * ImmunizationHistory#store}, so that what depends on a child's doses (its reminders) changes in
 * the same transaction without this package knowing who listens.
 *
 * @param childIds the children the records are about
 * @param pregnancyIds the pregnancies of the pregnant people's own records
 */
public record VaccinationsRecorded(Set<UUID> childIds, Set<UUID> pregnancyIds) {
  public VaccinationsRecorded {
    childIds = Set.copyOf(childIds);
    pregnancyIds = Set.copyOf(pregnancyIds);
  }
}
