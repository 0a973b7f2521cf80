package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The schedule file, read into immutable rules. Package-private: only the forecaster reads them.
 */
final class Rules {
  private Rules() {}

  /** A date rule with the id that names it in forecasts and the sources it rests on. */
  record Bound(DateRule rule, String id, List<String> sources) {
    LocalDate resolve(DoseContext context) {
      return rule.resolve(context);
    }
  }

  /** A period: the latest of the {@code from} bounds to the earliest of the {@code to} bounds. */
  record Window(List<Bound> from, List<Bound> to) {
    static final Window NONE = new Window(List.of(), List.of());

    Window and(Window other) {
      return new Window(concat(from, other.from), concat(to, other.to));
    }
  }

  record Warning(Bound onOrAfter, Text note) {}

  /** The dose is given only when another dose of the series was given by a date. */
  record SkipUnless(String dose, Bound givenBy) {}

  record DoseRule(
      String dose,
      String id,
      Window legal,
      List<Bound> earliest,
      List<Bound> earliestIfEarlierSkipped,
      Window standard,
      List<Bound> deadline,
      SkipUnless skipUnless,
      boolean requiresPrevious,
      FallbackPlan ifGivenBeforeEarliest,
      List<Warning> warnings,
      List<Text> notes) {}

  /**
   * A dose given before its earliest date (an interval not kept) that puts the series on another
   * plan instead of being a dose given too early: a 9価 HPV second dose within 5 months.
   */
  record FallbackPlan(String plan, String id, Text note, List<String> sources) {}

  record Plan(
      String id,
      Bound startAfter,
      Bound startTo,
      List<String> products,
      Window legal,
      List<DoseRule> doses) {

    int indexOf(String dose) {
      for (int i = 0; i < doses.size(); i++) {
        if (doses.get(i).dose().equals(dose)) {
          return i;
        }
      }
      return -1;
    }
  }

  record Exclusion(String flag, String id, Text note, List<String> sources) {}

  /**
   * A special measure that opens a window after the normal one has closed.
   *
   * @param longTermIllness the 長期療養特例: applies only when the request certifies the vaccine, and
   *     only to a dose whose normal window opened before the circumstances ended
   */
  record Measure(
      String id,
      Text name,
      LocalDate effectiveFrom,
      boolean longTermIllness,
      LocalDate bornFrom,
      LocalDate bornTo,
      String flag,
      LocalDate requiresDoseFrom,
      LocalDate requiresDoseBy,
      LocalDate normalEndFrom,
      LocalDate normalEndTo,
      List<Bound> from,
      List<Bound> to,
      Integer intervalDays,
      boolean withoutStandard,
      List<String> doses,
      Text note,
      List<String> sources) {}

  /**
   * When a product is routine, and whether a series begun on it is finished on it (ロタ, PCV15, 9価
   * HPV).
   */
  record ProductRule(
      LocalDate routineFrom, LocalDate routineTo, boolean finishOnSame, List<String> sources) {
    static final ProductRule ANY = new ProductRule(null, null, false, List.of());

    boolean routineOn(LocalDate date) {
      return (routineFrom == null || !date.isBefore(routineFrom))
          && (routineTo == null || !date.isAfter(routineTo));
    }
  }

  /**
   * A combined vaccine that continues the series of an older one (五種混合 after 四種混合): its doses are
   * numbered on from the {@code series} vaccine's and also count for {@code alsoCounts}.
   *
   * @param recommendedFrom from this day a child on the older track is forecast on the combined
   *     vaccine; before it only a child who already had a dose of it
   */
  record Continuation(
      String id,
      String series,
      String alsoCounts,
      LocalDate recommendedFrom,
      Text note,
      Text extraNote,
      Text alsoCountedFirstNote,
      List<String> sources) {}

  record Vaccine(
      String id,
      String versionId,
      Text name,
      VaccineType type,
      LocalDate effectiveFrom,
      LocalDate effectiveTo,
      LocalDate bornFrom,
      LocalDate bornTo,
      String sex,
      Text sexNote,
      List<Exclusion> exclusions,
      Window legal,
      List<String> products,
      List<String> historicProducts,
      Map<String, ProductRule> productRules,
      List<String> defaultProducts,
      List<String> replaces,
      Continuation continues,
      List<Plan> plans,
      List<Measure> measures,
      List<Text> notes,
      List<String> sources) {

    boolean inForce(LocalDate date) {
      return !date.isBefore(effectiveFrom) && (effectiveTo == null || !date.isAfter(effectiveTo));
    }

    ProductRule productRule(String product) {
      return product == null
          ? ProductRule.ANY
          : productRules.getOrDefault(product, ProductRule.ANY);
    }

    /** The first of the default products that is routine on the day, or null. */
    String defaultProduct(LocalDate on) {
      for (String product : defaultProducts) {
        if (productRule(product).routineOn(on)) {
          return product;
        }
      }
      return null;
    }

    Plan plan(String id) {
      for (Plan plan : plans) {
        if (plan.id().equals(id)) {
          return plan;
        }
      }
      return null;
    }
  }

  enum VaccineType {
    INACTIVATED,
    LIVE_INJECTABLE,
    LIVE_ORAL
  }

  /** A rule between vaccines, such as 27 days between different injectable live vaccines. */
  record CrossRule(
      String id,
      VaccineType between,
      int days,
      LocalDate effectiveFrom,
      LocalDate effectiveTo,
      Text note,
      List<String> sources) {

    boolean inForce(LocalDate date) {
      return !date.isBefore(effectiveFrom) && (effectiveTo == null || !date.isAfter(effectiveTo));
    }
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
