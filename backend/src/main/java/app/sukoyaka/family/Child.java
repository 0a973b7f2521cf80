package app.sukoyaka.family;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/** A child with its handbook number and the login subjects of its guardians. */
public record Child(
    UUID id,
    UUID municipalityId,
    String municipalityCode,
    String handbookNumber,
    String displayName,
    LocalDate birthDate,
    String sex,
    Set<String> guardianSubjects) {}
