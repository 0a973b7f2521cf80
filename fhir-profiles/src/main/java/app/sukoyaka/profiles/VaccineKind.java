package app.sukoyaka.profiles;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A kind of vaccine, a concept of {@link SukoyakaCanonicals#VACCINE_KIND_SYSTEM}: the routine
 * childhood ones (codes are the forecaster's vaccine ids), the RSV maternal vaccine, and the common
 * voluntary ones.
 *
 * @param recipients whom it is given to: the child, the mother (the pregnant person), or both
 * @param routine the periods in which it is 定期接種, for whom; empty for a voluntary kind
 * @param credits the forecaster's series a dose of it counts for, routine or not
 * @param products the products where the schedule depends on the product
 * @param hotCodes HOT9 codes of its products, only where verified (none yet)
 * @param note what a family or clinic should know, or null
 */
public record VaccineKind(
    String code,
    LocalizedText label,
    Set<Subject> recipients,
    List<RoutinePeriod> routine,
    List<String> credits,
    List<VaccineProduct> products,
    List<String> hotCodes,
    LocalizedText note,
    List<String> sources) {
  public VaccineKind {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(label, "label");
    recipients = Set.copyOf(recipients);
    routine = List.copyOf(routine);
    credits = List.copyOf(credits);
    products = List.copyOf(products);
    hotCodes = List.copyOf(hotCodes);
    sources = List.copyOf(sources);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException(code + ": nobody to give it to");
    }
    for (RoutinePeriod period : routine) {
      if (!recipients.contains(period.recipient())) {
        throw new IllegalArgumentException(code + ": routine for someone it is not given to");
      }
    }
  }

  /** Whether it is given to this person (a child, or the pregnant person). */
  public boolean isFor(Subject person) {
    return recipients.contains(person);
  }

  /** The routine period a dose on that day to that person falls in, if any. */
  public Optional<RoutinePeriod> routinePeriod(LocalDate date, Subject person, String sex) {
    return routine.stream().filter(period -> period.covers(date, person, sex)).findFirst();
  }

  /** Whether it can be 定期接種 at all. */
  public boolean everRoutine() {
    return !routine.isEmpty();
  }

  public Optional<VaccineProduct> product(String productCode) {
    return products.stream().filter(p -> p.code().equals(productCode)).findFirst();
  }
}
