package app.sukoyaka.checkup;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@MappedEntity("checkup_finding")
record CheckupFindingRow(
    @Id UUID id,
    UUID encounterId,
    UUID municipalityId,
    UUID observationId,
    String itemCode,
    String valueType,
    @Nullable BigDecimal quantityValue,
    @Nullable String quantityUnit,
    @Nullable String codeSystem,
    @Nullable String codeValue,
    @Nullable Boolean booleanValue,
    @Nullable String stringValue,
    @Nullable LocalDate dateValue,
    @Nullable String sourceSystem,
    @Nullable String sourceCode,
    int version,
    String status,
    @Nullable Instant updatedAt,
    @Nullable Integer integerValue,
    @Nullable Instant datetimeValue,
    @Nullable UUID childId,
    String resourceType,
    @Nullable Instant authoredAt) {}
