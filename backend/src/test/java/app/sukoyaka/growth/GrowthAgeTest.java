package app.sukoyaka.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GrowthAgeTest {
  private static final LocalDate BORN = LocalDate.of(2026, 1, 1);

  @Test
  void aBabyBornAt32WeeksIsComparedEightWeeksYounger() {
    GrowthAge age = GrowthAge.of(BORN, 32 * 7, LocalDate.of(2026, 7, 1));

    assertThat(age.corrected()).isTrue();
    assertThat(age.days()).isEqualTo(181 - 56);
    assertThat(age.completedMonths()).isEqualTo(4);
  }

  @Test
  void theCorrectionEndsAt24MonthsOfChronologicalAge() {
    GrowthAge age = GrowthAge.of(BORN, 32 * 7, LocalDate.of(2028, 2, 1));

    assertThat(age.corrected()).isFalse();
    assertThat(age.completedMonths()).isEqualTo(25);
  }

  @Test
  void aTermBabyOrOneWithoutARecordedGestationIsNotCorrected() {
    assertThat(GrowthAge.of(BORN, 39 * 7, LocalDate.of(2026, 3, 1)).corrected()).isFalse();
    assertThat(GrowthAge.of(BORN, 37 * 7, LocalDate.of(2026, 3, 1)).corrected()).isFalse();
    assertThat(GrowthAge.of(BORN, null, LocalDate.of(2026, 3, 1)).days()).isEqualTo(59);
  }

  @Test
  void aVeryPretermBabyMeasuredBeforeTermHasANegativeCorrectedAgeAndNoReference() {
    GrowthAge age = GrowthAge.of(BORN, 28 * 7, BORN.plusDays(14));

    assertThat(age.days()).isEqualTo(14 - 84);
    assertThat(
            GrowthReferences.load().japan().valuesAt(GrowthMeasure.WEIGHT, GrowthSex.FEMALE, age))
        .isEmpty();
  }

  @Test
  void aMeasurementBeforeBirthIsRefused() {
    assertThatThrownBy(() -> GrowthAge.of(BORN, null, BORN.minusDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
