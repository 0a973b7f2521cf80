package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the forecaster needs about one child.
 *
 * @param birthDate the date of birth
 * @param asOf the day the forecast is for
 * @param sex null when not known
 * @param history the doses given, in any order
 * @param flags the schedule's flags that hold for this child (e.g. {@code hadVaricella})
 */
public record ForecastRequest(
    LocalDate birthDate, LocalDate asOf, Sex sex, List<GivenDose> history, Set<String> flags) {
  public ForecastRequest {
    Objects.requireNonNull(birthDate, "birthDate");
    Objects.requireNonNull(asOf, "asOf");
    history = List.copyOf(history);
    flags = Set.copyOf(flags);
  }

  public ForecastRequest(LocalDate birthDate, LocalDate asOf, List<GivenDose> history) {
    this(birthDate, asOf, null, history, Set.of());
  }
}
