package app.sukoyaka.checkup;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@MappedEntity("checkup_encounter")
record CheckupEncounterRow(
    @Id UUID id,
    UUID municipalityId,
    String kind,
    @Nullable UUID pregnancyId,
    @Nullable UUID childId,
    UUID facilityId,
    LocalDate visitDate,
    @Nullable Integer gestationalAgeDays,
    @Nullable UUID submissionId,
    Instant recordedAt,
    String encounterClass,
    @Nullable String kindName) {}
