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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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

  /** The forecast from records already read. */
  public StoredForecast forRecords(
      List<ImmunizationRecord> records,
      LocalDate birthDate,
      String sex,
      Set<String> flags,
      LocalDate asOf) {
    return forDoses(records.stream().map(RecordedDose::of).toList(), birthDate, sex, flags, asOf);
  }

  /**
   * The forecast from what it reads of each record: a batch over many children reads only these
   * columns, and a caller that supplies doses inline (FHIR {@code $immds-forecast}) states them.
   */
  public StoredForecast forDoses(
      List<RecordedDose> records,
      LocalDate birthDate,
      String sex,
      Set<String> flags,
      LocalDate asOf) {
    List<Candidate> candidates = new ArrayList<>();
    List<StoredForecast.NotCounted> notCounted = new ArrayList<>();
    for (RecordedDose record : records) {
      if (record.verification() == ImmunizationRecord.Verification.REJECTED) {
        continue;
      }
      for (ImmunizationRecord.Credit credit : record.credits()) {
        if (record.date().isAfter(asOf)) {
          continue;
        }
        if (record.date().isBefore(birthDate)) {
          notCounted.add(
              new StoredForecast.NotCounted(
                  record.recordId(),
                  credit.vaccine(),
                  "The date of the dose is before the birth."));
          continue;
        }
        candidates.add(new Candidate(record, credit));
      }
    }
    // A total order, so that the same records give the same forecast whatever order they were
    // read in (doses of one visit share their date and often the moment they were recorded).
    candidates.sort(
        Comparator.comparing((Candidate c) -> c.record.date())
            .thenComparing(
                c -> c.record.recordedAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(c -> c.record.recordId())
            .thenComparing(c -> c.credit.vaccine()));
    Sex forecastSex = sexOf(sex);

    // Doses whose label the source gave go in as they are; the others are labelled in date order
    // by asking the forecaster which dose of that series was next on the day.
    List<StoredForecast.CountedDose> labelled = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (candidate.credit.doseLabel() != null) {
        labelled.add(
            new StoredForecast.CountedDose(
                candidate.record.recordId(),
                new GivenDose(
                    candidate.credit.vaccine(),
                    candidate.credit.doseLabel(),
                    candidate.record.date(),
                    candidate.record.product()),
                false,
                candidate.record.unverified()));
      }
    }
    Placed placed = placeable(labelled, birthDate, forecastSex, flags, asOf, notCounted);
    for (Candidate candidate : candidates) {
      if (candidate.credit.doseLabel() != null) {
        continue;
      }
      LocalDate day = candidate.record.date();
      List<GivenDose> before = new ArrayList<>();
      for (StoredForecast.CountedDose dose : placed.doses) {
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
                candidate.record.recordId(),
                candidate.credit.vaccine(),
                "The schedule expected no further dose of this vaccine on that day."));
        continue;
      }
      List<StoredForecast.CountedDose> with = new ArrayList<>(placed.doses);
      with.add(
          new StoredForecast.CountedDose(
              candidate.record.recordId(),
              new GivenDose(candidate.credit.vaccine(), next, day, candidate.record.product()),
              true,
              candidate.record.unverified()));
      placed = placeable(with, birthDate, forecastSex, flags, asOf, notCounted);
    }
    // The last accepted set was forecast for this very request: no need to forecast it again.
    return new StoredForecast(placed.forecast, placed.doses, notCounted);
  }

  /**
   * The doses the forecaster accepts together, with their forecast: each dose it refuses is moved
   * to {@code notCounted} with the forecaster's reason, and the rest are tried again.
   */
  private Placed placeable(
      List<StoredForecast.CountedDose> doses,
      LocalDate birthDate,
      Sex sex,
      Set<String> flags,
      LocalDate asOf,
      List<StoredForecast.NotCounted> notCounted) {
    List<StoredForecast.CountedDose> remaining = new ArrayList<>(doses);
    while (true) {
      try {
        Forecast forecast =
            forecasts.forecast(
                new ForecastRequest(
                    birthDate, asOf, sex, remaining.stream().map(d -> d.dose()).toList(), flags));
        return new Placed(remaining, forecast);
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

  private static Sex sexOf(String sex) {
    if ("female".equals(sex)) {
      return Sex.FEMALE;
    }
    if ("male".equals(sex)) {
      return Sex.MALE;
    }
    return null;
  }

  /**
   * What a forecast reads of one vaccination record.
   *
   * @param recordedAt when it was recorded (orders doses given on the same day); may be null
   * @param product the product where timing depends on it, else null
   * @param credits the series the dose counts for, each with its dose label when the source gave
   *     one
   */
  public record RecordedDose(
      UUID recordId,
      LocalDate date,
      Instant recordedAt,
      String product,
      ImmunizationRecord.Verification verification,
      List<ImmunizationRecord.Credit> credits) {
    public RecordedDose {
      Objects.requireNonNull(recordId, "recordId");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(verification, "verification");
      credits = List.copyOf(credits);
    }

    static RecordedDose of(ImmunizationRecord record) {
      return new RecordedDose(
          record.id(),
          record.occurrenceDate(),
          record.recordedAt(),
          record.product(),
          record.verification(),
          record.credits());
    }

    /** A parent's entry nobody has confirmed yet. */
    boolean unverified() {
      return verification == ImmunizationRecord.Verification.UNVERIFIED;
    }
  }

  private record Candidate(RecordedDose record, ImmunizationRecord.Credit credit) {}

  private record Placed(List<StoredForecast.CountedDose> doses, Forecast forecast) {}
}
