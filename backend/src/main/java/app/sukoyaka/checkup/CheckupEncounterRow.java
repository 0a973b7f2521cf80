package app.sukoyaka.checkup;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A row of {@code checkup_encounter}.
 *
 * @param facilityId the facility that held the checkup; null for one the municipality held itself
 *     (集団健診), named by {@code performerName}
 * @param source {@code clinic} (a clinic's submission) or {@code municipal} (imported from the
 *     municipality's own system)
 */
@MappedEntity("checkup_encounter")
record CheckupEncounterRow(
    @Id UUID id,
    UUID municipalityId,
    String kind,
    @Nullable UUID pregnancyId,
    @Nullable UUID childId,
    @Nullable UUID facilityId,
    LocalDate visitDate,
    @Nullable Integer gestationalAgeDays,
    @Nullable UUID submissionId,
    Instant recordedAt,
    String encounterClass,
    @Nullable String kindName,
    @Nullable String performerName,
    String source) {}
