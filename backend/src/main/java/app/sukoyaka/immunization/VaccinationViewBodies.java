package app.sukoyaka.immunization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of the child's vaccination view and of one vaccination's detail (api-spec:
 * VaccinationView*, ImmunizationRecordDetail).
 */
final class VaccinationViewBodies {
  private VaccinationViewBodies() {}

  /**
   * @param history every current record, newest first, with its source and verification
   * @param schedule the forecast from that history and the flags (due, overdue, next dates)
   * @param prescreenings the child's 予診票 for vaccinations planned from 30 days ago on, and those
   *     not yet read by a clinic, newest planned first; empty for a clinic, which reads a 予診票 only
   *     through the family's QR code
   */
  @Serdeable
  record View(
      UUID childId,
      LocalDate birthDate,
      LocalDate asOf,
      List<ImmunizationRecordBodies.RecordBody> history,
      ScheduleBodies.Schedule schedule,
      List<PrescreeningLine> prescreenings,
      Links links) {}

  /**
   * One 予診票 and where its QR visit token is had.
   *
   * @param status submitted (a clinic can still read it with a token) or redeemed (read at a visit)
   * @param activeTokenExpiresAt when the last unredeemed token issued for it stops working, if one
   *     still works
   * @param visitToken the route that issues a token for its QR code; null once redeemed
   */
  @Serdeable
  record PrescreeningLine(
      UUID id,
      String vaccine,
      ImmunizationRecordBodies.Text vaccineName,
      @Nullable String dose,
      LocalDate plannedDate,
      String status,
      int version,
      Instant answeredAt,
      @Nullable Instant redeemedAt,
      @Nullable Instant activeTokenExpiresAt,
      String link,
      @Nullable String visitToken) {}

  /** The routes the app continues with. */
  @Serdeable
  record Links(
      String records,
      String schedule,
      String questionnaire,
      String newPrescreening,
      String flags) {}

  /**
   * A vaccination with how the child's schedule counts it today.
   *
   * @param countedAs the routine doses it counts as
   * @param notCounted the series it could not count for, with the reason
   */
  @Serdeable
  record Detail(
      String subjectType,
      UUID subjectId,
      ImmunizationRecordBodies.RecordBody record,
      List<CountedAs> countedAs,
      List<NotCounted> notCounted) {}

  /**
   * @param inferred whether the dose was worked out from the order of the doses because the record
   *     did not name it
   */
  @Serdeable
  record CountedAs(
      String vaccine, ImmunizationRecordBodies.Text name, String dose, boolean inferred) {}

  @Serdeable
  record NotCounted(String vaccine, String reason) {}
}
