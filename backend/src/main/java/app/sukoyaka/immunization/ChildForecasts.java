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
    return forDoses(records, birthDate, sex, flags, asOf, true);
  }

  /**
   * @param quickFirst whether to try first to check each step only by the forecast that follows it;
   *     false checks each step at once (the tests compare the two)
   */
  StoredForecast forDoses(
      List<RecordedDose> records,
      LocalDate birthDate,
      String sex,
      Set<String> flags,
      LocalDate asOf,
      boolean quickFirst) {
    List<Candidate> candidates = new ArrayList<>();
    List<StoredForecast.NotCounted> beforeBirth = new ArrayList<>();
    for (RecordedDose record : records) {
      if (record.verification() == ImmunizationRecord.Verification.REJECTED) {
        continue;
      }
      for (ImmunizationRecord.Credit credit : record.credits()) {
        if (record.date().isAfter(asOf)) {
          continue;
        }
        if (record.date().isBefore(birthDate)) {
          beforeBirth.add(
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
    Reading reading = new Reading(candidates, birthDate, sexOf(sex), flags, asOf, beforeBirth);
    if (quickFirst) {
      StoredForecast quick = reading.quick();
      if (quick != null) {
        return quick;
      }
    }
    return reading.checked();
  }

  /**
   * How a child's records become the forecaster's history. Doses whose label the source gave go in
   * as they are; the others are labelled in date order by asking the forecaster which dose of that
   * series was next on the day. The history is built in date order: a labelled dose dated after a
   * dose without a label joins once that dose is labelled, since the family's own record of dose 2
   * must be in the history before the clinic's dose 3 (or 五種混合 dose 4 after 四種混合 dose 3), or the
   * later dose would look out of order.
   *
   * <p>{@link #checked} forecasts the history after each step (a dose the forecaster refuses is
   * reported with its reason, a labelled one only after it has been tried again once the doses
   * before it are labelled). {@link #quick} takes the same steps but lets the forecast of the next
   * step, and the final one, check them: each step's history is the final one up to a day, and a
   * dose the rules accept with the doses after it they accept without them, so when nothing is
   * refused at the end nothing would have been refused step by step and the result is the same,
   * with one forecast per dose without a label plus one, instead of about three.
   */
  private final class Reading {
    private final List<Candidate> candidates;
    private final LocalDate birthDate;
    private final Sex sex;
    private final Set<String> flags;
    private final LocalDate asOf;
    private final List<StoredForecast.NotCounted> beforeBirth;
    private final List<StoredForecast.CountedDose> settled = new ArrayList<>();
    private final List<StoredForecast.CountedDose> held = new ArrayList<>();

    Reading(
        List<Candidate> candidates,
        LocalDate birthDate,
        Sex sex,
        Set<String> flags,
        LocalDate asOf,
        List<StoredForecast.NotCounted> beforeBirth) {
      this.candidates = candidates;
      this.birthDate = birthDate;
      this.sex = sex;
      this.flags = flags;
      this.asOf = asOf;
      this.beforeBirth = beforeBirth;
      LocalDate firstUnlabelled = null;
      for (Candidate candidate : candidates) {
        if (candidate.credit.doseLabel() == null) {
          firstUnlabelled = candidate.record.date();
          break;
        }
      }
      for (Candidate candidate : candidates) {
        if (candidate.credit.doseLabel() == null) {
          continue;
        }
        boolean before =
            firstUnlabelled == null || !candidate.record.date().isAfter(firstUnlabelled);
        (before ? settled : held).add(candidate.labelled());
      }
    }

    /** The result when no forecast along the way refuses anything, else null. */
    StoredForecast quick() {
      List<StoredForecast.CountedDose> placed = new ArrayList<>(settled);
      List<StoredForecast.CountedDose> waitingToJoin = new ArrayList<>(held);
      List<StoredForecast.NotCounted> notCounted = new ArrayList<>(beforeBirth);
      for (Candidate candidate : candidates) {
        if (candidate.credit.doseLabel() != null) {
          continue;
        }
        placed.addAll(joining(waitingToJoin, candidate));
        String next;
        try {
          next = nextOnTheDay(candidate, placed);
        } catch (ForecastInputException refused) {
          return null;
        }
        if (next == null) {
          notCounted.add(noFurtherDose(candidate));
        } else {
          placed.add(candidate.inferred(next));
        }
      }
      placed.addAll(waitingToJoin);
      try {
        return new StoredForecast(forecast(asOf, doses(placed)), placed, notCounted);
      } catch (ForecastInputException refused) {
        return null;
      }
    }

    /** The result with the history forecast after each step. */
    StoredForecast checked() {
      List<StoredForecast.NotCounted> notCounted = new ArrayList<>(beforeBirth);
      List<StoredForecast.CountedDose> waitingToJoin = new ArrayList<>(held);
      Placed placed = placeable(settled);
      List<Refusal> waiting = new ArrayList<>(placed.refused);
      boolean placedSinceRetry = false;
      for (Candidate candidate : candidates) {
        if (candidate.credit.doseLabel() != null) {
          continue;
        }
        LocalDate day = candidate.record.date();
        if (placedSinceRetry
            && waiting.stream().anyMatch(w -> w.dose.dose().date().isBefore(day))) {
          placed = retry(placed, waiting, day, notCounted);
          placedSinceRetry = false;
        }
        List<StoredForecast.CountedDose> with = new ArrayList<>(placed.doses);
        with.addAll(joining(waitingToJoin, candidate));
        String next;
        try {
          next = nextOnTheDay(candidate, with);
        } catch (ForecastInputException refused) {
          next = null;
        }
        StoredForecast.CountedDose inferred = null;
        if (next == null) {
          notCounted.add(noFurtherDose(candidate));
        } else {
          inferred = candidate.inferred(next);
          with.add(inferred);
        }
        if (with.size() > placed.doses.size()) {
          placed = placeable(with);
          settle(placed.refused, waiting, notCounted);
          placedSinceRetry |= inferred != null && placed.doses.contains(inferred);
        }
      }
      if (!waitingToJoin.isEmpty()) {
        List<StoredForecast.CountedDose> with = new ArrayList<>(placed.doses);
        with.addAll(waitingToJoin);
        placed = placeable(with);
        settle(placed.refused, waiting, notCounted);
      }
      if (placedSinceRetry && !waiting.isEmpty()) {
        placed = retry(placed, waiting, null, notCounted);
      }
      for (Refusal refusal : waiting) {
        notCounted.add(refusal.notCounted());
      }
      // The last accepted history was forecast for this very request: no need to do it again.
      return new StoredForecast(placed.forecast, placed.doses, notCounted);
    }

    /**
     * The labelled doses that waited for this dose's day and now join the history: those dated on
     * or before it (a labelled dose on the same day goes first, so that a family's entry repeating
     * it is the one that does not count).
     */
    private List<StoredForecast.CountedDose> joining(
        List<StoredForecast.CountedDose> waitingToJoin, Candidate candidate) {
      List<StoredForecast.CountedDose> joining = new ArrayList<>();
      LocalDate day = candidate.record.date();
      for (StoredForecast.CountedDose dose : waitingToJoin) {
        if (!dose.dose().date().isAfter(day)) {
          joining.add(dose);
        }
      }
      waitingToJoin.removeAll(joining);
      return joining;
    }

    /**
     * The dose of the candidate's series the forecaster expected on its day, from what was given
     * before it and the other series' doses that day (they decide, for instance, whether a child is
     * on the older 四種混合 + Hib track); null when it expected none. An injectable live vaccine given
     * the same day counts against this one under the 27-day rule, though vaccines given together
     * are allowed: when that leaves no dose, the doses of the day are left out.
     *
     * @throws ForecastInputException when the forecaster refuses the history before the day
     */
    private String nextOnTheDay(Candidate candidate, List<StoredForecast.CountedDose> history) {
      LocalDate day = candidate.record.date();
      String vaccine = candidate.credit.vaccine();
      List<GivenDose> before = new ArrayList<>();
      boolean sameDay = false;
      for (StoredForecast.CountedDose dose : history) {
        if (dose.dose().date().isBefore(day)) {
          before.add(dose.dose());
        } else if (dose.dose().date().equals(day) && !dose.dose().vaccine().equals(vaccine)) {
          before.add(dose.dose());
          sameDay = true;
        }
      }
      String next = next(forecast(day, before), vaccine);
      if (next == null && sameDay) {
        next =
            next(
                forecast(day, before.stream().filter(d -> d.date().isBefore(day)).toList()),
                vaccine);
      }
      return next;
    }

    private Forecast forecast(LocalDate day, List<GivenDose> history) {
      return forecasts.forecast(new ForecastRequest(birthDate, day, sex, history, flags));
    }

    /**
     * Tries the waiting labelled doses dated before {@code day} (all of them when null) again with
     * the doses placed so far; those refused again keep waiting.
     */
    private Placed retry(
        Placed placed,
        List<Refusal> waiting,
        LocalDate day,
        List<StoredForecast.NotCounted> notCounted) {
      List<StoredForecast.CountedDose> with = new ArrayList<>(placed.doses);
      List<Refusal> retried = new ArrayList<>();
      for (Refusal refusal : waiting) {
        if (day == null || refusal.dose.dose().date().isBefore(day)) {
          with.add(refusal.dose);
          retried.add(refusal);
        }
      }
      waiting.removeAll(retried);
      Placed again = placeable(with);
      settle(again.refused, waiting, notCounted);
      return again;
    }

    /**
     * The doses the forecaster accepts together, with their forecast and the doses it refused with
     * its reasons: each refused dose is taken out and the rest are tried again.
     */
    private Placed placeable(List<StoredForecast.CountedDose> doses) {
      List<StoredForecast.CountedDose> remaining = new ArrayList<>(doses);
      List<Refusal> refusals = new ArrayList<>();
      while (true) {
        try {
          return new Placed(remaining, forecast(asOf, doses(remaining)), refusals);
        } catch (ForecastInputException refused) {
          Set<Integer> refusedIndexes = new HashSet<>();
          for (InputError error : refused.errors()) {
            Matcher matcher = HISTORY_FIELD.matcher(error.field());
            if (!matcher.find()) {
              throw refused;
            }
            int index = Integer.parseInt(matcher.group(1));
            if (refusedIndexes.add(index)) {
              refusals.add(new Refusal(remaining.get(index), error.message()));
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
  }

  /** Refused labelled doses wait for another try; a refused inferred one is reported now. */
  private static void settle(
      List<Refusal> refused, List<Refusal> waiting, List<StoredForecast.NotCounted> notCounted) {
    for (Refusal refusal : refused) {
      if (refusal.dose.inferred()) {
        notCounted.add(refusal.notCounted());
      } else {
        waiting.add(refusal);
      }
    }
  }

  private static List<GivenDose> doses(List<StoredForecast.CountedDose> counted) {
    List<GivenDose> doses = new ArrayList<>(counted.size());
    for (StoredForecast.CountedDose dose : counted) {
      doses.add(dose.dose());
    }
    return doses;
  }

  /** The dose of the series the forecast expects next, or null if none. */
  private static String next(Forecast forecast, String vaccine) {
    for (Recommendation recommendation : forecast.recommendations()) {
      if (recommendation.vaccine().equals(vaccine)
          && recommendation.status() != Status.COMPLETE
          && recommendation.status() != Status.INELIGIBLE) {
        return recommendation.dose();
      }
    }
    return null;
  }

  private static StoredForecast.NotCounted noFurtherDose(Candidate candidate) {
    return new StoredForecast.NotCounted(
        candidate.record.recordId(),
        candidate.credit.vaccine(),
        "The schedule expected no further dose of this vaccine on that day.");
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

  private record Candidate(RecordedDose record, ImmunizationRecord.Credit credit) {
    StoredForecast.CountedDose labelled() {
      return new StoredForecast.CountedDose(
          record.recordId(),
          new GivenDose(credit.vaccine(), credit.doseLabel(), record.date(), record.product()),
          false,
          record.unverified());
    }

    StoredForecast.CountedDose inferred(String label) {
      return new StoredForecast.CountedDose(
          record.recordId(),
          new GivenDose(credit.vaccine(), label, record.date(), record.product()),
          true,
          record.unverified());
    }
  }

  private record Placed(
      List<StoredForecast.CountedDose> doses, Forecast forecast, List<Refusal> refused) {}

  /** A dose the forecaster refused, with its reason. */
  private record Refusal(StoredForecast.CountedDose dose, String reason) {
    StoredForecast.NotCounted notCounted() {
      return new StoredForecast.NotCounted(dose.recordId(), dose.dose().vaccine(), reason);
    }
  }
}
