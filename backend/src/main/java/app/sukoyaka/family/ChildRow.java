package app.sukoyaka.family;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@MappedEntity("child")
public record ChildRow(
    @Id UUID id,
    UUID municipalityId,
    @Nullable UUID pregnancyId,
    @Nullable String handbookNumber,
    @Nullable String familyName,
    @Nullable String givenName,
    @Nullable String familyNameKana,
    @Nullable String givenNameKana,
    LocalDate birthDate,
    String sex,
    short birthOrder,
    Instant createdAt) {}
