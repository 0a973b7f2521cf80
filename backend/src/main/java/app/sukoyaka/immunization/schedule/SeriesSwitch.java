package app.sukoyaka.immunization.schedule;

import app.sukoyaka.immunization.schedule.Rules.Continuation;
import app.sukoyaka.immunization.schedule.Rules.Vaccine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A child who began on the older vaccines (四種混合 + Hib) and is finishing on the combined one (五種混合):
 * the series vaccine's doses and the combined doses make one series on the combined vaccine's
 * rules, numbered on (通算); each combined dose also counts for the other vaccine (Hib) while that
 * series still needs a dose. The next dose is the combined vaccine for as long as the series needs
 * doses, with the other vaccine alone first when more of its doses are left (so that no slot is
 * recommended twice); once the series is complete, the other vaccine alone.
 */
final class SeriesSwitch {
  private static final Comparator<SeriesForecast.Given> BY_DATE =
      Comparator.comparing((SeriesForecast.Given g) -> g.dose().date())
          .thenComparingInt(SeriesForecast.Given::index);

  private final RoutineSchedule schedule;
  private final Vaccine combined;
  private final Vaccine also;
  private final Continuation rule;
  private final ForecastRequest request;
  private final List<SeriesForecast.Given> series;
  private final List<SeriesForecast.Given> combinedDoses;
  private final List<SeriesForecast.Given> alsoDoses;
  private final List<InputError> errors;

  SeriesSwitch(
      RoutineSchedule schedule,
      Vaccine combined,
      Vaccine also,
      ForecastRequest request,
      Map<String, List<SeriesForecast.Given>> history,
      List<InputError> errors) {
    this.schedule = schedule;
    this.combined = combined;
    this.also = also;
    this.rule = combined.continues();
    this.request = request;
    this.combinedDoses = history.getOrDefault(combined.id(), List.of());
    List<SeriesForecast.Given> all = new ArrayList<>(combinedDoses);
    all.addAll(history.getOrDefault(rule.series(), List.of()));
    all.sort(BY_DATE);
    this.series = all;
    this.alsoDoses = history.getOrDefault(rule.alsoCounts(), List.of());
    this.errors = errors;
  }

  /**
   * Whether a child is forecast this way: doses of the series or the other vaccine, and either a
   * dose of the combined one or, from the day the rule recommends it, series doses still to go.
   */
  static boolean applies(
      Vaccine combined, Map<String, List<SeriesForecast.Given>> history, LocalDate asOf) {
    Continuation rule = combined.continues();
    if (rule == null) {
      return false;
    }
    int seriesDoses = history.getOrDefault(rule.series(), List.of()).size();
    boolean older = seriesDoses > 0 || history.containsKey(rule.alsoCounts());
    if (!older) {
      return false;
    }
    if (history.containsKey(combined.id())) {
      return true;
    }
    int length = 0;
    for (Rules.Plan plan : combined.plans()) {
      length = Math.max(length, plan.doses().size());
    }
    return !asOf.isBefore(rule.recommendedFrom()) && seriesDoses < length;
  }

