package app.sukoyaka.immunization.schedule;

import app.sukoyaka.immunization.schedule.Rules.Bound;
import app.sukoyaka.immunization.schedule.Rules.CrossRule;
import app.sukoyaka.immunization.schedule.Rules.DoseRule;
import app.sukoyaka.immunization.schedule.Rules.FallbackPlan;
import app.sukoyaka.immunization.schedule.Rules.Measure;
import app.sukoyaka.immunization.schedule.Rules.Plan;
import app.sukoyaka.immunization.schedule.Rules.Vaccine;
import app.sukoyaka.immunization.schedule.Rules.VaccineType;
import app.sukoyaka.immunization.schedule.Rules.Warning;
import app.sukoyaka.immunization.schedule.Rules.Window;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One vaccine of one child: which plan the rules give, the doses given, the next dose. */
final class SeriesForecast {
  /** A dose of the request's history, with its position there (for error fields). */
  record Given(int index, GivenDose dose) {}

  private final RoutineSchedule schedule;
  private final Vaccine vaccine;
  private final ForecastRequest request;
  private final List<Given> doses;
  private final List<Given> live;
  private final CrossRule liveRule;
  private final List<InputError> errors;
  private final LocalDate birth;
  private final LocalDate asOf;

  /** The day the 長期療養特例's circumstances ended, when the request certifies this vaccine. */
  private final LocalDate illnessEnded;

  /**
   * The last day of a dose that a deadline skipped: later doses replace it only once it can no
   * longer be given (a booster is not given while a skipped primary dose was still possible).
   */
  private LocalDate skippedThrough;

  private Bound skippedThroughBy;

  /** The first dose given with a product the series is finished on (ロタ, PCV15, 9価), or null. */
  private GivenDose kept;

  SeriesForecast(
      RoutineSchedule schedule,
      Vaccine vaccine,
      ForecastRequest request,
      List<Given> doses,
      List<Given> live,
      CrossRule liveRule,
      List<InputError> errors) {
    this.schedule = schedule;
    this.vaccine = vaccine;
    this.request = request;
    this.doses = doses;
    this.live = vaccine.type() == VaccineType.LIVE_INJECTABLE ? live : List.of();
    this.liveRule = liveRule;
    this.errors = errors;
    this.birth = request.birthDate();
    this.asOf = request.asOf();
    LongTermIllness illness = request.longTermIllness();
    this.illnessEnded = illness != null && illness.covers(vaccine.id()) ? illness.endedOn() : null;
  }

  void run(List<Recommendation> out) {
    boolean hasProducts = !vaccine.products().isEmpty() || !vaccine.historicProducts().isEmpty();
    String seriesProduct = null;
    String lastProduct = null;
    for (int i = 0; hasProducts && i < doses.size(); i++) {
      String product = doses.get(i).dose().product();
      if (product == null) {
        continue;
      }
      if (seriesProduct == null) {
        seriesProduct = product;
      }
      if (kept == null && vaccine.productRule(product).finishOnSame()) {
        kept = doses.get(i).dose();
      }
      lastProduct = product;
    }
    String planProduct = seriesProduct != null ? seriesProduct : vaccine.defaultProduct(asOf);
    Plan plan = plan(planProduct);
    if (!checkOrder(plan)) {
      return;
    }
    Recommendation ineligible = eligibility(plan);
    if (ineligible != null) {
      for (Given given : doses) {
        DoseRule rule = plan.doses().get(plan.indexOf(given.dose().dose()));
        out.add(
            new Recommendation(
                vaccine.id(),
                given.dose().dose(),
                Status.COMPLETE,
                given.dose().date(),
                given.dose().product(),
                null,
                null,
                null,
                null,
                null,
                List.of(),
                source(rule.id(), vaccine.sources())));
      }
      out.add(ineligible);
      return;
    }
    boolean assumed = seriesProduct == null && hasProducts && productChoosesPlan();
    String nextProduct = hasProducts ? nextProduct(lastProduct) : null;
    int errorsBefore = errors.size();
    int outBefore = out.size();
    FallbackPlan fallback = run(plan, nextProduct, assumed, null, out);
    if (fallback != null) {
      // The series is on another plan from the start: forget what the first one said.
      errors.subList(errorsBefore, errors.size()).clear();
      out.subList(outBefore, out.size()).clear();
      skippedThrough = null;
      skippedThroughBy = null;
      Plan other = vaccine.plan(fallback.plan());
      if (!checkOrder(other)) {
        return;
      }
      run(other, nextProduct, assumed, fallback, out);
    }
  }

