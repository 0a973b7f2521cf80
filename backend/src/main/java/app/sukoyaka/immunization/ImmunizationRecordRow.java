package app.sukoyaka.immunization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A row of {@code immunization_record}: one dose as its source recorded it. */
@MappedEntity("immunization_record")
record ImmunizationRecordRow(
    @Id UUID id,
    UUID municipalityId,
    @Nullable UUID childId,
    @Nullable UUID pregnancyId,
    LocalDate occurrenceDate,
    String vaccineSystem,
    String vaccineCode,
    @Nullable String vaccineDisplay,
    @Nullable String vaccineKind,
    @Nullable String product,
    @Nullable String lotNumber,
    @Nullable String doseLabel,
    boolean routine,
    String source,
    String verification,
    @Nullable String verifiedBy,
    @Nullable Instant verifiedAt,
    @Nullable String country,
    @Nullable UUID facilityId,
    @Nullable String performerName,
    @Nullable String note,
    String status,
    int version,
    @Nullable UUID submissionId,
    @Nullable @TypeDef(type = DataType.JSON) String payload,
    String recordedByRole,
    String recordedBy,
    Instant recordedAt,
    Instant updatedAt) {}
