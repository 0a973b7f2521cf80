package app.sukoyaka.immunization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of the vaccination records API (api-spec: ImmunizationRecord*, NewImmunization,
 * ImmunizationDecision): what the app shows of each record, and what a guardian or staff member
 * enters.
 */
final class ImmunizationRecordBodies {
  private ImmunizationRecordBodies() {}

  @Serdeable
  record Text(String ja, String en) {}

  @Serdeable
  record ChildImmunizations(UUID childId, LocalDate birthDate, List<RecordBody> records) {}

  @Serdeable
  record PregnancyImmunizations(UUID pregnancyId, List<RecordBody> records) {}

  /**
   * One vaccination as the family's handbook shows it.
   *
   * @param kind our vaccine kind, null for a foreign code with none (MMR) or an unmapped one
   * @param name the vaccine's name: the kind's, else the display the source gave
   * @param dose the dose label ('1', '1期' …) as recorded, null when none was given
   * @param credits the routine series it counts for; empty when it counts for none
   * @param explanation in plain words, why it counts as it does (or why not), or null
   */
  @Serdeable
  record RecordBody(
      UUID id,
      LocalDate date,
      Coding vaccine,
      @Nullable String kind,
      Text name,
      @Nullable Product product,
      @Nullable String dose,
      @Nullable String lotNumber,
      boolean routine,
      Text program,
      Labelled source,
      Verification verification,
      List<Credit> credits,
      @Nullable String country,
      @Nullable Performer performer,
      @Nullable String note,
      @Nullable Text explanation,
      Instant recordedAt,
      String recordedBy) {}

  @Serdeable
  record Coding(String system, String code, @Nullable String display) {}

  @Serdeable
  record Product(String code, Text label) {}

  @Serdeable
  record Labelled(String code, Text label) {}

  /**
   * @param decidedBy who confirmed or rejected it (clinic or staff), null while unverified
   */
  @Serdeable
  record Verification(
      String state,
      Text label,
      @Nullable String decidedBy,
      @Nullable Instant decidedAt,
      @Nullable String reason) {}

  @Serdeable
  record Credit(String series, Text name, @Nullable String dose) {}

  @Serdeable
  record Performer(@Nullable String name, @Nullable String medicalInstitutionCode) {}

  // --- Requests ----------------------------------------------------------------------------

  /** Members arrive as text so that a malformed one is reported by its name. */
  @Serdeable
  record NewImmunization(
      @Nullable NewVaccine vaccine,
      @Nullable String date,
      @Nullable String product,
      @Nullable String dose,
      @Nullable String lotNumber,
      @Nullable Boolean routine,
      @Nullable NewPerformer performer,
      @Nullable String country,
      @Nullable String note,
      @Nullable String source) {}

  /** Our vaccine kind, or the code a foreign record carries (system and code). */
  @Serdeable
  record NewVaccine(
      @Nullable String kind,
      @Nullable String system,
      @Nullable String code,
      @Nullable String display) {}

  @Serdeable
  record NewPerformer(@Nullable String name, @Nullable String medicalInstitutionCode) {}

  @Serdeable
  record Decision(@Nullable String decision, @Nullable String reason) {}
}