  /**
   * Adds the forecast of the three vaccines. Returns false, adding nothing, when no combined dose
   * was given and none can be given as routine any more (a child past the window): such a child is
   * forecast on the older vaccines as before.
   */
  boolean run(List<Recommendation> out) {
    int before = errors.size();
    List<Recommendation> seriesOut = new ArrayList<>();
    new SeriesForecast(schedule, combined, request, series, List.of(), null, errors).run(seriesOut);
    if (errors.size() > before) {
      // Say how the combined vaccine's doses are numbered: the usual cause of these errors.
      for (int i = before; i < errors.size(); i++) {
        InputError error = errors.get(i);
        errors.set(
            i,
            new InputError(
                error.kind(),
                error.field(),
                error.message()
                    + " ("
                    + combined.id()
                    + " doses are numbered on from the "
                    + rule.series()
                    + " doses)"));
      }
      return true;
    }
    if (combinedDoses.isEmpty() && next(notGiven(seriesOut)) == null) {
      return false;
    }
    Set<Integer> credited = new HashSet<>();
    List<SeriesForecast.Given> alsoSeries = credit(credited);
    List<Recommendation> alsoOut = new ArrayList<>();
    new SeriesForecast(schedule, also, request, alsoSeries, List.of(), null, errors).run(alsoOut);
    if (errors.size() > before) {
      return true;
    }

    for (Recommendation r : seriesOut) {
      if (r.status() == Status.COMPLETE) {
        out.add(asGiven(r));
      }
    }
    for (Recommendation r : alsoOut) {
      if (r.status() == Status.COMPLETE && !isCredit(r, alsoSeries, credited)) {
        out.add(r);
      }
    }
    List<Recommendation> seriesChain = notGiven(seriesOut);
    List<Recommendation> alsoChain = notGiven(alsoOut);
    Recommendation seriesNext = next(seriesChain);
    Recommendation alsoNext = next(alsoChain);
    int seriesLeft = seriesNext == null ? 0 : seriesNext.seriesDoses() - series.size();
    int alsoLeft = alsoNext == null ? 0 : alsoNext.seriesDoses() - alsoSeries.size();

    if (seriesLeft <= 0) {
      out.addAll(seriesChain);
      out.addAll(alsoChain);
      return true;
    }
    if (alsoLeft > seriesLeft) {
      for (Recommendation r : alsoChain) {
        out.add(r == alsoNext ? withNote(r, rule.alsoCountedFirstNote()) : r);
      }
      for (Recommendation r : seriesChain) {
        out.add(r == seriesNext ? afterAlsoAlone(seriesNext, alsoNext, alsoSeries, seriesLeft) : r);
      }
      return true;
    }
    // The combined dose brings the other vaccine's next dose along (or doses beyond its series).
    boolean extra = alsoChain.isEmpty() || alsoLeft > 0 && alsoLeft < seriesLeft;
    for (Recommendation r : seriesChain) {
      out.add(r == seriesNext ? together(seriesNext, alsoLeft > 0 ? alsoNext : null, extra) : r);
    }
    return true;
  }

  /**
   * The other vaccine's series with the combined doses it counts: each combined dose fills the dose
   * that series expected next on its day, unless that series was complete or closed then, or had a
   * dose that same day.
   */
  private List<SeriesForecast.Given> credit(Set<Integer> credited) {
    List<SeriesForecast.Given> all = new ArrayList<>(alsoDoses);
    all.addAll(combinedDoses);
    all.sort(BY_DATE);
    Set<Integer> own = new HashSet<>();
    alsoDoses.forEach(g -> own.add(g.index()));
    List<SeriesForecast.Given> result = new ArrayList<>();
    for (SeriesForecast.Given g : all) {
      if (own.contains(g.index())) {
        result.add(g);
        continue;
      }
      LocalDate day = g.dose().date();
      if (!result.isEmpty() && result.get(result.size() - 1).dose().date().equals(day)) {
        continue;
      }
      List<InputError> ignored = new ArrayList<>();
      List<Recommendation> forecast = new ArrayList<>();
      new SeriesForecast(
              schedule, also, request.on(day), List.copyOf(result), List.of(), null, ignored)
          .run(forecast);
      Recommendation next = ignored.isEmpty() ? next(notGiven(forecast)) : null;
      if (next != null) {
        result.add(
            new SeriesForecast.Given(
                g.index(), new GivenDose(also.id(), next.dose(), day, g.dose().product())));
        credited.add(g.index());
      }
    }
    return result;
  }

  private static boolean isCredit(
      Recommendation r, List<SeriesForecast.Given> doses, Set<Integer> credited) {
    for (SeriesForecast.Given g : doses) {
      if (g.dose().dose().equals(r.dose())) {
        return credited.contains(g.index());
      }
    }
    return false;
  }

  /** A given dose of the merged series under the vaccine it was given as. */
  private Recommendation asGiven(Recommendation r) {
    for (SeriesForecast.Given g : series) {
      if (g.dose().dose().equals(r.dose()) && !g.dose().vaccine().equals(r.vaccine())) {
        return new Recommendation(
            g.dose().vaccine(),
            r.dose(),
            r.status(),
            r.date(),
            r.product(),
            r.earliestDate(),
            r.recommendedFrom(),
            r.dueDate(),
            r.windowEnd(),
            r.seriesDoses(),
            r.notes(),
            r.source());
      }
    }
    return r;
  }

  private static List<Recommendation> notGiven(List<Recommendation> forecast) {
    List<Recommendation> chain = new ArrayList<>();
    for (Recommendation r : forecast) {
      if (r.status() != Status.COMPLETE) {
        chain.add(r);
      }
    }
    return chain;
  }

