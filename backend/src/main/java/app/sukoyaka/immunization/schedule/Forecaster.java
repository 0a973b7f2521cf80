package app.sukoyaka.immunization.schedule;

import app.sukoyaka.immunization.schedule.Rules.CrossRule;
import app.sukoyaka.immunization.schedule.Rules.Plan;
import app.sukoyaka.immunization.schedule.Rules.Vaccine;
import app.sukoyaka.immunization.schedule.Rules.VaccineType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routine-schedule forecaster: for one child on one day, every dose given and the next dose of
 * each series with its status, dates and the rule that decided. Pure: no clock, no I/O; the rules
 * come from a {@link RoutineSchedule} and "today" is the request's {@code asOf}. Thread-safe.
 */
public final class Forecaster {
  private final RoutineSchedule schedule;
  private final Map<String, VaccineType> types = new HashMap<>();
  private final Map<String, Set<String>> doseLabels = new HashMap<>();
  private final Map<String, Set<String>> products = new HashMap<>();
  private final Set<String> replaced = new HashSet<>();

  public Forecaster(RoutineSchedule schedule) {
    this.schedule = schedule;
    for (Vaccine vaccine : schedule.vaccines()) {
      types.put(vaccine.id(), vaccine.type());
      Set<String> labels = doseLabels.computeIfAbsent(vaccine.id(), id -> new HashSet<>());
      for (Plan plan : vaccine.plans()) {
        plan.doses().forEach(d -> labels.add(d.dose()));
      }
      replaced.addAll(vaccine.replaces());
      Set<String> known = products.computeIfAbsent(vaccine.id(), id -> new HashSet<>());
      known.addAll(vaccine.products());
      known.addAll(vaccine.historicProducts());
    }
  }

  public RoutineSchedule schedule() {
    return schedule;
  }

  /**
   * Forecasts for one child.
   *
   * @throws ForecastInputException naming every invalid field: dates after {@code asOf} or before
   *     birth, unknown vaccines, doses, products or flags, doses out of order
   */
  public Forecast forecast(ForecastRequest request) {
    LocalDate asOf = request.asOf();
    List<InputError> errors = new ArrayList<>();
    if (request.birthDate().isAfter(asOf)) {
      errors.add(
          new InputError(
              InputError.Kind.DATE_IN_FUTURE, "birthDate", "birthDate is after asOf " + asOf));
      throw new ForecastInputException(errors);
    }
    for (String flag : request.flags()) {
      if (!schedule.flags().containsKey(flag)) {
        errors.add(
            new InputError(InputError.Kind.UNKNOWN_FLAG, "flags." + flag, "unknown flag " + flag));
      }
    }
    checkIllness(request, errors);
    Map<String, List<SeriesForecast.Given>> byVaccine = new HashMap<>();
    List<SeriesForecast.Given> live = new ArrayList<>();
    List<GivenDose> history = request.history();
    for (int i = 0; i < history.size(); i++) {
      GivenDose dose = history.get(i);
      if (check(request, dose, i, errors)) {
        SeriesForecast.Given given = new SeriesForecast.Given(i, dose);
        byVaccine.computeIfAbsent(dose.vaccine(), v -> new ArrayList<>()).add(given);
        if (types.get(dose.vaccine()) == VaccineType.LIVE_INJECTABLE) {
          live.add(given);
        }
      }
    }
    byVaccine
        .values()
        .forEach(
            doses ->
                doses.sort(
                    Comparator.comparing((SeriesForecast.Given g) -> g.dose().date())
                        .thenComparingInt(SeriesForecast.Given::index)));
    CrossRule liveRule = null;
    for (CrossRule rule : schedule.crossRules()) {
      if (rule.between() == VaccineType.LIVE_INJECTABLE && rule.inForce(asOf)) {
        liveRule = rule;
      }
    }
    List<Recommendation> recommendations = new ArrayList<>();
    List<Vaccine> inForce = schedule.inForce(asOf);
    // A child finishing an older series on a combined vaccine is forecast for all three at once.
    Vaccine switched = null;
    List<Recommendation> switchedForecast = new ArrayList<>();
    for (Vaccine vaccine : inForce) {
      Vaccine also =
          SeriesSwitch.applies(vaccine, byVaccine, asOf)
              ? find(inForce, vaccine.continues().alsoCounts())
              : null;
      if (also != null
          && new SeriesSwitch(schedule, vaccine, also, request, byVaccine, errors)
              .run(switchedForecast)) {
        switched = vaccine;
      }
    }
    for (Vaccine vaccine : inForce) {
      if (switched != null) {
        if (vaccine == switched) {
          recommendations.addAll(switchedForecast);
          continue;
        }
        if (vaccine.id().equals(switched.continues().series())
            || vaccine.id().equals(switched.continues().alsoCounts())) {
          continue;
        }
      }
      if (!listed(vaccine, inForce, byVaccine)) {
        continue;
      }
      new SeriesForecast(
              schedule,
              vaccine,
              request,
              byVaccine.getOrDefault(vaccine.id(), List.of()),
              live,
              liveRule,
              errors)
          .run(recommendations);
    }
    if (!errors.isEmpty()) {
      throw new ForecastInputException(errors);
    }
    return new Forecast(asOf, schedule.version(), recommendations);
  }

