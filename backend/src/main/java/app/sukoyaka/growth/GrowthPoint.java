package app.sukoyaka.growth;

import java.time.LocalDate;
import java.util.UUID;

/**
 * One measurement of a child placed on the references.
 *
 * @param source {@code clinic} (a checkup's finding) or {@code parent} (the family's own record)
 * @param id the clinic finding's or the own record's id
 * @param checkupKind the checkup it was measured at, null for a parent's record
 * @param value in the measure's unit (kg or cm)
 * @param ageDays chronological age in days on that day
 * @param comparedAt the age it is compared at, corrected for prematurity where that applies
 * @param placement where it sits among the Japanese survey's percentiles; null without a band
 * @param zScore the WHO z-score; null outside the standards' ages
 */
public record GrowthPoint(
    GrowthChartTexts.Measure measure,
    String source,
    UUID id,
    String checkupKind,
    LocalDate date,
    double value,
    long ageDays,
    int ageMonths,
    GrowthAge comparedAt,
    JapanGrowthSurvey.Placement placement,
    Double zScore) {

  public static final String CLINIC = "clinic";
  public static final String PARENT = "parent";
}
