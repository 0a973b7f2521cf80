package app.sukoyaka.family;

import java.time.LocalDate;
import java.util.UUID;

/** A pregnancy with its handbook, as the handbook and the access policy see it. */
public record Pregnancy(
    UUID id,
    UUID municipalityId,
    String municipalityCode,
    UUID personId,
    String motherName,
    LocalDate motherBirthDate,
    String handbookNumber,
    LocalDate handbookIssuedOn,
    LocalDate expectedDeliveryDate,
    String status,
    String guardianSubject) {}
