package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.util.List;

/**
 * One dose of one vaccine: a dose given ({@code complete}, with its date) or the next dose of a
 * series, or a dose that a rule skipped or closed ({@code ineligible}).
 *
 * @param earliestDate first legal routine date (for {@code too_soon}: the first allowed date)
 * @param recommendedFrom start of the standard (標準的な) period, null when the rules name none
 * @param dueDate end of the standard period, null when the rules name none
 * @param windowEnd last legal routine date, inclusive
 * @param seriesDoses doses in this child's series after late-start reductions
 * @param date the day a {@code complete} dose was given
 * @param product the product of a {@code complete} dose, or the product a forecast assumes
 */
public record Recommendation(
    String vaccine,
    String dose,
    Status status,
    LocalDate date,
    String product,
    LocalDate earliestDate,
    LocalDate recommendedFrom,
    LocalDate dueDate,
    LocalDate windowEnd,
    Integer seriesDoses,
    List<Note> notes,
    RuleSource source) {
  public Recommendation {
    notes = List.copyOf(notes);
  }
}
