package app.sukoyaka.profiles;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A row of the mapping for vaccinations recorded abroad: a code as another country's record carries
 * it (CVX, SNOMED CT, ATC), what it counts for in Japan's routine schedule on the days the row
 * applies, and why.
 *
 * @param kind our vaccine kind when the product is one, else null (MMR, a hexavalent vaccine)
 * @param product our product code when the schedule depends on it (RV5, 9vHPV), else null
 * @param credits the forecaster's series; empty when no Japanese routine vaccination corresponds
 * @param note what a family should know (why it counts, or why not), or null
 * @param to the last day of the row, inclusive; null while in force
 */
public record VaccineCodeAbroad(
    CodingRef coding,
    String display,
    String kind,
    String product,
    List<String> credits,
    LocalizedText note,
    LocalDate from,
    LocalDate to,
    List<String> sources) {
  public VaccineCodeAbroad {
    Objects.requireNonNull(coding, "coding");
    Objects.requireNonNull(display, "display");
    Objects.requireNonNull(from, "from");
    credits = List.copyOf(credits);
    sources = List.copyOf(sources);
    if (to != null && to.isBefore(from)) {
      throw new IllegalArgumentException(coding + ": ends before it starts");
    }
  }

  /** Whether a dose given on that day is read by this row. */
  public boolean appliesOn(LocalDate date) {
    return !date.isBefore(from) && (to == null || !date.isAfter(to));
  }

  boolean overlaps(VaccineCodeAbroad other) {
    LocalDate end = to == null ? LocalDate.MAX : to;
    LocalDate otherEnd = other.to == null ? LocalDate.MAX : other.to;
    return !from.isAfter(otherEnd) && !other.from.isAfter(end);
  }
}
