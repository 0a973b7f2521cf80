package app.sukoyaka.family.prenatal;

import java.time.LocalDate;
import java.util.UUID;

/** The handbook an accepted notification issued. */
public record IssuedHandbook(
    UUID personId, UUID pregnancyId, String handbookNumber, LocalDate issuedOn, int vouchers) {}
