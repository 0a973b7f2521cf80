package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.util.List;

/** The forecast for one child on one day, by the schedule version that produced it. */
public record Forecast(
    LocalDate asOf, String scheduleVersion, List<Recommendation> recommendations) {
  public Forecast {
    recommendations = List.copyOf(recommendations);
  }
}
