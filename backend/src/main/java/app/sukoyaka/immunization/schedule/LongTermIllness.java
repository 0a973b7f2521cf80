package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A certification for the 長期療養特例: the child could not be vaccinated while eligible because of a
 * serious long illness (or a transplant's immunosuppression, …), and the doses missed are routine
 * again for two years from the day that ended, within the schedule's age limits.
 *
 * @param endedOn the day the special circumstances ended (特別の事情がなくなった日), as the doctor's statement
 *     gives it
 * @param vaccines the vaccines the certification names; empty for every vaccine the measure covers
 */
public record LongTermIllness(LocalDate endedOn, List<String> vaccines) {
  public LongTermIllness {
    Objects.requireNonNull(endedOn, "endedOn");
    vaccines = List.copyOf(vaccines);
  }

  boolean covers(String vaccine) {
    return vaccines.isEmpty() || vaccines.contains(vaccine);
  }
}
