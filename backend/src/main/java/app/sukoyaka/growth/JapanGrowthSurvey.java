package app.sukoyaka.growth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The percentile values of the 2023 Japanese growth survey (こども家庭庁 令和5年乳幼児身体発育調査), read from {@code
 * japan-growth-survey-2023.json}: where a measurement sits among the 3rd to 97th percentiles of
 * children of its sex and age, as the handbook's growth curves show.
 */
public final class JapanGrowthSurvey {
  /** Days of the point band "about 30 days" after birth. */
  private static final int MONTH_POINT_DAYS = 30;

  private final List<Integer> percentiles;
  private final Map<GrowthMeasure, Map<GrowthSex, List<Band>>> bands;

  /** One age band of one sex: the values at each of the survey's percentiles, low to high. */
  record Band(
      Integer atDays, Integer fromMonths, Integer untilMonths, String label, double[] values) {}

  /**
   * Where a value sits: between two percentiles, below the lowest (lower null) or above the highest
   * (upper null). A value equal to a percentile's counts in the band above it.
   */
  public record Placement(Integer lowerPercentile, Integer upperPercentile) {}

  private JapanGrowthSurvey(
      List<Integer> percentiles, Map<GrowthMeasure, Map<GrowthSex, List<Band>>> bands) {
    this.percentiles = percentiles;
    this.bands = bands;
  }

  static JapanGrowthSurvey read(JsonNode root) {
    List<Integer> percentiles = new ArrayList<>();
    root.path("percentiles").forEach(p -> percentiles.add(p.asInt()));
    Map<GrowthMeasure, Map<GrowthSex, List<Band>>> bands = new EnumMap<>(GrowthMeasure.class);
    for (GrowthMeasure measure : GrowthMeasure.values()) {
      JsonNode node = root.path("measures").path(measure.code());
      if (node.isMissingNode()) {
        throw new IllegalStateException("growth survey lacks " + measure.code());
      }
      Map<GrowthSex, List<Band>> bySex = new EnumMap<>(GrowthSex.class);
      for (GrowthSex sex : GrowthSex.values()) {
        List<Band> list = new ArrayList<>();
        for (JsonNode band : node.path("bands")) {
          double[] values = new double[percentiles.size()];
          JsonNode row = band.path(sex.code());
          if (row.size() != values.length) {
            throw new IllegalStateException("growth survey band without every percentile");
          }
          for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i).asDouble();
            if (i > 0 && values[i] < values[i - 1]) {
              throw new IllegalStateException("growth survey percentiles out of order");
            }
          }
          list.add(
              new Band(
                  band.has("atDays") ? band.get("atDays").asInt() : null,
                  band.has("fromMonths") ? band.get("fromMonths").asInt() : null,
                  band.has("untilMonths") ? band.get("untilMonths").asInt() : null,
                  band.path("label").asText(),
                  values));
        }
        bySex.put(sex, List.copyOf(list));
      }
      bands.put(measure, bySex);
    }
    return new JapanGrowthSurvey(List.copyOf(percentiles), bands);
  }

  /** The survey's percentiles (3, 10, 25, 50, 75, 90, 97). */
  public List<Integer> percentiles() {
    return percentiles;
  }

  /**
   * The values at each percentile for that age; empty before birth (a corrected age before term)
   * and past the survey's ages (head circumference ends at 3 years). In the first month the values
   * run linearly from those at birth to those at about 30 days.
   */
  public Optional<double[]> valuesAt(GrowthMeasure measure, GrowthSex sex, GrowthAge age) {
    if (age.days() < 0) {
      return Optional.empty();
    }
    List<Band> list = bands.get(measure).get(sex);
    if (age.completedMonths() == 0) {
      double[] birth = point(list, 0);
      double[] month = point(list, MONTH_POINT_DAYS);
      double share = Math.min(1.0, age.days() / (double) MONTH_POINT_DAYS);
      double[] values = new double[birth.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = birth[i] + (month[i] - birth[i]) * share;
      }
      return Optional.of(values);
    }
    for (Band band : list) {
      if (band.fromMonths() != null
          && band.fromMonths() <= age.completedMonths()
          && age.completedMonths() < band.untilMonths()) {
        return Optional.of(band.values().clone());
      }
    }
    return Optional.empty();
  }

  /** Where the value sits among the percentiles for that age; empty where there is no band. */
  public Optional<Placement> place(
      GrowthMeasure measure, GrowthSex sex, GrowthAge age, double value) {
    return valuesAt(measure, sex, age)
        .map(
            values -> {
              int above = 0;
              while (above < values.length && value >= values[above]) {
                above++;
              }
              return new Placement(
                  above == 0 ? null : percentiles.get(above - 1),
                  above == values.length ? null : percentiles.get(above));
            });
  }

  /** One point of the drawn curves: an age in days and the values at each percentile there. */
  public record CurvePoint(double days, double[] values) {}

  /**
   * The percentile curves as the chart draws them: the values at birth and at about 30 days where
   * the survey gives them, and each later band's values at the middle of its ages (the band 1〜2か月未満
   * at 1.5 months), joined by straight lines. Ages in days at WHO's average month.
   */
  public List<CurvePoint> curve(GrowthMeasure measure, GrowthSex sex) {
    List<CurvePoint> points = new ArrayList<>();
    for (Band band : bands.get(measure).get(sex)) {
      double days =
          band.atDays() != null
              ? band.atDays()
              : (band.fromMonths() + band.untilMonths()) / 2.0 * WhoGrowthStandards.DAYS_PER_MONTH;
      points.add(new CurvePoint(days, band.values().clone()));
    }
    points.sort(java.util.Comparator.comparingDouble(CurvePoint::days));
    return List.copyOf(points);
  }

  private static double[] point(List<Band> list, int days) {
    return list.stream()
        .filter(band -> band.atDays() != null && band.atDays() == days)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("growth survey lacks the band at " + days))
        .values();
  }
}
