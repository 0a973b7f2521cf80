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
 * late, skip vaccines or stop early. About one child in twenty-five has a long illness during which
 * the family does not visit, and a 長期療養特例 certification from the day it ended (for every vaccine or
 * for a few); now and then a clinic uses another product than the forecast's. Deterministic for a
 * seed.
 */
public final class SyntheticChildren {
  private static final List<String> ROTA = List.of("RV1", "RV5");
  private static final List<String> PCV = List.of("PCV13", "PCV15", "PCV20");
  private static final List<String> CERTIFIED =
      List.of("BCG", "PCV", "HIB", "DPT_IPV_HIB", "HEPB", "MR", "VAR", "JE", "DT", "HPV");

  private final Forecaster forecaster;
  private final Random random;

  public SyntheticChildren(Forecaster forecaster, long seed) {
    this.forecaster = forecaster;
    this.random = new Random(seed);
  }

  /** A child born between {@code bornFrom} and {@code bornTo}, vaccinated up to {@code asOf}. */
  public ForecastRequest child(LocalDate bornFrom, LocalDate bornTo, LocalDate asOf) {
    return child(bornFrom, bornTo, asOf, null, null);
  }

  /**
   * The same, for a family that does not visit the clinic from {@code awayFrom} to the day before
   * {@code awayTo} (for instance across the switch from 四種混合 to 五種混合).
   */
  public ForecastRequest child(
      LocalDate bornFrom, LocalDate bornTo, LocalDate asOf, LocalDate awayFrom, LocalDate awayTo) {
    long span = Math.max(1, ChronoUnit.DAYS.between(bornFrom, bornTo));
    LocalDate birth = bornFrom.plusDays((long) (random.nextDouble() * span));
    if (birth.isAfter(asOf)) {
      birth = asOf;
    }
    Sex sex = random.nextBoolean() ? Sex.FEMALE : Sex.MALE;
    Set<String> flags = random.nextInt(50) == 0 ? Set.of("hadVaricella") : Set.of();
    double diligence = 0.3 + 0.7 * random.nextDouble();
    String rota = ROTA.get(random.nextInt(2));
    LocalDate illFrom = null;
    LocalDate illTo = null;
    LongTermIllness certified = null;
    if (random.nextInt(25) == 0) {
      illFrom = birth.plusDays(random.nextInt(5 * 365));
      illTo = illFrom.plusDays(90 + random.nextInt(3 * 365));
      List<String> vaccines = new ArrayList<>();
      if (random.nextBoolean()) {
        for (String vaccine : CERTIFIED) {
          if (random.nextInt(3) == 0) {
            vaccines.add(vaccine);
          }
        }
      }
      certified = new LongTermIllness(illTo, vaccines);
    }
    List<GivenDose> history = new ArrayList<>();
    LocalDate visit = birth.plusDays(random.nextInt(90));
    while (!visit.isAfter(asOf)) {
      if (illFrom != null && !visit.isBefore(illFrom) && visit.isBefore(illTo)) {
        visit = illTo;
        continue;
      }
      if (awayFrom != null && !visit.isBefore(awayFrom) && visit.isBefore(awayTo)) {
        visit = awayTo;
        continue;
      }
      LongTermIllness illness = certified != null && !visit.isBefore(illTo) ? certified : null;
      Forecast forecast =
          forecaster.forecast(new ForecastRequest(birth, visit, sex, history, flags, illness));
      for (Recommendation r : forecast.recommendations()) {
        boolean open = r.status() == Status.DUE || r.status() == Status.OVERDUE;
        if (open && random.nextDouble() < diligence) {
          history.add(new GivenDose(r.vaccine(), r.dose(), visit, product(r, rota)));
        }
      }
      visit =
          visit.plusDays(14 + random.nextInt(50) + (visit.isAfter(birth.plusYears(2)) ? 120 : 0));
    }
    LongTermIllness illness = certified != null && !asOf.isBefore(illTo) ? certified : null;
    return new ForecastRequest(birth, asOf, sex, history, flags, illness);
  }

  /** The product the clinic uses: the family's rota product, now and then another PCV. */
  private String product(Recommendation r, String rota) {
    if (r.vaccine().equals("ROTA")) {
      return rota;
    }
    if (r.vaccine().equals("PCV") && random.nextInt(30) == 0) {
      return PCV.get(random.nextInt(PCV.size()));
    }
    return r.product();
  }

  public Random random() {
    return random;
  }
}
