package app.sukoyaka.municipality;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("municipality")
public record MunicipalityRow(
    @Id UUID id, String code, String nameJa, String nameEn, Instant createdAt) {}
