package app.sukoyaka.profiles;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The inclusive range, in an item's canonical unit, outside which a value cannot be a real
 * measurement (a typo or a wrong unit), as opposed to a merely abnormal finding.
 */
public record PlausibleRange(BigDecimal min, BigDecimal max) {
  public PlausibleRange {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("min " + min + " is above max " + max);
    }
  }

  /** Whether {@code value} (in the canonical unit) lies within the range, bounds included. */
  public boolean contains(BigDecimal value) {
    return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
  }
}
