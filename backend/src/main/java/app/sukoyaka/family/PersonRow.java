package app.sukoyaka.family;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@MappedEntity("person")
public record PersonRow(
    @Id UUID id,
    UUID municipalityId,
    String familyName,
    String givenName,
    @Nullable String familyNameKana,
    @Nullable String givenNameKana,
    LocalDate birthDate,
    String sex,
    @Nullable String loginSubject,
    Instant createdAt) {}
