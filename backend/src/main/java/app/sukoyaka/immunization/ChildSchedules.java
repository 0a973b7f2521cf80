package app.sukoyaka.immunization;

import app.sukoyaka.family.Child;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.List;

/**
 * A stored child's routine schedule on a day: its records, its flags and the forecast made from
 * them, read in one transaction so that the three agree.
 */
@Singleton
public class ChildSchedules {
  private final ImmunizationHistory history;
  private final ImmunizationFlags flags;
  private final ChildForecasts forecasts;
  private final ImmunizationForecasts engine;

  ChildSchedules(
      ImmunizationHistory history,
      ImmunizationFlags flags,
      ChildForecasts forecasts,
      ImmunizationForecasts engine) {
    this.history = history;
    this.flags = flags;
    this.forecasts = forecasts;
    this.engine = engine;
  }

  /** A child's schedule, with the records and flags it was forecast from. */
  public record ChildSchedule(
      Child child,
      LocalDate asOf,
      List<ImmunizationRecord> records,
      List<ChildFlag> flags,
      StoredForecast forecast) {
    public ChildSchedule {
      records = List.copyOf(records);
      flags = List.copyOf(flags);
    }
  }

  /**
   * @throws app.sukoyaka.immunization.schedule.ForecastInputException when {@code asOf} is after
   *     today or before the birth
   */
  @Transactional(readOnly = true)
  public ChildSchedule of(Child child, LocalDate asOf) {
    return of(child, asOf, history.ofChild(child.id()));
  }

  /**
   * The schedule from the child's current records as the caller already read them in its
   * transaction (the sync, which hands over the same records).
   */
  @Transactional(readOnly = true)
  public ChildSchedule of(Child child, LocalDate asOf, List<ImmunizationRecord> records) {
    List<ChildFlag> childFlags = flags.ofChild(child.id());
    StoredForecast forecast =
        forecasts.forRecords(
            records,
            child.birthDate(),
            child.sex(),
            flags.forecastFlags(childFlags.stream().map(ChildFlag::flag).toList()),
            asOf);
    return new ChildSchedule(child, asOf, records, childFlags, forecast);
  }

  public RoutineSchedule schedule() {
    return engine.schedule();
  }
}
