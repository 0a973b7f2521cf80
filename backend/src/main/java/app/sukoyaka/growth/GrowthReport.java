package app.sukoyaka.growth;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A child's growth: every measurement placed on the references, oldest first.
 *
 * @param sex null when the child's sex is not male or female (no reference then)
 * @param gestationalDaysAtBirth from the delivery record, null when none was sent
 * @param correctedUntil the day the correction for prematurity ends, null when none applies
 */
public record GrowthReport(
    UUID childId,
    LocalDate birthDate,
    GrowthSex sex,
    Integer gestationalDaysAtBirth,
    LocalDate correctedUntil,
    List<GrowthPoint> points) {

  public List<GrowthPoint> of(GrowthChartTexts.Measure measure) {
    return points.stream().filter(p -> p.measure().code().equals(measure.code())).toList();
  }
}
