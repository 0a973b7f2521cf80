package app.sukoyaka.growth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The WHO Child Growth Standards (2006) as L, M and S by month, read from {@code
 * who-child-growth-standards-2006.json}: z-scores of weight, length or height, and head
 * circumference from birth to 60 months, computed as WHO's own software does.
 */
public final class WhoGrowthStandards {
  /** WHO's average month: the monthly tables are evaluated at month × 30.4375 days. */
  static final double DAYS_PER_MONTH = 30.4375;

  private static final int LAST_MONTH = 60;
  private static final int HEIGHT_FROM_MONTH = 24;

  private final Map<String, Map<GrowthSex, double[][]>> series;

  private WhoGrowthStandards(Map<String, Map<GrowthSex, double[][]>> series) {
    this.series = series;
  }

  static WhoGrowthStandards read(JsonNode root) {
    Map<String, Map<GrowthSex, double[][]>> series = new HashMap<>();
    for (String name : new String[] {"weight", "length", "height", "head-circumference"}) {
      JsonNode node = root.path("measures").path(name);
      Map<GrowthSex, double[][]> bySex = new EnumMap<>(GrowthSex.class);
      for (GrowthSex sex : GrowthSex.values()) {
        JsonNode rows = node.path(sex.code());
        if (rows.size() == 0) {
          throw new IllegalStateException("WHO standards lack " + name + " of " + sex.code());
        }
        double[][] table = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
          JsonNode row = rows.get(i);
          table[i] =
              new double[] {
                row.get(0).asDouble(),
                row.get(1).asDouble(),
                row.get(2).asDouble(),
                row.get(3).asDouble()
              };
          if (i > 0 && table[i][0] != table[i - 1][0] + 1) {
            throw new IllegalStateException("WHO standards skip a month in " + name);
          }
        }
        bySex.put(sex, table);
      }
      series.put(name, bySex);
    }
    return new WhoGrowthStandards(series);
  }

  /**
   * The z-score of the value at that age; empty before birth and after 60 months. L, M and S are
   * interpolated linearly between the months around the age. Beyond ±3 SD, weight and head
   * circumference are scored on the distance between the 2 and 3 SD curves, as WHO prescribes
   * (their distributions are skewed); length and height (L = 1) need no such step.
   */
  public OptionalDouble zScore(GrowthMeasure measure, GrowthSex sex, GrowthAge age, double value) {
    double months = age.days() / DAYS_PER_MONTH;
    if (age.days() < 0 || months > LAST_MONTH || value <= 0) {
      return OptionalDouble.empty();
    }
    String name =
        switch (measure) {
          case WEIGHT -> "weight";
          case HEAD_CIRCUMFERENCE -> "head-circumference";
          case LENGTH_HEIGHT -> age.completedMonths() < HEIGHT_FROM_MONTH ? "length" : "height";
        };
    double[][] table = series.get(name).get(sex);
    double first = table[0][0];
    double position = Math.max(0, Math.min(months - first, table.length - 1));
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, table.length - 1);
    double share = position - lower;
    double l = table[lower][1] + (table[upper][1] - table[lower][1]) * share;
    double m = table[lower][2] + (table[upper][2] - table[lower][2]) * share;
    double s = table[lower][3] + (table[upper][3] - table[lower][3]) * share;
    double z = z(value, l, m, s);
    if (measure == GrowthMeasure.LENGTH_HEIGHT || Math.abs(z) <= 3) {
      return OptionalDouble.of(z);
    }
    if (z > 3) {
      double sd3 = curve(3, l, m, s);
      return OptionalDouble.of(3 + (value - sd3) / (sd3 - curve(2, l, m, s)));
    }
    double sd3neg = curve(-3, l, m, s);
    return OptionalDouble.of(-3 + (value - sd3neg) / (curve(-2, l, m, s) - sd3neg));
  }

  static double z(double value, double l, double m, double s) {
    if (l == 0) {
      return Math.log(value / m) / s;
    }
    return (Math.pow(value / m, l) - 1) / (l * s);
  }

  /** The value at z on the LMS curve. */
  static double curve(double z, double l, double m, double s) {
    if (l == 0) {
      return m * Math.exp(s * z);
    }
    return m * Math.pow(1 + l * s * z, 1 / l);
  }
}
