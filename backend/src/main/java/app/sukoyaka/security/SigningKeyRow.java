package app.sukoyaka.security;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;

@MappedEntity("signing_key")
record SigningKeyRow(
    @Id String kid,
    String algorithm,
    String privateJwk,
    @TypeDef(type = DataType.JSON) String publicJwk,
    Instant createdAt,
    Instant activeFrom,
    Instant retireAfter) {}