  /**
   * The doses of one plan. Returns the plan a given dose puts the series on instead (a 9価 HPV
   * second dose within 5 months), or null.
   */
  private FallbackPlan run(
      Plan plan,
      String product,
      boolean productAssumed,
      FallbackPlan fellBack,
      List<Recommendation> out) {
    Map<String, Given> byDose = new HashMap<>();
    doses.forEach(g -> byDose.put(g.dose().dose(), g));
    Map<String, LocalDate> givenDates = new HashMap<>();
    LocalDate previous = null;
    int skipped = 0;
    List<DoseRule> rules = plan.doses();
    for (int i = 0; i < rules.size(); i++) {
      DoseRule rule = rules.get(i);
      DoseContext context = new DoseContext(birth, previous, givenDates, illnessEnded);
      Given given = byDose.get(rule.dose());
      if (given != null) {
        Evaluation evaluation = evaluate(rule, plan, context, given.dose().date(), true, skipped);
        if (fellBack == null
            && rule.ifGivenBeforeEarliest() != null
            && evaluation.earliestByInterval
            && given.dose().date().isBefore(evaluation.earliest)) {
          return rule.ifGivenBeforeEarliest();
        }
        out.add(complete(rule, plan, given, evaluation, skipped));
        givenDates.put(rule.dose(), given.dose().date());
        previous = given.dose().date();
        continue;
      }
      Given later = nextGiven(rules, i, byDose);
      Evaluation evaluation = evaluate(rule, plan, context, asOf, false, skipped);
      if (later != null) {
        Evaluation atLater = evaluate(rule, plan, context, later.dose().date(), false, skipped);
        if (!atLater.skipped && !isIndependentChain(rules, i, later)) {
          errors.add(
              new InputError(
                  InputError.Kind.DOSE_OUT_OF_ORDER,
                  "history[" + later.index() + "].dose",
                  vaccine.id()
                      + " dose "
                      + later.dose().dose()
                      + " given before dose "
                      + rule.dose()
                      + ", which was not skipped by a rule"));
          return null;
        }
      }
      if (evaluation.skipped) {
        skipped++;
        if (evaluation.skippedByDeadline
            && (skippedThrough == null || evaluation.windowEnd.isAfter(skippedThrough))) {
          skippedThrough = evaluation.windowEnd;
          skippedThroughBy = evaluation.skippedBy;
        }
      }
      out.add(forecast(rule, plan, evaluation, product, productAssumed, fellBack, skipped));
      if (later != null) {
        continue;
      }
      boolean nextIndependent = i + 1 < rules.size() && !rules.get(i + 1).requiresPrevious();
      if (evaluation.status == Status.INELIGIBLE && (evaluation.skipped || nextIndependent)) {
        continue;
      }
      return null;
    }
    return null;
  }

