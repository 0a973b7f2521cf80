package app.sukoyaka.profiles;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * When and for whom a vaccine kind is 定期接種 (routine).
 *
 * @param to the last day, inclusive; null while in force
 * @param recipient the child, or the mother (the pregnant person)
 * @param sex female or male when the law names one (HPV: girls), else null
 * @param note a condition the service cannot check (a single-antigen measles vaccine is routine
 *     only for a child who has had rubella), or null
 */
public record RoutinePeriod(
    LocalDate from,
    LocalDate to,
    Subject recipient,
    String sex,
    LocalizedText note,
    List<String> sources) {
  public RoutinePeriod {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(recipient, "recipient");
    sources = List.copyOf(sources);
    if (to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("A routine period ends before it starts: " + from);
    }
    if (sex != null && !sex.equals("female") && !sex.equals("male")) {
      throw new IllegalArgumentException("Unknown sex " + sex);
    }
  }

  /** Whether a dose given on {@code date} to this person falls in the period. */
  public boolean covers(LocalDate date, Subject person, String personSex) {
    return recipient == person
        && !date.isBefore(from)
        && (to == null || !date.isAfter(to))
        && (sex == null || sex.equals(personSex));
  }
}
