package app.sukoyaka.family.prenatal;

import java.time.LocalDate;

/**
 * A 妊婦健診 visit of a pregnancy's schedule, with its voucher.
 *
 * @param recommendedFrom the first day of the recommended window (week fromWeek, day 0)
 * @param recommendedTo the last day (week toWeek, day 6)
 */
public record PrenatalVisit(
    int number,
    int fromWeek,
    int toWeek,
    LocalDate recommendedFrom,
    LocalDate recommendedTo,
    PrenatalVoucher voucher) {}
