package app.sukoyaka.municipality.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import org.junit.jupiter.api.Test;

/**
 * The periods of transfers come from the rules' data with its source, unless a deployment sets its
 * own.
 */
class TransferRulesTest {

  @Test
  void theRulesGiveTheRequeryAfterThreeMonthsAndRegistrationWithinTwoMonthsFromSeed000() {
    TransferRules rules =
        new TransferRules(new TransferConfiguration(null, null, null, Period.ofDays(90)));

    assertThat(rules.requeryAfter()).isEqualTo(Period.ofMonths(3));
    assertThat(rules.registrationWithin()).isEqualTo(Period.ofMonths(2));
    assertThat(rules.registrationWarnAfter()).isEqualTo(Period.ofWeeks(6));
    assertThat(rules.source()).contains("平成28年12月14日");
    assertThat(rules.requeryQuote()).contains("概ね 3 ヶ月程度");
    assertThat(rules.registrationQuote()).contains("概ね 2 ヶ月程度");
  }

  @Test
  void aDeploymentSetsItsOwnPeriodsAndAWarningAfterTheDeadlineStopsTheStart() {
    TransferRules rules =
        new TransferRules(
            new TransferConfiguration(
                Period.ofMonths(4), Period.ofDays(45), Period.ofDays(30), Period.ofDays(30)));

    assertThat(rules.requeryAfter()).isEqualTo(Period.ofMonths(4));
    assertThat(rules.registrationWithin()).isEqualTo(Period.ofDays(45));
    assertThatThrownBy(
            () ->
                new TransferRules(
                    new TransferConfiguration(
                        null, Period.ofDays(30), Period.ofDays(40), Period.ofDays(90))))
        .hasMessageContaining("before the deadline");
    assertThatThrownBy(() -> new TransferConfiguration(Period.ZERO, null, null, Period.ofDays(90)))
        .hasMessageContaining("positive");
  }
}
