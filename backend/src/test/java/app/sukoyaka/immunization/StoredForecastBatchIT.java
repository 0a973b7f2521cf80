package app.sukoyaka.immunization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.sukoyaka.immunization.schedule.Status;
import app.sukoyaka.testing.Db;
import app.sukoyaka.testing.Personas;
import app.sukoyaka.testing.TestService;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch over stored children on real PostgreSQL: for a few hundred synthetic children with
 * realistic records (family entries without dose labels, repeated and rejected entries, retracted
 * records, flags), each child's forecast is the one {@link ChildForecasts#forChild} makes from its
 * stored records, and a municipality's batch holds its own children only.
 */
class StoredForecastBatchIT {
  private static final Clock CLOCK = Clock.system(ZoneId.of("Asia/Tokyo"));
  private static final int CHILDREN = 300;

  private static LocalDate asOf;
  private static SyntheticStoredChildren synthetic;
  private static Personas.Municipality town;
  private static Personas.Municipality elsewhere;
  private static StoredForecastBatch batch;

  @BeforeAll
  static void aTownWithThreeHundredChildren() throws Exception {
    TestService.server();
    asOf = LocalDate.now(CLOCK);
    synthetic = new SyntheticStoredChildren(asOf, 100, 7L);
    town = Personas.municipality();
    elsewhere = Personas.municipality();
    UUID clinic = Personas.clinicServing(town, elsewhere).facilityId();
    try (Connection connection = Db.connect()) {
      connection.setAutoCommit(false);
      synthetic.copyInto(connection, town.id(), clinic, 0, CHILDREN, true);
      synthetic.copyInto(connection, elsewhere.id(), clinic, CHILDREN, 5, true);
      connection.commit();
    }
    UUID first = synthetic.child(0).id();
    // A flag cleared, and one the schedule no longer knows: neither applies.
    Db.update(
        "INSERT INTO child_immunization_flag (id, child_id, municipality_id, flag, set_by_role,"
            + " set_by, set_at, cleared_by_role, cleared_by, cleared_at)"
            + " VALUES (?, ?, ?, 'hadVaricella', 'guardian', 'g', now(), 'staff', 's', now())",
        UUID.randomUUID(),
        first,
        town.id());
    Db.update(
        "INSERT INTO child_immunization_flag (id, child_id, municipality_id, flag, set_by_role,"
            + " set_by, set_at) VALUES (?, ?, ?, 'formerlyKnownFlag', 'staff', 's', now())",
        UUID.randomUUID(),
        first,
        town.id());
    batch = TestService.bean(StoredForecastBatch.class);
  }

  private static Map<UUID, StoredForecastBatch.ChildForecast> run(UUID municipality) {
    Map<UUID, StoredForecastBatch.ChildForecast> results = new ConcurrentHashMap<>();
    long count =
        batch.forEachForecast(
            municipality, asOf, child -> assertThat(results.put(child.childId(), child)).isNull());
    assertThat(count).isEqualTo(results.size());
    return results;
  }

  @Test
  void eachChildsForecastIsTheOneItsStoredRecordsGiveOneByOne() {
    ChildForecasts forecasts = TestService.bean(ChildForecasts.class);
    ImmunizationFlags flags = TestService.bean(ImmunizationFlags.class);

    Map<UUID, StoredForecastBatch.ChildForecast> results = run(town.id());

    assertThat(results).hasSize(CHILDREN);
    int inferred = 0;
    int notCounted = 0;
    int flagged = 0;
    for (int i = 0; i < CHILDREN; i++) {
      SyntheticStoredChildren.Child child = synthetic.child(i);
      StoredForecastBatch.ChildForecast result = results.get(child.id());
      Set<String> childFlags =
          flags.forecastFlags(flags.ofChild(child.id()).stream().map(ChildFlag::flag).toList());
      StoredForecast oneByOne =
          forecasts.forChild(child.id(), child.birthDate(), child.sex(), childFlags, asOf);

      assertThat(result.forecast()).as("child %d", i).isEqualTo(oneByOne);
      assertThat(result.flags()).isEqualTo(childFlags);
      assertThat(result.forecast()).isEqualTo(synthetic.expectedForecast(child, CLOCK));
      inferred += (int) oneByOne.counted().stream().filter(d -> d.inferred()).count();
      notCounted += oneByOne.notCounted().size();
      flagged += childFlags.isEmpty() ? 0 : 1;
    }
    // The children exercise what the batch must get right, not only clean histories.
    assertThat(inferred).isGreaterThan(50);
    assertThat(notCounted).isGreaterThan(0);
    assertThat(flagged).isGreaterThan(0);
    assertThat(results.get(synthetic.child(0).id()).flags())
        .doesNotContain("hadVaricella", "formerlyKnownFlag");
  }

