package app.sukoyaka.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndividualNumbersTest {

  @Test
  void twelveDigitsWithTheirCheckDigitAreAnIndividualNumber() {
    // 1..9,0,1: weighted sum 212, 212 mod 11 = 3, check digit 11 - 3 = 8.
    assertThat(IndividualNumbers.isValid("123456789018")).isTrue();
    assertThat(IndividualNumbers.isValid("123456789017")).isFalse();
  }

  @Test
  void aRemainderOfZeroOrOneGivesCheckDigitZero() {
    // 00000000000: sum 0 -> 0. 00000000001: the rightmost of the eleven weighs 2, sum 2 -> 9.
    assertThat(IndividualNumbers.isValid("000000000000")).isTrue();
    assertThat(IndividualNumbers.isValid("000000000019")).isTrue();
  }

  @Test
  void oneWrittenWithSpacesHyphensOrFullWidthDigitsInTextIsFound() {
    assertThat(IndividualNumbers.containsOne("番号は 1234-5678-9018 です")).isTrue();
    assertThat(IndividualNumbers.containsOne("１２３４５６７８９０１８")).isTrue();
  }

  @Test
  void phoneNumbersPostalCodesAndLongerDigitRunsAreNot() {
    assertThat(IndividualNumbers.containsOne("090-1234-5678")).isFalse();
    assertThat(IndividualNumbers.containsOne("1234567890180")).isFalse();
    assertThat(IndividualNumbers.containsOne("123456789017")).isFalse();
    assertThat(IndividualNumbers.containsOne(null)).isFalse();
  }
}
