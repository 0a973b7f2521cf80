package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Text;
import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.platform.ProblemException;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.security.Principal;
import app.sukoyaka.security.Role;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The child's vaccinations in one body for the app's vaccination screen: the history with source
 * and verification, the forecast and flags, the 予診票 and how to get their QR visit token; and the
 * detail of one vaccination with how the schedule counts it. Read through {@link
 * ImmunizationRecords}, so the access policy and the access log are those of the records.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class VaccinationViewController {
  private final ImmunizationRecords records;
  private final ImmunizationFlags flags;
  private final ChildForecasts forecasts;
  private final RoutineSchedule schedule;
  private final ImmunizationRecordViews views;
  private final ChildPrescreenings prescreenings;
  private final Clock clock;

  VaccinationViewController(
      ImmunizationRecords records,
      ImmunizationFlags flags,
      ChildForecasts forecasts,
      ImmunizationForecasts engine,
      VaccineCatalog catalog,
      ChildPrescreenings prescreenings,
      Clock clock) {
    this.records = records;
    this.flags = flags;
    this.forecasts = forecasts;
    this.schedule = engine.schedule();
    this.views = new ImmunizationRecordViews(catalog);
    this.prescreenings = prescreenings;
    this.clock = clock;
  }

  @Get(uri = "/children/{childId}/vaccinations", produces = MediaType.APPLICATION_JSON)
  VaccinationViewBodies.View view(@PathVariable UUID childId, Principal principal) {
    ImmunizationRecords.Records found = records.ofChild(principal, childId);
    LocalDate today = LocalDate.now(clock);
    ChildSchedules.ChildSchedule childSchedule = schedule(found, today);
    List<ImmunizationRecordBodies.RecordBody> history = new ArrayList<>(views.bodies(found));
    history.sort(
        Comparator.comparing(ImmunizationRecordBodies.RecordBody::date)
            .thenComparing(ImmunizationRecordBodies.RecordBody::recordedAt)
            .reversed());
    String base = "/api/v1/children/" + childId;
    return new VaccinationViewBodies.View(
        childId,
        found.child().birthDate(),
        today,
        history,
        ScheduleMapper.body(childSchedule, schedule),
        // A clinic reads a 予診票 only with the family's QR code, never from a list.
        principal.role() == Role.CLINIC ? List.of() : prescreenings.of(childId, today),
        new VaccinationViewBodies.Links(
            base + "/immunizations",
            base + "/immunization-schedule",
            "/api/v1/vaccination-questionnaire",
            base + "/prescreenings",
            base + "/immunization-flags"));
  }

  @Get(uri = "/children/{childId}/immunizations/{recordId}", produces = MediaType.APPLICATION_JSON)
  VaccinationViewBodies.Detail childRecord(
      @PathVariable UUID childId, @PathVariable UUID recordId, Principal principal) {
    ImmunizationRecords.Records found = records.ofChild(principal, childId);
    StoredImmunization stored = standing(found, recordId);
    StoredForecast forecast = schedule(found, LocalDate.now(clock)).forecast();
    List<VaccinationViewBodies.CountedAs> counted = new ArrayList<>();
    for (StoredForecast.CountedDose dose : forecast.counted()) {
      if (dose.recordId().equals(recordId)) {
        counted.add(
            new VaccinationViewBodies.CountedAs(
                dose.dose().vaccine(),
                name(dose.dose().vaccine()),
                dose.dose().dose(),
                dose.inferred()));
      }
    }
    List<VaccinationViewBodies.NotCounted> notCounted = new ArrayList<>();
    for (StoredForecast.NotCounted n : forecast.notCounted()) {
      if (n.recordId().equals(recordId)) {
        notCounted.add(new VaccinationViewBodies.NotCounted(n.vaccine(), n.reason()));
      }
    }
    return new VaccinationViewBodies.Detail(
        "child", childId, views.body(stored, found.facilities()), counted, notCounted);
  }

  @Get(
      uri = "/pregnancies/{pregnancyId}/immunizations/{recordId}",
      produces = MediaType.APPLICATION_JSON)
  VaccinationViewBodies.Detail pregnancyRecord(
      @PathVariable UUID pregnancyId, @PathVariable UUID recordId, Principal principal) {
    ImmunizationRecords.Records found = records.ofPregnancy(principal, pregnancyId);
    StoredImmunization stored = standing(found, recordId);
    // A pregnant person's vaccinations are outside the children's routine schedule.
    return new VaccinationViewBodies.Detail(
        "pregnancy", pregnancyId, views.body(stored, found.facilities()), List.of(), List.of());
  }

  private static StoredImmunization standing(ImmunizationRecords.Records found, UUID recordId) {
    return found.records().stream()
        .filter(r -> r.record().id().equals(recordId))
        .findFirst()
        .orElseThrow(
            () ->
                new ProblemException(
                    ErrorCode.HANDBOOK_RECORD_NOT_IN_HANDBOOK,
                    "No such vaccination in this handbook (or it was retracted by its clinic)."));
  }

  /** The schedule from the records already read, with the child's flags. */
  private ChildSchedules.ChildSchedule schedule(ImmunizationRecords.Records found, LocalDate day) {
    List<ImmunizationRecord> history =
        found.records().stream().map(StoredImmunization::record).toList();
    List<ChildFlag> childFlags = flags.ofChild(found.child().id());
    StoredForecast forecast =
        forecasts.forRecords(
            history,
            found.child().birthDate(),
            found.child().sex(),
            flags.forecastFlags(childFlags.stream().map(ChildFlag::flag).toList()),
            day);
    return new ChildSchedules.ChildSchedule(found.child(), day, history, childFlags, forecast);
  }

  private ImmunizationRecordBodies.Text name(String vaccine) {
    Text name = schedule.vaccineName(vaccine);
    return name == null
        ? new ImmunizationRecordBodies.Text(vaccine, vaccine)
        : new ImmunizationRecordBodies.Text(name.ja(), name.en());
  }
}
