package app.sukoyaka.municipality.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StatedAgeTest {
  private static final LocalDate BORN = LocalDate.of(2024, 1, 31);

  @Test
  void agesAreReadAsLegacySystemsWriteThem() {
    assertThat(StatedAge.parse("3ヶ月15日")).contains(new StatedAge(0, 3, 15));
    assertThat(StatedAge.parse("3か月")).contains(new StatedAge(0, 3, null));
    assertThat(StatedAge.parse("3カ月２日")).contains(new StatedAge(0, 3, 2));
    assertThat(StatedAge.parse("1歳6か月12日")).contains(new StatedAge(1, 6, 12));
    assertThat(StatedAge.parse("3歳")).contains(new StatedAge(3, 0, null));
    assertThat(StatedAge.ofColumns("4", "")).contains(new StatedAge(0, 4, null));
    assertThat(StatedAge.ofColumns("4", "10")).contains(new StatedAge(0, 4, 10));
  }

  @Test
  void whatIsNotAnAgeIsNotReadAsOne() {
    assertThat(StatedAge.parse("三か月")).isEmpty();
    assertThat(StatedAge.parse("3")).isEmpty();
    assertThat(StatedAge.parse("1歳14か月")).isEmpty();
    assertThat(StatedAge.ofColumns("4.5", "")).isEmpty();
  }

  @Test
  void anAgeFitsTheDatesWithinADayForSystemsThatCountMonthEndsApart() {
    // Born on 31 January: three months later is 30 April by java.time, 1 May by some systems.
    assertThat(new StatedAge(0, 3, 15).fits(BORN, LocalDate.of(2024, 5, 15))).isTrue();
    assertThat(new StatedAge(0, 3, 16).fits(BORN, LocalDate.of(2024, 5, 15))).isTrue();
    assertThat(new StatedAge(0, 3, 20).fits(BORN, LocalDate.of(2024, 5, 15))).isFalse();
    assertThat(new StatedAge(0, 3, null).fits(BORN, LocalDate.of(2024, 5, 29))).isTrue();
    assertThat(new StatedAge(0, 4, null).fits(BORN, LocalDate.of(2024, 5, 15))).isFalse();
    assertThat(new StatedAge(1, 6, null).fits(BORN, LocalDate.of(2025, 8, 10))).isTrue();
  }
}