  /** The dose a series waits for: the first one that may still be given as routine. */
  private static Recommendation next(List<Recommendation> chain) {
    for (Recommendation r : chain) {
      if (r.status() != Status.INELIGIBLE) {
        return r;
      }
    }
    return null;
  }

  /**
   * The combined dose that is also the other vaccine's next dose: both series' earliest dates hold,
   * so the dose counts for each.
   */
  private Recommendation together(Recommendation next, Recommendation alsoNext, boolean extra) {
    List<Note> notes = new ArrayList<>(next.notes());
    notes.add(Note.info(rule.note()));
    if (extra) {
      notes.add(Note.info(rule.extraNote()));
    }
    if (alsoNext == null || !alsoNext.earliestDate().isAfter(next.earliestDate())) {
      return copy(next, next.status(), next.earliestDate(), next.recommendedFrom(), notes, null);
    }
    LocalDate earliest = alsoNext.earliestDate();
    Status status = next.status();
    RuleSource source = null;
    if (next.windowEnd() != null && earliest.isAfter(next.windowEnd())) {
      status = Status.INELIGIBLE;
    } else if (request.asOf().isBefore(earliest)) {
      status = alsoNext.status() == Status.NOT_YET ? Status.NOT_YET : Status.TOO_SOON;
      source = alsoNext.source();
    }
    return copy(next, status, earliest, next.recommendedFrom(), notes, source);
  }

  /**
   * The combined dose while the other vaccine is given alone first: from the day after the other
   * vaccine could have caught up, each of its doses given on its earliest day.
   */
  private Recommendation afterAlsoAlone(
      Recommendation next,
      Recommendation alsoNext,
      List<SeriesForecast.Given> alsoSeries,
      int seriesLeft) {
    List<SeriesForecast.Given> planned = new ArrayList<>(alsoSeries);
    Recommendation waiting = alsoNext;
    LocalDate day = request.asOf();
    while (waiting != null && waiting.seriesDoses() - planned.size() > seriesLeft) {
      day = waiting.earliestDate().isAfter(day) ? waiting.earliestDate() : day;
      planned.add(
          new SeriesForecast.Given(-1, new GivenDose(also.id(), waiting.dose(), day, null)));
      List<Recommendation> forecast = new ArrayList<>();
      List<InputError> ignored = new ArrayList<>();
      new SeriesForecast(
              schedule, also, request.on(day), List.copyOf(planned), List.of(), null, ignored)
          .run(forecast);
      waiting = ignored.isEmpty() ? next(notGiven(forecast)) : null;
    }
    LocalDate earliest = day.plusDays(1);
    if (next.earliestDate().isAfter(earliest)) {
      earliest = next.earliestDate();
    }
    if (waiting != null && waiting.earliestDate().isAfter(earliest)) {
      earliest = waiting.earliestDate();
    }
    List<Note> notes = new ArrayList<>(next.notes());
    notes.add(Note.info(rule.note()));
    notes.add(Note.info(rule.alsoCountedFirstNote()));
    Status status =
        next.windowEnd() != null && earliest.isAfter(next.windowEnd())
            ? Status.INELIGIBLE
            : Status.NOT_YET;
    return copy(
        next,
        status,
        earliest,
        earliest,
        notes,
        schedule.ruleSource(rule.id() + "/alsoCountedFirst", rule.sources()));
  }

  private static Recommendation copy(
      Recommendation r,
      Status status,
      LocalDate earliest,
      LocalDate recommendedFrom,
      List<Note> notes,
      RuleSource source) {
    LocalDate due = r.dueDate();
    if (due != null && due.isBefore(earliest)) {
      due = null;
    }
    if (recommendedFrom != null && recommendedFrom.isBefore(earliest) && status == Status.NOT_YET) {
      recommendedFrom = earliest;
    }
    return new Recommendation(
        r.vaccine(),
        r.dose(),
        status,
        r.date(),
        r.product(),
        earliest,
        recommendedFrom,
        due,
        r.windowEnd(),
        r.seriesDoses(),
        notes,
        source != null ? source : r.source());
  }

  private static Recommendation withNote(Recommendation r, Text note) {
    List<Note> notes = new ArrayList<>(r.notes());
    notes.add(Note.info(note));
    return copy(r, r.status(), r.earliestDate(), r.recommendedFrom(), notes, null);
  }
}
