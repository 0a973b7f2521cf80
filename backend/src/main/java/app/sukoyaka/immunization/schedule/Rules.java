package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.util.List;

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
      List<Warning> warnings,
      List<Text> notes) {}

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

  record Measure(
      String id,
      Text name,
      LocalDate bornFrom,
      LocalDate bornTo,
      String flag,
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
      String defaultProduct,
      List<String> replaces,
      List<Plan> plans,
      List<Measure> measures,
      List<Text> notes,
      List<String> sources) {

    boolean inForce(LocalDate date) {
      return !date.isBefore(effectiveFrom) && (effectiveTo == null || !date.isAfter(effectiveTo));
    }

    boolean knowsProduct(String product) {
      return products.contains(product) || historicProducts.contains(product);
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
