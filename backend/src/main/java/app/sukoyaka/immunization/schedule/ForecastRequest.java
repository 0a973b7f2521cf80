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
 * @param longTermIllness the child's 長期療養特例 certification, or null
 */
public record ForecastRequest(
    LocalDate birthDate,
    LocalDate asOf,
    Sex sex,
    List<GivenDose> history,
    Set<String> flags,
    LongTermIllness longTermIllness) {
  public ForecastRequest {
    Objects.requireNonNull(birthDate, "birthDate");
    Objects.requireNonNull(asOf, "asOf");
    history = List.copyOf(history);
    flags = Set.copyOf(flags);
  }

  public ForecastRequest(
      LocalDate birthDate, LocalDate asOf, Sex sex, List<GivenDose> history, Set<String> flags) {
    this(birthDate, asOf, sex, history, flags, null);
  }

  public ForecastRequest(LocalDate birthDate, LocalDate asOf, List<GivenDose> history) {
    this(birthDate, asOf, null, history, Set.of(), null);
  }

  /** The same child on another day, without history (the engine passes doses separately). */
  ForecastRequest on(LocalDate day) {
    return new ForecastRequest(birthDate, day, sex, List.of(), flags, longTermIllness);
  }
}
