package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Properties of reading stored records, over thousands of synthetic children whose records come
 * from every source with a family's entries without dose labels and a few mistakes: every record of
 * the child's real history counts as the dose it really was, and the quick reading gives exactly
 * the result of the one that checks every step.
 */
class StoredHistoriesTest {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
  private static final Clock CLOCK =
      Clock.fixed(AS_OF.atTime(12, 0).atZone(JAPAN).toInstant(), JAPAN);
  private static final int CHILDREN = 3000;

  private static SyntheticStoredChildren synthetic;
  private static ChildForecasts forecasts;

  @BeforeAll
  static void children() {
    synthetic = new SyntheticStoredChildren(AS_OF, 300, 42L);
    forecasts = new ChildForecasts(null, new ImmunizationForecasts(CLOCK));
  }

  private static StoredForecast read(SyntheticStoredChildren.Child child, boolean quick) {
    return forecasts.forDoses(
        SyntheticStoredChildren.recordedDoses(child),
        child.birthDate(),
        child.sex(),
        child.flags(),
        AS_OF,
        quick);
  }

  /**
   * A record of the child's real history counts as the dose it was; a labelled one always counts
   * itself (children with a 長期療養特例 certification, which is not stored yet, left aside). A family's
   * entry repeating a dose counts only in place of the family's own entry of the same dose that day
   * (the two are the same), never in addition.
   */
  @Test
  void everyDoseOfTheChildsHistoryCountsAsTheDoseItWasAndMistakesAddNothing() {
    int genuine = 0;
    int inferred = 0;
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < CHILDREN; i++) {
      SyntheticStoredChildren.Child child = synthetic.child(i);
      if (child.longTermIllness()) {
        // The certification is not stored: doses given only under it cannot count here.
        continue;
      }
      StoredForecast forecast = read(child, true);
      Map<UUID, StoredForecast.CountedDose> counted = new HashMap<>();
      forecast.counted().forEach(d -> counted.put(d.recordId(), d));
      Map<String, Set<String>> actual = new HashMap<>();
      Map<String, Set<String>> countedLabels = new HashMap<>();
      for (SyntheticStoredChildren.Record record : child.records()) {
        String visit = record.vaccine() + " " + record.date();
        StoredForecast.CountedDose dose = counted.get(record.id());
        if (dose != null) {
          countedLabels.computeIfAbsent(visit, v -> new TreeSet<>()).add(dose.dose().dose());
          inferred += dose.inferred() ? 1 : 0;
        }
        if (record.actualDose() != null) {
          genuine++;
          actual.computeIfAbsent(visit, v -> new TreeSet<>()).add(record.actualDose());
          if (record.doseLabel() != null && dose == null) {
            wrong.add(i + ": " + record + " not counted: " + forecast.notCounted());
          }
        }
      }
      if (!countedLabels.equals(actual)) {
        wrong.add(i + ": counted " + countedLabels + " but the doses were " + actual);
      }
    }
    assertThat(genuine).isGreaterThan(CHILDREN * 10);
    assertThat(inferred).isGreaterThan(genuine / 30);
    assertThat(wrong).isEmpty();
  }

  @Test
  void theQuickReadingGivesTheResultOfTheReadingThatChecksEveryStep() {
    for (int i = 0; i < CHILDREN; i++) {
      SyntheticStoredChildren.Child child = synthetic.child(i);

      assertThat(read(child, true)).as("child %d", i).isEqualTo(read(child, false));
    }
  }
}