  private static Vaccine find(List<Vaccine> vaccines, String id) {
    for (Vaccine vaccine : vaccines) {
      if (vaccine.id().equals(id)) {
        return vaccine;
      }
    }
    return null;
  }

  /**
   * The 長期療養特例 certification: its day is neither after {@code asOf} (the circumstances have ended)
   * nor before birth, and it names only vaccines the measure covers.
   */
  private void checkIllness(ForecastRequest request, List<InputError> errors) {
    LongTermIllness illness = request.longTermIllness();
    if (illness == null) {
      return;
    }
    String field = "longTermIllness.endedOn";
    if (illness.endedOn().isAfter(request.asOf())) {
      errors.add(
          new InputError(
              InputError.Kind.DATE_IN_FUTURE, field, "endedOn is after asOf " + request.asOf()));
    } else if (illness.endedOn().isBefore(request.birthDate())) {
      errors.add(
          new InputError(InputError.Kind.DATE_BEFORE_BIRTH, field, "endedOn is before birth"));
    }
    for (int i = 0; i < illness.vaccines().size(); i++) {
      String vaccine = illness.vaccines().get(i);
      String at = "longTermIllness.vaccines[" + i + "]";
      if (!types.containsKey(vaccine)) {
        errors.add(
            new InputError(
                InputError.Kind.UNKNOWN_VACCINE,
                at,
                "unknown vaccine " + vaccine + "; known: " + types.keySet()));
      } else if (schedule.notCoveredByLongTermIllness().containsKey(vaccine)) {
        errors.add(
            new InputError(
                InputError.Kind.NOT_COVERED,
                at,
                schedule.notCoveredByLongTermIllness().get(vaccine).en()));
      }
    }
  }

  /**
   * A vaccine that replaces others (五種混合 for 四種混合 + Hib) is listed unless the child is on the older
   * track: doses of a replaced vaccine and none of the new one. The replaced vaccines are listed
   * for children on the older track, and wherever they have doses.
   */
  private boolean listed(
      Vaccine vaccine, List<Vaccine> inForce, Map<String, List<SeriesForecast.Given>> history) {
    if (!vaccine.replaces().isEmpty()) {
      return !onOlderTrack(vaccine, history);
    }
    if (!replaced.contains(vaccine.id())) {
      return true;
    }
    for (Vaccine replacing : inForce) {
      if (replacing.replaces().contains(vaccine.id())) {
        return history.containsKey(vaccine.id()) || onOlderTrack(replacing, history);
      }
    }
    return true;
  }

  private static boolean onOlderTrack(
      Vaccine replacing, Map<String, List<SeriesForecast.Given>> history) {
    return !history.containsKey(replacing.id())
        && replacing.replaces().stream().anyMatch(history::containsKey);
  }

  private boolean check(ForecastRequest request, GivenDose dose, int i, List<InputError> errors) {
    // Field names are built only for an error: this runs for every dose of every forecast.
    int before = errors.size();
    if (!types.containsKey(dose.vaccine())) {
      errors.add(
          new InputError(
              InputError.Kind.UNKNOWN_VACCINE,
              "history[" + i + "].vaccine",
              "unknown vaccine " + dose.vaccine() + "; known: " + types.keySet()));
      return false;
    }
    if (!doseLabels.get(dose.vaccine()).contains(dose.dose())) {
      errors.add(
          new InputError(
              InputError.Kind.UNKNOWN_DOSE,
              "history[" + i + "].dose",
              dose.vaccine() + " has no dose " + dose.dose()));
    }
    if (dose.date().isAfter(request.asOf())) {
      errors.add(
          new InputError(
              InputError.Kind.DATE_IN_FUTURE,
              "history[" + i + "].date",
              "date is after asOf " + request.asOf()));
    } else if (dose.date().isBefore(request.birthDate())) {
      errors.add(
          new InputError(
              InputError.Kind.DATE_BEFORE_BIRTH,
              "history[" + i + "].date",
              "date is before birth"));
    }
    Set<String> known = products.get(dose.vaccine());
    // Vaccines whose timing does not depend on the product take any product name.
    if (dose.product() != null && !known.isEmpty() && !known.contains(dose.product())) {
      errors.add(
          new InputError(
              InputError.Kind.UNKNOWN_PRODUCT,
              "history[" + i + "].product",
              "unknown product " + dose.product() + "; known: " + known));
    }
    return errors.size() == before;
  }
}
