package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.Forecast;
import app.sukoyaka.immunization.schedule.GivenDose;
import java.util.List;
import java.util.UUID;

/**
 * The forecast for a stored child, with how its records were read: which dose of which series each
 * record counted as, and which credits could not count (and why), so that nothing recorded is
 * silently dropped.
 *
 * @param counted the doses the forecast was made from, each with the record it came from
 * @param notCounted credits the schedule could not place (a dose out of order, a date before birth,
 *     a series already complete), each with the reason
 */
public record StoredForecast(
    Forecast forecast, List<CountedDose> counted, List<NotCounted> notCounted) {
  public StoredForecast {
    counted = List.copyOf(counted);
    notCounted = List.copyOf(notCounted);
  }

  /**
   * @param inferred whether the dose label was worked out from the order of the doses because the
   *     source did not give it
   * @param unverified whether the record is a parent's entry nobody has confirmed yet
   */
  public record CountedDose(UUID recordId, GivenDose dose, boolean inferred, boolean unverified) {}

  public record NotCounted(UUID recordId, String vaccine, String reason) {}
}
