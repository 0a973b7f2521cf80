package app.sukoyaka.immunization;

import app.sukoyaka.immunization.schedule.Forecast;
import app.sukoyaka.immunization.schedule.ForecastInputException;
import app.sukoyaka.immunization.schedule.ForecastRequest;
import app.sukoyaka.immunization.schedule.GivenDose;
import app.sukoyaka.immunization.schedule.InputError;
import app.sukoyaka.immunization.schedule.Recommendation;
import app.sukoyaka.immunization.schedule.Sex;
import app.sukoyaka.immunization.schedule.Status;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Forecasts for children whose records are stored: turns the records' credits into the forecaster's
 * history. A record whose source named no dose label (a record from abroad, a parent's entry)
 * counts as the dose the schedule expected next on that day; a credit the schedule cannot place is
 * reported, not dropped and not allowed to fail the whole forecast.
 */
@Singleton
public class ChildForecasts {
  private static final Pattern HISTORY_FIELD = Pattern.compile("^history\\[(\\d+)]");

  private final ImmunizationHistory history;
  private final ImmunizationForecasts forecasts;

  ChildForecasts(ImmunizationHistory history, ImmunizationForecasts forecasts) {
    this.history = history;
    this.forecasts = forecasts;
  }

  /** The forecast for a child on a day, from its stored records. */
  public StoredForecast forChild(
      UUID childId, LocalDate birthDate, String sex, Set<String> flags, LocalDate asOf) {
    return forRecords(history.ofChild(childId), birthDate, sex, flags, asOf);
  }

  /** The forecast from records already read (a batch over many children reads them itself). */
  public StoredForecast forRecords(
      List<ImmunizationRecord> records,
      LocalDate birthDate,
      String sex,
      Set<String> flags,
      LocalDate asOf) {
    List<Candidate> candidates = new ArrayList<>();
    List<StoredForecast.NotCounted> notCounted = new ArrayList<>();
    for (ImmunizationRecord record : records) {
      if (record.verification() == ImmunizationRecord.Verification.REJECTED) {
        continue;
      }
      for (ImmunizationRecord.Credit credit : record.credits()) {
        if (record.occurrenceDate().isAfter(asOf)) {
          continue;
        }
        if (record.occurrenceDate().isBefore(birthDate)) {
          notCounted.add(
              new StoredForecast.NotCounted(
                  record.id(), credit.vaccine(), "The date of the dose is before the birth."));
          continue;
        }
        candidates.add(new Candidate(record, credit));
      }
    }
    candidates.sort(
        Comparator.comparing((Candidate c) -> c.record.occurrenceDate())
            .thenComparing(c -> c.record.recordedAt()));
    Sex forecastSex = sexOf(sex);

    // Doses whose label the source gave go in as they are; the others are labelled in date order
    // by asking the forecaster which dose of that series was next on the day.
    List<StoredForecast.CountedDose> counted = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (candidate.credit.doseLabel() != null) {
        counted.add(
            new StoredForecast.CountedDose(
                candidate.record.id(),
                new GivenDose(
                    candidate.credit.vaccine(),
                    candidate.credit.doseLabel(),
                    candidate.record.occurrenceDate(),
                    candidate.record.product()),
                false,
                unverified(candidate.record)));
      }
    }
    counted = placeable(counted, birthDate, forecastSex, flags, asOf, notCounted);
    for (Candidate candidate : candidates) {
      if (candidate.credit.doseLabel() != null) {
        continue;
      }
      LocalDate day = candidate.record.occurrenceDate();
      List<GivenDose> before = new ArrayList<>();
      for (StoredForecast.CountedDose dose : counted) {
        if (dose.dose().date().isBefore(day)
            || (dose.dose().date().equals(day)
                && !dose.dose().vaccine().equals(candidate.credit.vaccine()))) {
          before.add(dose.dose());
        }
      }
      String next =
          nextDose(candidate.credit.vaccine(), birthDate, forecastSex, flags, day, before);
      if (next == null) {
        notCounted.add(
            new StoredForecast.NotCounted(
                candidate.record.id(),
                candidate.credit.vaccine(),
                "The schedule expected no further dose of this vaccine on that day."));
        continue;
      }
      List<StoredForecast.CountedDose> with = new ArrayList<>(counted);
      with.add(
          new StoredForecast.CountedDose(
              candidate.record.id(),
              new GivenDose(candidate.credit.vaccine(), next, day, candidate.record.product()),
              true,
              unverified(candidate.record)));
      counted = placeable(with, birthDate, forecastSex, flags, asOf, notCounted);
    }
    Forecast forecast =
        forecasts.forecast(
            new ForecastRequest(
                birthDate, asOf, forecastSex, counted.stream().map(d -> d.dose()).toList(), flags));
    return new StoredForecast(forecast, counted, notCounted);
  }

  /**
   * The doses the forecaster accepts together: each dose it refuses is moved to {@code notCounted}
   * with the forecaster's reason, and the rest are tried again.
   */
  private List<StoredForecast.CountedDose> placeable(
      List<StoredForecast.CountedDose> doses,
      LocalDate birthDate,
      Sex sex,
      Set<String> flags,
      LocalDate asOf,
      List<StoredForecast.NotCounted> notCounted) {
    List<StoredForecast.CountedDose> remaining = new ArrayList<>(doses);
    while (true) {
      try {
        forecasts.forecast(
            new ForecastRequest(
                birthDate, asOf, sex, remaining.stream().map(d -> d.dose()).toList(), flags));
        return remaining;
      } catch (ForecastInputException refused) {
        Set<Integer> refusedIndexes = new HashSet<>();
        for (InputError error : refused.errors()) {
          Matcher matcher = HISTORY_FIELD.matcher(error.field());
          if (!matcher.find()) {
            throw refused;
          }
          int index = Integer.parseInt(matcher.group(1));
          if (refusedIndexes.add(index)) {
            StoredForecast.CountedDose dose = remaining.get(index);
            notCounted.add(
                new StoredForecast.NotCounted(
                    dose.recordId(), dose.dose().vaccine(), error.message()));
          }
        }
        List<StoredForecast.CountedDose> next = new ArrayList<>();
        for (int i = 0; i < remaining.size(); i++) {
          if (!refusedIndexes.contains(i)) {
            next.add(remaining.get(i));
          }
        }
        remaining = next;
      }
    }
  }

  /** The dose of the series the forecaster expected next on the day, or null if none. */
  private String nextDose(
      String vaccine,
      LocalDate birthDate,
      Sex sex,
      Set<String> flags,
      LocalDate day,
      List<GivenDose> before) {
    Forecast forecast;
    try {
      forecast = forecasts.forecast(new ForecastRequest(birthDate, day, sex, before, flags));
    } catch (ForecastInputException e) {
      return null;
    }
    for (Recommendation recommendation : forecast.recommendations()) {
      if (recommendation.vaccine().equals(vaccine)
          && recommendation.status() != Status.COMPLETE
          && recommendation.status() != Status.INELIGIBLE) {
        return recommendation.dose();
      }
    }
    return null;
  }

  private static boolean unverified(ImmunizationRecord record) {
    return record.verification() == ImmunizationRecord.Verification.UNVERIFIED;
  }

  private static Sex sexOf(String sex) {
    if ("female".equals(sex)) {
      return Sex.FEMALE;
    }
    if ("male".equals(sex)) {
      return Sex.MALE;
    }
    return null;
  }

  private record Candidate(ImmunizationRecord record, ImmunizationRecord.Credit credit) {}
}
