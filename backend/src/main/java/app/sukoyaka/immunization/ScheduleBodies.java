package app.sukoyaka.immunization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of a stored child's immunization schedule and flags (api-spec: ImmunizationSchedule*,
 * ImmunizationFlag). Members without a value are sent as null, like the other parent API bodies.
 */
final class ScheduleBodies {
  private ScheduleBodies() {}

  @Serdeable
  record Schedule(
      UUID childId,
      LocalDate birthDate,
      LocalDate asOf,
      String scheduleVersion,
      Summary summary,
      List<Vaccine> vaccines,
      List<NotCounted> notCounted,
      List<Flag> flags) {}

  /**
   * @param due doses that can be given now within their standard period
   * @param overdue doses past their standard period, still routine
   * @param nextDate the first day after {@code asOf} on which a dose that is not yet open becomes
   *     due; null when none will
   * @param nextDoses the doses that become due on {@code nextDate}
   */
  @Serdeable
  record Summary(
      List<DoseRef> due,
      List<DoseRef> overdue,
      @Nullable LocalDate nextDate,
      List<DoseRef> nextDoses) {}

  @Serdeable
  record DoseRef(String vaccine, String dose) {}

  /**
   * @param status the status of the series' open dose, or {@code complete}
   * @param nextDose the label of the open dose; null when the series is complete
   */
  @Serdeable
  record Vaccine(
      String vaccine,
      ForecastBodies.TextBody name,
      String status,
      @Nullable String nextDose,
      List<Dose> doses) {}

  @Serdeable
  record Dose(
      String dose,
      String status,
      @Nullable LocalDate date,
      @Nullable String product,
      @Nullable LocalDate earliestDate,
      @Nullable LocalDate recommendedFrom,
      @Nullable LocalDate dueDate,
      @Nullable LocalDate windowEnd,
      @Nullable Integer seriesDoses,
      List<ForecastBodies.NoteBody> notes,
      ForecastBodies.SourceBody source,
      @Nullable CountedRecord record) {}

  /**
   * @param inferredDose whether the dose label was worked out from the order of the doses because
   *     the record did not give it
   * @param unverified a parent's entry nobody has confirmed yet
   */
  @Serdeable
  record CountedRecord(UUID id, String source, boolean unverified, boolean inferredDose) {}

  @Serdeable
  record NotCounted(UUID recordId, String vaccine, LocalDate date, String source, String reason) {}

  /**
   * @param setBy {@code staff}, or {@code guardian} for a guardian's declaration
   */
  @Serdeable
  record Flag(
      String flag,
      ForecastBodies.TextBody label,
      @Nullable LocalDate date,
      String setBy,
      Instant setAt) {}
}