  @Test
  void theCountsByStatusAddUpTheChildrensForecasts() {
    Map<String, Map<Status, Long>> expected = new TreeMap<>();
    for (StoredForecastBatch.ChildForecast child : run(town.id()).values()) {
      StoredForecastBatch.statuses(child.forecast())
          .forEach(
              (vaccine, status) ->
                  expected
                      .computeIfAbsent(vaccine, v -> new EnumMap<>(Status.class))
                      .merge(status, 1L, Long::sum));
    }

    StoredForecastBatch.StatusCounts counts = batch.countByStatus(town.id(), asOf);

    assertThat(counts.children()).isEqualTo(CHILDREN);
    assertThat(counts.byVaccine()).isEqualTo(expected);
    assertThat(counts.byVaccine().get("MR").values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(CHILDREN);
  }

  @Test
  void aMunicipalitysBatchHoldsItsOwnChildrenAndTheWholeBatchEveryones() {
    Set<UUID> elsewhereIds =
        java.util.stream.IntStream.range(CHILDREN, CHILDREN + 5)
            .mapToObj(i -> synthetic.child(i).id())
            .collect(Collectors.toSet());

    Map<UUID, StoredForecastBatch.ChildForecast> theirs = run(elsewhere.id());
    Map<UUID, StoredForecastBatch.ChildForecast> all = run(null);

    assertThat(theirs.keySet()).isEqualTo(elsewhereIds);
    assertThat(theirs.values()).allMatch(c -> c.municipalityId().equals(elsewhere.id()));
    assertThat(all.keySet()).containsAll(elsewhereIds).contains(synthetic.child(0).id());
  }

  @Test
  void aChildBornAfterTheDayIsLeftOutAndAnEarlierDayForecastsAsItStoodThen() {
    LocalDate earlier = asOf.minusYears(1);
    Map<UUID, StoredForecastBatch.ChildForecast> results = new HashMap<>();
    batch.forEachForecast(
        town.id(),
        earlier,
        child -> {
          synchronized (results) {
            results.put(child.childId(), child);
          }
        });

    for (int i = 0; i < CHILDREN; i++) {
      SyntheticStoredChildren.Child child = synthetic.child(i);
      if (child.birthDate().isAfter(earlier)) {
        assertThat(results).doesNotContainKey(child.id());
      } else {
        assertThat(results.get(child.id()).forecast().forecast().asOf()).isEqualTo(earlier);
        assertThat(results.get(child.id()).forecast().counted())
            .allMatch(d -> !d.dose().date().isAfter(earlier));
      }
    }
  }

  @Test
  void aFailingConsumerStopsTheBatchAndTheFailureReachesTheCaller() {
    assertThatThrownBy(
            () ->
                batch.forEachForecast(
                    town.id(),
                    asOf,
                    child -> {
                      throw new IllegalStateException("reminder outbox unavailable");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("reminder outbox unavailable");
    assertThatThrownBy(() -> batch.forEachForecast(town.id(), asOf.plusDays(1), child -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
