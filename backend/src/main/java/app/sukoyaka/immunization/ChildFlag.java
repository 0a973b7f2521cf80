package app.sukoyaka.immunization;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A fact about a child that changes the routine schedule's rules (a flag of the schedule file, such
 * as {@code hadVaricella}), as it holds now.
 *
 * @param date for a flag that carries a date; null otherwise
 * @param setByRole {@code staff}, or {@code guardian} for a guardian's declaration staff have not
 *     confirmed
 * @param setBy the login subject of who stated it
 */
public record ChildFlag(
    String flag, LocalDate date, String setByRole, String setBy, Instant setAt) {
  public ChildFlag {
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(setByRole, "setByRole");
    Objects.requireNonNull(setBy, "setBy");
    Objects.requireNonNull(setAt, "setAt");
  }

  public boolean declaredByGuardian() {
    return "guardian".equals(setByRole);
  }
}
