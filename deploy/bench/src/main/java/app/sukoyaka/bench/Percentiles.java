package app.sukoyaka.bench;

import java.util.Arrays;

/** Percentiles of measured latencies by the nearest-rank method: always a measured value. */
final class Percentiles {
  private final long[] sorted;

  private Percentiles(long[] sorted) {
    this.sorted = sorted;
  }

  static Percentiles of(long[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("No values to take percentiles of");
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Percentiles(sorted);
  }

  /**
   * The smallest value that at least {@code percent} % of the values do not exceed.
   *
   * @param percent in (0, 100]
   */
  long at(double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("Percentile must be in (0, 100]: " + percent);
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  int count() {
    return sorted.length;
  }
}
