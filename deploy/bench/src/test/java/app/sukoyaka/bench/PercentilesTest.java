package app.sukoyaka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankPicksAMeasuredValueWhateverTheOrderOfMeasurement() {
    long[] latencies = {70, 10, 100, 40, 20, 90, 30, 60, 50, 80};

    Percentiles percentiles = Percentiles.of(latencies);

    assertThat(percentiles.at(50)).isEqualTo(50);
    assertThat(percentiles.at(90)).isEqualTo(90);
    assertThat(percentiles.at(99)).isEqualTo(100);
    assertThat(percentiles.at(100)).isEqualTo(100);
    assertThat(percentiles.at(1)).isEqualTo(10);
  }

  @Test
  void theNinetyNinthPercentileOfAThousandIgnoresOnlyTheTenSlowest() {
    long[] latencies = new long[1000];
    for (int i = 0; i < latencies.length; i++) {
      latencies[i] = i + 1;
    }

    assertThat(Percentiles.of(latencies).at(99)).isEqualTo(990);
    assertThat(Percentiles.of(latencies).at(50)).isEqualTo(500);
  }

  @Test
  void aSingleMeasurementIsEveryPercentile() {
    Percentiles percentiles = Percentiles.of(new long[] {42});

    assertThat(percentiles.at(50)).isEqualTo(42);
    assertThat(percentiles.at(99)).isEqualTo(42);
  }

  @Test
  void measurementsAreNotReorderedInPlace() {
    long[] latencies = {3, 1, 2};

    Percentiles.of(latencies);

    assertThat(latencies).containsExactly(3, 1, 2);
  }

  @Test
  void noMeasurementsOrAPercentileOutsideTheRangeIsRefused() {
    assertThatThrownBy(() -> Percentiles.of(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.of(new long[] {1}).at(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.of(new long[] {1}).at(100.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
