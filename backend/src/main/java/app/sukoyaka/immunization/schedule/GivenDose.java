package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A dose the child has received.
 *
 * @param vaccine a vaccine id of the schedule ({@code HIB}, {@code MR}, …)
 * @param dose the dose label of the schedule ({@code 1}, {@code 4}, {@code 1期}, {@code 1期初回1}, …)
 * @param date the day it was given
 * @param product the product where it matters ({@code RV1}/{@code RV5}, {@code 2vHPV}/{@code
 *     4vHPV}/{@code 9vHPV}, {@code PCV13}/{@code PCV15}/{@code PCV20}); may be null
 */
public record GivenDose(String vaccine, String dose, LocalDate date, String product) {
  public GivenDose {
    Objects.requireNonNull(vaccine, "vaccine");
    Objects.requireNonNull(dose, "dose");
    Objects.requireNonNull(date, "date");
  }

  public GivenDose(String vaccine, String dose, LocalDate date) {
    this(vaccine, dose, date, null);
  }
}
