package app.sukoyaka.growth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The growth API's shapes. */
final class GrowthBodies {
  private GrowthBodies() {}

  @Serdeable
  record Text(String ja, String en) {}

  @Serdeable
  record Age(long days, int months) {}

  @Serdeable
  record GestationalAge(int weeks, int days, int totalDays) {}

  /**
   * Where a measurement sits among the survey's percentiles.
   *
   * @param lower the percentile below it, null below the 3rd
   * @param upper the percentile above it, null from the 97th
   */
  @Serdeable
  record PercentileBand(@Nullable Integer lower, @Nullable Integer upper, Text label) {}

  /**
   * One measurement.
   *
   * @param source clinic or parent; {@code recordedBy} says the same in the handbook's words
   * @param correctedAge the age it is compared at when corrected for prematurity, else null
   */
  @Serdeable
  record Measurement(
      String measure,
      String source,
      String recordedBy,
      UUID id,
      @Nullable String checkupKind,
      LocalDate date,
      double value,
      String unit,
      Age age,
      @Nullable Age correctedAge,
      @Nullable PercentileBand percentileBand,
      @Nullable Double whoZScore) {}

  @Serdeable
  record CurvePoint(double ageDays, double ageMonths, List<Double> values) {}

  /** The survey's percentile curves of one measure for the child's sex, as the chart draws them. */
  @Serdeable
  record ReferenceCurves(
      String measure,
      String unit,
      String reference,
      List<Integer> percentiles,
      List<CurvePoint> points) {}

  @Serdeable
  record Attribution(
      String id, Text title, Text attribution, String effectiveFrom, List<String> sources) {}

  @Serdeable
  record Growth(
      UUID childId,
      LocalDate birthDate,
      @Nullable String sex,
      @Nullable GestationalAge gestationalAgeAtBirth,
      @Nullable LocalDate correctedAgeUntil,
      List<Measurement> measurements,
      List<ReferenceCurves> references,
      List<Attribution> attributions) {}
}
