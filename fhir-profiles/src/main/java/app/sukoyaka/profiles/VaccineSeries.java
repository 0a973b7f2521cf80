package app.sukoyaka.profiles;

import java.util.List;
import java.util.Objects;

/**
 * A series of the routine schedule, named by the forecaster's vaccine id (HIB, DPT_IPV_HIB, MR …),
 * with the dose labels a record of it may carry.
 */
public record VaccineSeries(
    String id, LocalizedText label, List<String> doseLabels, List<String> sources) {
  public VaccineSeries {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    doseLabels = List.copyOf(doseLabels);
    sources = List.copyOf(sources);
    if (doseLabels.isEmpty() || doseLabels.stream().distinct().count() != doseLabels.size()) {
      throw new IllegalArgumentException(id + ": dose labels must be listed once each");
    }
  }
}
