package app.sukoyaka.immunization.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recommendation names the sources of the version of the rules that decided it, whatever was
 * forecast before in the same process (versions of a vaccine's rules share rule ids).
 */
class RuleSourcesTest {
  private static final LocalDate BORN = LocalDate.of(2022, 6, 1);
  private static final List<GivenDose> DPT_IPV =
      List.of(
          new GivenDose("DPT_IPV", "1", LocalDate.of(2022, 9, 5)),
          new GivenDose("DPT_IPV", "2", LocalDate.of(2022, 10, 5)),
          new GivenDose("DPT_IPV", "3", LocalDate.of(2022, 11, 5)));

  private static List<RuleSource> dptIpvSources(Forecast forecast) {
    return forecast.recommendations().stream()
        .filter(r -> r.vaccine().equals("DPT_IPV"))
        .map(Recommendation::source)
        .toList();
  }

  @Test
  void aForecastUnderTodaysRulesNamesTheirSourcesAfterAForecastUnderTheFormerRules() {
    ForecastRequest today = new ForecastRequest(BORN, LocalDate.of(2026, 11, 1), DPT_IPV);
    List<RuleSource> fresh = dptIpvSources(new Forecaster(RoutineSchedule.load()).forecast(today));

    Forecaster forecaster = new Forecaster(RoutineSchedule.load());
    Forecast then =
        forecaster.forecast(new ForecastRequest(BORN, LocalDate.of(2022, 12, 1), DPT_IPV));
    List<RuleSource> after = dptIpvSources(forecaster.forecast(today));

    // The two versions of 四種混合 rest on different sources, so the check can fail.
    assertThat(dptIpvSources(then).get(0).citations()).isNotEqualTo(fresh.get(0).citations());
    assertThat(after).isEqualTo(fresh);
  }
}
