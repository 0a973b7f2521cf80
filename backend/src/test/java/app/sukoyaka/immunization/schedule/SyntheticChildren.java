package app.sukoyaka.immunization.schedule;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Children with realistic vaccination histories, made by living through the schedule: every few
 * weeks the family visits the clinic and, with some probability, gets each dose the forecaster says
 * is due or overdue that day. Histories are therefore valid by construction; some children start
 * late, skip vaccines or stop early. Deterministic for a seed.
 */
public final class SyntheticChildren {
  private static final List<String> ROTA = List.of("RV1", "RV5");

  private final Forecaster forecaster;
  private final Random random;

  public SyntheticChildren(Forecaster forecaster, long seed) {
    this.forecaster = forecaster;
    this.random = new Random(seed);
  }

  /** A child born between {@code bornFrom} and {@code bornTo}, vaccinated up to {@code asOf}. */
  public ForecastRequest child(LocalDate bornFrom, LocalDate bornTo, LocalDate asOf) {
    long span = Math.max(1, ChronoUnit.DAYS.between(bornFrom, bornTo));
    LocalDate birth = bornFrom.plusDays((long) (random.nextDouble() * span));
    if (birth.isAfter(asOf)) {
      birth = asOf;
    }
    Sex sex = random.nextBoolean() ? Sex.FEMALE : Sex.MALE;
    Set<String> flags = random.nextInt(50) == 0 ? Set.of("hadVaricella") : Set.of();
    double diligence = 0.3 + 0.7 * random.nextDouble();
    String rota = ROTA.get(random.nextInt(2));
    List<GivenDose> history = new ArrayList<>();
    LocalDate visit = birth.plusDays(random.nextInt(90));
    while (!visit.isAfter(asOf)) {
      Forecast forecast =
          forecaster.forecast(new ForecastRequest(birth, visit, sex, history, flags));
      for (Recommendation r : forecast.recommendations()) {
        boolean open = r.status() == Status.DUE || r.status() == Status.OVERDUE;
        if (open && random.nextDouble() < diligence) {
          String product = r.vaccine().equals("ROTA") ? rota : r.product();
          history.add(new GivenDose(r.vaccine(), r.dose(), visit, product));
        }
      }
      visit =
          visit.plusDays(14 + random.nextInt(50) + (visit.isAfter(birth.plusYears(2)) ? 120 : 0));
    }
    return new ForecastRequest(birth, asOf, sex, history, flags);
  }

  public Random random() {
    return random;
  }
}
