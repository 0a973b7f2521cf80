package app.sukoyaka.family;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@MappedEntity("pregnancy")
public record PregnancyRow(
    @Id UUID id,
    UUID municipalityId,
    UUID personId,
    String handbookNumber,
    @Nullable LocalDate handbookIssuedOn,
    @Nullable LocalDate expectedDeliveryDate,
    short fetusCount,
    String status,
    Instant createdAt) {}
