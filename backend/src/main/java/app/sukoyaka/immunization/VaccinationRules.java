package app.sukoyaka.immunization;

import app.sukoyaka.platform.ErrorCode;
import app.sukoyaka.profiles.CodingRef;
import app.sukoyaka.profiles.Subject;
import app.sukoyaka.profiles.VaccineCatalog;
import app.sukoyaka.profiles.VaccineIdentity;
import app.sukoyaka.profiles.VaccineKind;
import app.sukoyaka.profiles.VaccineSeries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the vaccine catalog makes of a vaccination, and the rules every source is held to: a date
 * not in the future nor before the child's birth; a vaccine given to this kind of person; a dose
 * marked 定期接種 only when its kind is routine on that day for that person (never abroad); a dose
 * label of the series the vaccine counts for; a product of that vaccine. Pure.
 */
public final class VaccinationRules {
  private final VaccineCatalog catalog;

  public VaccinationRules(VaccineCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * The vaccinated person as the rules need them.
   *
   * @param who the child, or the mother (the pregnant person)
   * @param birthDate the child's date of birth; the pregnant person's own is not a bound
   * @param sex female, male or unknown
   */
  public record Person(Subject who, LocalDate birthDate, String sex) {}

  /**
   * A vaccination the rules accept.
   *
   * @param vaccine the coding stored as the record's vaccine: the one recognised, else the first
   * @param kind our vaccine kind, or null (a foreign combination, an unmapped code)
   * @param identity what the catalog made of the codings, or null when it knows none of them
   * @param credits the series it counts for, each with the dose label when it is one of that
   *     series'
   */
  public record Checked(
      ImmunizationRecord.Coding vaccine,
      VaccineKind kind,
      String product,
      String doseLabel,
      boolean routine,
      List<ImmunizationRecord.Credit> credits,
      VaccineIdentity identity) {}

  /**
   * Applies the rules.
   *
   * @param requireKind whether the vaccine must be one of our kinds (a Japanese clinic's record);
   *     otherwise an unknown code is kept and counts for nothing
   * @throws ImmunizationEntryException naming the first rule broken
   */
  public Checked check(
      VaccinationDraft draft, Person person, LocalDate today, boolean requireKind) {
    LocalDate date = draft.date();
    if (date.isAfter(today)) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_DATE_IN_FUTURE,
          "date",
          "The vaccination date " + date + " is after today (" + today + ").");
    }
    if (person.who() == Subject.CHILD && date.isBefore(person.birthDate())) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_DATE_BEFORE_BIRTH,
          "date",
          "The vaccination date "
              + date
              + " is before the child's birth ("
              + person.birthDate()
              + ").");
    }
    List<CodingRef> codings =
        draft.codings().stream().map(c -> new CodingRef(c.system(), c.code())).toList();
    Optional<VaccineIdentity> identified = catalog.identify(codings, date);
    VaccineIdentity identity = identified.orElse(null);
    VaccineKind kind = identity == null ? null : identity.kind();
    if (requireKind && kind == null) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_VACCINE_NOT_IDENTIFIED,
          "vaccine",
          "The vaccine is not named by a vaccine kind of the catalog ("
              + "https://sukoyaka.app/fhir/CodeSystem/vaccine-kind) or a product of one; add that"
              + " coding next to any HOT code.");
    }
    if (kind != null && !kind.isFor(person.who())) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_NOT_FOR_THIS_PERSON,
          "vaccine",
          kind.label().en()
              + " ("
              + kind.label().ja()
              + ") is not given to "
              + (person.who() == Subject.CHILD ? "a child." : "a pregnant person."));
    }
    String product = product(draft, identity, kind);
    boolean routine = Boolean.TRUE.equals(draft.routine());
    if (routine) {
      requireRoutine(draft, person, kind);
    }
    String label = draft.doseLabel();
    List<String> seriesIds = identity == null ? List.of() : identity.credits();
    if (label != null) {
      Set<String> allowed = seriesIds.isEmpty() ? catalog.allDoseLabels() : labelsOf(seriesIds);
      if (!allowed.contains(label)) {
        throw new ImmunizationEntryException(
            ErrorCode.IMMUNIZATION_DOSE_NOT_IN_SERIES,
            "dose",
            "'"
                + label
                + "' is not a dose of "
                + (seriesIds.isEmpty() ? "the routine schedule" : String.join(" or ", seriesIds))
                + "; the doses are "
                + String.join(", ", allowed)
                + ".");
      }
    }
    List<ImmunizationRecord.Credit> credits = new ArrayList<>();
    for (String series : seriesIds) {
      VaccineSeries known = catalog.series(series).orElseThrow();
      credits.add(
          new ImmunizationRecord.Credit(
              series, label != null && known.doseLabels().contains(label) ? label : null));
    }
    return new Checked(stored(draft, identity), kind, product, label, routine, credits, identity);
  }

  private void requireRoutine(VaccinationDraft draft, Person person, VaccineKind kind) {
    if (draft.abroad()) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_NOT_ROUTINE,
          "routine",
          "A dose given abroad (" + draft.country() + ") is not 定期接種 under the Immunization Act.");
    }
    if (kind == null) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_NOT_ROUTINE,
          "routine",
          "Only a vaccine kind of the catalog can be 定期接種; this vaccine is not one.");
    }
    if (kind.routinePeriod(draft.date(), person.who(), person.sex()).isEmpty()) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_NOT_ROUTINE,
          "routine",
          kind.label().en()
              + " ("
              + kind.label().ja()
              + ") is not 定期接種 for this person on "
              + draft.date()
              + (kind.everRoutine() ? "" : ": it is a voluntary vaccination (任意接種)")
              + ".");
    }
  }

  private String product(VaccinationDraft draft, VaccineIdentity identity, VaccineKind kind) {
    String named = draft.product();
    String coded = identity == null ? null : identity.product();
    if (named == null) {
      return coded;
    }
    if (kind == null || kind.product(named).isEmpty()) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_UNKNOWN_PRODUCT,
          "product",
          "'"
              + named
              + "' is not a product of "
              + (kind == null ? "this vaccine" : kind.code())
              + (kind == null || kind.products().isEmpty()
                  ? ""
                  : "; its products are "
                      + String.join(", ", kind.products().stream().map(p -> p.code()).toList()))
              + ".");
    }
    if (coded != null && !coded.equals(named)) {
      throw new ImmunizationEntryException(
          ErrorCode.IMMUNIZATION_UNKNOWN_PRODUCT,
          "product",
          "The product " + named + " differs from the one the vaccine code names (" + coded + ").");
    }
    return named;
  }

  private Set<String> labelsOf(List<String> seriesIds) {
    Set<String> labels = new java.util.LinkedHashSet<>();
    seriesIds.forEach(id -> labels.addAll(catalog.series(id).orElseThrow().doseLabels()));
    return labels;
  }

  private static ImmunizationRecord.Coding stored(
      VaccinationDraft draft, VaccineIdentity identity) {
    if (identity != null) {
      for (ImmunizationRecord.Coding coding : draft.codings()) {
        if (coding.system().equals(identity.coding().system())
            && coding.code().equals(identity.coding().code())) {
          return coding;
        }
      }
    }
    return draft.codings().get(0);
  }
}
