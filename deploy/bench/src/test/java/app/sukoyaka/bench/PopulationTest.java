package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated population: the same for the same seed, and shaped like a prefecture's. */
class PopulationTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 22);

  /** Every row of a population, by table. */
  private static Map<Population.Table, List<String[]>> rows(Population population) {
    Map<Population.Table, List<String[]>> rows = new EnumMap<>(Population.Table.class);
    for (Population.Table table : Population.Table.values()) {
      rows.put(table, new ArrayList<>());
    }
    Population.Sink sink = (table, values) -> rows.get(table).add(values.clone());
    population.writeNotices(sink);
    population.write(0, population.families(), sink);
    return rows;
  }

  @Test
  void theSameSeedGivesTheSameRowsAndAnotherSeedOthers() {
    Map<Population.Table, List<String[]>> first = rows(new Population(7, 1000, AS_OF));
    Map<Population.Table, List<String[]>> again = rows(new Population(7, 1000, AS_OF));
    Map<Population.Table, List<String[]>> other = rows(new Population(8, 1000, AS_OF));
    for (Population.Table table : Population.Table.values()) {
      assertThat(again.get(table)).as(table.name()).hasSameSizeAs(first.get(table));
      for (int i = 0; i < first.get(table).size(); i++) {
        assertThat(again.get(table).get(i)).containsExactly(first.get(table).get(i));
      }
    }
    assertThat(other.get(Population.Table.CHILD).get(0)[0])
        .isNotEqualTo(first.get(Population.Table.CHILD).get(0)[0]);
  }

  @Test
  void rangesOfFamiliesWrittenApartGiveTheRowsOfTheWhole() {
    Population population = new Population(11, 2000, AS_OF);
    List<String> whole = new ArrayList<>();
    population.write(0, population.families(), (t, v) -> whole.add(t + String.join("|", nn(v))));
    List<String> parts = new ArrayList<>();
    int half = population.families() / 2;
    population.write(half, population.families(), (t, v) -> parts.add(t + String.join("|", nn(v))));
    List<String> first = new ArrayList<>();
    population.write(0, half, (t, v) -> first.add(t + String.join("|", nn(v))));
    first.addAll(parts);
    assertThat(first).isEqualTo(whole);
  }

  private static String[] nn(String[] values) {
    String[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] = copy[i] == null ? "\\N" : copy[i];
    }
    return copy;
  }

  @Test
  void aPrefectureOfOneLargeCityTownsAndVillagesWithFamiliesOfOneToThreeChildren() {
    Population population = new Population(20261122, 20_000, AS_OF);
    Map<Population.Table, List<String[]>> rows = rows(population);
    List<String[]> children = rows.get(Population.Table.CHILD);
    assertThat(children).hasSize(20_000);
    assertThat(new HashSet<>(children.stream().map(c -> c[0]).toList())).hasSize(20_000);

    List<Population.Municipality> municipalities = population.municipalities();
    assertThat(municipalities).hasSize(30);
    int city = municipalities.get(0).endChild() - municipalities.get(0).firstChild();
    int village = municipalities.get(29).endChild() - municipalities.get(29).firstChild();
    assertThat(city).isBetween(6_000, 7_500);
    assertThat(village).isBetween(10, 40);
    Set<String> codes = new HashSet<>();
    for (Population.Municipality m : municipalities) {
      assertThat(m.code()).matches("39[0-9]{4}");
      codes.add(m.code());
    }
    assertThat(codes).hasSize(30);
    assertThat(Population.withCheckDigit("13105")).isEqualTo("131059");

    // Families: about 1.5 children each; siblings; a second guardian for most, some using the app.
    Map<String, Integer> perMother = new HashMap<>();
    for (String[] g : rows.get(Population.Table.GUARDIANSHIP)) {
      if (g[2].equals("mother")) {
        perMother.merge(g[0], 1, Integer::sum);
      }
    }
    assertThat(perMother.values()).contains(1, 2, 3).allMatch(n -> n <= 3);
    double perFamily = 20_000.0 / perMother.size();
    assertThat(perFamily).isBetween(1.35, 1.65);
    long fathers =
        rows.get(Population.Table.GUARDIANSHIP).stream().filter(g -> g[2].equals("father")).count();
    assertThat(fathers).isBetween(10_000L, 15_000L);
    long bothUsingTheApp =
        rows.get(Population.Table.PERSON).stream()
            .filter(p -> p[8] != null && p[8].endsWith("-f"))
            .count();
    assertThat(bothUsingTheApp).isPositive();

    // Birth days: the youngest children over six years, fewer in February than in August.
    int february = 0;
    int august = 0;
    for (String[] c : children) {
      LocalDate born = LocalDate.parse(c[7]);
      // The youngest within six years, up to two older siblings 1.5 to 4 years apart.
      assertThat(born).isBefore(AS_OF).isAfter(AS_OF.minusYears(15));
      if (ChronoUnit.DAYS.between(born, AS_OF) < 6 * 365) {
        february += born.getMonthValue() == 2 ? 1 : 0;
        august += born.getMonthValue() == 8 ? 1 : 0;
      }
    }
    assertThat(february).isLessThan(august);

    // Pregnancies under way: about five to ten per hundred children, with their 妊婦健診.
    assertThat(rows.get(Population.Table.PREGNANCY)).hasSizeBetween(1_000, 2_000);
    assertThat(rows.get(Population.Table.ENCOUNTER).stream().filter(e -> e[2].equals("prenatal")))
        .isNotEmpty();

    // Checkups of the routine ages with growth on plausible values.
    Map<String, Long> kinds = new HashMap<>();
    rows.get(Population.Table.ENCOUNTER).forEach(e -> kinds.merge(e[2], 1L, Long::sum));
    assertThat(kinds)
        .containsKeys(
            "infant-1-month",
            "infant-3-4-months",
            "infant-6-7-months",
            "infant-9-10-months",
            "child-18-months",
            "child-3-years");
    for (String[] f : rows.get(Population.Table.FINDING)) {
      if (f[4].equals("body-weight") && f[7].equals("kg")) {
        assertThat(Double.parseDouble(f[6])).isBetween(2.0, 95.0);
      }
      if (f[4].equals("body-length")) {
        assertThat(Double.parseDouble(f[6])).isBetween(40.0, 120.0);
      }
    }

    // Vaccinations with the forecaster's ids and labels, a credit each, high but not full coverage.
    List<String[]> records = rows.get(Population.Table.RECORD);
    assertThat(rows.get(Population.Table.CREDIT)).hasSameSizeAs(records);
    Set<String> doses = new HashSet<>();
    records.forEach(r -> doses.add(r[5] + " " + r[8]));
    assertThat(doses)
        .contains(
            "HEPB 3",
            "ROTA 2",
            "DPT_IPV_HIB 1",
            "DPT_IPV 4",
            "PCV 4",
            "BCG 1",
            "MR 1期",
            "MR 2期",
            "VAR 2",
            "JE 1期初回1",
            "JE 1期追加");
    assertThat(records.size() / 20_000.0).isBetween(10.0, 20.0);
    assertThat(rows.get(Population.Table.DELIVERY)).isNotEmpty();
    assertThat(rows.get(Population.Table.NOTICE)).hasSize(30 * 12);
  }
}
