package app.sukoyaka.immunization.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of {@code forecast-cases.psv}: cases written from the rules of the reference (every
 * vaccine, boundary days, month-end and leap-day births, late starts, the 27-day live rule, the
 * special measures, the 長期療養特例, 五種混合 finishing a 四種混合 + Hib series, products), each expected value
 * worked out by hand from the counting conventions.
 */
class ForecastCasesTest {
  private static final Forecaster FORECASTER = new Forecaster(RoutineSchedule.load());
  private static final String ILLNESS = "longTermIllness=";

  record Case(
      String sentence,
      LocalDate birth,
      LocalDate asOf,
      Sex sex,
      Set<String> flags,
      LongTermIllness illness,
      List<GivenDose> history,
      String vaccine,
      String dose,
      String status,
      String earliest,
      String recommendedFrom,
      String due,
      String windowEnd,
      String seriesDoses,
      String expect) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (InputStream in = ForecastCasesTest.class.getResourceAsStream("forecast-cases.psv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] c = Arrays.stream(line.split("\\|")).map(String::trim).toArray(String[]::new);
        if (c.length != 15) {
          throw new IllegalStateException("15 columns expected: " + line);
        }
        Set<String> flags = new HashSet<>();
        LongTermIllness illness = null;
        for (String flag : c[4].equals("-") ? new String[0] : c[4].split(" ")) {
          if (flag.startsWith(ILLNESS)) {
            String[] p = flag.substring(ILLNESS.length()).split("/");
            illness =
                new LongTermIllness(
                    LocalDate.parse(p[0]), p.length > 1 ? List.of(p[1].split(",")) : List.of());
          } else {
            flags.add(flag);
          }
        }
        cases.add(
            Arguments.of(
                new Case(
                    c[0],
                    LocalDate.parse(c[1]),
                    LocalDate.parse(c[2]),
                    c[3].equals("-") ? null : Sex.valueOf(c[3].toUpperCase()),
                    flags,
                    illness,
                    history(c[5]),
                    c[6],
                    c[7],
                    c[8],
                    c[9],
                    c[10],
                    c[11],
                    c[12],
                    c[13],
                    c[14])));
      }
    }
    return cases.stream();
  }

  private static List<GivenDose> history(String column) {
    if (column.equals("-")) {
      return List.of();
    }
    List<GivenDose> doses = new ArrayList<>();
    for (String item : column.split(" ")) {
      String[] p = item.split(":");
      doses.add(new GivenDose(p[0], p[1], LocalDate.parse(p[2]), p.length > 3 ? p[3] : null));
    }
    return doses;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forecastMatchesTheRules(Case c) {
    ForecastRequest request =
        new ForecastRequest(c.birth(), c.asOf(), c.sex(), c.history(), c.flags(), c.illness());
    if (c.status().startsWith("error:")) {
      String[] expected = c.status().substring(6).split("@");
      assertThatThrownBy(() -> FORECASTER.forecast(request))
          .isInstanceOfSatisfying(
              ForecastInputException.class,
              e ->
                  assertThat(e.errors())
                      .anySatisfy(
                          error -> {
                            assertThat(error.kind().name()).isEqualTo(expected[0]);
                            assertThat(error.field()).isEqualTo(expected[1]);
                          }));
      return;
    }
    Forecast forecast = FORECASTER.forecast(request);
    List<Recommendation> forVaccine =
        forecast.recommendations().stream().filter(r -> r.vaccine().equals(c.vaccine())).toList();
    if (c.status().equals("absent")) {
      if (c.dose().equals("-")) {
        assertThat(forVaccine).as("entries for %s", c.vaccine()).isEmpty();
      } else {
        assertThat(forVaccine)
            .as("entries for %s %s", c.vaccine(), c.dose())
            .noneMatch(r -> r.dose().equals(c.dose()));
      }
      return;
    }
    Recommendation r =
        forVaccine.stream()
            .filter(x -> x.dose().equals(c.dose()))
            .findFirst()
            .orElseGet(
                () -> fail("no entry for " + c.vaccine() + " " + c.dose() + " in " + forVaccine));
    String all = r.toString();
    assertThat(r.status().code()).as(all).isEqualTo(c.status());
    check("earliestDate", r.earliestDate(), c.earliest(), all);
    check("recommendedFrom", r.recommendedFrom(), c.recommendedFrom(), all);
    check("dueDate", r.dueDate(), c.due(), all);
    check("windowEnd", r.windowEnd(), c.windowEnd(), all);
    if (!c.seriesDoses().equals("-")) {
      assertThat(r.seriesDoses())
          .as("seriesDoses " + all)
          .isEqualTo(Integer.valueOf(c.seriesDoses()));
    }
    String expect = c.expect();
    if (expect.startsWith("product=")) {
      assertThat(r.product()).as(all).isEqualTo(expect.substring(8));
    } else if (expect.startsWith("rule~")) {
      assertThat(r.source().rule()).as(all).contains(expect.substring(5));
      assertThat(r.source().citations()).as("citations " + all).isNotEmpty();
    } else if (expect.startsWith("note~") || expect.startsWith("warning~")) {
      boolean warning = expect.startsWith("warning~");
      String text = expect.substring(expect.indexOf('~') + 1);
      assertThat(r.notes())
          .as(all)
          .anySatisfy(
              n -> {
                assertThat(n.text().ja() + " " + n.text().en()).contains(text);
                if (warning) {
                  assertThat(n.severity()).isEqualTo(Note.Severity.WARNING);
                }
              });
    }
  }

  private static void check(String field, LocalDate actual, String expected, String all) {
    if (expected.equals("-")) {
      return;
    }
    if (expected.equals("none")) {
      assertThat(actual).as(field + " " + all).isNull();
    } else {
      assertThat(actual).as(field + " " + all).isEqualTo(LocalDate.parse(expected));
    }
  }
}