  /** Whether the product of the first dose decides the plan (ロタ, HPV), not only the label. */
  private boolean productChoosesPlan() {
    for (Plan plan : vaccine.plans()) {
      if (!plan.products().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The product the next dose is forecast on: the product a series began on when it is to be
   * finished on it (ロタ, PCV15, 9価 HPV) and is still routine; else the last product given while it
   * is routine; else the schedule's default product of the day (PCV20, 9価 HPV).
   */
  private String nextProduct(String last) {
    if (kept != null && vaccine.productRule(kept.product()).routineOn(asOf)) {
      return kept.product();
    }
    if (last != null
        && vaccine.products().contains(last)
        && vaccine.productRule(last).routineOn(asOf)) {
      return last;
    }
    return vaccine.defaultProduct(asOf);
  }

  /** Whether a later independent dose (MR 2期) starts a chain that does not need this dose. */
  private static boolean isIndependentChain(List<DoseRule> rules, int missing, Given later) {
    for (int j = missing + 1; j < rules.size(); j++) {
      if (!rules.get(j).requiresPrevious()) {
        return true;
      }
      if (rules.get(j).dose().equals(later.dose().dose())) {
        return false;
      }
    }
    return false;
  }

  private static Given nextGiven(List<DoseRule> rules, int from, Map<String, Given> byDose) {
    for (int j = from + 1; j < rules.size(); j++) {
      Given given = byDose.get(rules.get(j).dose());
      if (given != null) {
        return given;
      }
    }
    return null;
  }

  /** The plan for this child: by the product of the first dose and the age the series starts. */
  private Plan plan(String product) {
    LocalDate start;
    if (!doses.isEmpty()) {
      start = doses.get(0).dose().date();
    } else {
      LocalDate legalFrom =
          latest(vaccine.legal().from(), new DoseContext(birth, null, Map.of(), illnessEnded));
      start = legalFrom != null && legalFrom.isAfter(asOf) ? legalFrom : asOf;
    }
    DoseContext context = new DoseContext(birth, null, Map.of(), illnessEnded);
    Plan fallback = null;
    for (Plan plan : vaccine.plans()) {
      if (!plan.products().isEmpty() && (product == null || !plan.products().contains(product))) {
        continue;
      }
      if (fallback == null) {
        fallback = plan;
      }
      if (plan.startAfter() != null && !start.isAfter(plan.startAfter().resolve(context))) {
        continue;
      }
      if (plan.startTo() != null && start.isAfter(plan.startTo().resolve(context))) {
        continue;
      }
      return plan;
    }
    return fallback != null ? fallback : vaccine.plans().get(0);
  }

  private boolean checkOrder(Plan plan) {
    int last = -1;
    LocalDate lastDate = null;
    boolean ok = true;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Given given : doses) {
      String label = given.dose().dose();
      int index = plan.indexOf(label);
      if (index < 0) {
        errors.add(
            new InputError(
                InputError.Kind.DOSE_OUT_OF_ORDER,
                "history[" + given.index() + "].dose",
                vaccine.id()
                    + " dose "
                    + label
                    + " is not part of this child's series ("
                    + plan.id()
                    + ", "
                    + plan.doses().size()
                    + " doses)"));
        ok = false;
      } else if (!seen.add(label)) {
        errors.add(
            new InputError(
                InputError.Kind.DOSE_OUT_OF_ORDER,
                "history[" + given.index() + "].dose",
                vaccine.id() + " dose " + label + " is given twice"));
        ok = false;
      } else if (index <= last || given.dose().date().equals(lastDate)) {
        errors.add(
            new InputError(
                InputError.Kind.DOSE_OUT_OF_ORDER,
                "history[" + given.index() + "].dose",
                vaccine.id() + " dose " + label + " is dated on or before an earlier dose"));
        ok = false;
      } else {
        last = index;
        lastDate = given.dose().date();
      }
    }
    return ok;
  }

  /** Null when the child may have this vaccine as routine; else the one ineligible entry. */
  private Recommendation eligibility(Plan plan) {
    String first = plan.doses().get(0).dose();
    if (vaccine.bornFrom() != null && birth.isBefore(vaccine.bornFrom())) {
      return closed(
          plan,
          first,
          vaccine.id() + "/eligibility.bornFrom",
          vaccine.sources(),
          schedule.forecastNote("born-from").fill("date", vaccine.bornFrom()));
    }
    if (vaccine.bornTo() != null && birth.isAfter(vaccine.bornTo())) {
      return closed(
          plan,
          first,
          vaccine.id() + "/eligibility.bornTo",
          vaccine.sources(),
          schedule.forecastNote("born-to").fill("date", vaccine.bornTo()));
    }
    if (vaccine.sex() != null
        && request.sex() != null
        && !request.sex().name().equalsIgnoreCase(vaccine.sex())) {
      return closed(
          plan, first, vaccine.id() + "/eligibility.sex", vaccine.sources(), vaccine.sexNote());
    }
    for (Rules.Exclusion exclusion : vaccine.exclusions()) {
      if (request.flags().contains(exclusion.flag())) {
        return closed(plan, first, exclusion.id(), exclusion.sources(), exclusion.note());
      }
    }
    return null;
  }

  private Recommendation closed(
      Plan plan, String first, String rule, List<String> sources, Text note) {
    String dose = first;
    if (!doses.isEmpty()) {
      int next = plan.indexOf(doses.get(doses.size() - 1).dose().dose()) + 1;
      if (next >= plan.doses().size()) {
        return null;
      }
      dose = plan.doses().get(next).dose();
    }
    return new Recommendation(
        vaccine.id(),
        dose,
        Status.INELIGIBLE,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(Note.info(note)),
        source(rule, sources));
  }

  /** Everything the rules say about one dose, evaluated on {@code at}. */
  private static final class Evaluation {
    LocalDate earliest;
    Bound earliestBy;
    boolean earliestByInterval;
    boolean earliestByLiveRule;
    LocalDate windowEnd;
    Bound windowEndBy;
    boolean skipped;
    Bound skippedBy;
    boolean skippedByDeadline;
    LocalDate recommendedFrom;
    Bound recommendedFromBy;
    boolean recommendedFromIsAge;
    LocalDate dueDate;
    Bound dueDateBy;
    Measure measure;

    /** The end of a 長期療養特例 window that was considered but has passed too. */
    LocalDate illnessWindowEnd;

    Status status;
    Bound statusBy;
  }

  private Evaluation evaluate(
      DoseRule rule, Plan plan, DoseContext context, LocalDate at, boolean given, int skipped) {
    Evaluation e = new Evaluation();
    Window legal = vaccine.legal().and(plan.legal()).and(rule.legal());
    Bound legalFrom = latestBound(legal.from(), context);
    Bound legalTo = earliestBound(legal.to(), context);
    LocalDate from = legalFrom == null ? birth : legalFrom.resolve(context);
    LocalDate to = legalTo == null ? LocalDate.MAX : legalTo.resolve(context);
    List<Bound> intervals =
        skipped > 0 && rule.earliestIfEarlierSkipped() != null
            ? rule.earliestIfEarlierSkipped()
            : rule.earliest();
    applyEarliest(e, rule, from, legalFrom, intervals, null, context, at, given);

    Bound deadline = earliestBound(rule.deadline(), context);
    e.windowEnd = to;
    e.windowEndBy = legalTo;
    if (deadline != null && deadline.resolve(context).isBefore(to)) {
      e.windowEnd = deadline.resolve(context);
      e.windowEndBy = deadline;
    }
    if (rule.skipUnless() != null) {
      LocalDate reference = context.given(rule.skipUnless().dose());
      if (reference == null || reference.isAfter(rule.skipUnless().givenBy().resolve(context))) {
        e.skipped = true;
        e.skippedBy = rule.skipUnless().givenBy();
      }
    }
    boolean normalFails = e.earliest.isAfter(e.windowEnd) || at.isAfter(e.windowEnd);
    if (!e.skipped && normalFails && e.windowEndBy == deadline && deadline != null) {
      e.skipped = true;
      e.skippedBy = deadline;
      e.skippedByDeadline = true;
    }
    if (!e.skipped && normalFails && e.windowEndBy != deadline) {
      for (Measure measure : vaccine.measures()) {
        if (tryMeasure(e, measure, rule, legalFrom, from, to, intervals, context, at, given)) {
          break;
        }
      }
    }
    if (e.measure == null || !e.measure.withoutStandard()) {
      Bound standardFrom = latestBound(rule.standard().from(), context);
      Bound standardTo = earliestBound(rule.standard().to(), context);
      if (standardFrom != null) {
        e.recommendedFrom = standardFrom.resolve(context);
        e.recommendedFromBy = standardFrom;
        e.recommendedFromIsAge = !standardFrom.rule().isInterval();
      }
      if (standardTo != null) {
        e.dueDate = standardTo.resolve(context);
        e.dueDateBy = standardTo;
      }
    }
    decide(e, at);
    return e;
  }

  private void applyEarliest(
      Evaluation e,
      DoseRule rule,
      LocalDate from,
      Bound fromBy,
      List<Bound> intervals,
      Integer intervalDays,
      DoseContext context,
      LocalDate at,
      boolean given) {
    e.earliest = from;
    e.earliestBy = fromBy;
    e.earliestByInterval = false;
    e.earliestByLiveRule = false;
    if (intervalDays != null) {
      if (context.previous() != null) {
        LocalDate date = ScheduleCalendar.afterDays(context.previous(), intervalDays);
        if (date.isAfter(e.earliest)) {
          e.earliest = date;
          e.earliestBy =
              new Bound(
                  new DateRule.AfterDose(DateRule.AfterDose.PREVIOUS, intervalDays, 0, false),
                  e.measure.id() + "/intervalDays",
                  e.measure.sources());
          e.earliestByInterval = true;
        }
      }
    } else {
      for (Bound interval : intervals) {
        LocalDate date = interval.resolve(context);
        if (date != null && date.isAfter(e.earliest)) {
          e.earliest = date;
          e.earliestBy = interval;
          e.earliestByInterval = interval.rule().isInterval();
        }
      }
    }
    if (skippedThrough != null && !skippedThrough.plusDays(1).isBefore(e.earliest)) {
      LocalDate date = skippedThrough.plusDays(1);
      if (date.isAfter(e.earliest)) {
        e.earliest = date;
        e.earliestBy = skippedThroughBy;
        e.earliestByInterval = false;
      }
    }
    if (rule.requiresPrevious() && context.previous() != null) {
      // A dose of a series always follows the one before it, whatever the intervals say.
      LocalDate date = context.previous().plusDays(1);
      if (date.isAfter(e.earliest)) {
        e.earliest = date;
        e.earliestBy =
            new Bound(
                new DateRule.AfterDose(DateRule.AfterDose.PREVIOUS, 0, 0, false),
                rule.id() + "/afterPreviousDose",
                vaccine.sources());
        e.earliestByInterval = true;
      }
    }
    if (liveRule != null && !live.isEmpty() && liveRule.inForce(at)) {
      LocalDate latest = null;
      for (Given other : live) {
        LocalDate date = other.dose().date();
        boolean before = given ? date.isBefore(at) : !date.isAfter(at);
        if (!other.dose().vaccine().equals(vaccine.id())
            && before
            && (latest == null || date.isAfter(latest))) {
          latest = date;
        }
      }
      if (latest != null) {
        LocalDate date = ScheduleCalendar.afterDays(latest, liveRule.days());
        if (date.isAfter(e.earliest)) {
          e.earliest = date;
          e.earliestBy = null;
          e.earliestByInterval = true;
          e.earliestByLiveRule = true;
        }
      }
    }
  }

  private boolean tryMeasure(
      Evaluation e,
      Measure measure,
      DoseRule rule,
      Bound legalFrom,
      LocalDate from,
      LocalDate normalEnd,
      List<Bound> intervals,
      DoseContext context,
      LocalDate at,
      boolean given) {
    if (measure.longTermIllness() && context.illnessEnded() == null) {
      return false;
    }
    if (!measure.doses().isEmpty() && !measure.doses().contains(rule.dose())) {
      return false;
    }
    if (measure.effectiveFrom() != null && asOf.isBefore(measure.effectiveFrom())) {
      return false;
    }
    if (measure.bornFrom() != null && birth.isBefore(measure.bornFrom())
        || measure.bornTo() != null && birth.isAfter(measure.bornTo())) {
      return false;
    }
    if (measure.flag() != null && !request.flags().contains(measure.flag())) {
      return false;
    }
    // The 長期療養特例 is for doses the child was eligible for while ill: the dose's window opened
    // before the circumstances ended.
    if (measure.longTermIllness()
        && (context.illnessEnded() == null || !context.illnessEnded().isAfter(from))) {
      return false;
    }
    if (measure.requiresDoseBy() != null
        && doses.stream()
            .noneMatch(
                g ->
                    !g.dose().date().isAfter(measure.requiresDoseBy())
                        && (measure.requiresDoseFrom() == null
                            || !g.dose().date().isBefore(measure.requiresDoseFrom())))) {
      return false;
    }
    if (measure.normalEndFrom() != null
        && (normalEnd.isBefore(measure.normalEndFrom())
            || normalEnd.isAfter(measure.normalEndTo()))) {
      return false;
    }
    Bound fromBy = legalFrom;
    LocalDate measureFrom = from;
    for (Bound bound : measure.from()) {
      LocalDate date = bound.resolve(context);
      if (date.isAfter(measureFrom)) {
        measureFrom = date;
        fromBy = bound;
      }
    }
    Bound toBy = earliestBound(measure.to(), context);
    LocalDate measureTo = toBy == null ? normalEnd : toBy.resolve(context);
    Evaluation trial = new Evaluation();
    trial.measure = measure;
    applyEarliest(
        trial, rule, measureFrom, fromBy, intervals, measure.intervalDays(), context, at, given);
    if (trial.earliest.isAfter(measureTo) || at.isAfter(measureTo)) {
      if (measure.longTermIllness() && measureTo.isAfter(e.windowEnd)) {
        // Closed by the measure's own end (two years, or its age limit): it decides and says so.
        e.illnessWindowEnd = measureTo;
        e.windowEnd = measureTo;
        e.windowEndBy = toBy;
      }
      return false;
    }
    e.measure = measure;
    e.earliest = trial.earliest;
    e.earliestBy = trial.earliestBy;
    e.earliestByInterval = trial.earliestByInterval;
    e.earliestByLiveRule = trial.earliestByLiveRule;
    e.windowEnd = measureTo;
    e.windowEndBy = toBy;
    return true;
  }

  private void decide(Evaluation e, LocalDate at) {
    if (e.dueDate != null && e.dueDate.isAfter(e.windowEnd)) {
      e.dueDate = e.windowEnd;
    }
    boolean pastStandard = false;
    if (e.dueDate != null && e.dueDate.isBefore(e.earliest)) {
      // The standard period ended before the dose could be given: past it, without a due date.
      pastStandard = true;
      e.dueDate = null;
    }
    if (e.skipped) {
      e.status = Status.INELIGIBLE;
      e.statusBy = e.skippedBy;
    } else if (e.earliest.isAfter(e.windowEnd) || at.isAfter(e.windowEnd)) {
      e.status = Status.INELIGIBLE;
      e.statusBy = e.windowEndBy;
    } else if (at.isBefore(e.earliest)) {
      e.status = e.earliestByInterval ? Status.TOO_SOON : Status.NOT_YET;
      e.statusBy = e.earliestBy;
    } else if (e.recommendedFrom != null
        && e.recommendedFromIsAge
        && at.isBefore(e.recommendedFrom)) {
      e.status = Status.NOT_YET;
      e.statusBy = e.recommendedFromBy;
    } else if (pastStandard || e.dueDate != null && at.isAfter(e.dueDate)) {
      e.status = Status.OVERDUE;
      e.statusBy = e.dueDateBy;
    } else {
      e.status = Status.DUE;
      e.statusBy = e.dueDateBy != null ? e.dueDateBy : e.recommendedFromBy;
    }
  }

  private Recommendation complete(DoseRule rule, Plan plan, Given dose, Evaluation e, int skipped) {
    List<Note> notes = new ArrayList<>();
    GivenDose given = dose.dose();
    LocalDate date = given.date();
    if (date.isBefore(e.earliest)) {
      notes.add(Note.warning(schedule.forecastNote("before-earliest").fill("date", e.earliest)));
    } else if (e.skipped || date.isAfter(e.windowEnd)) {
      notes.add(Note.warning(schedule.forecastNote("outside-window")));
    }
    if (e.measure != null && !date.isBefore(e.earliest)) {
      notes.add(Note.info(e.measure.note()));
    }
    warnings(rule, date, notes);
    productWarnings(given, notes);
    return new Recommendation(
        vaccine.id(),
        rule.dose(),
        Status.COMPLETE,
        date,
        given.product(),
        e.earliest,
        e.recommendedFrom,
        e.dueDate,
        e.windowEnd,
        plan.doses().size() - skipped,
        notes,
        source(rule.id(), vaccine.sources()));
  }

  /**
   * A product that was not routine on the day (PCV13 from October 2024, 2/4価 HPV from April 2026),
   * or another product after one a series is to be finished on (ロタ, PCV15, 9価 HPV).
   */
  private void productWarnings(GivenDose dose, List<Note> notes) {
    String product = dose.product();
    if (product == null || vaccine.productRules().isEmpty()) {
      return;
    }
    if (!vaccine.productRule(product).routineOn(dose.date())) {
      notes.add(
          Note.warning(schedule.forecastNote("product-not-routine").fill("product", product)));
    }
    if (kept != null && dose.date().isAfter(kept.date()) && !kept.product().equals(product)) {
      String first = kept.product();
      notes.add(Note.warning(schedule.forecastNote("products-mixed").fill("product", first)));
    }
  }

  private Recommendation forecast(
      DoseRule rule,
      Plan plan,
      Evaluation e,
      String product,
      boolean productAssumed,
      FallbackPlan fellBack,
      int skipped) {
    List<Note> notes = new ArrayList<>();
    if (fellBack != null && e.status != Status.INELIGIBLE) {
      notes.add(Note.info(fellBack.note()));
    }
    if (e.illnessWindowEnd != null && e.status == Status.INELIGIBLE) {
      notes.add(
          Note.info(
              schedule.forecastNote("illness-window-passed").fill("date", e.illnessWindowEnd)));
    }
    if (e.skipped) {
      notes.add(Note.info(schedule.forecastNote("dose-skipped")));
    }
    if (e.measure != null) {
      notes.add(Note.info(e.measure.note()));
    }
    if (e.earliestByLiveRule && e.status == Status.TOO_SOON) {
      notes.add(Note.info(liveRule.note()));
    }
    if (e.status != Status.INELIGIBLE) {
      warnings(rule, e.earliest.isAfter(asOf) ? e.earliest : asOf, notes);
      rule.notes().forEach(n -> notes.add(Note.info(n)));
      vaccine.notes().forEach(n -> notes.add(Note.info(n)));
      if (vaccine.sex() != null && request.sex() == null) {
        notes.add(Note.info(vaccine.sexNote()));
      }
    }
    String shown =
        vaccine.products().isEmpty() && vaccine.historicProducts().isEmpty() ? null : product;
    if (shown != null && productAssumed && e.status != Status.INELIGIBLE) {
      notes.add(Note.info(schedule.forecastNote("product-assumed").fill("product", shown)));
    }
    return new Recommendation(
        vaccine.id(),
        rule.dose(),
        e.status,
        null,
        shown,
        e.earliest,
        e.recommendedFrom,
        e.dueDate,
        e.windowEnd.equals(LocalDate.MAX) ? null : e.windowEnd,
        plan.doses().size() - skipped,
        notes,
        decidedBy(e));
  }

  private RuleSource decidedBy(Evaluation e) {
    if (e.statusBy == null && e.earliestByLiveRule && e.status == Status.TOO_SOON) {
      return source(liveRule.id(), liveRule.sources());
    }
    Bound bound = e.statusBy != null ? e.statusBy : e.windowEndBy;
    if (bound == null) {
      return source(vaccine.id(), vaccine.sources());
    }
    return source(bound.id(), bound.sources());
  }

  private void warnings(DoseRule rule, LocalDate on, List<Note> notes) {
    DoseContext context = new DoseContext(birth, null, Map.of(), illnessEnded);
    for (Warning warning : rule.warnings()) {
      if (!on.isBefore(warning.onOrAfter().resolve(context))) {
        notes.add(Note.warning(warning.note()));
      }
    }
  }

  private RuleSource source(String rule, List<String> sources) {
    return schedule.ruleSource(rule, sources);
  }

  private static LocalDate latest(List<Bound> bounds, DoseContext context) {
    Bound bound = latestBound(bounds, context);
    return bound == null ? null : bound.resolve(context);
  }

  private static Bound latestBound(List<Bound> bounds, DoseContext context) {
    Bound best = null;
    LocalDate bestDate = null;
    for (Bound bound : bounds) {
      LocalDate date = bound.resolve(context);
      if (date != null && (bestDate == null || date.isAfter(bestDate))) {
        best = bound;
        bestDate = date;
      }
    }
    return best;
  }

  private static Bound earliestBound(List<Bound> bounds, DoseContext context) {
    Bound best = null;
    LocalDate bestDate = null;
    for (Bound bound : bounds) {
      LocalDate date = bound.resolve(context);
      if (date != null && (bestDate == null || date.isBefore(bestDate))) {
        best = bound;
        bestDate = date;
      }
    }
    return best;
  }
}
