package app.sukoyaka.immunization;

import app.sukoyaka.immunization.ChildSchedules.ChildSchedule;
import app.sukoyaka.immunization.schedule.Citation;
import app.sukoyaka.immunization.schedule.Note;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.RoutineSchedule;
import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.immunization.schedule.Text;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A stored child's schedule as the parent API shows it; pure. */
final class ScheduleMapper {
  private ScheduleMapper() {}

  static ScheduleBodies.Schedule body(ChildSchedule schedule, RoutineSchedule rules) {
    Map<UUID, ImmunizationRecord> records = new HashMap<>();
    schedule.records().forEach(r -> records.put(r.id(), r));
    Map<String, StoredForecast.CountedDose> counted = new HashMap<>();
    for (StoredForecast.CountedDose dose : schedule.forecast().counted()) {
      counted.put(key(dose.dose().vaccine(), dose.dose().dose()), dose);
    }
    Map<String, List<Recommendation>> byVaccine = new LinkedHashMap<>();
    for (Recommendation r : schedule.forecast().forecast().recommendations()) {
      byVaccine.computeIfAbsent(r.vaccine(), v -> new ArrayList<>()).add(r);
    }
    List<ScheduleBodies.Vaccine> vaccines = new ArrayList<>();
    byVaccine.forEach(
        (vaccine, recommendations) -> {
          List<ScheduleBodies.Dose> doses = new ArrayList<>();
          for (Recommendation r : recommendations) {
            doses.add(dose(r, counted.get(key(vaccine, r.dose())), records));
          }
          Recommendation open = open(recommendations);
          Text name = rules.vaccineName(vaccine);
          vaccines.add(
              new ScheduleBodies.Vaccine(
                  vaccine,
                  name == null ? new ForecastBodies.TextBody(vaccine, vaccine) : text(name),
                  open == null ? Status.COMPLETE.code() : open.status().code(),
                  open == null ? null : open.dose(),
                  doses));
        });
    List<ScheduleBodies.NotCounted> notCounted = new ArrayList<>();
    for (StoredForecast.NotCounted n : schedule.forecast().notCounted()) {
      ImmunizationRecord record = records.get(n.recordId());
      notCounted.add(
          new ScheduleBodies.NotCounted(
              n.recordId(),
              n.vaccine(),
              record == null ? null : record.occurrenceDate(),
              record == null ? null : record.source().code(),
              n.reason()));
    }
    List<ScheduleBodies.Flag> flags = new ArrayList<>();
    for (ChildFlag flag : schedule.flags()) {
      flags.add(flag(flag, rules.flags().get(flag.flag())));
    }
    return new ScheduleBodies.Schedule(
        schedule.child().id(),
        schedule.child().birthDate(),
        schedule.asOf(),
        schedule.forecast().forecast().scheduleVersion(),
        summary(schedule.forecast().forecast().recommendations(), schedule.asOf()),
        vaccines,
        notCounted,
        flags);
  }

  static ScheduleBodies.Flag flag(ChildFlag flag, Text label) {
    return new ScheduleBodies.Flag(
        flag.flag(),
        label == null ? new ForecastBodies.TextBody(flag.flag(), flag.flag()) : text(label),
        flag.date(),
        flag.setByRole(),
        flag.setAt());
  }

  /**
   * What is due and overdue now, and the next day a dose becomes due: for a dose {@code too_soon}
   * its earliest date, for one {@code not_yet} the later of its earliest date and the start of its
   * standard period.
   */
  static ScheduleBodies.Summary summary(List<Recommendation> recommendations, LocalDate asOf) {
    List<ScheduleBodies.DoseRef> due = new ArrayList<>();
    List<ScheduleBodies.DoseRef> overdue = new ArrayList<>();
    LocalDate next = null;
    List<ScheduleBodies.DoseRef> nextDoses = new ArrayList<>();
    for (Recommendation r : recommendations) {
      ScheduleBodies.DoseRef ref = new ScheduleBodies.DoseRef(r.vaccine(), r.dose());
      LocalDate opens = null;
      switch (r.status()) {
        case DUE:
          due.add(ref);
          break;
        case OVERDUE:
          overdue.add(ref);
          break;
        case TOO_SOON:
          opens = r.earliestDate();
          break;
        case NOT_YET:
          opens = r.earliestDate();
          if (r.recommendedFrom() != null
              && (opens == null || r.recommendedFrom().isAfter(opens))) {
            opens = r.recommendedFrom();
          }
          break;
        default:
          break;
      }
      if (opens == null || !opens.isAfter(asOf)) {
        continue;
      }
      if (next == null || opens.isBefore(next)) {
        next = opens;
        nextDoses.clear();
      }
      if (opens.equals(next)) {
        nextDoses.add(ref);
      }
    }
    return new ScheduleBodies.Summary(due, overdue, next, nextDoses);
  }

  /** The series' dose still to come (the last entry, unless every dose is given). */
  private static Recommendation open(List<Recommendation> recommendations) {
    Recommendation last = recommendations.get(recommendations.size() - 1);
    return last.status() == Status.COMPLETE ? null : last;
  }

  private static ScheduleBodies.Dose dose(
      Recommendation r, StoredForecast.CountedDose counted, Map<UUID, ImmunizationRecord> records) {
    ScheduleBodies.CountedRecord record = null;
    if (r.status() == Status.COMPLETE && counted != null) {
      ImmunizationRecord stored = records.get(counted.recordId());
      record =
          new ScheduleBodies.CountedRecord(
              counted.recordId(),
              stored == null ? null : stored.source().code(),
              counted.unverified(),
              counted.inferred());
    }
    return new ScheduleBodies.Dose(
        r.dose(),
        r.status().code(),
        r.date(),
        r.product(),
        r.earliestDate(),
        r.recommendedFrom(),
        r.dueDate(),
        r.windowEnd(),
        r.seriesDoses(),
        r.notes().stream().map(ScheduleMapper::note).toList(),
        new ForecastBodies.SourceBody(
            r.source().rule(),
            r.source().citations().stream().map(ScheduleMapper::citation).toList()),
        record);
  }

  private static String key(String vaccine, String dose) {
    return vaccine + '\u0000' + dose;
  }

  private static ForecastBodies.NoteBody note(Note note) {
    return new ForecastBodies.NoteBody(
        note.severity().name().toLowerCase(Locale.ROOT), text(note.text()));
  }

  private static ForecastBodies.TextBody text(Text text) {
    return new ForecastBodies.TextBody(text.ja(), text.en());
  }

  private static ForecastBodies.CitationBody citation(Citation citation) {
    return new ForecastBodies.CitationBody(citation.id(), citation.title(), citation.location());
  }
}
