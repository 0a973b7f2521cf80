package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.Forecast;
import app.sukoyaka.immunization.schedule.ForecastInputException;
import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.Forecaster;
import app.sukoyaka.immunization.schedule.InputError;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * The routine-schedule forecast for a child described by the caller (the stateless API) — later
 * also for stored children. The rules and the engine live in {@code
 * app.sukoyaka.immunization.schedule} (pure, no Micronaut); this service adds what "today" means.
 */
@Singleton
public class ImmunizationForecasts {
  private final Forecaster forecaster = new Forecaster(RoutineSchedule.load());
  private final Clock clock;

  ImmunizationForecasts(Clock clock) {
    this.clock = clock;
  }

  /**
   * @throws ForecastInputException when a date lies after today in Japan or the engine refuses the
   *     request
   */
  public Forecast forecast(ForecastRequest request) {
    LocalDate today = LocalDate.now(clock);
    if (request.asOf().isAfter(today)) {
      throw new ForecastInputException(
          List.of(
              new InputError(
                  InputError.Kind.DATE_IN_FUTURE, "asOf", "asOf is after today (" + today + ")")));
    }
    return forecaster.forecast(request);
  }

  public RoutineSchedule schedule() {
    return forecaster.schedule();
  }
}
