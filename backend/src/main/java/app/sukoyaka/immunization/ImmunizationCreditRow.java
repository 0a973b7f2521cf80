package app.sukoyaka.immunization;

import io.micronaut.core.annotation.Nullable;
import java.util.UUID;

/**
 * A row of {@code immunization_credit}: a record counts for this series of the routine schedule, as
 * this dose when the source said which.
 */
record ImmunizationCreditRow(
    UUID recordId,
    UUID municipalityId,
    @Nullable UUID childId,
    String vaccine,
    @Nullable String doseLabel) {}
