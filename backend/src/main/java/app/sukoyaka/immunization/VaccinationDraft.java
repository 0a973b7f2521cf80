package app.sukoyaka.immunization;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A vaccination as its source described it, before the catalog's rules: a clinic's Immunization, a
 * guardian's or staff member's entry, a record from abroad.
 *
 * @param codings the vaccine's codings as sent (our vaccine-kind or product, HOT, CVX, SNOMED CT,
 *     ATC, or anything else); at least one
 * @param product our product code when the source named it apart from the codings, else null
 * @param doseLabel our dose label ('1', '1期', '1期初回1' …), or null when not given
 * @param foreignDoseNumber the dose number another country's record gave, or null
 * @param routine whether the source said 定期接種 (true) or 任意接種 (false); null when not said
 * @param performerCode the facility's 医療機関コード, or null
 * @param country ISO 3166-1 alpha-2 code of the country where it was given, or null
 */
public record VaccinationDraft(
    List<ImmunizationRecord.Coding> codings,
    LocalDate date,
    String product,
    String doseLabel,
    Integer foreignDoseNumber,
    Boolean routine,
    String lotNumber,
    String performerName,
    String performerCode,
    String country,
    String note) {
  public VaccinationDraft {
    codings = List.copyOf(codings);
    if (codings.isEmpty()) {
      throw new IllegalArgumentException("A vaccination names its vaccine");
    }
    Objects.requireNonNull(date, "date");
  }

  /** Whether it was given in another country. */
  public boolean abroad() {
    return country != null && !country.equals("JP");
  }
}
