package app.sukoyaka.immunization;

import app.sukoyaka.checkup.handbook.HandbookSubject;
import app.sukoyaka.checkup.handbook.HandbookTexts;
import app.sukoyaka.checkup.handbook.NextStep;
import app.sukoyaka.checkup.handbook.NextStepSource;
import app.sukoyaka.family.Child;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Text;
import app.sukoyaka.notice.reminder.ReminderRules;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Vaccinations in "what is next": for each child, the doses overdue and due today and those that
 * open next, from the forecaster over the child's stored records and flags, as the child's schedule
 * shows them. Two statements for all the children, whatever their number of records.
 */
@Singleton
class VaccinationNextSteps implements NextStepSource {
  static final String SOURCE = "vaccination";

  private final JdbcOperations jdbc;
  private final ChildForecasts forecasts;
  private final ImmunizationFlags flags;
  private final RoutineSchedule schedule;
  private final ReminderRules rules;
  private final HandbookTexts texts;

  VaccinationNextSteps(
      JdbcOperations jdbc,
      ChildForecasts forecasts,
      ImmunizationFlags flags,
      ImmunizationForecasts engine,
      ReminderRules rules,
      HandbookTexts texts) {
    this.jdbc = jdbc;
    this.forecasts = forecasts;
    this.flags = flags;
    this.schedule = engine.schedule();
    this.rules = rules;
    this.texts = texts;
  }

  @Override
  @Transactional(readOnly = true)
  public List<NextStep> nextSteps(List<HandbookSubject> subjects, LocalDate today) {
    List<Child> children =
        subjects.stream()
            .filter(HandbookSubject::isChild)
            .map(HandbookSubject::child)
            .filter(c -> !c.birthDate().isAfter(today))
            .toList();
    if (children.isEmpty()) {
      return List.of();
    }
    UUID[] ids = children.stream().map(Child::id).toArray(UUID[]::new);
    Map<UUID, List<ChildForecasts.RecordedDose>> doses = doses(ids);
    Map<UUID, List<String>> childFlags = flags(ids);
    List<NextStep> steps = new ArrayList<>();
    for (Child child : children) {
      StoredForecast forecast =
          forecasts.forDoses(
              doses.getOrDefault(child.id(), List.of()),
              child.birthDate(),
              child.sex(),
              flags.forecastFlags(childFlags.getOrDefault(child.id(), List.of())),
              today);
      steps.addAll(steps(child, forecast.forecast().recommendations(), today));
    }
    return steps;
  }

  /**
   * The steps of one forecast: doses due and overdue, and the doses that open on the first day
   * after today on which any does (as the schedule's summary reads the forecast).
   */
  List<NextStep> steps(Child child, List<Recommendation> recommendations, LocalDate today) {
    List<NextStep> steps = new ArrayList<>();
    LocalDate next = null;
    List<Recommendation> opening = new ArrayList<>();
    for (Recommendation r : recommendations) {
      switch (r.status()) {
        case DUE:
          steps.add(
              step(
                  child,
                  r,
                  NextStep.DUE,
                  later(r.earliestDate(), r.recommendedFrom()),
                  r.dueDate() != null ? r.dueDate() : r.windowEnd()));
          break;
        case OVERDUE:
          steps.add(
              step(
                  child,
                  r,
                  NextStep.OVERDUE,
                  r.dueDate() == null ? today : r.dueDate().plusDays(1),
                  r.windowEnd()));
          break;
        case TOO_SOON:
        case NOT_YET:
          LocalDate opens =
              r.status() == app.sukoyaka.immunization.schedule.Status.TOO_SOON
                  ? r.earliestDate()
                  : later(r.earliestDate(), r.recommendedFrom());
          if (opens == null || !opens.isAfter(today)) {
            break;
          }
          if (next == null || opens.isBefore(next)) {
            next = opens;
            opening.clear();
          }
          if (opens.equals(next)) {
            opening.add(r);
          }
          break;
        default:
          break;
      }
    }
    for (Recommendation r : opening) {
      steps.add(
          step(
              child,
              r,
              NextStep.UPCOMING,
              next,
              r.dueDate() != null ? r.dueDate() : r.windowEnd()));
    }
    return steps;
  }

  private NextStep step(
      Child child, Recommendation r, String status, LocalDate from, LocalDate until) {
    Text name = schedule.vaccineName(r.vaccine());
    ReminderRules.Text dose = rules.doseName(r.dose());
    HandbookTexts.Text title =
        texts
            .template("vaccination")
            .fill(
                "vaccine",
                name == null
                    ? new HandbookTexts.Text(r.vaccine(), r.vaccine())
                    : new HandbookTexts.Text(name.ja(), name.en()))
            .fill("dose", new HandbookTexts.Text(dose.ja(), dose.en()));
    return new NextStep(
        HandbookSubject.CHILD,
        child.id(),
        SOURCE,
        r.vaccine() + "/" + r.dose(),
        status,
        from,
        until,
        title,
        "/api/v1/children/" + child.id() + "/vaccinations");
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  /** The children's current records with their credits, as the forecast reads them. */
  private Map<UUID, List<ChildForecasts.RecordedDose>> doses(UUID[] ids) {
    return jdbc.prepareStatement(
        "SELECT r.child_id, r.id, r.occurrence_date, r.recorded_at, r.product, r.verification,"
            + " ARRAY(SELECT c.vaccine FROM immunization_credit c WHERE c.record_id = r.id"
            + " ORDER BY c.vaccine), ARRAY(SELECT c.dose_label FROM immunization_credit c"
            + " WHERE c.record_id = r.id ORDER BY c.vaccine) FROM immunization_record r"
            + " WHERE r.child_id = ANY (?) AND r.status <> 'entered-in-error'",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
          Map<UUID, List<ChildForecasts.RecordedDose>> found = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              String[] vaccines = (String[]) rs.getArray(7).getArray();
              String[] labels = (String[]) rs.getArray(8).getArray();
              List<ImmunizationRecord.Credit> credits = new ArrayList<>();
              for (int i = 0; i < vaccines.length; i++) {
                credits.add(new ImmunizationRecord.Credit(vaccines[i], labels[i]));
              }
              Timestamp recordedAt = rs.getTimestamp(4);
              found
                  .computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                  .add(
                      new ChildForecasts.RecordedDose(
                          rs.getObject(2, UUID.class),
                          rs.getObject(3, LocalDate.class),
                          recordedAt == null ? null : recordedAt.toInstant(),
                          rs.getString(5),
                          ImmunizationRecord.Verification.ofCode(rs.getString(6)),
                          credits));
            }
          }
          return found;
        });
  }

  /** The children's current flags, by child. */
  private Map<UUID, List<String>> flags(UUID[] ids) {
    return jdbc.prepareStatement(
        "SELECT child_id, flag FROM child_immunization_flag WHERE child_id = ANY (?)"
            + " AND cleared_at IS NULL",
        statement -> {
          statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
          Map<UUID, List<String>> found = new HashMap<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              found
                  .computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                  .add(rs.getString(2));
            }
          }
          found.replaceAll((id, names) -> new ArrayList<>(new TreeSet<>(names)));
          return found;
        });
  }
}
