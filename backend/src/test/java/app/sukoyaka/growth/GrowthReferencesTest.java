package app.sukoyaka.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GrowthReferencesTest {
  private static final GrowthReferences REFERENCES = GrowthReferences.load();
  private static final GrowthAge AT_BIRTH = new GrowthAge(0, 0, false);

  @Test
  void bothReferencesNameTheirSourceAndTheDateTheyApplyFrom() {
    assertThat(REFERENCES.provenance())
        .extracting(GrowthReferences.Provenance::id)
        .containsExactly("japan-growth-survey-2023", "who-child-growth-standards-2006");
    assertThat(REFERENCES.provenance())
        .allSatisfy(
            reference -> {
              assertThat(reference.sources()).isNotEmpty();
              assertThat(LocalDate.parse(reference.effectiveFrom()))
                  .isBefore(LocalDate.of(2026, 1, 1));
            });
    assertThat(REFERENCES.provenance().get(0).sources()).anyMatch(s -> s.contains("e-stat.go.jp"));
  }

  @Test
  void aBoyOfTheWhoMedianWeightAtBirthScoresZero() {
    assertThat(
            REFERENCES
                .who()
                .zScore(GrowthMeasure.WEIGHT, GrowthSex.MALE, AT_BIRTH, 3.3464)
                .getAsDouble())
        .isCloseTo(0.0, within(1e-9));
  }

  @Test
  void aOneYearOldBoyOnTheTwoSdCurveScoresTwo() {
    GrowthAge oneYear = new GrowthAge(365, 11, false);
    assertThat(
            REFERENCES
                .who()
                .zScore(GrowthMeasure.WEIGHT, GrowthSex.MALE, oneYear, 12.0)
                .getAsDouble())
        .isCloseTo(2.0, within(0.05));
  }

  @Test
  void weightsBeyondThreeSdAreScoredOnTheDistanceBetweenTheTwoAndThreeSdCurves() {
    // WHO's restricted application of the LMS method; the unadjusted score would be 4.43.
    assertThat(
            REFERENCES
                .who()
                .zScore(GrowthMeasure.WEIGHT, GrowthSex.MALE, AT_BIRTH, 6.0)
                .getAsDouble())
        .isCloseTo(4.5858, within(1e-3));
    assertThat(
            REFERENCES
                .who()
                .zScore(GrowthMeasure.WEIGHT, GrowthSex.MALE, AT_BIRTH, 1.5)
                .getAsDouble())
        .isCloseTo(-4.5311, within(1e-3));
  }

  @Test
  void lengthIsComparedLyingDownBefore24MonthsAndHeightStandingFromThen() {
    GrowthAge twoYears = new GrowthAge(731, 24, false);
    // The same day counted as not yet 24 completed months: the lying-down median, 0.7 cm more.
    GrowthAge notYetTwo = new GrowthAge(731, 23, false);
    assertThat(
            REFERENCES
                .who()
                .zScore(GrowthMeasure.LENGTH_HEIGHT, GrowthSex.FEMALE, twoYears, 85.7153)
                .getAsDouble())
        .isCloseTo(0.0, within(0.02));
    assertThat(
            REFERENCES
                .who()
                .zScore(GrowthMeasure.LENGTH_HEIGHT, GrowthSex.FEMALE, notYetTwo, 85.7153)
                .getAsDouble())
        .isCloseTo(-0.217, within(0.01));
  }

  @Test
  void thereIsNoWhoScoreBeforeBirthOrAfterFiveYears() {
    assertThat(
            REFERENCES
                .who()
                .zScore(GrowthMeasure.WEIGHT, GrowthSex.MALE, new GrowthAge(-10, 0, true), 2.0))
        .isEmpty();
    assertThat(
            REFERENCES
                .who()
                .zScore(GrowthMeasure.WEIGHT, GrowthSex.MALE, new GrowthAge(1900, 62, false), 18.0))
        .isEmpty();
  }

  @Test
  void aBoyBornAt3060gSitsBetweenThe50thAnd75thPercentilesOfTheJapaneseSurvey() {
    JapanGrowthSurvey japan = REFERENCES.japan();
    assertThat(japan.place(GrowthMeasure.WEIGHT, GrowthSex.MALE, AT_BIRTH, 3.06))
        .contains(new JapanGrowthSurvey.Placement(50, 75));
    assertThat(japan.place(GrowthMeasure.WEIGHT, GrowthSex.MALE, AT_BIRTH, 2.2))
        .contains(new JapanGrowthSurvey.Placement(null, 3));
    assertThat(japan.place(GrowthMeasure.WEIGHT, GrowthSex.MALE, AT_BIRTH, 3.81))
        .contains(new JapanGrowthSurvey.Placement(97, null));
  }

  @Test
  void aThirteenMonthOldIsComparedWithTheOneYearToEighteenMonthBand() {
    double[] values =
        REFERENCES
            .japan()
            .valuesAt(GrowthMeasure.WEIGHT, GrowthSex.MALE, new GrowthAge(396, 13, false))
            .orElseThrow();
    assertThat(values[3]).isEqualTo(9.66);
  }

  @Test
  void inTheFirstMonthTheValuesRunFromThoseAtBirthToThoseAtThirtyDays() {
    double[] values =
        REFERENCES
            .japan()
            .valuesAt(GrowthMeasure.WEIGHT, GrowthSex.MALE, new GrowthAge(15, 0, false))
            .orElseThrow();
    assertThat(values[3]).isCloseTo((3.06 + 4.15) / 2, within(1e-9));
  }

  @Test
  void theSurveyHasNoHeadCircumferenceFromThreeYears() {
    assertThat(
            REFERENCES
                .japan()
                .valuesAt(
                    GrowthMeasure.HEAD_CIRCUMFERENCE,
                    GrowthSex.FEMALE,
                    new GrowthAge(1220, 40, false)))
        .isEmpty();
    assertThat(
            REFERENCES
                .japan()
                .valuesAt(
                    GrowthMeasure.HEAD_CIRCUMFERENCE,
                    GrowthSex.FEMALE,
                    new GrowthAge(1000, 32, false)))
        .isPresent();
  }
}
